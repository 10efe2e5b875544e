package io.fmzbridge.declarative;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Ticker;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON Pointer mappings read exchange replies into FMZ's records exactly, and name what is wrong. */
class DeclaredRepliesTest {

    static final long ARRIVED = 1_700_000_123_456L;

    final DeclaredReplies replies = new DeclaredReplies(Clock.fixed(Instant.ofEpochMilli(ARRIVED), ZoneOffset.UTC));

    static JsonNode json(String text) throws Exception {
        return FmzJson.MAPPER.readTree(text);
    }

    static FmzRequest request(String method, String... params) throws Exception {
        StringBuilder object = new StringBuilder("{");
        for (int i = 0; i < params.length; i += 2) {
            object.append(i == 0 ? "" : ",").append('"').append(params[i]).append("\":\"").append(params[i + 1]).append('"');
        }
        return new FmzRequest("acme", method, json(object.append('}').toString()), "", "", null);
    }

    JsonNode reply(int status, String body) {
        return replies.reply(body.getBytes(UTF_8), status);
    }

    // --- errors -------------------------------------------------------------------------------

    @Test
    void aSuccessCodePassesTheReplyThrough() throws Exception {
        replies.setErrorCode("/code");
        replies.setSuccessCodes("00000, 0");
        replies.setErrorMessage("/msg");
        assertThat(reply(200, "{\"code\":\"00000\",\"data\":1}").path("data").asInt()).isEqualTo(1);
        assertThat(reply(200, "{\"code\":0,\"data\":2}").path("data").asInt()).as("a numeric code").isEqualTo(2);
    }

    @Test
    void anErrorKeepsTheExchangesCodeAndText() {
        replies.setErrorCode("/code");
        replies.setSuccessCodes("0");
        replies.setErrorMessage("/msg");
        assertThatThrownBy(() -> reply(200, "{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}"))
                .isInstanceOf(FmzError.class).hasMessage("code 51001: Instrument ID does not exist");
        assertThatThrownBy(() -> reply(401, "{\"code\":50113,\"msg\":\"Invalid Sign\"}"))
                .isInstanceOf(FmzError.class).hasMessage("code 50113: Invalid Sign (HTTP 401)");
        assertThatThrownBy(() -> reply(400, "{\"msg\":\"bad request\"}"))
                .isInstanceOf(FmzError.class).hasMessage("bad request (HTTP 400)");
        assertThatThrownBy(() -> reply(503, "{\"code\":\"0\"}")).as("HTTP status wins over a success code")
                .isInstanceOf(FmzError.class).hasMessage("code 0 (HTTP 503)");
        assertThatThrownBy(() -> reply(502, "{}"))
                .isInstanceOf(FmzError.class).hasMessage("HTTP 502 from exchange without an error code");
        assertThatThrownBy(() -> reply(200, "<html>down</html>"))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("unreadable reply from exchange (HTTP 200)");
    }

    @Test
    void withoutSuccessCodesAnyCodeIsAnError() throws Exception {
        replies.setErrorCode("/error/code");
        replies.setErrorMessage("/error/message");
        assertThat(reply(200, "{\"result\":{}}").has("result")).isTrue();
        assertThat(reply(200, "{\"error\":{\"code\":null},\"result\":{}}").has("result")).as("a null code is none").isTrue();
        assertThatThrownBy(() -> reply(200, "{\"error\":{\"code\":-1121,\"message\":\"Invalid symbol.\"}}"))
                .isInstanceOf(FmzError.class).hasMessage("code -1121: Invalid symbol.");
    }

    // --- ticker -------------------------------------------------------------------------------

    @Test
    void tickerFromStringsAndNumbersExactly() throws Exception {
        TickerFields t = replies.getTicker();
        t.setItem("/data/0");
        t.setBuy("/bid");
        t.setSell("/ask");
        t.setHigh("/high");
        t.setLast("/last");
        t.setVol("/vol");
        t.setTime("/ts");
        JsonNode reply = json("{\"data\":[{\"bid\":\"0.1\",\"ask\":0.30000000000000004,\"high\":\"1E+3\",\"last\":7,"
                + "\"vol\":\" 12.50 \",\"ts\":\"1597026383085\"}]}");
        Ticker ticker = (Ticker) replies.ticker(reply, request("ticker", "symbol", "eth_btc")).data();
        assertThat(ticker.symbol()).isEqualTo("ETH_BTC");
        assertThat(ticker.buy()).isEqualTo(new BigDecimal("0.1"));
        assertThat(ticker.sell()).isEqualTo(new BigDecimal("0.30000000000000004"));
        assertThat(ticker.high()).isEqualByComparingTo("1000");
        assertThat(ticker.last()).isEqualByComparingTo("7");
        assertThat(ticker.vol()).isEqualTo(new BigDecimal("12.50"));
        assertThat(ticker.low()).as("undeclared").isZero();
        assertThat(ticker.open()).as("undeclared").isZero();
        assertThat(ticker.time()).isEqualTo(1597026383085L);
    }

    @Test
    void timesInSecondsIsoOrNoneAtAll() throws Exception {
        TickerFields t = replies.getTicker();
        t.setBuy("/b");
        t.setSell("/b");
        t.setLast("/b");
        FmzRequest request = request("ticker", "symbol", "BTC_USDT");
        assertThat(((Ticker) replies.ticker(json("{\"b\":1}"), request).data()).time()).as("arrival time").isEqualTo(ARRIVED);
        t.setTime("/t");
        replies.setTimeUnit("s");
        assertThat(((Ticker) replies.ticker(json("{\"b\":1,\"t\":1700000000.1239}"), request).data()).time()).isEqualTo(1700000000123L);
        replies.setTimeUnit("iso");
        assertThat(((Ticker) replies.ticker(json("{\"b\":1,\"t\":\"2024-01-02T03:04:05.678Z\"}"), request).data()).time())
                .isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z").toEpochMilli());
        assertThatThrownBy(() -> replies.ticker(json("{\"b\":1,\"t\":\"yesterday\"}"), request))
                .isInstanceOf(FmzError.class).hasMessage("reply has 'yesterday' for ticker.time at /t where an ISO-8601 time belongs");
        assertThatThrownBy(() -> replies.setTimeUnit("minutes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingOrMalformedFieldIsNamedNeverZero() throws Exception {
        TickerFields t = replies.getTicker();
        t.setBuy("/bid");
        t.setSell("/ask");
        FmzRequest request = request("ticker", "symbol", "BTC_USDT");
        assertThatThrownBy(() -> replies.ticker(json("{\"bid\":1,\"ask\":2}"), request))
                .isInstanceOf(FmzError.class).hasMessage("ticker.last is not declared in the exchange's route file");
        t.setLast("/last");
        String[][] cases = {
                {"{\"bid\":1,\"ask\":2}", "reply has no ticker.last at /last"},
                {"{\"bid\":1,\"ask\":2,\"last\":null}", "reply has no ticker.last at /last"},
                {"{\"bid\":1,\"ask\":2,\"last\":\"\"}", "reply has '' for ticker.last at /last where a number belongs"},
                {"{\"bid\":1,\"ask\":2,\"last\":\"12,5\"}", "reply has '12,5' for ticker.last at /last where a number belongs"},
                {"{\"bid\":1,\"ask\":2,\"last\":true}", "reply has 'true' for ticker.last at /last where a number belongs"},
                {"{\"bid\":1,\"ask\":2,\"last\":[1]}", "reply has a list for ticker.last at /last where a number belongs"},
                {"{\"bid\":1,\"ask\":2,\"last\":\"1e999999\"}",
                        "reply has '1e999999' for ticker.last at /last where a number of market size belongs"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> replies.ticker(json(c[0]), request)).as(c[0])
                    .isInstanceOf(FmzError.class).hasMessage(c[1]);
        }
        t.setItem("/data/0");
        assertThatThrownBy(() -> replies.ticker(json("{\"data\":[]}"), request))
                .isInstanceOf(FmzError.class).hasMessage("reply has no ticker at /data/0");
    }

    // --- depth --------------------------------------------------------------------------------

    @Test
    void depthFromArrayLevelsSortedAndLimited() throws Exception {
        DepthFields d = replies.getDepth();
        d.setItem("/data");
        d.setAsks("/asks");
        d.setBids("/bids");
        d.setTime("/ts");
        JsonNode reply = json("{\"data\":{\"ts\":\"1698303884584\","
                + "\"asks\":[[\"34567.25\",\"0.0144\"],[\"34567.15\",\"0.0131\"],[\"34570\",\"1.5\"]],"
                + "\"bids\":[[34566.85,0.0145],[34567,0.2917],[34560,3]]}}");
        Depth depth = (Depth) replies.depth(reply, request("depth", "symbol", "BTC_USDT", "limit", "2")).data();
        assertThat(depth.time()).isEqualTo(1698303884584L);
        assertThat(depth.asks()).containsExactly(level("34567.15", "0.0131"), level("34567.25", "0.0144"));
        assertThat(depth.bids()).containsExactly(level("34567", "0.2917"), level("34566.85", "0.0145"));
    }

    @Test
    void depthFromObjectLevels() throws Exception {
        DepthFields d = replies.getDepth();
        d.setAsks("/sell");
        d.setBids("/buy");
        d.setPrice("/price");
        d.setAmount("/size/base");
        JsonNode reply = json("{\"sell\":[{\"price\":\"2\",\"size\":{\"base\":\"0.00000001\"}}],\"buy\":[]}");
        Depth depth = (Depth) replies.depth(reply, request("depth", "symbol", "BTC_USDT")).data();
        assertThat(depth.asks()).containsExactly(level("2", "0.00000001"));
        assertThat(depth.bids()).isEmpty();
        assertThat(depth.time()).isEqualTo(ARRIVED);

        assertThatThrownBy(() -> replies.depth(json("{\"sell\":[{\"price\":\"2\"}],\"buy\":[]}"), request("depth", "symbol", "BTC_USDT")))
                .isInstanceOf(FmzError.class).hasMessage("reply has no depth.amount at /size/base");
        assertThatThrownBy(() -> replies.depth(json("{\"sell\":{},\"buy\":[]}"), request("depth", "symbol", "BTC_USDT")))
                .isInstanceOf(FmzError.class).hasMessage("reply has no list of asks at /sell");
    }

    static Depth.Level level(String price, String amount) {
        return new Depth.Level(new BigDecimal(price), new BigDecimal(amount));
    }

    // --- balances -----------------------------------------------------------------------------

    @Test
    void balancesFromAListOfRows() throws Exception {
        BalanceFields b = replies.getBalances();
        b.setList("/data");
        b.setCurrency("/coin");
        b.setFree("/available");
        b.setFrozen("/frozen");
        JsonNode reply = json("{\"data\":[{\"coin\":\"usdt\",\"available\":\"1234.56789012\",\"frozen\":\"100.5\"},"
                + "{\"coin\":\"BTC\",\"available\":0.00000001,\"frozen\":0}]}");
        assertThat(replies.balances(reply).data()).isEqualTo(List.of(
                new Balance("USDT", new BigDecimal("1234.56789012"), new BigDecimal("100.5")),
                new Balance("BTC", new BigDecimal("0.00000001"), new BigDecimal("0"))));
    }

    @Test
    void balancesKeyedByCurrencyWithATotal() throws Exception {
        BalanceFields b = replies.getBalances();
        b.setList("/");
        b.setFree("/available");
        b.setTotal("/total");
        JsonNode reply = json("{\"btc\":{\"available\":\"0.5\",\"total\":\"0.75\"},\"usdt\":{\"available\":7,\"total\":7}}");
        assertThat(replies.balances(reply).data()).isEqualTo(List.of(
                new Balance("BTC", new BigDecimal("0.5"), new BigDecimal("0.25")),
                new Balance("USDT", new BigDecimal("7"), new BigDecimal("0"))));
    }

    @Test
    void balancesWithNeitherFrozenNorTotalHoldNothing() throws Exception {
        BalanceFields b = replies.getBalances();
        b.setList("/");
        b.setCurrency("/ccy");
        b.setFree("/free");
        assertThat(replies.balances(json("[{\"ccy\":\"eth\",\"free\":\"2\"}]")).data())
                .isEqualTo(List.of(new Balance("ETH", new BigDecimal("2"), BigDecimal.ZERO)));
        assertThatThrownBy(() -> replies.balances(json("{\"eth\":{\"free\":\"2\"}}")))
                .isInstanceOf(FmzError.class).hasMessage("reply has no list of balances at /");
        assertThatThrownBy(() -> replies.balances(json("[{\"free\":\"2\"}]")))
                .isInstanceOf(FmzError.class).hasMessage("reply has no balances.currency at /ccy");
    }

    @Test
    void aPointerThatIsNotOneStopsTheRouteFileLoading() {
        assertThatThrownBy(() -> replies.getTicker().setBuy("bidPx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ticker.buy must be a JSON Pointer like /data/0/bidPr, not 'bidPx'");
        assertThatThrownBy(() -> replies.setErrorCode("code")).isInstanceOf(IllegalArgumentException.class);
    }

    // --- trading ------------------------------------------------------------------------------

    static final String ORDER = "{\"data\":[{\"id\":\"7\",\"pair\":\"ETHBTC\",\"qty\":\"2\",\"px\":\"0.05\","
            + "\"done\":\"%s\",\"avg\":\"0.0499\",\"dir\":\"%s\",\"st\":\"%s\"}]}";

    void declareOrders() {
        OrderFields order = replies.getOrder();
        order.setItem("/data/0");
        order.setList("/data");
        order.setId("/id");
        order.setSymbol("/pair");
        order.setAmount("/qty");
        order.setPrice("/px");
        order.setFilled("/done");
        order.setAvgPrice("/avg");
        order.setSide("/dir");
        order.setState("/st");
        order.setStates("open=pending, done=filled, killed=canceled");
        replies.setSides("buy=bid, sell=ask");
    }

    @Test
    void anExchangeWithoutAPartialStateIsToldByWhatFilled() throws Exception {
        declareOrders();
        FmzRequest order = request("order", "id", "ETH_BTC,7");
        assertThat(replies.order(json(ORDER.formatted("0", "BID", "open")), order).data())
                .isEqualTo(new io.fmzbridge.fmz.Order("ETH_BTC,7", "ETH_BTC", new BigDecimal("2"), new BigDecimal("0.05"),
                        new BigDecimal("0"), BigDecimal.ZERO, "buy", io.fmzbridge.fmz.OrderStatus.PENDING));
        assertThat(((io.fmzbridge.fmz.Order) replies.order(json(ORDER.formatted("0.5", "ask", "open")), order).data()).status())
                .isEqualTo(io.fmzbridge.fmz.OrderStatus.PARTIAL_FILLED);
        assertThat(((io.fmzbridge.fmz.Order) replies.order(json(ORDER.formatted("0.5", "ask", "killed")), order).data()).status())
                .isEqualTo(io.fmzbridge.fmz.OrderStatus.PARTIAL_CANCELED);
        assertThatThrownBy(() -> replies.order(json(ORDER.formatted("0", "ask", "expired")), order))
                .isInstanceOf(FmzError.class).hasMessage("order state 'expired' is not in the route file's order.states [open, done, killed]");
        assertThatThrownBy(() -> replies.order(json(ORDER.formatted("0", "long", "open")), order))
                .isInstanceOf(FmzError.class).hasMessage("reply has 'long' for a side where bid or ask belongs");
    }

    @Test
    void aStatesTableNamesOnlyFmzsStates() {
        assertThatThrownBy(() -> replies.getOrder().setStates("open=working"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("order.states maps 'open' to 'working', which is not one of FMZ's states: "
                        + "pending, partial-filled, filled, partial-canceled, canceled");
    }

    @Test
    void statesAndSidesTakeAYamlMap() throws Exception {
        declareOrders();
        DeclaredReplies fromMaps = new DeclaredReplies();
        OrderFields order = fromMaps.getOrder();
        order.setItem("/data/0");
        order.setId("/id");
        order.setAmount("/qty");
        order.setPrice("/px");
        order.setFilled("/done");
        order.setAvgPrice("/avg");
        order.setSide("/dir");
        order.setState("/st");
        order.getStates().put("open", "pending");
        order.getStates().put("done", "filled");
        fromMaps.getSides().put("buy", "bid");
        fromMaps.getSides().put("sell", "ask");
        FmzRequest request = request("order", "id", "ETH_BTC,7");
        assertThat(fromMaps.order(json(ORDER.formatted("0.5", "ASK", "open")), request).data())
                .as("read as the one-line tables are").isEqualTo(replies.order(json(ORDER.formatted("0.5", "ASK", "open")), request).data());
        assertThat(fromMaps.tableProblems()).isEmpty();
        assertThatThrownBy(() -> order.getStates().put("killed", "dead"))
                .hasMessage("order.states maps 'killed' to 'dead', which is not one of FMZ's states: "
                        + "pending, partial-filled, filled, partial-canceled, canceled");
        DeclaredReplies halfSides = new DeclaredReplies();
        halfSides.getSides().put("buy", "bid");
        assertThat(halfSides.tableProblems())
                .containsExactly("sides must give a word for each of buy and sell, like {buy: bid, sell: ask}; it has none for sell");
    }

    @Test
    void listsOfEveryMarketAreNamedFromTheLearnedMarketsOnly() throws Exception {
        declareOrders();
        FmzRequest all = request("orders");
        assertThatThrownBy(() -> replies.orders(json(ORDER.formatted("0", "bid", "open")), all))
                .isInstanceOf(FmzError.class).hasMessage("order of ETHBTC, a pair not learned from markets yet: call GetMarkets first");
        assertThatThrownBy(() -> replies.tickers(json("{\"data\":[]}")))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("tickers are read with the pairs learned from markets");

        MarketFields markets = replies.getMarkets();
        markets.setList("/symbols");
        markets.setSymbol("/name");
        markets.setBase("/b");
        markets.setQuote("/q");
        markets.setTick("/tick");
        markets.setAmountPrecision("/dp");
        replies.markets(json("{\"symbols\":[{\"name\":\"ethbtc\",\"b\":\"eth\",\"q\":\"btc\",\"tick\":\"0.00001\",\"dp\":3}]}"));
        assertThat(((List<?>) replies.orders(json(ORDER.formatted("0", "bid", "open")), all).data()))
                .extracting("symbol").containsExactly("ETH_BTC");
        assertThatThrownBy(() -> replies.markets(json("{\"symbols\":[{\"name\":\"x\",\"b\":\"x\",\"q\":\"y\",\"tick\":\"1\",\"dp\":1.5}]}")))
                .isInstanceOf(FmzError.class).hasMessageContaining("where a whole number of decimals belongs");
    }

    @Test
    void eachMethodSaysWhatItStillNeeds() {
        assertThat(replies.missingFor("placed")).containsExactly("placedId");
        assertThat(replies.missingFor("trades")).containsExactly("trades.list", "trades.time", "trades.price", "trades.amount", "trades.side");
        assertThat(replies.missingFor("passThrough")).isEmpty();
        assertThat(replies.missingFor("nope")).isNull();
        declareOrders();
        assertThat(replies.missingFor("orders")).isEmpty();
    }

    @Test
    void theClockJobReadsTheServerTimeInTheDeclaredUnit() throws Exception {
        assertThatThrownBy(() -> replies.serverTime(json("{}"))).isInstanceOf(FmzError.class)
                .hasMessage("serverTime is not declared in the exchange's route file");
        assertThat(replies.missingFor("serverTime")).containsExactly("serverTime");
        replies.setServerTime("/data/serverTime");
        assertThat(replies.serverTime(json("{\"data\":{\"serverTime\":\"1688008631614\"}}"))).isEqualTo(1688008631614L);
        replies.setTimeUnit("s");
        assertThat(replies.serverTime(json("{\"data\":{\"serverTime\":1688008631.6}}"))).isEqualTo(1688008631600L);
    }

    // --- OKX's forms, as the YAML-only OKX declares them ------------------------------------------

    void declareOkxErrors() {
        replies.setErrorCode("/code");
        replies.setSuccessCodes("0");
        replies.setErrorMessage("/msg");
        replies.setErrorWithoutCode("HTTP {status} from exchange without an OKX error code");
        ItemErrors items = replies.getItemErrors();
        items.setList("/data");
        items.setCode("/sCode");
        items.setMessage("/sMsg");
        items.setText("sCode {code}: {message}");
    }

    @Test
    void eachFailedItemIsAddedToTheErrorInTheDeclaredWordsAsOkxMapperSays() {
        declareOkxErrors();
        io.fmzbridge.exchange.okx.OkxMapper okx = new io.fmzbridge.exchange.okx.OkxMapper();
        String[][] replied = {
                {"200", "{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"ordId\":\"\",\"sCode\":\"51008\","
                        + "\"sMsg\":\"Order failed. Insufficient USDT balance in account.\"}]}"},
                {"200", "{\"code\":\"2\",\"msg\":\"Bulk operation partially succeeded\",\"data\":[{\"sCode\":\"0\",\"sMsg\":\"\"},"
                        + "{\"sCode\":\"51400\",\"sMsg\":\"Cancellation failed\"},{\"sCode\":\"51401\"}]}"},
                {"200", "{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist.\",\"data\":[]}"},
                {"401", "{\"msg\":\"Invalid Sign\",\"code\":\"50113\"}"},
                {"503", "{\"message\":\"maintenance\"}"}};
        for (String[] reply : replied) {
            byte[] body = reply[1].getBytes(UTF_8);
            int status = Integer.parseInt(reply[0]);
            Throwable expected = org.assertj.core.api.Assertions.catchThrowable(() -> okx.reply(body, status));
            assertThat(expected).isInstanceOf(FmzError.class);
            assertThatThrownBy(() -> replies.reply(body, status)).as(reply[1]).isInstanceOf(FmzError.class)
                    .hasMessage(expected.getMessage());
        }
        assertThatThrownBy(() -> replies.getItemErrors().setText("failed")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replies.setErrorWithoutCode("no code")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutItemErrorsDeclaredTheRowsAreNotRead() {
        replies.setErrorCode("/code");
        replies.setSuccessCodes("0");
        replies.setErrorMessage("/msg");
        assertThatThrownBy(() -> reply(200, "{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"sCode\":\"51008\"}]}"))
                .isInstanceOf(FmzError.class).hasMessage("code 1: All operations failed");
    }

    static final String OKX_ORDER = "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instId\":\"BTC-USDT\",\"ordId\":\"312269865356374016\","
            + "\"px\":\"%s\",\"sz\":\"100\",\"ordType\":\"%s\",\"side\":\"buy\",\"state\":\"%s\",\"accFillSz\":\"%s\",\"avgPx\":\"%s\"}]}";

    void declareOkxOrders() {
        replies.setSymbol("{base}-{quote}");
        replies.setOrderIdMarket("exchange");
        replies.setPlacedId("/data/0/ordId");
        OrderFields order = replies.getOrder();
        order.setItem("/data/0");
        order.setList("/data");
        order.setId("/ordId");
        order.setSymbol("/instId");
        order.setAmount("/sz");
        order.setPrice("/px");
        order.setFilled("/accFillSz");
        order.setAvgPrice("/avgPx");
        order.setSide("/side");
        order.setState("/state");
        order.setStates("live=pending, partially_filled=partial-filled, filled=filled, canceled=canceled, mmp_canceled=canceled");
    }

    @Test
    void ordersNamedAsOkxSpellsItsPairsAndAMarketOrdersEmptyPriceAsOkxMapperReadsThem() throws Exception {
        declareOkxOrders();
        io.fmzbridge.exchange.okx.OkxMapper okx = new io.fmzbridge.exchange.okx.OkxMapper();
        FmzRequest byId = request("order", "id", "BTC-USDT,312269865356374016");
        for (String[] order : new String[][] {{"25000", "limit", "live", "0", ""}, {"25000", "limit", "partially_filled", "0.005", "24999.5"},
                {"", "market", "filled", "100", "30000.1"}, {"", "market", "canceled", "0", ""}, {"25000", "limit", "mmp_canceled", "1", "25000"}}) {
            JsonNode reply = json(OKX_ORDER.formatted((Object[]) order));
            assertThat(replies.order(reply, byId).data()).as(String.join(" ", order)).isEqualTo(okx.order(reply).data());
            assertThat(replies.orders(reply, request("orders")).data()).as("every market").isEqualTo(okx.orders(reply).data());
        }
        JsonNode placed = json("{\"code\":\"0\",\"data\":[{\"ordId\":\"7\",\"sCode\":\"0\"}]}");
        FmzRequest trade = request("trade", "symbol", "eth_btc");
        assertThat(replies.placed(placed, trade).data()).isEqualTo(okx.placed(placed, trade).data())
                .isEqualTo(new io.fmzbridge.fmz.PlacedOrder("ETH-BTC,7"));
        assertThatThrownBy(() -> replies.order(json(OKX_ORDER.formatted("25000", "limit", "live", "", "")), byId))
                .as("only the price may be empty").isInstanceOf(FmzError.class).hasMessageContaining("order.filled at /accFillSz");
    }

    @Test
    void pairsAreReadBackFromTheDeclaredSpellingWithoutTheMarkets() throws Exception {
        TickerFields t = replies.getTicker();
        t.setBuy("/bidPx");
        t.setSell("/askPx");
        t.setLast("/last");
        t.setTime("/ts");
        replies.getTickers().setList("/data");
        replies.getTickers().setSymbol("/instId");
        assertThat(replies.missingFor("tickers")).containsExactly("markets.symbol (tickers are named as markets spells them), or symbol");
        replies.setSymbol("{base}-{quote}");
        assertThat(replies.missingFor("tickers")).isEmpty();
        String row = "{\"instId\":\"%s\",\"bidPx\":\"1\",\"askPx\":\"2\",\"last\":\"1.5\",\"ts\":\"1597026383085\"}";
        JsonNode reply = json("{\"data\":[" + row.formatted("BTC-USDT") + "," + row.formatted("btc-usdt-swap") + ","
                + row.formatted("eth-btc") + "]}");
        assertThat((List<?>) replies.tickers(reply).data()).extracting("symbol").containsExactly("BTC_USDT", "ETH_BTC");
    }

    @Test
    void orderIdsInTheExchangesSpellingNeedItDeclared() {
        declareOrders();
        replies.setPlacedId("/id");
        replies.setOrderIdMarket("exchange");
        String needed = "symbol (orderIdMarket exchange writes the market as the exchange spells it)";
        assertThat(replies.missingFor("placed")).containsExactly(needed);
        assertThat(replies.missingFor("order")).containsExactly(needed);
        replies.setSymbol("{base}/{quote}");
        assertThat(replies.missingFor("placed")).isEmpty();
        assertThatThrownBy(() -> replies.setSymbol("{base}{quote}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orderIdMarket exchange needs a symbol with text between {base} and {quote}");
    }
}
