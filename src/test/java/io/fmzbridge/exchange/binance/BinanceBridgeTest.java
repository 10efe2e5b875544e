package io.fmzbridge.exchange.binance;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.binance.BinanceStub.Listing;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge end to end against a local Binance that checks every signature and timestamp the way
 * Binance does: each FMZ spot method, each failure class, the symbol cache, and that no secret escapes.
 */
class BinanceBridgeTest extends ExchangeBridgeTest {

    static final String KEY = "binance-test-key-7Hq2";
    static final String SECRET = "kV9sQ2mXc4L7pT1wZ8rB3nD6fH0jY5uA2eG9iK4oM7qS1tW6vX3zC8bN5lR0yP2d";
    static final long RESPONSE_TIMEOUT_MS = 1500;
    static final String SIGNED_TAIL = "recvWindow=5000&timestamp=\\d{13}&signature=[0-9a-f]{64}";

    BinanceStub binance;

    BinanceBridgeTest() {
        super("Binance", KEY, SECRET);
    }

    @Override
    protected BinanceStub startStub() throws Exception {
        binance = BinanceStub.start();
        binance.addAccount(KEY, SECRET);
        return binance;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.binance.base-url", binance.baseUrl(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                // a new listing shows up at once in these tests
                "fmz.exchange.binance.symbols-min-reload-interval-ms", "0",
                // limits and back-off have their own tests; here they would only hold calls back
                "fmz.call.rate-limit-enabled", "false",
                "fmz.call.rate-limit-pause-ms", "0");
    }

    @AfterEach
    void realClock() {
        binance.useClock(Clock.systemUTC());
    }

    StubRequest lastRequestTo(String path) {
        List<StubRequest> requests = binance.requestsTo(path);
        assertThat(requests).as("requests to %s", path).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    String placeLimitBuy(String amount, String price) throws Exception {
        return data("trade", "symbol", "BTC_USDT", "type", "buy", "amount", amount, "price", price).path("id").asText();
    }

    static long orderIdOf(String fmzId) {
        return Long.parseLong(fmzId.substring(fmzId.indexOf(',') + 1));
    }

    @Nested
    class MarketData {

        @Test
        void tickerFromThe24hEndpoint() throws Exception {
            JsonNode reply = call("ticker", "symbol", "btc_usdt");
            JsonNode t = reply.path("data");
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("29999.99");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("30000.01");
            assertThat(t.path("high").decimalValue()).isEqualByComparingTo("100000");
            assertThat(t.path("low").decimalValue()).isEqualByComparingTo("0.1");
            assertThat(t.path("open").decimalValue()).isEqualByComparingTo("99");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("30000");
            assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("8913.3");
            assertThat(t.path("time").asLong()).isEqualTo(1499869899040L);
            assertThat(reply.path("raw").path("symbol").asText()).isEqualTo("BTCUSDT");

            StubRequest sent = lastRequest();
            assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v3/ticker/24hr?symbol=BTCUSDT");
            assertThat(sent.headers()).as("public calls carry no credentials").doesNotContainKey("x-mbx-apikey");
        }

        @Test
        void anUnknownSymbolKeepsBinanceCodeAndMessage() throws Exception {
            assertThat(error("ticker", "symbol", "NOPE_USDT")).isEqualTo("Binance: code -1121: Invalid symbol.");
        }

        @Test
        void depthIsLimitedOrderedAndExact() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_USDT", "limit", "3");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/depth?symbol=BTCUSDT&limit=3");
            assertThat(depth.path("asks")).hasSize(3);
            assertThat(depth.path("bids")).hasSize(3);
            assertThat(prices(depth.path("asks"))).isSortedAccordingTo(BigDecimal::compareTo);
            assertThat(prices(depth.path("bids"))).isSortedAccordingTo(Comparator.<BigDecimal>reverseOrder());
            assertThat(prices(depth.path("asks")).get(0)).isGreaterThan(prices(depth.path("bids")).get(0));
            assertThat(depth.path("bids").path(1).path(1).decimalValue()).isEqualByComparingTo("0.00000001");
            assertThat(depth.path("time").asLong()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));

            data("depth", "symbol", "BTC_USDT");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/depth?symbol=BTCUSDT&limit=20");
            data("depth", "symbol", "BTC_USDT", "limit", 10_000);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/depth?symbol=BTCUSDT&limit=5000");
        }

        @Test
        void tradesOldestFirstWithTheTakerSide() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_USDT", "limit", 3);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/trades?symbol=BTCUSDT&limit=3");
            assertThat(trades).hasSize(3);
            List<Long> times = new ArrayList<>();
            trades.forEach(t -> times.add(t.path("time").asLong()));
            assertThat(times).isSorted();
            assertThat(trades.path(0).path("id").asText()).isEqualTo("28455");
            assertThat(trades.path(0).path("type").asText()).as("buyer was taker").isEqualTo("buy");
            assertThat(trades.path(1).path("type").asText()).as("buyer was maker").isEqualTo("sell");
            assertThat(trades.path(2).path("amount").decimalValue()).isEqualTo(new BigDecimal("0.00000123"));
        }

        @Test
        void recordsInSecondsOldestFirstWithTheRightInterval() throws Exception {
            JsonNode bars = data("records", "symbol", "BTC_USDT", "period", "60", "limit", "4");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=4");
            assertThat(bars).hasSize(4);
            List<Long> times = new ArrayList<>();
            bars.forEach(b -> times.add(b.path(0).asLong()));
            assertThat(times).isSorted();
            assertThat(times.get(3)).as("seconds, not ms").isEqualTo(1700000040L);
            assertThat(bars.path(0)).as("[time, open, high, low, close, volume]").hasSize(6);
            assertThat(bars.path(3).path(5).decimalValue()).isEqualTo(new BigDecimal("0.00000123"));

            data("records", "symbol", "BTC_USDT", "period", 1440);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/klines?symbol=BTCUSDT&interval=1d");
            data("records", "symbol", "BTC_USDT", "period", 480, "limit", 5000);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/klines?symbol=BTCUSDT&interval=8h&limit=1000");
        }

        @Test
        void aPeriodWithoutBinanceIntervalIsAClearError() throws Exception {
            assertThat(error("records", "symbol", "BTC_USDT", "period", 7))
                    .startsWith("Binance: period 7 has no Binance kline interval; periods in minutes: [1, 3, 5, 15, 30, 60");
            assertThat(binance.requests()).isEmpty();
        }

        @Test
        void tickersNameEveryPairByItsAssetsNotByGuessing() throws Exception {
            JsonNode tickers = data("tickers");
            assertThat(lastRequestTo("/api/v3/ticker/24hr").rawPathAndQuery())
                    .isEqualTo("/api/v3/ticker/24hr?symbolStatus=TRADING");
            List<String> symbols = new ArrayList<>();
            tickers.forEach(t -> symbols.add(t.path("symbol").asText()));
            assertThat(symbols).contains("BTC_USDT", "ETH_BTC", "USDT_TRY", "BNB_FDUSD").doesNotContain("LUNA_USDT");
            JsonNode usdtTry = find(tickers, "symbol", "USDT_TRY");
            assertThat(usdtTry.path("last").decimalValue()).isEqualByComparingTo("34.12");
        }

        @Test
        void marketsCarryTheFilters() throws Exception {
            JsonNode markets = data("markets");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/exchangeInfo?showPermissionSets=false");
            JsonNode btc = markets.path("BTC_USDT");
            assertThat(btc.path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(btc.path("baseAsset").asText()).isEqualTo("BTC");
            assertThat(btc.path("quoteAsset").asText()).isEqualTo("USDT");
            assertThat(btc.path("tickSize").decimalValue()).isEqualByComparingTo("0.01");
            assertThat(btc.path("amountSize").decimalValue()).isEqualByComparingTo("0.00001");
            assertThat(btc.path("pricePrecision").asInt()).isEqualTo(2);
            assertThat(btc.path("amountPrecision").asInt()).isEqualTo(5);
            assertThat(btc.path("minQty").decimalValue()).isEqualByComparingTo("0.00001");
            assertThat(btc.path("maxQty").decimalValue()).isEqualByComparingTo("9000");
            assertThat(btc.path("minNotional").decimalValue()).isEqualByComparingTo("5");
            assertThat(markets.has("USDT_TRY")).isTrue();
            assertThat(markets.has("LUNA_USDT")).as("not trading").isFalse();
        }
    }

    @Nested
    class SymbolCache {

        @Test
        void exchangeInfoIsNotFetchedOnEveryCall() throws Exception {
            data("tickers");
            binance.clear();
            for (int i = 0; i < 3; i++) {
                data("tickers");
                data("orders");
            }
            assertThat(binance.requestsTo("/api/v3/exchangeInfo")).isEmpty();
        }

        @Test
        void aNewListingRefreshesTheMapOnce() throws Exception {
            data("tickers");
            binance.list(new Listing("PEPEFDUSD", "PEPE", "FDUSD", "TRADING", "0.00000001", "1.00000000", "1.00000000",
                    "1.00000000", "0.00001"));
            binance.clear();

            JsonNode tickers = data("tickers");
            assertThat(find(tickers, "symbol", "PEPE_FDUSD").path("last").decimalValue()).isEqualByComparingTo("0.00001");
            assertThat(binance.requestsTo("/api/v3/exchangeInfo")).hasSize(1);
            data("tickers");
            assertThat(binance.requestsTo("/api/v3/exchangeInfo")).as("known now").hasSize(1);
        }

        @Test
        void aFailedReloadServesOnWithTheSymbolsKnown() throws Exception {
            data("tickers");
            binance.list(new Listing("WIFUSDC", "WIF", "USDC", "TRADING", "0.00010000", "0.01000000", "0.01000000",
                    "1.00000000", "2.5"));
            binance.failNext("/api/v3/exchangeInfo", new Fault.Status(503, "<html>down</html>"));
            List<String> symbols = new ArrayList<>();
            data("tickers").forEach(t -> symbols.add(t.path("symbol").asText()));
            assertThat(symbols).contains("BTC_USDT").doesNotContain("WIF_USDC");

            assertThat(find(data("tickers"), "symbol", "WIF_USDC").path("last").decimalValue()).isEqualByComparingTo("2.5");
        }
    }

    @Nested
    class Account {

        @Test
        void accountsAndAssetsAreSignedAndExact() throws Exception {
            for (String method : new String[] {"accounts", "assets"}) {
                JsonNode balances = data(method);
                StubRequest sent = lastRequest();
                assertThat(sent.rawPathAndQuery()).matches("/api/v3/account\\?omitZeroBalances=true&" + SIGNED_TAIL);
                assertThat(sent.header("X-MBX-APIKEY")).isEqualTo(KEY);
                JsonNode usdt = find(balances, "currency", "USDT");
                assertThat(usdt.path("free").decimalValue()).isEqualByComparingTo("4834.31");
                assertThat(usdt.path("frozen").decimalValue()).isEqualByComparingTo("158.573");
                assertThat(find(balances, "currency", "BTC").path("free").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
                assertThat(balances).hasSize(2);
                String wire = bridge.post("/Binance", envelope(method, KEY, SECRET).toString(), Map.of()).body();
                assertThat(wire).as("plain notation on the wire").contains("\"free\":0.00000001");
            }
        }

        @Test
        void aWrongSecretKeepsBinanceCode() throws Exception {
            JsonNode reply = bridge.call("/Binance", envelope("accounts", KEY, "0000" + SECRET.substring(4)));
            assertThat(reply.path("error").asText()).isEqualTo("Binance: code -1022: Signature for this request is not valid.");
        }

        @Test
        void anUnknownKeyKeepsBinanceCode() throws Exception {
            JsonNode reply = bridge.call("/Binance", envelope("accounts", "nobody", SECRET));
            assertThat(reply.path("error").asText()).isEqualTo("Binance: code -2015: Invalid API-key, IP, or permissions for action.");
        }

        @Test
        void aSecretWithAPassphraseIsRefusedBeforeAnyCall() throws Exception {
            JsonNode reply = bridge.call("/Binance", envelope("accounts", KEY, SECRET + ",phrase"));
            assertThat(reply.path("error").asText())
                    .isEqualTo("Binance: secret_key for Binance is the plain API secret, without a passphrase or commas");
            assertThat(binance.requests()).isEmpty();
        }

        @Test
        void aClockAheadOfBinanceIsExplained() throws Exception {
            binance.useClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-2)));
            assertThat(error("accounts")).isEqualTo("Binance: code -1021: Timestamp for this request was 1000ms ahead"
                    + " of the server's time. (check this machine's clock: Binance accepts a timestamp at most 1 s"
                    + " ahead of its own time and at most recvWindow behind)");
            binance.useClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(6)));
            assertThat(error("accounts")).startsWith("Binance: code -1021: Timestamp for this request is outside of the recvWindow.");
            binance.useClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(4)));
            assertThat(data("accounts")).as("within recvWindow").hasSize(2);
        }
    }

    @Nested
    class Orders {

        @Test
        void limitOrderAmountsReachBinanceExactly() throws Exception {
            String id = data("trade", "symbol", "BTC_USDT", "type", "buy", "amount", new BigDecimal("0.001"),
                    "price", "30000.5").path("id").asText();
            assertThat(id).matches("BTCUSDT,\\d+");
            StubRequest sent = lastRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.rawPathAndQuery()).matches("/api/v3/order\\?symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC"
                    + "&quantity=0\\.001&price=30000\\.5&newClientOrderId=fmz[0-9a-f]{32}&newOrderRespType=RESULT&" + SIGNED_TAIL);
            assertThat(sent.body()).isEmpty();
            Map<String, String> placed = binance.placedOrders().get(binance.placedOrders().size() - 1);
            assertThat(placed).containsEntry("quantity", "0.001").containsEntry("price", "30000.5");
        }

        @Test
        void marketBuySpendsQuoteAndMarketSellSellsBase() throws Exception {
            String buy = data("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "100", "price", -1).path("id").asText();
            Map<String, String> sent = binance.placedOrders().get(binance.placedOrders().size() - 1);
            assertThat(sent).containsEntry("type", "MARKET").containsEntry("quoteOrderQty", "100")
                    .doesNotContainKeys("quantity", "price", "timeInForce");
            JsonNode filled = data("order", "id", buy);
            assertThat(filled.path("status").asText()).isEqualTo("filled");
            assertThat(filled.path("deal_amount").decimalValue()).isEqualByComparingTo("0.00333");
            assertThat(filled.path("avg_price").decimalValue()).isEqualByComparingTo("30000");

            data("trade", "symbol", "BTC_USDT", "type", "sell", "amount", "0.5", "price", "-1");
            sent = binance.placedOrders().get(binance.placedOrders().size() - 1);
            assertThat(sent).containsEntry("type", "MARKET").containsEntry("quantity", "0.5")
                    .doesNotContainKeys("quoteOrderQty", "price", "timeInForce");
        }

        @Test
        void badOrderParametersNeverReachBinance() throws Exception {
            assertThat(error("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0", "price", "1"))
                    .isEqualTo("Binance: amount must be positive, got 0");
            assertThat(error("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "0"))
                    .isEqualTo("Binance: price must be positive, or -1 for a market order; got 0");
            assertThat(error("trade", "symbol", "BTC_USDT", "type", "hold", "amount", "1", "price", "1"))
                    .isEqualTo("Binance: type must be 'buy' or 'sell', got 'hold'");
            assertThat(error("trade", "symbol", "BTC_USDT", "type", "buy", "price", "1"))
                    .isEqualTo("Binance: missing parameter 'amount'");
            assertThat(binance.requests()).isEmpty();
        }

        @Test
        void aRejectedOrderKeepsBinanceCodeAndMessage() throws Exception {
            binance.rejectNextOrder(400, -2010, "Account has insufficient balance for requested action.");
            assertThat(error("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "30000"))
                    .isEqualTo("Binance: code -2010: Account has insufficient balance for requested action.");
            assertThat(error("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.000001", "price", "30000"))
                    .isEqualTo("Binance: code -1013: Filter failure: LOT_SIZE");
        }

        @Test
        void anOrderThroughItsLife() throws Exception {
            String id = placeLimitBuy("0.02", "25000");
            long orderId = orderIdOf(id);

            JsonNode order = data("order", "id", id, "symbol", "BTC_USDT");
            assertThat(lastRequestTo("/api/v3/order").rawPathAndQuery())
                    .matches("/api/v3/order\\?symbol=BTCUSDT&orderId=" + orderId + "&" + SIGNED_TAIL);
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("25000");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("status").asText()).isEqualTo("pending");

            assertThat(ids(data("orders", "symbol", "BTC_USDT"))).contains(id);
            assertThat(lastRequestTo("/api/v3/openOrders").rawPathAndQuery())
                    .matches("/api/v3/openOrders\\?symbol=BTCUSDT&" + SIGNED_TAIL);
            assertThat(ids(data("orders"))).as("every symbol").contains(id);

            binance.fill(orderId, "0.005", "124.9975");
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.005");
            assertThat(order.path("avg_price").decimalValue()).isEqualTo(new BigDecimal("24999.5"));

            assertThat(data("cancel", "id", id, "symbol", "BTC_USDT").asBoolean()).isTrue();
            StubRequest cancel = lastRequest();
            assertThat(cancel.method()).isEqualTo("DELETE");
            assertThat(cancel.rawPathAndQuery()).matches("/api/v3/order\\?symbol=BTCUSDT&orderId=" + orderId + "&" + SIGNED_TAIL);

            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-canceled");
            assertThat(ids(data("orders", "symbol", "BTC_USDT"))).doesNotContain(id);
            assertThat(ids(data("historyorders", "symbol", "BTC_USDT", "limit", 0, "since", 0))).contains(id);
            assertThat(lastRequestTo("/api/v3/allOrders").rawPathAndQuery())
                    .matches("/api/v3/allOrders\\?symbol=BTCUSDT&" + SIGNED_TAIL);

            assertThat(error("cancel", "id", id)).isEqualTo("Binance: code -2011: Unknown order sent.");
        }

        @Test
        void endedOrdersMapToFmzStatuses() throws Exception {
            String filled = placeLimitBuy("0.01", "20000");
            binance.fill(orderIdOf(filled), "0.01", "200");
            assertThat(data("order", "id", filled).path("status").asText()).isEqualTo("filled");

            String canceled = placeLimitBuy("0.01", "20000");
            data("cancel", "id", canceled);
            assertThat(data("order", "id", canceled).path("status").asText()).isEqualTo("canceled");

            String expired = placeLimitBuy("0.01", "20000");
            binance.end(orderIdOf(expired), "EXPIRED");
            assertThat(data("order", "id", expired).path("status").asText()).isEqualTo("canceled");

            String partlyExpired = placeLimitBuy("0.01", "20000");
            binance.fill(orderIdOf(partlyExpired), "0.003", "60.00000001");
            binance.end(orderIdOf(partlyExpired), "EXPIRED_IN_MATCH");
            JsonNode order = data("order", "id", partlyExpired);
            assertThat(order.path("status").asText()).isEqualTo("partial-canceled");
            assertThat(order.path("avg_price").decimalValue()).as("16 significant digits, half-even")
                    .isEqualTo(new BigDecimal("20000.00000333333"));
        }

        @Test
        void historyNeedsASymbolAndTakesSinceAndLimit() throws Exception {
            assertThat(error("historyorders", "limit", 0, "since", 0))
                    .isEqualTo("Binance: historyorders needs a symbol on Binance (its allOrders endpoint requires one), e.g. BTC_USDT");
            assertThat(binance.requests()).isEmpty();

            data("historyorders", "symbol", "BTC_USDT", "limit", "5000", "since", "1700000000000");
            assertThat(lastRequestTo("/api/v3/allOrders").rawPathAndQuery())
                    .matches("/api/v3/allOrders\\?symbol=BTCUSDT&startTime=1700000000000&limit=1000&" + SIGNED_TAIL);
        }

        @Test
        void aBareOrderIdTakesTheSymbol() throws Exception {
            String id = placeLimitBuy("0.01", "20000");
            assertThat(data("order", "id", String.valueOf(orderIdOf(id)), "symbol", "BTC_USDT").path("id").asText()).isEqualTo(id);
            assertThat(error("order", "id", "not an id!")).isEqualTo("Binance: order id must look like BTCUSDT,28");
            assertThat(error("order", "id", "123")).isEqualTo("Binance: missing parameter 'symbol' (expected BASE_QUOTE like BTC_USDT)");
        }

        @Test
        void anUnknownOrderKeepsBinanceCode() throws Exception {
            assertThat(error("order", "id", "BTCUSDT,1")).isEqualTo("Binance: code -2013: Order does not exist.");
        }

        @Test
        void anOrderOnANewListingIsNamedAfterARefresh() throws Exception {
            data("tickers");
            binance.list(new Listing("DOGEEUR", "DOGE", "EUR", "TRADING", "0.00001000", "1.00000000", "1.00000000",
                    "5.00000000", "0.15"));
            binance.clear();
            String id = data("trade", "symbol", "DOGE_EUR", "type", "buy", "amount", "100", "price", "0.15").path("id").asText();
            assertThat(id).startsWith("DOGEEUR,");
            assertThat(data("order", "id", id).path("symbol").asText()).isEqualTo("DOGE_EUR");
            assertThat(binance.requestsTo("/api/v3/exchangeInfo")).hasSize(1);
        }
    }

    @Nested
    class UnknownOutcomes {

        private String clientIdOfLastPlacement() {
            List<StubRequest> placements = binance.requestsTo("/api/v3/order").stream()
                    .filter(r -> r.method().equals("POST")).toList();
            return placements.get(placements.size() - 1).rawQuery().replaceAll(".*newClientOrderId=(fmz[0-9a-f]+).*", "$1");
        }

        @Test
        void binance5xxOnPlacementIsLookedUpThenReportedUnknown() throws Exception {
            binance.failNext("/api/v3/order", new Fault.Status(503,
                    "{\"code\":-1001,\"msg\":\"Internal error; unable to process your request. Please try again.\"}"));
            String error = error("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.01", "price", "20000");
            assertThat(error).isEqualTo("Binance: order outcome unknown (HTTP 503 from the exchange): no order with client order id "
                    + clientIdOfLastPlacement() + " is visible yet; check GetOrders before placing it again");
            assertThat(binance.requests()).as("looked up by origClientOrderId")
                    .anyMatch(r -> r.method().equals("GET") && r.rawQuery().contains("origClientOrderId=" + clientIdOfLastPlacement()));
        }

        @Test
        void aBackendTimeoutOnPlacementIsLookedUpThenReportedUnknown() throws Exception {
            binance.rejectNextOrder(408, -1007, "Timeout waiting for response from backend server. Send status unknown;"
                    + " execution status unknown.");
            assertThat(error("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.01", "price", "20000"))
                    .startsWith("Binance: order outcome unknown (code -1007: Timeout waiting for response from backend server.");
        }

        @Test
        void aLostReplyToAPlacementIsFoundByItsClientOrderId() throws Exception {
            binance.failNext("/api/v3/order", new Fault.ReplyLost());
            String id = data("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.01", "price", "20000").path("id").asText();
            assertThat(id).startsWith("BTCUSDT,");
            assertThat(binance.placedOrders()).as("placed once, found, never placed again")
                    .filteredOn(o -> clientIdOfLastPlacement().equals(o.get("newClientOrderId"))).hasSize(1);
        }

        @Test
        void anOrderLandingAfterTheBridgeGaveUpIsNamedByItsClientOrderId() throws Exception {
            binance.failNext("/api/v3/order", new Fault.Delay(RESPONSE_TIMEOUT_MS + 3000));
            String error = error("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.01", "price", "20000");
            assertThat(error).startsWith("Binance: order outcome unknown (no complete reply from the exchange): no order with client order id fmz");
            String clientId = error.replaceAll(".*client order id (fmz[0-9a-f]+).*", "$1");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (binance.placedOrders().stream().noneMatch(o -> clientId.equals(o.get("newClientOrderId")))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(binance.placedOrders()).as("it did land, under the id the error named")
                    .anySatisfy(o -> assertThat(o).containsEntry("newClientOrderId", clientId));
        }

        @Test
        void binance5xxOnCancelSaysTheOutcomeIsUnknown() throws Exception {
            String id = placeLimitBuy("0.01", "20000");
            binance.failNext("/api/v3/order", new Fault.Status(500, "{\"code\":-1000,\"msg\":\"An unknown error occurred while processing the request.\"}"));
            assertThat(error("cancel", "id", id)).isEqualTo("Binance: HTTP 500 (code -1000: An unknown error occurred while"
                    + " processing the request.): outcome unknown, DELETE /api/v3/order may or may not have taken effect;"
                    + " check before repeating it");
        }
    }

    @Nested
    class ExchangeIo {

        @Test
        void privateCallsAreSignedWithTheirParamsInTheQuery() throws Exception {
            JsonNode reply = bridge.call("/Binance", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/api/v3/account", KEY, SECRET, "omitZeroBalances", "true")), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).matches("/api/v3/account\\?omitZeroBalances=true&" + SIGNED_TAIL);
            assertThat(reply.path("data").path("accountType").asText()).as("Binance's own JSON").isEqualTo("SPOT");
        }

        @Test
        void aPostSendsItsParamsInTheSignedQueryNotAsJson() throws Exception {
            JsonNode reply = bridge.call("/Binance", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/api/v3/order", KEY, SECRET, "symbol", "ETHBTC", "side", "SELL", "type", "LIMIT",
                            "timeInForce", "GTC", "quantity", "0.1", "price", "0.05")), Map.of("Http-Method", "POST"));
            StubRequest sent = lastRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.body()).isEmpty();
            assertThat(sent.rawPathAndQuery()).matches("/api/v3/order\\?symbol=ETHBTC&side=SELL&type=LIMIT&timeInForce=GTC"
                    + "&quantity=0\\.1&price=0\\.05&" + SIGNED_TAIL);
            assertThat(reply.path("data").path("orderId").asLong()).isPositive();
        }

        @Test
        void publicMarketDataGoesUnsigned() throws Exception {
            JsonNode reply = bridge.call("/Binance", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/api/v3/depth", KEY, SECRET, "symbol", "BTCUSDT", "limit", "2")), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/depth?symbol=BTCUSDT&limit=2");
            assertThat(lastRequest().headers()).doesNotContainKey("x-mbx-apikey");
            assertThat(reply.path("data").path("bids")).hasSize(2);
        }
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("Binance", "GET /api/v3/ticker/24hr",
                    Arguments.of(new Fault.Status(429, "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 6000 request weight per 1 MINUTE.\"}"),
                            "Binance: code -1003: Too much request weight used; current limit is 6000 request weight per 1 MINUTE."
                                    + " (HTTP 429: rate limit hit, back off before calling again)"),
                    Arguments.of(new Fault.Status(418, "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until 1700000000000.\"}"),
                            "Binance: code -1003: Way too much request weight used; IP banned until 1700000000000."
                                    + " (HTTP 418: this IP is banned for calling on after HTTP 429)"),
                    Arguments.of(new Fault.Status(503, "{\"message\":\"maintenance\"}"),
                            "Binance: HTTP 503 from exchange without a Binance error code"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String error) throws Exception {
            binance.failNext("/api/v3/ticker/24hr", fault);
            assertThat(error("ticker", "symbol", "BTC_USDT")).startsWith(error);
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/api/v3/account", "GET /api/v3/account", "accounts");
        }

        @Test
        void unsupportedMethodsSaySo() throws Exception {
            assertThat(error("positions")).isEqualTo("Binance: method 'positions' is not supported");
            assertThat(binance.requests()).isEmpty();
        }

        @Test
        void theBridgeServesOnAfterFailures() throws Exception {
            binance.failNext("/api/v3/ticker/24hr", new Fault.Reset());
            binance.failNext("/api/v3/ticker/24hr", new Fault.NotJson());
            call("ticker", "symbol", "BTC_USDT");
            call("ticker", "symbol", "BTC_USDT");
            assertThat(data("ticker", "symbol", "BTC_USDT").path("last").decimalValue()).isEqualByComparingTo("30000");
        }
    }

    @Test
    void concurrentCallsAreServedInParallel() throws Exception {
        int calls = 8;
        long delay = 400;
        binance.failNext("/api/v3/account", calls, new Fault.Delay(delay));
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
            List<Future<JsonNode>> replies = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                replies.add(pool.submit(() -> data("accounts")));
            }
            for (Future<JsonNode> reply : replies) {
                assertThat(find(reply.get(), "currency", "USDT").path("free").decimalValue()).isEqualByComparingTo("4834.31");
            }
            // measured at the stub, not by the wall clock: a loaded machine slows every call alike
            assertThat(binance.mostInFlight("/api/v3/account")).as("%d calls of %d ms each, in parallel", calls, delay)
                    .isGreaterThanOrEqualTo(calls / 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noSecretReachesRepliesHeadersOrLogs() throws Exception {
        Exposure seen = exposureOf(() -> {
            String id = placeLimitBuy("0.01", "20000");
            binance.failNext("/api/v3/account", new Fault.Status(500, "oops"));
            binance.failNext("/api/v3/order", new Fault.Reset());
            return List.of(
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, "wrong-" + SECRET),
                    envelope("accounts", KEY, SECRET + ",x"),
                    envelope("order", KEY, SECRET, "id", id),
                    envelope("trade", KEY, SECRET, "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "1"),
                    envelope("cancel", KEY, SECRET, "id", id),
                    envelope("__api_/api/v3/account", KEY, SECRET));
        });
        List<String> signatures = binance.requests().stream()
                .map(r -> StubRequestParams.signature(r.rawQuery())).filter(s -> s != null).toList();
        assertThat(signatures).isNotEmpty();
        seen.showsNone(SECRET);
        seen.showsNone(signatures);
    }

    /** The signature parameter of a raw query, or null. */
    static final class StubRequestParams {
        static String signature(String rawQuery) {
            for (String pair : rawQuery.split("&")) {
                if (pair.startsWith("signature=")) {
                    return pair.substring("signature=".length());
                }
            }
            return null;
        }
    }
}
