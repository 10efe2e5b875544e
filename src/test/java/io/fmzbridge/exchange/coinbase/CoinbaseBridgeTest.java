package io.fmzbridge.exchange.coinbase;

import static io.fmzbridge.RunningBridge.envelope;
import static io.fmzbridge.exchange.coinbase.CoinbaseTestKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.LogCapture;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge end to end against a local Coinbase that checks every JWT as Coinbase does (signature
 * with the registered public key, the uri claim against the request it came with, the nbf/exp
 * window, a fresh token each time): each FMZ spot method, each failure class, and no secret escaping.
 */
class CoinbaseBridgeTest extends ExchangeBridgeTest {

    /** FMZ's Secret Key field is one line: the EC PEM with literal \n. */
    static final String EC_SECRET = oneLine(EC_PEM);
    static final long RESPONSE_TIMEOUT_MS = 1500;

    CoinbaseStub coinbase;

    CoinbaseBridgeTest() {
        super("Coinbase", EC_KEY_NAME, EC_SECRET);
    }

    @Override
    protected CoinbaseStub startStub() throws Exception {
        coinbase = new CoinbaseStub();
        coinbase.addEcKey(EC_KEY_NAME, ecPublicKey());
        coinbase.addEd25519Key(ED_KEY_NAME, edPublicKey());
        return coinbase;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.coinbase.base-url", coinbase.baseUrl(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                "fmz.call.rate-limit-enabled", "false",
                "fmz.call.rate-limit-pause-ms", "0",
                "fmz.order.lookup-pause-ms", "50",
                // the breaker has its own tests; here the failure tests would open it for the rest
                "fmz.breaker.window-calls", "1000",
                "fmz.breaker.minimum-calls", "1000");
    }

    @BeforeAll
    void firstJwt() throws Exception {
        // the first JWT of a JVM takes a second or two; the timing tests must not pay for it
        data("accounts");
    }

    @BeforeEach
    void realClock() {
        coinbase.useClock(Clock.systemUTC());
    }

    JsonNode lastBody() throws Exception {
        return RunningBridge.JSON.readTree(lastRequest().body());
    }

    String placeLimitBuy(String amount, String price) throws Exception {
        return data("trade", "symbol", "BTC_USD", "type", "buy", "amount", amount, "price", price).path("id").asText();
    }

    static String orderIdOf(String fmzId) {
        return fmzId.substring(fmzId.indexOf(',') + 1);
    }

    @Nested
    class MarketData {

        @Test
        void tickerJoinsTheLastTradeWithTheDaysHourlyBars() throws Exception {
            JsonNode reply = call("ticker", "symbol", "btc_usd");
            JsonNode t = reply.path("data");
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_USD");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("66367.58");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("66367.59");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("66363.03");
            assertThat(t.path("time").asLong()).isEqualTo(1713952598063L);
            assertThat(t.path("high").decimalValue()).isBetween(new BigDecimal("110"), new BigDecimal("110.6"));
            assertThat(t.path("low").decimalValue()).isBetween(new BigDecimal("100"), new BigDecimal("100.6"));
            assertThat(t.path("open").decimalValue()).isGreaterThan(BigDecimal.ZERO);
            assertThat(t.path("vol").decimalValue().scale()).as("summed exactly").isEqualTo(8);
            assertThat(reply.path("raw").path("ticker").path("best_bid").asText()).isEqualTo("66367.58");

            List<StubRequest> sent = coinbase.requests();
            assertThat(sent).hasSize(2);
            assertThat(sent.get(0).rawPathAndQuery()).isEqualTo("/api/v3/brokerage/market/products/BTC-USD/ticker?limit=1");
            assertThat(sent.get(1).rawPathAndQuery()).matches("/api/v3/brokerage/market/products/BTC-USD/candles\\?start=\\d+&end=\\d+&granularity=ONE_HOUR");
            assertThat(sent.get(0).headers()).as("public calls carry no JWT").doesNotContainKey("authorization");
        }

        @Test
        void anUnknownProductKeepsCoinbasesError() throws Exception {
            assertThat(error("ticker", "symbol", "NOPE_USD")).isEqualTo("Coinbase: INVALID_ARGUMENT: ProductID is invalid (HTTP 400)");
        }

        @Test
        void depthIsLimitedOrderedAndExact() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_USD", "limit", "3");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/brokerage/market/product_book?product_id=BTC-USD&limit=3");
            assertThat(depth.path("asks")).hasSize(3);
            assertThat(depth.path("bids")).hasSize(3);
            assertThat(prices(depth.path("asks"))).isSortedAccordingTo(BigDecimal::compareTo);
            assertThat(prices(depth.path("bids"))).isSortedAccordingTo(Comparator.<BigDecimal>reverseOrder());
            assertThat(depth.path("asks").path(0).path(1).decimalValue()).isEqualByComparingTo("0.0487765");
            assertThat(depth.path("time").asLong()).isEqualTo(1688097760533L);
        }

        @Test
        void tradesOldestFirst() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_USD", "limit", 4);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/brokerage/market/products/BTC-USD/ticker?limit=4");
            assertThat(trades).hasSize(4);
            List<Long> times = new ArrayList<>();
            trades.forEach(t -> times.add(t.path("time").asLong()));
            assertThat(times).isSorted();
            assertThat(trades.path(3).path("id").asText()).isEqualTo("635541194");
            assertThat(trades.path(3).path("amount").decimalValue()).isEqualTo(new BigDecimal("0.03720194"));
            assertThat(trades.path(3).path("type").asText()).isEqualTo("buy");
        }

        @Test
        void recordsInSecondsOldestFirstAtMostLimit() throws Exception {
            JsonNode bars = data("records", "symbol", "BTC_USD", "period", "60", "limit", "5");
            assertThat(lastRequest().rawPathAndQuery())
                    .matches("/api/v3/brokerage/market/products/BTC-USD/candles\\?start=\\d+&end=\\d+&granularity=ONE_HOUR&limit=5");
            assertThat(bars).hasSize(5);
            List<Long> times = new ArrayList<>();
            bars.forEach(b -> times.add(b.path(0).asLong()));
            assertThat(times).isSorted();
            assertThat(times.get(4) - times.get(0)).isEqualTo(4 * 3600);
            assertThat(times.get(4)).as("the bar in progress, in seconds").isGreaterThan(System.currentTimeMillis() / 1000 - 3600)
                    .isLessThan(10_000_000_000L);
            assertThat(bars.path(0)).hasSize(6);
            assertThat(bars.path(0).path(5).decimalValue()).isEqualTo(new BigDecimal("0.00000001"));

            assertThat(data("records", "symbol", "BTC_USD", "period", 1440)).hasSizeLessThanOrEqualTo(300);
            assertThat(lastRequest().rawQuery()).contains("granularity=ONE_DAY").endsWith("limit=300");
        }

        @Test
        void aPeriodWithoutGranularityIsAClearError() throws Exception {
            assertThat(error("records", "symbol", "BTC_USD", "period", 3))
                    .isEqualTo("Coinbase: period 3 has no Coinbase granularity; periods in minutes: [1, 5, 15, 30, 60, 120, 240, 360, 1440]");
            assertThat(coinbase.requests()).isEmpty();
        }

        @Test
        void tickersTakeBidAndAskFromTheSignedBestBidAsk() throws Exception {
            JsonNode tickers = data("tickers");
            assertThat(coinbase.requests().get(0).rawPathAndQuery()).isEqualTo("/api/v3/brokerage/market/products?product_type=SPOT");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/brokerage/best_bid_ask");
            JsonNode eth = find(tickers, "symbol", "ETH_USD");
            assertThat(eth.path("buy").decimalValue()).isEqualByComparingTo("3100.4");
            assertThat(eth.path("sell").decimalValue()).isEqualByComparingTo("3100.6");
            assertThat(eth.path("last").decimalValue()).isEqualByComparingTo("3100.5");
            assertThat(find(tickers, "symbol", "BTC_USD").path("vol").decimalValue()).isEqualTo(new BigDecimal("7654.32100001"));
        }

        @Test
        void marketsCarryTickLotAndMinimums() throws Exception {
            JsonNode eth = data("markets").path("ETH_USD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/brokerage/market/products?product_type=SPOT");
            assertThat(eth.path("baseAsset").asText()).isEqualTo("ETH");
            assertThat(eth.path("quoteAsset").asText()).isEqualTo("USD");
            assertThat(eth.path("tickSize").decimalValue()).isEqualByComparingTo("0.01");
            assertThat(eth.path("amountSize").decimalValue()).isEqualByComparingTo("0.00000001");
            assertThat(eth.path("pricePrecision").asInt()).isEqualTo(2);
            assertThat(eth.path("amountPrecision").asInt()).isEqualTo(8);
            assertThat(eth.path("minQty").decimalValue()).isEqualByComparingTo("0.00001");
            assertThat(eth.path("minNotional").decimalValue()).isEqualByComparingTo("1");
        }
    }

    @Nested
    class Account {

        @Test
        void accountsAndAssetsAreSignedAndExact() throws Exception {
            for (String method : new String[] {"accounts", "assets"}) {
                coinbase.clear();
                JsonNode balances = data(method);
                assertThat(coinbase.requests().get(0).rawPathAndQuery()).isEqualTo("/api/v3/brokerage/accounts?limit=250");
                assertThat(lastRequest().header("Authorization")).startsWith("Bearer ");
                JsonNode usd = find(balances, "currency", "USD");
                assertThat(usd.path("free").decimalValue()).isEqualByComparingTo("4834.31");
                assertThat(usd.path("frozen").decimalValue()).isEqualByComparingTo("158.573");
                assertThat(find(balances, "currency", "BTC").path("free").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
            }
            String wire = bridge.post("/Coinbase", envelope("accounts", EC_KEY_NAME, EC_SECRET).toString(), Map.of()).body();
            assertThat(wire).as("plain notation on the wire").contains("\"free\":0.00000001");
        }

        @Test
        void accountsOnSeveralPagesAllComeBack() throws Exception {
            JsonNode reply = call("accounts");
            List<StubRequest> pages = coinbase.requestsTo("/api/v3/brokerage/accounts");
            assertThat(pages).extracting(StubRequest::rawPathAndQuery).containsExactly(
                    "/api/v3/brokerage/accounts?limit=250", "/api/v3/brokerage/accounts?limit=250&cursor=3f9c1a7e-after-2");
            assertThat(pages.get(1).header("Authorization")).as("a JWT of its own").isNotEqualTo(pages.get(0).header("Authorization"));
            assertThat(reply.path("data").findValuesAsText("currency")).containsExactly("USD", "BTC", "USDC");
            assertThat(find(reply.path("data"), "currency", "USDC").path("free").decimalValue()).isEqualByComparingTo("0");
            assertThat(reply.path("raw").path("accounts")).as("raw holds every page's accounts").hasSize(3);
            assertThat(reply.path("raw").path("has_next").asBoolean()).isFalse();
        }

        @Test
        void aPageThatPromisesMoreWithoutACursorIsAnErrorNotALoop() throws Exception {
            coinbase.failNext("/api/v3/brokerage/accounts", new Fault.Status(200,
                    "{\"accounts\":[],\"has_next\":true,\"cursor\":\"\",\"size\":0}"));
            assertThat(error("accounts")).isEqualTo("Coinbase: Coinbase said more accounts follow but gave no new cursor (page 1)");
            assertThat(coinbase.requestsTo("/api/v3/brokerage/accounts")).hasSize(1);
        }

        @Test
        void anEd25519KeySignsEdDsa() throws Exception {
            JsonNode reply = bridge.call("/Coinbase", envelope("accounts", ED_KEY_NAME, ED_SECRET));
            assertThat(reply.has("data")).as("%s", reply).isTrue();
            CoinbaseJwt jwt = CoinbaseJwt.parse(lastRequest().header("Authorization").substring(7));
            assertThat(jwt.header().path("alg").asText()).isEqualTo("EdDSA");
            assertThat(jwt.claims().path("uri").asText())
                    .isEqualTo("GET " + coinbase.baseUrl().substring(7) + "/api/v3/brokerage/accounts");
        }

        @Test
        void aKeyCoinbaseDoesNotKnowIsUnauthorized() throws Exception {
            JsonNode reply = bridge.call("/Coinbase", envelope("accounts", "organizations/x/apiKeys/unknown", EC_SECRET));
            assertThat(reply.path("error").asText()).startsWith("Coinbase: HTTP 401 Unauthorized: Coinbase refused the request's JWT");
            JsonNode wrongKey = bridge.call("/Coinbase", envelope("accounts", ED_KEY_NAME, oneLine(ED_PKCS8_PEM)));
            assertThat(wrongKey.path("error").asText()).startsWith("Coinbase: HTTP 401 Unauthorized");
        }

        @Test
        void aTokenOutsideItsTimeWindowIsUnauthorized() throws Exception {
            coinbase.useClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3)));
            assertThat(error("accounts")).startsWith("Coinbase: HTTP 401 Unauthorized");
            coinbase.useClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1)));
            assertThat(error("accounts")).as("not valid before nbf").startsWith("Coinbase: HTTP 401 Unauthorized");
        }

        @Test
        void anUnusableSecretIsRefusedBeforeAnyCall() throws Exception {
            JsonNode reply = bridge.call("/Coinbase", envelope("accounts", EC_KEY_NAME, "hunter2!"));
            assertThat(reply.path("error").asText()).startsWith("Coinbase: secret_key must be the API key's private key");
            assertThat(coinbase.requests()).isEmpty();
        }
    }

    @Nested
    class Orders {

        @Test
        void aLimitOrderReachesCoinbaseExactly() throws Exception {
            String id = data("trade", "symbol", "BTC_USD", "type", "buy", "amount", new BigDecimal("0.001"),
                    "price", "30000.5").path("id").asText();
            assertThat(id).matches("BTC-USD,[0-9a-f-]{36}");
            StubRequest sent = lastRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v3/brokerage/orders");
            JsonNode body = lastBody();
            assertThat(body.path("product_id").asText()).isEqualTo("BTC-USD");
            assertThat(body.path("side").asText()).isEqualTo("BUY");
            assertThat(body.path("client_order_id").asText()).matches("fmz[0-9a-f]{29}");
            JsonNode limit = body.path("order_configuration").path("limit_limit_gtc");
            assertThat(limit.path("base_size").asText()).isEqualTo("0.001");
            assertThat(limit.path("limit_price").asText()).isEqualTo("30000.5");
            assertThat(limit.path("post_only").asBoolean(true)).isFalse();
        }

        @Test
        void marketBuySpendsQuoteSizeAndMarketSellSellsBaseSize() throws Exception {
            data("trade", "symbol", "BTC_USD", "type", "buy", "amount", "100", "price", -1);
            JsonNode buy = lastBody().path("order_configuration");
            assertThat(buy.path("market_market_ioc").path("quote_size").asText()).isEqualTo("100");
            assertThat(buy.path("market_market_ioc").has("base_size")).isFalse();

            String sell = data("trade", "symbol", "BTC_USD", "type", "sell", "amount", "0.5", "price", "-1").path("id").asText();
            assertThat(lastBody().path("order_configuration").path("market_market_ioc").path("base_size").asText()).isEqualTo("0.5");
            assertThat(lastBody().path("side").asText()).isEqualTo("SELL");
            JsonNode reply = call("order", "id", sell);
            assertThat(reply.path("raw").path("order").path("time_in_force").asText())
                    .as("Coinbase's market orders are immediate-or-cancel").isEqualTo("IMMEDIATE_OR_CANCEL");
            JsonNode order = reply.path("data");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.5");
            assertThat(order.path("type").asText()).isEqualTo("sell");
        }

        @Test
        void aRefusedOrderWithHttp200IsAnErrorKeepingCoinbasesReason() throws Exception {
            coinbase.rejectNextOrder("INSUFFICIENT_FUND", "Insufficient balance in source account", "UNKNOWN_FAILURE_REASON");
            assertThat(error("trade", "symbol", "BTC_USD", "type", "buy", "amount", "1", "price", "1"))
                    .isEqualTo("Coinbase: order refused: INSUFFICIENT_FUND: Insufficient balance in source account (UNKNOWN_FAILURE_REASON)");
            assertThat(coinbase.placedOrders()).isEmpty();
        }

        @Test
        void badOrderParametersNeverReachCoinbase() throws Exception {
            assertThat(error("trade", "symbol", "BTC_USD", "type", "buy", "amount", "0", "price", "1"))
                    .isEqualTo("Coinbase: amount must be positive, got 0");
            assertThat(error("trade", "symbol", "BTC_USD", "type", "hold", "amount", "1", "price", "1"))
                    .isEqualTo("Coinbase: type must be 'buy' or 'sell', got 'hold'");
            assertThat(coinbase.requests()).isEmpty();
        }

        @Test
        void anOrderThroughItsLife() throws Exception {
            String id = placeLimitBuy("0.02", "25000");
            String orderId = orderIdOf(id);

            JsonNode order = data("order", "id", id, "symbol", "BTC_USD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/brokerage/orders/historical/" + orderId);
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("symbol").asText()).isEqualTo("BTC_USD");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("25000");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("status").asText()).isEqualTo("pending");

            assertThat(ids(data("orders", "symbol", "BTC_USD"))).contains(id);
            assertThat(lastRequest().rawPathAndQuery())
                    .isEqualTo("/api/v3/brokerage/orders/historical/batch?order_status=OPEN&product_ids=BTC-USD");

            coinbase.fill(orderId, "0.005", "24999.5", "OPEN");
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.005");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("24999.5");

            assertThat(data("cancel", "id", id, "symbol", "BTC_USD").asBoolean()).isTrue();
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/brokerage/orders/batch_cancel");
            assertThat(lastBody().path("order_ids")).hasSize(1);
            assertThat(lastBody().path("order_ids").path(0).asText()).isEqualTo(orderId);

            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-canceled");
            assertThat(ids(data("orders", "symbol", "BTC_USD"))).doesNotContain(id);
            assertThat(ids(data("historyorders", "symbol", "BTC_USD", "limit", 0, "since", 0))).contains(id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/brokerage/orders/historical/batch?order_status=FILLED"
                    + "&order_status=CANCELLED&order_status=EXPIRED&order_status=FAILED&product_ids=BTC-USD&limit=100");

            assertThat(error("cancel", "id", id)).isEqualTo("Coinbase: cancel refused: UNKNOWN_CANCEL_ORDER (order " + orderId + ")");
        }

        @Test
        void filledAndPlainCancelledStatuses() throws Exception {
            String filled = placeLimitBuy("0.01", "20000");
            coinbase.fill(orderIdOf(filled), "0.01", "20000", "FILLED");
            assertThat(data("order", "id", filled).path("status").asText()).isEqualTo("filled");

            String canceled = placeLimitBuy("0.01", "20000");
            data("cancel", "id", canceled);
            assertThat(data("order", "id", orderIdOf(canceled)).path("status").asText()).as("a bare order id").isEqualTo("canceled");
        }

        @Test
        void anOrderInUnknownStatusIsLeftOutOfListsNotTheirDownfall() throws Exception {
            String known = placeLimitBuy("0.01", "20000");
            String unknown = placeLimitBuy("0.01", "20001");
            coinbase.fill(orderIdOf(unknown), "0", "0", "UNKNOWN_ORDER_STATUS");
            try (LogCapture log = new LogCapture()) {
                List<String> open = ids(data("orders", "symbol", "BTC_USD"));
                assertThat(open).contains(known).doesNotContain(unknown);
                assertThat(ids(data("historyorders", "symbol", "BTC_USD"))).doesNotContain(unknown);
                assertThat(log.text()).contains("DEBUG").contains("Coinbase order " + orderIdOf(unknown) + " of BTC-USD is in UNKNOWN_ORDER_STATUS");
            }
            assertThat(error("order", "id", unknown)).as("asked for by itself, it says what it is")
                    .isEqualTo("Coinbase: unknown Coinbase order status 'UNKNOWN_ORDER_STATUS'");
        }

        @Test
        void historyFiltersBySinceAndCapsLimit() throws Exception {
            data("historyorders", "symbol", "BTC_USD", "limit", "500", "since", "1700000000000");
            assertThat(lastRequest().rawQuery()).endsWith("&product_ids=BTC-USD&start_date=2023-11-14T22%3A13%3A20Z&limit=100");
        }

        @Test
        void unknownAndMalformedOrderIds() throws Exception {
            assertThat(error("order", "id", "BTC-USD,00000000-0000-0000-0000-000000000000"))
                    .isEqualTo("Coinbase: NOT_FOUND: order with this orderID was not found (HTTP 404)");
            assertThat(error("order", "id", "BTC-USD,not an id!")).isEqualTo("Coinbase: order id must look like BTC-USD,52cfe5e2-0b29-4c19-a245-a6a773de5030");
        }

        @Test
        void aLostPlacementReplyIsFoundByClientOrderIdAndNeverPlacedTwice() throws Exception {
            coinbase.failNext("/api/v3/brokerage/orders", new Fault.ReplyLost());
            String id = placeLimitBuy("0.03", "21000");
            assertThat(id).matches("BTC-USD,[0-9a-f-]{36}");
            assertThat(coinbase.placedOrders()).hasSize(1);
            String clientOrderId = coinbase.placedOrders().get(0).path("client_order_id").asText();
            assertThat(coinbase.requests()).anyMatch(r -> r.rawPathAndQuery()
                    .equals("/api/v3/brokerage/orders/historical/batch?product_ids=BTC-USD&limit=100"));
            assertThat(data("order", "id", id).path("amount").decimalValue()).isEqualByComparingTo("0.03");
            assertThat(clientOrderId).startsWith("fmz");
        }
    }

    @Nested
    class ExchangeIo {

        @Test
        void getParamsGoToTheQueryAndTheUriClaimLeavesThemOut() throws Exception {
            JsonNode reply = bridge.call("/Coinbase", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/api/v3/brokerage/accounts", EC_KEY_NAME, EC_SECRET, "limit", "5")), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v3/brokerage/accounts?limit=5");
            assertThat(reply.path("data").path("accounts").isArray()).as("Coinbase's own JSON").isTrue();
        }

        @Test
        void postParamsGoToTheSignedBody() throws Exception {
            String id = placeLimitBuy("0.01", "20000");
            JsonNode reply = bridge.call("/Coinbase", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/api/v3/brokerage/orders/batch_cancel", EC_KEY_NAME, EC_SECRET,
                            "order_ids", List.of(orderIdOf(id)))), Map.of("Http-Method", "POST"));
            assertThat(reply.path("data").path("results").path(0).path("success").asBoolean()).as("%s", reply).isTrue();
        }
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("Coinbase", "GET /api/v3/brokerage/market/product_book",
                    Arguments.of(new Fault.Status(503, "{\"error\":\"UNAVAILABLE\",\"error_details\":\"\",\"message\":\"try later\"}"),
                            "Coinbase: UNAVAILABLE: try later (HTTP 503)"),
                    Arguments.of(new Fault.Status(500, "{}"), "Coinbase: HTTP 500 from exchange without a Coinbase error"),
                    Arguments.of(new Fault.TooManyRequests(null, "{\"error\":\"RESOURCE_EXHAUSTED\",\"message\":\"too many requests\"}"),
                            "Coinbase: RESOURCE_EXHAUSTED: too many requests (HTTP 429)"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String expected) throws Exception {
            coinbase.failNext("/api/v3/brokerage/market/product_book", fault);
            assertThat(error("depth", "symbol", "BTC_USD")).startsWith(expected);
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/api/v3/brokerage/accounts", "GET /api/v3/brokerage/accounts", "accounts");
        }

        @Test
        void unsupportedMethodsSaySo() throws Exception {
            assertThat(error("positions")).isEqualTo("Coinbase: method 'positions' is not supported");
            assertThat(error("ticker", "symbol", "BTC_USD.swap"))
                    .isEqualTo("Coinbase: contract symbols like BTC_USD.swap are not served for Coinbase; use a spot symbol like BTC_USD");
        }
    }

    @Test
    void noSecretReachesRepliesHeadersOrLogs() throws Exception {
        String pemBody = EC_PEM.lines().skip(1).findFirst().orElseThrow();
        Exposure seen = exposureOf(() -> {
            String id = placeLimitBuy("0.01", "20000");
            coinbase.failNext("/api/v3/brokerage/accounts", new Fault.Status(500, "oops"));
            coinbase.failNext("/api/v3/brokerage/orders", new Fault.Reset());
            return List.of(
                    envelope("accounts", EC_KEY_NAME, EC_SECRET),
                    envelope("accounts", EC_KEY_NAME, EC_SECRET),
                    envelope("accounts", ED_KEY_NAME, ED_SECRET),
                    envelope("accounts", EC_KEY_NAME, EC_SECRET.replace("M", "N")),
                    envelope("order", EC_KEY_NAME, EC_SECRET, "id", id),
                    envelope("trade", EC_KEY_NAME, EC_SECRET, "symbol", "BTC_USD", "type", "buy", "amount", "1", "price", "1"),
                    envelope("cancel", EC_KEY_NAME, EC_SECRET, "id", id),
                    envelope("__api_/api/v3/brokerage/accounts", EC_KEY_NAME, EC_SECRET));
        });
        List<String> tokens = coinbase.requests().stream().map(r -> r.header("Authorization"))
                .filter(t -> t != null).map(t -> t.substring(7)).toList();
        assertThat(tokens).isNotEmpty();
        seen.showsNone(pemBody, ED_SECRET.substring(0, 40));
        seen.showsNone(tokens.stream().map(token -> token.substring(token.lastIndexOf('.') + 1)).toList());
    }
}
