package io.fmzbridge.exchange.backpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Candle;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backpack's documented replies in, FMZ shapes out: no network, no Camel. */
class BackpackMapperTest {

    static final String TICKER = """
            {"symbol":"AAVE_USDC","firstPrice":"327.38","lastPrice":"317.14","high":"337.99","low":"300.01",
             "priceChange":"-10.24","priceChangePercent":"-0.031279","volume":"65.823","quoteVolume":"21584.32278","trades":"245"}""";
    static final String DEPTH = """
            {"asks":[["118318.3","0.00633"],["118567.2","0.08450"]],"bids":[["1.0","0.38647"],["12.9","1.00000"]],
             "lastUpdateId":"1504999670","timestamp":1753102447307501}""";
    static final String FILLED_MARKET_ORDER = """
            {"id":"4227701917","clientId":null,"symbol":"ETH_USDC","side":"Bid","orderType":"Market","quantity":"0.001",
             "executedQuantity":"0.001","executedQuoteQuantity":"3.81428","status":"Filled","timeInForce":"GTC",
             "selfTradePrevention":"RejectTaker","createdAt":1753624283415}""";
    static final String OPEN_ORDER = """
            {"id":"4228978330","clientId":123456789,"symbol":"ETH_USDC","side":"Bid","orderType":"Limit","price":"3000",
             "quantity":"0.001","executedQuantity":"0","executedQuoteQuantity":"0","postOnly":true,"status":"New",
             "timeInForce":"GTC","createdAt":1753626206762}""";

    private static final Instant NOW = Instant.parse("2025-07-21T12:00:00Z");
    private final BackpackMapper mapper = new BackpackMapper(Clock.fixed(NOW, ZoneOffset.UTC));

    private JsonNode reply(String json) {
        return mapper.reply(json.getBytes(StandardCharsets.UTF_8), 200);
    }

    static FmzRequest request(String method, Object... params) {
        ObjectNode values = FmzJson.MAPPER.createObjectNode();
        for (int i = 0; i < params.length; i += 2) {
            values.put((String) params[i], String.valueOf(params[i + 1]));
        }
        return new FmzRequest("backpack", method, values, "", "", null);
    }

    @Test
    void documentedTickerTakesBidAndAskFromTheDocumentedBook() {
        var reply = mapper.ticker(reply(TICKER), reply(DEPTH));
        Ticker t = (Ticker) reply.data();
        assertThat(t.symbol()).isEqualTo("AAVE_USDC");
        assertThat(t.buy()).as("best bid is the highest, last in the sample").isEqualByComparingTo("12.9");
        assertThat(t.sell()).isEqualByComparingTo("118318.3");
        assertThat(t.open()).isEqualByComparingTo("327.38");
        assertThat(t.last()).isEqualByComparingTo("317.14");
        assertThat(t.high()).isEqualByComparingTo("337.99");
        assertThat(t.low()).isEqualByComparingTo("300.01");
        assertThat(t.vol()).isEqualTo(new BigDecimal("65.823"));
        assertThat(t.time()).as("the book's µs in ms").isEqualTo(1753102447307L);
        assertThat(((JsonNode) reply.raw()).path("ticker").path("trades").asText()).isEqualTo("245");
        assertThat(((JsonNode) reply.raw()).path("depth").path("lastUpdateId").asText()).isEqualTo("1504999670");
    }

    @Test
    void documentedDepthIsSortedForFmz() {
        Depth d = (Depth) mapper.depth(reply(DEPTH), request("depth", "symbol", "AAVE_USDC")).data();
        assertThat(d.asks()).containsExactly(new Depth.Level(new BigDecimal("118318.3"), new BigDecimal("0.00633")),
                new Depth.Level(new BigDecimal("118567.2"), new BigDecimal("0.08450")));
        assertThat(d.bids()).containsExactly(new Depth.Level(new BigDecimal("12.9"), new BigDecimal("1.00000")),
                new Depth.Level(new BigDecimal("1.0"), new BigDecimal("0.38647")));
        assertThat(d.time()).isEqualTo(1753102447307L);

        Depth one = (Depth) mapper.depth(reply(DEPTH), request("depth", "symbol", "AAVE_USDC", "limit", 1)).data();
        assertThat(one.asks()).hasSize(1);
        assertThat(one.bids()).extracting(Depth.Level::price).containsExactly(new BigDecimal("12.9"));
    }

    @Test
    void documentedBalance() {
        assertThat(mapper.balances(reply("{\"USDC\":{\"available\":\"120\",\"locked\":\"0\",\"staked\":\"0\"}}")).data())
                .isEqualTo(List.of(new Balance("USDC", new BigDecimal("120"), new BigDecimal("0"))));
    }

    @Test
    void documentedPlacedOrderGivesTheSymbolAndId() {
        assertThat(mapper.placed(reply(FILLED_MARKET_ORDER)).data()).isEqualTo(new PlacedOrder("ETH_USDC,4227701917"));
        assertThatThrownBy(() -> mapper.placed(reply("{\"symbol\":\"ETH_USDC\"}"))).isInstanceOf(FmzError.class);
    }

    @Test
    void documentedOpenOrder() {
        Order o = (Order) mapper.order(reply(OPEN_ORDER), request("order", "id", "ETH_USDC,4228978330")).data();
        assertThat(o).isEqualTo(new Order("ETH_USDC,4228978330", "ETH_USDC", new BigDecimal("0.001"), new BigDecimal("3000"),
                new BigDecimal("0"), BigDecimal.ZERO, "buy", OrderStatus.PENDING));
    }

    @Test
    void documentedFilledOrderFromHistoryHasItsAveragePrice() {
        JsonNode history = reply("[" + FILLED_MARKET_ORDER + "]");
        Order o = (Order) mapper.order(history, request("order", "id", "ETH_USDC,4227701917")).data();
        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(o.dealAmount()).isEqualByComparingTo("0.001");
        assertThat(o.avgPrice()).isEqualTo(new BigDecimal("3814.28"));
        assertThat(o.price()).as("a market order has no price").isEqualByComparingTo("0");

        assertThatThrownBy(() -> mapper.order(reply("[]"), request("order", "id", "ETH_USDC,1")))
                .isInstanceOf(FmzError.class)
                .hasMessage("order ETH_USDC,1 is neither open nor in the order history");
    }

    @Test
    void aMarketBuyByQuoteQuantityKeepsTheQuoteAsItsAmount() {
        Order o = BackpackMapper.toOrder(reply("""
                {"id":"7","symbol":"SOL_USDC","side":"Bid","orderType":"Market","quantity":null,"quoteQuantity":"100",
                 "executedQuantity":"0.58","executedQuoteQuantity":"99.325","status":"Filled"}"""));
        assertThat(o.amount()).isEqualByComparingTo("100");
        assertThat(o.avgPrice()).isEqualByComparingTo("171.25");
        assertThat(o.type()).isEqualTo("buy");
    }

    @Test
    void orderStatusesMapToFmzWords() {
        assertThat(BackpackMapper.status("New", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(BackpackMapper.status("TriggerPending", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(BackpackMapper.status("PartiallyFilled", true)).isEqualTo(OrderStatus.PARTIAL_FILLED);
        assertThat(BackpackMapper.status("Filled", true)).isEqualTo(OrderStatus.FILLED);
        assertThat(BackpackMapper.status("Cancelled", false)).isEqualTo(OrderStatus.CANCELED);
        assertThat(BackpackMapper.status("Cancelled", true)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(BackpackMapper.status("Expired", false)).isEqualTo(OrderStatus.CANCELED);
        assertThat(BackpackMapper.status("TriggerFailed", false)).isEqualTo(OrderStatus.CANCELED);
        assertThatThrownBy(() -> BackpackMapper.status("Teleported", false)).isInstanceOf(FmzError.class);
    }

    @Test
    void ordersSkipPerpetualsAndKeepThoseSince() {
        JsonNode list = reply("[" + OPEN_ORDER + "," + FILLED_MARKET_ORDER + ","
                + OPEN_ORDER.replace("ETH_USDC", "ETH_USDC_PERP") + "]");
        List<?> all = (List<?>) mapper.orders(list, request("orders")).data();
        assertThat(all).extracting(o -> ((Order) o).id()).containsExactly("ETH_USDC,4228978330", "ETH_USDC,4227701917");
        List<?> recent = (List<?>) mapper.orders(list, request("historyorders", "since", 1753626206762L)).data();
        assertThat(recent).extracting(o -> ((Order) o).id()).containsExactly("ETH_USDC,4228978330");
    }

    @Test
    void documentedErrorKeepsCodeAndMessage() {
        byte[] body = "{\"code\":\"INVALID_CLIENT_REQUEST\",\"message\":\"Must specify either `clientId` or `orderId`\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> mapper.reply(body, 400))
                .isInstanceOfSatisfying(BackpackError.class, e -> assertThat(e.getCode()).isEqualTo("INVALID_CLIENT_REQUEST"))
                .hasMessage("code INVALID_CLIENT_REQUEST: Must specify either `clientId` or `orderId` (HTTP 400)");
        assertThatThrownBy(() -> mapper.reply("{\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8), 500))
                .isNotInstanceOf(BackpackError.class)
                .hasMessage("HTTP 500 from exchange without a Backpack error code");
    }

    @Test
    @SuppressWarnings("unchecked")
    void klinesInUtcSecondsOldestFirstAtMostLimit() {
        JsonNode rows = reply("""
                [{"start":"2025-07-19 13:10:00","end":"2025-07-19 13:11:00","open":"2","high":"3","low":"1","close":"2.5","volume":"0.00000001","quoteVolume":"1","trades":"1"},
                 {"start":"2025-07-19 13:09:00","end":"2025-07-19 13:10:00","open":"1","high":"2","low":"0.5","close":"2","volume":"10","quoteVolume":"15","trades":"3"},
                 {"start":"2025-07-19 13:08:00","end":"2025-07-19 13:09:00","open":"1","high":"1","low":"1","close":"1","volume":"1","quoteVolume":"1","trades":"1"}]""");
        List<Object> bars = (List<Object>) mapper.records(rows, request("records", "period", 1, "limit", 2)).data();
        assertThat(bars).containsExactly(
                new Candle(1752930540L, new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("0.5"), new BigDecimal("2"), new BigDecimal("10")),
                new Candle(1752930600L, new BigDecimal("2"), new BigDecimal("3"), new BigDecimal("1"), new BigDecimal("2.5"), new BigDecimal("0.00000001")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBarNothingTradedInCarriesThePreviousClose() {
        // Backpack's Kline schema requires start, end, volume, quoteVolume and trades only: a bar without trades has no prices
        JsonNode rows = reply("""
                [{"start":"2025-07-19 13:10:00","end":"2025-07-19 13:11:00","open":null,"high":null,"low":null,"close":null,"volume":"0","quoteVolume":"0","trades":"0"},
                 {"start":"2025-07-19 13:09:00","end":"2025-07-19 13:10:00","open":"1","high":"2","low":"0.5","close":"2","volume":"10","quoteVolume":"15","trades":"3"},
                 {"start":"2025-07-19 13:08:00","end":"2025-07-19 13:09:00","volume":"0","quoteVolume":"0","trades":"0"}]""");
        List<Object> bars = (List<Object>) mapper.records(rows, request("records", "period", 1, "limit", 10)).data();
        assertThat(bars).as("a price of 0 would be a crash to zero; a bar before any price is left out").containsExactly(
                new Candle(1752930540L, new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("0.5"), new BigDecimal("2"), new BigDecimal("10")),
                new Candle(1752930600L, new BigDecimal("2"), new BigDecimal("2"), new BigDecimal("2"), new BigDecimal("2"), new BigDecimal("0")));
    }

    @Test
    void tradesOldestFirstWithTheTakerSide() {
        JsonNode rows = reply("""
                [{"id":2,"price":"171.2","quantity":"0.5","quoteQuantity":"85.6","timestamp":1753102447400,"isBuyerMaker":true},
                 {"id":1,"price":"171.3","quantity":"0.001","quoteQuantity":"0.1713","timestamp":1753102447300,"isBuyerMaker":false}]""");
        assertThat(mapper.trades(rows).data()).isEqualTo(List.of(
                new Trade("1", 1753102447300L, new BigDecimal("171.3"), new BigDecimal("0.001"), "buy"),
                new Trade("2", 1753102447400L, new BigDecimal("171.2"), new BigDecimal("0.5"), "sell")));
    }

    @Test
    void tickersAreSpotOnlyWithoutBidAsk() {
        JsonNode rows = reply("[" + TICKER + "," + TICKER.replace("AAVE_USDC", "AAVE_USDC_PERP") + "]");
        List<?> tickers = (List<?>) mapper.tickers(rows).data();
        assertThat(tickers).hasSize(1);
        Ticker t = (Ticker) tickers.get(0);
        assertThat(t.buy()).isZero();
        assertThat(t.sell()).isZero();
        assertThat(t.time()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    @SuppressWarnings("unchecked")
    void marketsFromFilters() {
        JsonNode rows = reply("""
                [{"symbol":"SOL_USDC","baseSymbol":"SOL","quoteSymbol":"USDC","marketType":"SPOT",
                  "filters":{"price":{"minPrice":"0.01","maxPrice":null,"tickSize":"0.01"},
                             "quantity":{"minQuantity":"0.01","maxQuantity":null,"stepSize":"0.01"}}},
                 {"symbol":"SOL_USDC_PERP","baseSymbol":"SOL","quoteSymbol":"USDC","marketType":"PERP","filters":{}}]""");
        var markets = (Map<Object, Object>) mapper.markets(rows).data();
        assertThat(markets).containsOnlyKeys("SOL_USDC");
        var sol = (Market) markets.get("SOL_USDC");
        assertThat(sol.tickSize()).isEqualByComparingTo("0.01");
        assertThat(sol.amountPrecision()).isEqualTo(2);
        assertThat(sol.minQty()).isEqualByComparingTo("0.01");
        assertThat(sol.maxQty()).as("no maximum published").isZero();
    }

    @Test
    void timesInMillisecondsOrUtcText() {
        assertThat(BackpackMapper.millis(reply("{\"t\":1753624283415}").path("t"))).isEqualTo(1753624283415L);
        assertThat(BackpackMapper.millis(reply("{\"t\":\"1753624283415\"}").path("t"))).isEqualTo(1753624283415L);
        assertThat(BackpackMapper.millis(reply("{\"t\":\"2025-07-27T14:04:43.415\"}").path("t"))).isEqualTo(1753625083415L);
        assertThatThrownBy(() -> BackpackMapper.millis(reply("{\"t\":\"yesterday\"}").path("t"))).isInstanceOf(FmzError.class);
    }
}
