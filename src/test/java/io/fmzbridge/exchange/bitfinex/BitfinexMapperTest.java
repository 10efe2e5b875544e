package io.fmzbridge.exchange.bitfinex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.RateLimited;
import io.fmzbridge.fmz.Candle;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Bitfinex's documented sample replies (docs, ccxt fixture) through the mapper. */
class BitfinexMapperTest {

    static final BitfinexMapper MAPPER = new BitfinexMapper();
    static final String SUBMITTED = "[1717587431,\"on-req\",null,null,[[156523558501,null,1717587431027,\"tLTCUST\",1717587431027,1717587431027,0.1,0.1,\"EXCHANGE LIMIT\",null,null,null,0,\"ACTIVE\",null,null,50,0,0,0,null,null,null,0,0,null,null,null,\"API>BFX\",null,null,{}]],null,\"SUCCESS\",\"Submitting 1 orders.\"]";

    static JsonNode reply(int status, String text) {
        return MAPPER.reply(text.getBytes(), status, new DefaultExchange(new DefaultCamelContext()));
    }

    @Test
    void symbolsWithBitfinexCurrencyCodes() {
        assertThat(BitfinexSymbol.of(FmzSymbol.parse("BTC_USDT"))).isEqualTo("tBTCUST");
        assertThat(BitfinexSymbol.of(FmzSymbol.parse("BTC_USD"))).isEqualTo("tBTCUSD");
        assertThat(BitfinexSymbol.of(FmzSymbol.parse("AAVE_USDT"))).isEqualTo("tAAVE:UST");
        assertThat(BitfinexSymbol.fmz("tBTCUST")).isEqualTo(FmzSymbol.parse("BTC_USDT"));
        assertThat(BitfinexSymbol.fmz("t1INCH:UST")).isEqualTo(FmzSymbol.parse("1INCH_USDT"));
        assertThat(BitfinexSymbol.fmz("fUSD")).isNull();
        assertThat(BitfinexSymbol.fmz("tBTCF0:USTF0")).isNull();
    }

    @Test
    void submittedOrderAndItsRow() {
        JsonNode submitted = reply(200, SUBMITTED);
        assertThat(MAPPER.placed(submitted).data()).isEqualTo(new PlacedOrder("tLTCUST,156523558501"));
        Order order = BitfinexMapper.toOrder(submitted.path(4).path(0));
        assertThat(order.symbol()).isEqualTo("LTC_USDT");
        assertThat(order.amount()).isEqualByComparingTo("0.1");
        assertThat(order.price()).isEqualByComparingTo("50");
        assertThat(order.type()).isEqualTo("buy");
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void candleColumnsAreReordered() {
        @SuppressWarnings("unchecked")
        List<Candle> candles = (List<Candle>) MAPPER.records(reply(200, "[[1574697600000,7379.8,7384.9,7390.1,7375.2,12.16798923]]")).data();
        assertThat(candles.get(0).high()).isEqualByComparingTo("7390.1");
        assertThat(candles.get(0).close()).isEqualByComparingTo("7384.9");
        assertThat(candles.get(0).volume().toPlainString()).isEqualTo("12.16798923");
    }

    @Test
    void statusesByTheirFirstWords() {
        assertThat(BitfinexMapper.status("ACTIVE", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(BitfinexMapper.status("PARTIALLY FILLED @ 107.6(-0.2)", true)).isEqualTo(OrderStatus.PARTIAL_FILLED);
        assertThat(BitfinexMapper.status("EXECUTED @ 107.6(-0.2): was PARTIALLY FILLED @ 107.6(-0.1)", true)).isEqualTo(OrderStatus.FILLED);
        assertThat(BitfinexMapper.status("CANCELED was: PARTIALLY FILLED @ 107.6(-0.1)", true)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(BitfinexMapper.status("POSTONLY CANCELED", false)).isEqualTo(OrderStatus.CANCELED);
        assertThat(BitfinexMapper.status("RSN_DUST", false)).isEqualTo(OrderStatus.CANCELED);
    }

    @Test
    void errorsKeepBitfinexCodes() {
        assertThatThrownBy(() -> reply(500, "[\"error\",10114,\"nonce: small\"]")).isInstanceOf(FmzError.class)
                .hasMessage("error 10114: nonce: small (HTTP 500)");
        assertThatThrownBy(() -> reply(429, "{\"error\":\"ERR_RATE_LIMIT\"}")).hasMessage("ERR_RATE_LIMIT (HTTP 429)");
        assertThatThrownBy(() -> MAPPER.placed(reply(200, SUBMITTED.replace("\"SUCCESS\"", "\"ERROR\""))))
                .hasMessage("ERROR: Submitting 1 orders.");
        assertThat(MAPPER.serverTime(null, "Wed, 05 Jun 2024 11:37:11 GMT")).isEqualTo(1717587431500L);
    }

    @Test
    void v2sRateLimitArrayIsARateLimitWhateverItsHttpStatus() {
        // v2 answers an address over an endpoint's limit with code 11010, mostly under HTTP 429, at times under 200
        assertThatThrownBy(() -> reply(200, "[\"error\",11010,\"ratelimit: error\"]")).isInstanceOf(RateLimited.class)
                .hasMessage("error 11010: ratelimit: error");
        assertThatThrownBy(() -> reply(429, "[\"error\",11010,\"ratelimit: error\"]")).isInstanceOf(RateLimited.class)
                .hasMessage("error 11010: ratelimit: error (HTTP 429)");
    }

    @Test
    void pricesStepByFiveSignificantDigitsAndEightDecimalsAtMost() {
        assertThat(BitfinexPrices.tickAt(new BigDecimal("30000.5"))).isEqualByComparingTo("1");
        assertThat(BitfinexPrices.tickAt(new BigDecimal("99999"))).isEqualByComparingTo("1");
        assertThat(BitfinexPrices.tickAt(new BigDecimal("100000"))).isEqualByComparingTo("10");
        assertThat(BitfinexPrices.tickAt(new BigDecimal("7617.1"))).isEqualByComparingTo("0.1");
        assertThat(BitfinexPrices.tickAt(new BigDecimal("1"))).isEqualByComparingTo("0.0001");
        assertThat(BitfinexPrices.tickAt(new BigDecimal("0.99999"))).isEqualByComparingTo("0.00001");
        assertThat(BitfinexPrices.tickAt(new BigDecimal("0.0012345"))).isEqualByComparingTo("0.0000001");
        assertThat(BitfinexPrices.tickAt(new BigDecimal("0.00012345"))).as("eight decimals at most").isEqualByComparingTo("0.00000001");
        assertThat(BitfinexPrices.tickAt(new BigDecimal("0.0000012"))).isEqualByComparingTo("0.00000001");
        assertThat(BitfinexPrices.tickAt(null)).isEqualByComparingTo("0");
    }

    @Test
    void marketsCarryThePriceBandsAndTheTickAtTheLastPrice() {
        JsonNode info = reply(200, "[[[\"BTCUST\",[null,null,null,\"0.00006\",\"2000.0\"]],[\"ETHUSD\",[null,null,null,\"0.0008\",\"5000.0\"]]]]");
        JsonNode tickers = reply(200, "[[\"tBTCUST\",116000,1,116010,1,10,0.001,116005,100,117000,115000]]");
        @SuppressWarnings("unchecked")
        Map<String, Market> markets = (Map<String, Market>) MAPPER.markets(info, tickers).data();
        Market btc = markets.get("BTC_USDT");
        assertThat(btc.tickSize()).isEqualByComparingTo("10");
        assertThat(btc.pricePrecision()).isZero();
        assertThat(btc.tickAt(new BigDecimal("30000.5"))).isEqualByComparingTo("1");
        assertThat(markets.get("ETH_USD").tickSize()).as("no ticker, no last price").isEqualByComparingTo("0");
        assertThat(markets.get("ETH_USD").pricePrecision()).isEqualTo(8);
        assertThat(markets.get("ETH_USD").tickAt(new BigDecimal("3000.25"))).isEqualByComparingTo("0.1");
    }

    @Test
    void clientOrderIdsUseBitfinexsWholeCidRange() {
        Set<Long> cids = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            cids.add(BitfinexClientOrderId.cidOf(new FmzRequest("bitfinex", "trade",
                    FmzJson.MAPPER.createObjectNode().put("amount", "1"), "key", "secret", null, String.valueOf(i))));
        }
        assertThat(cids).hasSize(2000).allSatisfy(cid -> assertThat(cid).isBetween(0L, BitfinexClientOrderId.MAX_CID));
        assertThat(cids.stream().mapToLong(Long::longValue).max().orElseThrow()).as("beyond 32 bits").isGreaterThan(1L << 32);
    }
}
