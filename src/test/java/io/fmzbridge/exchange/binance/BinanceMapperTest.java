package io.fmzbridge.exchange.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Ticker;
import io.fmzbridge.fmz.Trade;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binance's documented replies (rest-api.md examples) in, FMZ shapes out: no network, no Camel. */
class BinanceMapperTest {

    private static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123Z");
    private static final RestCall TICKER = RestCall.of("GET /api/v3/ticker/24hr").param("symbol", "BNBBTC");
    private static final RestCall PLACEMENT = RestCall.of("POST /api/v3/order").param("symbol", "BTCUSDT")
            .param("newClientOrderId", "fmz0123456789abcdef0123456789abcdef");

    private final BinanceMapper mapper = new BinanceMapper(Clock.fixed(NOW, ZoneOffset.UTC));
    private final BinanceSymbolMap symbols = BinanceSymbolMap.from(json("""
            {"symbols":[{"symbol":"LTCBTC","baseAsset":"LTC","quoteAsset":"BTC"},
                        {"symbol":"BNBBTC","baseAsset":"BNB","quoteAsset":"BTC"},
                        {"symbol":"USDTTRY","baseAsset":"USDT","quoteAsset":"TRY"}]}"""));

    private static JsonNode json(String text) {
        try {
            return FmzJson.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode reply(int status, String body, RestCall call) {
        return mapper.reply(body.getBytes(StandardCharsets.UTF_8), status, call);
    }

    private static FmzRequest request(String method, Object... params) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            values.put((String) params[i], params[i + 1]);
        }
        return new FmzRequest("binance", method, FmzJson.MAPPER.valueToTree(values), "k", "s", null);
    }

    @Test
    void documented24hTicker() {
        JsonNode body = reply(200, """
                {"symbol":"BNBBTC","priceChange":"-94.99999800","priceChangePercent":"-95.960","weightedAvgPrice":"0.29628482",
                "prevClosePrice":"0.10002000","lastPrice":"4.00000200","lastQty":"200.00000000","bidPrice":"4.00000000",
                "bidQty":"100.00000000","askPrice":"4.00000200","askQty":"100.00000000","openPrice":"99.00000000",
                "highPrice":"100.00000000","lowPrice":"0.10000000","volume":"8913.30000000","quoteVolume":"15.30000000",
                "openTime":1499783499040,"closeTime":1499869899040,"firstId":28385,"lastId":28460,"count":76}""", TICKER);
        Ticker t = (Ticker) mapper.ticker(body, request("ticker", "symbol", "bnb_btc")).data();
        assertThat(t).isEqualTo(new Ticker("BNB_BTC", new BigDecimal("4.00000000"), new BigDecimal("4.00000200"),
                new BigDecimal("100.00000000"), new BigDecimal("0.10000000"), new BigDecimal("99.00000000"),
                new BigDecimal("4.00000200"), new BigDecimal("8913.30000000"), 1499869899040L));
    }

    @Test
    void tickersAreNamedFromTheSymbolMapAndUnknownOnesLeftOut() {
        JsonNode body = json("""
                [{"symbol":"USDTTRY","lastPrice":"34.12","bidPrice":"34.11","askPrice":"34.13","closeTime":1},
                 {"symbol":"NEWCOINX","lastPrice":"1","closeTime":1}]""");
        @SuppressWarnings("unchecked")
        List<Ticker> tickers = (List<Ticker>) mapper.tickers(body, symbols).data();
        assertThat(tickers).extracting(Ticker::symbol).containsExactly("USDT_TRY");
    }

    @Test
    void documentedDepthIsOrderedAndTimedOnReceipt() {
        JsonNode body = json("""
                {"lastUpdateId":1027024,"bids":[["4.00000000","431.00000000"],["4.10000000","1.00000000"]],
                 "asks":[["4.00000200","12.00000000"]]}""");
        Depth depth = (Depth) mapper.depth(body, request("depth", "symbol", "BNB_BTC")).data();
        assertThat(depth.time()).isEqualTo(NOW.toEpochMilli());
        assertThat(depth.bids()).extracting(Depth.Level::price)
                .containsExactly(new BigDecimal("4.10000000"), new BigDecimal("4.00000000"));
        assertThat(depth.asks().get(0).amount()).isEqualTo(new BigDecimal("12.00000000"));
    }

    @Test
    void documentedTradeIsATakerSellWhenTheBuyerMade() {
        JsonNode body = json("""
                [{"id":28457,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","time":1499865549590,
                  "isBuyerMaker":true,"isBestMatch":true}]""");
        assertThat(mapper.trades(body).data()).isEqualTo(List.of(new Trade("28457", 1499865549590L,
                new BigDecimal("4.00000100"), new BigDecimal("12.00000000"), "sell")));
    }

    @Test
    void documentedKlineInSeconds() {
        JsonNode body = json("""
                [[1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,
                  "2434.19055334",308,"1756.87402397","28.46694368","0"]]""");
        assertThat(mapper.records(body).data()).isEqualTo(List.of(new io.fmzbridge.fmz.Candle(1499040000L,
                new BigDecimal("0.01634790"), new BigDecimal("0.80000000"), new BigDecimal("0.01575800"),
                new BigDecimal("0.01577100"), new BigDecimal("148976.11427815"))));
    }

    @Test
    void exchangeInfoBecomesMarketsOfTradingSpotSymbols() {
        JsonNode body = json("""
                {"symbols":[
                  {"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","quoteAsset":"BTC","isSpotTradingAllowed":true,
                   "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.00001000","maxPrice":"922327.00000000","tickSize":"0.00001000"},
                              {"filterType":"LOT_SIZE","minQty":"0.00010000","maxQty":"100000.00000000","stepSize":"0.00010000"},
                              {"filterType":"MIN_NOTIONAL","minNotional":"0.00010000","applyToMarket":true,"avgPriceMins":5}]},
                  {"symbol":"LUNAUSDT","status":"BREAK","baseAsset":"LUNA","quoteAsset":"USDT","filters":[]}]}""");
        @SuppressWarnings("unchecked")
        Map<String, Market> markets = (Map<String, Market>) mapper.markets(body).data();
        assertThat(markets).containsOnlyKeys("ETH_BTC");
        Market eth = markets.get("ETH_BTC");
        assertThat(eth.tickSize()).isEqualByComparingTo("0.00001");
        assertThat(eth.pricePrecision()).isEqualTo(5);
        assertThat(eth.amountPrecision()).isEqualTo(4);
        assertThat(eth.minQty()).isEqualByComparingTo("0.0001");
        assertThat(eth.minNotional()).as("older MIN_NOTIONAL filter").isEqualByComparingTo("0.0001");
        assertThat(eth.maxNotional()).isEqualByComparingTo("0");
    }

    @Test
    void documentedAccountBalances() {
        JsonNode body = json("""
                {"canTrade":true,"accountType":"SPOT","balances":[{"asset":"BTC","free":"4723846.89208129","locked":"0.00000000"},
                 {"asset":"LTC","free":"4763368.68006011","locked":"0.00000000"}]}""");
        assertThat(mapper.balances(body).data()).isEqualTo(List.of(
                new Balance("BTC", new BigDecimal("4723846.89208129"), new BigDecimal("0.00000000")),
                new Balance("LTC", new BigDecimal("4763368.68006011"), new BigDecimal("0.00000000"))));
    }

    @Test
    void documentedNewOrderResultGivesTheFmzId() {
        JsonNode body = reply(200, """
                {"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP",
                 "transactTime":1507725176595,"price":"0.00000000","origQty":"10.00000000","executedQty":"10.00000000",
                 "cummulativeQuoteQty":"10.00000000","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"SELL"}""",
                PLACEMENT);
        assertThat(mapper.placed(body).data()).isEqualTo(new PlacedOrder("BTCUSDT,28"));
    }

    @Test
    void documentedQueryOrder() {
        JsonNode body = json("""
                {"symbol":"LTCBTC","orderId":1,"clientOrderId":"myOrder1","price":"0.1","origQty":"1.0","executedQty":"0.0",
                 "cummulativeQuoteQty":"0.0","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY",
                 "time":1499827319559,"updateTime":1499827319559,"isWorking":true}""");
        Order o = (Order) mapper.order(body, symbols).data();
        assertThat(o).isEqualTo(new Order("LTCBTC,1", "LTC_BTC", new BigDecimal("1.0"), new BigDecimal("0.1"),
                new BigDecimal("0.0"), BigDecimal.ZERO, "buy", OrderStatus.PENDING));
    }

    @Test
    void anOrderOnASymbolNobodyListsIsAClearError() {
        JsonNode body = json("{\"symbol\":\"XYZABC\",\"orderId\":1,\"status\":\"NEW\"}");
        assertThatThrownBy(() -> mapper.order(body, symbols)).isInstanceOf(FmzError.class)
                .hasMessage("Binance symbol 'XYZABC' is not in Binance's exchangeInfo, so its base and quote asset are unknown");
    }

    @Test
    void orderStatusesMapToFmzWords() {
        assertThat(BinanceMapper.status("NEW", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(BinanceMapper.status("PENDING_NEW", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(BinanceMapper.status("PARTIALLY_FILLED", true)).isEqualTo(OrderStatus.PARTIAL_FILLED);
        assertThat(BinanceMapper.status("FILLED", true)).isEqualTo(OrderStatus.FILLED);
        for (String ended : new String[] {"CANCELED", "EXPIRED", "EXPIRED_IN_MATCH", "REJECTED", "PENDING_CANCEL"}) {
            assertThat(BinanceMapper.status(ended, false)).as(ended).isEqualTo(OrderStatus.CANCELED);
            assertThat(BinanceMapper.status(ended, true)).as(ended).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        }
        assertThatThrownBy(() -> BinanceMapper.status("TELEPORTED", false)).isInstanceOf(FmzError.class)
                .hasMessage("unknown Binance order status 'TELEPORTED'");
    }

    @Test
    void averagePriceIsAnExactDecimalDivision() {
        assertThat(BinanceMapper.averagePrice(new BigDecimal("10.00000000"), new BigDecimal("10.00000000")))
                .isEqualTo(new BigDecimal("1"));
        assertThat(BinanceMapper.averagePrice(new BigDecimal("124.99750000"), new BigDecimal("0.00500000")))
                .isEqualTo(new BigDecimal("24999.5"));
        assertThat(BinanceMapper.averagePrice(new BigDecimal("100"), new BigDecimal("3")))
                .as("non-terminating: 16 significant digits, half-even").isEqualTo(new BigDecimal("33.33333333333333"));
        assertThat(BinanceMapper.averagePrice(new BigDecimal("0.00000123"), new BigDecimal("7")))
                .isEqualTo(new BigDecimal("1.757142857142857E-7"));
        assertThat(BinanceMapper.averagePrice(BigDecimal.ZERO, BigDecimal.ZERO)).isEqualTo(BigDecimal.ZERO);
        assertThat(BinanceMapper.averagePrice(new BigDecimal("-1.00000000"), new BigDecimal("2")))
                .as("Binance: negative cummulativeQuoteQty = data not available").isEqualTo(BigDecimal.ZERO);
    }

    @Test
    void documentedErrorKeepsCodeAndMessage() {
        assertThatThrownBy(() -> reply(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", TICKER))
                .isInstanceOf(FmzError.class).hasMessage("code -1121: Invalid symbol.");
        assertThatThrownBy(() -> reply(400, "{\"code\":-2010,\"msg\":\"Account has insufficient balance for requested action.\"}", PLACEMENT))
                .isInstanceOf(FmzError.class).hasMessage("code -2010: Account has insufficient balance for requested action.");
        assertThatThrownBy(() -> reply(404, "{\"error\":\"nope\"}", TICKER))
                .isInstanceOf(FmzError.class).hasMessage("HTTP 404 from exchange without a Binance error code");
    }

    @Test
    void a5xxOnAReadIsAnErrorAndOnAPlacementAnUnknownOutcome() {
        assertThatThrownBy(() -> reply(503, "{\"code\":-1001,\"msg\":\"Internal error; unable to process your request. Please try again.\"}", TICKER))
                .isInstanceOf(FmzError.class)
                .hasMessage("code -1001: Internal error; unable to process your request. Please try again. (HTTP 503)");
        assertThatThrownBy(() -> reply(504, "", PLACEMENT))
                .isInstanceOf(FmzError.class)
                .hasMessage("HTTP 504: outcome unknown, the order may or may not have been placed; check GetOrders"
                        + " (newClientOrderId fmz0123456789abcdef0123456789abcdef) before placing it again");
    }

    @Test
    void amountsSerializePlainWithEveryDigit() throws Exception {
        JsonNode body = json("{\"balances\":[{\"asset\":\"BTC\",\"free\":\"0.00000001\",\"locked\":\"1E-8\"}]}");
        assertThat(FmzJson.MAPPER.writeValueAsString(mapper.balances(body).data()))
                .isEqualTo("[{\"currency\":\"BTC\",\"free\":0.00000001,\"frozen\":0.00000001}]");
    }
}
