package io.fmzbridge.exchange.bitfinex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Candle;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import java.util.List;
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
}
