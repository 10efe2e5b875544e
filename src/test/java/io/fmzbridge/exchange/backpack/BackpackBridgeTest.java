package io.fmzbridge.exchange.backpack;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge end to end against a local Backpack that verifies every ED25519 signature the way
 * Backpack does: each FMZ spot method, the order lookup falling back to history, each failure class,
 * and that no secret escapes.
 */
class BackpackBridgeTest extends ExchangeBridgeTest {

    static final long RESPONSE_TIMEOUT_MS = 1500;

    BackpackStub backpack;
    BackpackStub.ApiKey key;

    BackpackBridgeTest() {
        super("Backpack");
    }

    /** The stub makes the account's ED25519 key pair. */
    @Override
    protected BackpackStub startStub() throws Exception {
        backpack = BackpackStub.start();
        key = backpack.addAccount(Map.of(
                "USDC", Map.of("available", "1200.5", "locked", "34.25", "staked", "0"),
                "SOL", Map.of("available", "0.00000001", "locked", "0", "staked", "1")));
        return backpack;
    }

    @Override
    protected String accessKey() {
        return key.publicKey();
    }

    @Override
    protected String secretKey() {
        return key.secret();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.backpack.base-url", backpack.baseUrl(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                // limits and back-off have their own tests; here they would only hold calls back
                "fmz.call.rate-limit-enabled", "false",
                "fmz.call.rate-limit-pause-ms", "0");
    }

    @BeforeEach
    void realClock() {
        backpack.useClock(Clock.systemUTC());
    }

    List<String> paths() {
        return backpack.requests().stream().map(StubRequest::rawPathAndQuery).toList();
    }

    String placeLimitBuy(String amount, String price) throws Exception {
        return data("trade", "symbol", "SOL_USDC", "type", "buy", "amount", amount, "price", price).path("id").asText();
    }

    static String orderIdOf(String fmzId) {
        return fmzId.substring(fmzId.indexOf(',') + 1);
    }

    @Nested
    class MarketData {

        @Test
        void tickerTakesBidAndAskFromTheBook() throws Exception {
            long before = System.currentTimeMillis();
            JsonNode reply = call("ticker", "symbol", "sol_usdc");
            JsonNode t = reply.path("data");
            assertThat(t.path("symbol").asText()).isEqualTo("SOL_USDC");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("171.24");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("171.26");
            assertThat(t.path("high").decimalValue()).isEqualByComparingTo("175.5");
            assertThat(t.path("low").decimalValue()).isEqualByComparingTo("168.02");
            assertThat(t.path("open").decimalValue()).isEqualByComparingTo("170.1");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("171.25");
            assertThat(t.path("vol").decimalValue()).isEqualTo(new BigDecimal("65823.12345678"));
            assertThat(t.path("time").asLong()).as("ms, from the book's µs").isBetween(before - 1000, System.currentTimeMillis() + 1000);
            assertThat(reply.path("raw").path("ticker").path("lastPrice").asText()).isEqualTo("171.25");
            assertThat(reply.path("raw").path("depth").has("bids")).isTrue();

            assertThat(paths()).containsExactly("/api/v1/ticker?symbol=SOL_USDC", "/api/v1/depth?symbol=SOL_USDC&limit=5");
            assertThat(backpack.requests()).allSatisfy(r -> assertThat(r.headers()).as("public").doesNotContainKey("x-api-key"));
        }

        @Test
        void aFailingBookCallIsNamedInTheError() throws Exception {
            backpack.failNext("/api/v1/depth", new Fault.Reset());
            assertThat(error("ticker", "symbol", "SOL_USDC"))
                    .isEqualTo("Backpack: exchange closed the connection before the reply was complete (GET /api/v1/depth)");
            backpack.failNext("/api/v1/depth", new Fault.Status(429, "{\"code\":\"TOO_MANY_REQUESTS\",\"message\":\"Rate limit exceeded\"}"));
            assertThat(error("ticker", "symbol", "SOL_USDC"))
                    .isEqualTo("Backpack: code TOO_MANY_REQUESTS: Rate limit exceeded (HTTP 429)");
        }

        @Test
        void anUnknownSymbolKeepsBackpacksCodeAndMessage() throws Exception {
            assertThat(error("ticker", "symbol", "NOPE_USDC")).isEqualTo("Backpack: code INVALID_CLIENT_REQUEST: Invalid symbol (HTTP 400)");
        }

        @Test
        void contractSymbolsAreRefusedBeforeAnyCall() throws Exception {
            assertThat(error("depth", "symbol", "SOL_USDC.swap"))
                    .isEqualTo("Backpack: contract symbols like SOL_USDC.swap are not served for Backpack yet; use a spot symbol like SOL_USDC");
            assertThat(backpack.requests()).isEmpty();
        }

        @Test
        void depthIsSortedLimitedAndExact() throws Exception {
            JsonNode depth = data("depth", "symbol", "SOL_USDC", "limit", "3");
            assertThat(lastRequest().rawPathAndQuery()).as("the smallest size Backpack serves").isEqualTo("/api/v1/depth?symbol=SOL_USDC&limit=5");
            assertThat(prices(depth.path("asks"))).containsExactly(new BigDecimal("171.26"), new BigDecimal("171.27"), new BigDecimal("171.28"));
            assertThat(prices(depth.path("bids"))).containsExactly(new BigDecimal("171.24"), new BigDecimal("171.2"), new BigDecimal("171.1"));
            assertThat(depth.path("asks").path(0).path(1).decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
            assertThat(depth.path("time").asLong()).isGreaterThan(1_600_000_000_000L).isLessThan(10_000_000_000_000L);

            JsonNode all = data("depth", "symbol", "SOL_USDC");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v1/depth?symbol=SOL_USDC&limit=20");
            assertThat(prices(all.path("asks"))).hasSize(7).isSortedAccordingTo(Comparator.naturalOrder());
            assertThat(prices(all.path("bids"))).hasSize(7).isSortedAccordingTo(Comparator.reverseOrder());

            data("depth", "symbol", "SOL_USDC", "limit", 30);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v1/depth?symbol=SOL_USDC&limit=50");
            data("depth", "symbol", "SOL_USDC", "limit", 5000);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v1/depth?symbol=SOL_USDC&limit=1000");
            String wire = bridge.post("/Backpack", envelope("depth", "", "", "symbol", "SOL_USDC", "limit", 1).toString(), Map.of()).body();
            assertThat(wire).as("plain notation on the wire").contains("[171.26,0.00000001]");
        }

        @Test
        void tradesOldestFirst() throws Exception {
            JsonNode trades = data("trades", "symbol", "SOL_USDC", "limit", 4);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v1/trades?symbol=SOL_USDC&limit=4");
            assertThat(trades).hasSize(4);
            List<Long> times = new ArrayList<>();
            trades.forEach(t -> times.add(t.path("time").asLong()));
            assertThat(times).isSorted();
            JsonNode newest = trades.path(3);
            assertThat(newest.path("id").asText()).isEqualTo("3000000");
            assertThat(newest.path("type").asText()).as("isBuyerMaker: the taker sold").isEqualTo("sell");
            assertThat(trades.path(2).path("type").asText()).isEqualTo("buy");
            assertThat(newest.path("price").decimalValue()).isEqualByComparingTo("171.20");

            data("trades", "symbol", "SOL_USDC", "limit", 5000);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v1/trades?symbol=SOL_USDC&limit=1000");
            data("trades", "symbol", "SOL_USDC");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v1/trades?symbol=SOL_USDC");
        }

        @Test
        void recordsStartLimitPeriodsBackInSecondsAndComeOldestFirst() throws Exception {
            long now = Instant.now().getEpochSecond();
            JsonNode bars = data("records", "symbol", "SOL_USDC", "period", "60", "limit", "4");
            Map<String, String> query = StubExchange.parseQuery(lastRequest().rawQuery());
            assertThat(query).containsEntry("symbol", "SOL_USDC").containsEntry("interval", "1h");
            assertThat(Long.parseLong(query.get("startTime"))).as("seconds, 4 hours back")
                    .isBetween(now - 4 * 3600 - 5, now - 4 * 3600 + 5);
            assertThat(bars).hasSize(4);
            List<Long> times = new ArrayList<>();
            bars.forEach(b -> times.add(b.path(0).asLong()));
            assertThat(times).isSorted();
            assertThat(times.get(3)).as("the forming bar, in seconds").isBetween(now - 3600, now + 5);
            assertThat(times.get(3) - times.get(2)).isEqualTo(3600);
            assertThat(bars.path(0)).as("[time, open, high, low, close, volume]").hasSize(6);
            assertThat(bars.path(0).path(5).decimalValue()).isEqualTo(new BigDecimal("12.00000001"));

            assertThat(data("records", "symbol", "SOL_USDC", "period", 10080, "limit", 3)).as("Monday-aligned weeks").hasSize(3);
            assertThat(data("records", "symbol", "SOL_USDC", "period", 1)).as("no limit: 100 bars").hasSize(100);
            assertThat(data("records", "symbol", "SOL_USDC", "period", 1440, "limit", 5000)).as("capped").hasSize(1000);
        }

        @Test
        void aPeriodWithoutBackpackIntervalIsAClearError() throws Exception {
            assertThat(error("records", "symbol", "SOL_USDC", "period", 7))
                    .startsWith("Backpack: period 7 has no Backpack interval; periods in minutes: [1, 3, 5, 15, 30, 60, 120, 240, 360, 480, 720, 1440, 4320, 10080]");
            assertThat(backpack.requests()).isEmpty();
        }

        @Test
        void tickersAreTheSpotMarkets() throws Exception {
            JsonNode tickers = data("tickers");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v1/tickers");
            List<String> symbols = new ArrayList<>();
            tickers.forEach(t -> symbols.add(t.path("symbol").asText()));
            assertThat(symbols).containsExactly("BTC_USDC", "SOL_USDC");
            assertThat(tickers.path(1).path("last").decimalValue()).isEqualByComparingTo("171.25");
        }

        @Test
        void marketsCarryTickAndStepRules() throws Exception {
            JsonNode markets = data("markets");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v1/markets");
            assertThat(markets.has("SOL_USDC_PERP")).isFalse();
            JsonNode btc = markets.path("BTC_USDC");
            assertThat(btc.path("symbol").asText()).isEqualTo("BTC_USDC");
            assertThat(btc.path("baseAsset").asText()).isEqualTo("BTC");
            assertThat(btc.path("quoteAsset").asText()).isEqualTo("USDC");
            assertThat(btc.path("tickSize").decimalValue()).isEqualByComparingTo("0.1");
            assertThat(btc.path("amountSize").decimalValue()).isEqualByComparingTo("0.00001");
            assertThat(btc.path("pricePrecision").asInt()).isEqualTo(1);
            assertThat(btc.path("amountPrecision").asInt()).isEqualTo(5);
            assertThat(btc.path("minQty").decimalValue()).isEqualByComparingTo("0.00001");
        }
    }

    @Nested
    class Account {

        @Test
        void accountsAndAssetsAreSignedAndExact() throws Exception {
            for (String method : new String[] {"accounts", "assets"}) {
                JsonNode balances = data(method);
                StubRequest sent = lastRequest();
                assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v1/capital");
                assertThat(sent.headers()).containsEntry("x-api-key", key.publicKey()).containsEntry("x-window", "5000")
                        .containsKeys("x-signature", "x-timestamp");
                JsonNode usdc = find(balances, "currency", "USDC");
                assertThat(usdc.path("free").decimalValue()).isEqualByComparingTo("1200.5");
                assertThat(usdc.path("frozen").decimalValue()).isEqualByComparingTo("34.25");
                assertThat(find(balances, "currency", "SOL").path("free").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
                String wire = bridge.post("/Backpack", envelope(method, key.publicKey(), key.secret()).toString(), Map.of()).body();
                assertThat(wire).as("plain notation on the wire").contains("\"free\":0.00000001");
            }
        }

        @Test
        void aSecretThatDoesNotMatchTheKeyIsRefusedBeforeAnyCall() throws Exception {
            BackpackStub.ApiKey other = backpack.addAccount(Map.of());
            JsonNode reply = bridge.call("/Backpack", envelope("accounts", key.publicKey(), other.secret()));
            assertThat(reply.path("error").asText())
                    .isEqualTo("Backpack: access_key is not the API key (public key) that belongs to this secret_key");
            reply = bridge.call("/Backpack", envelope("accounts", key.publicKey(), "secret,passphrase"));
            assertThat(reply.path("error").asText())
                    .isEqualTo("Backpack: secret_key must be the Backpack API secret: a base64 ED25519 private key of 32 bytes");
            assertThat(backpack.requests()).isEmpty();
        }

        @Test
        void aKeyBackpackDoesNotKnowKeepsItsCode() throws Exception {
            JsonNode reply = bridge.call("/Backpack", envelope("accounts", BackpackSignerTest.DEMO_PUBLIC_KEY, BackpackSignerTest.DEMO_SEED));
            assertThat(reply.path("error").asText()).isEqualTo("Backpack: code INVALID_CLIENT_REQUEST: API key not found (HTTP 401)");
        }

        @Test
        void aTimestampOutsideTheWindowIsRefused() throws Exception {
            backpack.useClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(6)));
            assertThat(error("accounts")).isEqualTo("Backpack: code INVALID_CLIENT_REQUEST: Request has expired (HTTP 401)");
            backpack.useClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-3)));
            assertThat(data("accounts")).isNotEmpty();
        }
    }

    @Nested
    class Orders {

        @Test
        void limitOrderAmountsReachBackpackExactly() throws Exception {
            String id = data("trade", "symbol", "BTC_USDC", "type", "buy", "amount", new BigDecimal("0.001"),
                    "price", "118000.5").path("id").asText();
            assertThat(id).matches("BTC_USDC,\\d+");
            StubRequest sent = lastRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v1/order");
            assertThat(sent.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            JsonNode body = RunningBridge.JSON.readTree(sent.body());
            assertThat(body.path("quantity").asText()).isEqualTo("0.001");
            assertThat(body.path("price").asText()).isEqualTo("118000.5");
            assertThat(body.path("side").asText()).isEqualTo("Bid");
            assertThat(body.path("orderType").asText()).isEqualTo("Limit");
            assertThat(body.path("symbol").asText()).isEqualTo("BTC_USDC");
        }

        @Test
        void marketBuySpendsQuoteAndMarketSellSellsBase() throws Exception {
            String buyId = data("trade", "symbol", "SOL_USDC", "type", "buy", "amount", "100", "price", -1).path("id").asText();
            JsonNode buy = RunningBridge.JSON.readTree(lastRequest().body());
            assertThat(buy.path("orderType").asText()).isEqualTo("Market");
            assertThat(buy.path("quoteQuantity").asText()).isEqualTo("100");
            assertThat(buy.has("quantity")).isFalse();
            assertThat(buy.has("price")).isFalse();

            data("trade", "symbol", "SOL_USDC", "type", "sell", "amount", "0.5", "price", "-1");
            JsonNode sell = RunningBridge.JSON.readTree(lastRequest().body());
            assertThat(sell.path("side").asText()).isEqualTo("Ask");
            assertThat(sell.path("quantity").asText()).isEqualTo("0.5");
            assertThat(sell.has("quoteQuantity")).isFalse();

            // a market order fills at once and leaves the book: it is found in history
            JsonNode order = data("order", "id", buyId);
            assertThat(order.path("status").asText()).isEqualTo("filled");
            assertThat(order.path("amount").decimalValue()).as("the quote FMZ asked to spend").isEqualByComparingTo("100");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.58");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("171.25");
        }

        @Test
        void badOrderParametersNeverReachBackpack() throws Exception {
            assertThat(error("trade", "symbol", "SOL_USDC", "type", "buy", "amount", "0", "price", "1"))
                    .isEqualTo("Backpack: amount must be positive, got 0");
            assertThat(error("trade", "symbol", "SOL_USDC", "type", "buy", "amount", "1", "price", "0"))
                    .isEqualTo("Backpack: price must be positive, or -1 for a market order; got 0");
            assertThat(error("trade", "symbol", "SOL_USDC", "type", "hold", "amount", "1", "price", "1"))
                    .isEqualTo("Backpack: type must be 'buy' or 'sell', got 'hold'");
            assertThat(error("trade", "symbol", "SOL_USDC", "type", "buy", "price", "1"))
                    .isEqualTo("Backpack: missing parameter 'amount'");
            assertThat(backpack.requests()).isEmpty();
        }

        @Test
        void aRejectedOrderKeepsBackpacksCode() throws Exception {
            backpack.rejectNextOrder("INSUFFICIENT_FUNDS", "Insufficient funds");
            assertThat(error("trade", "symbol", "SOL_USDC", "type", "buy", "amount", "1", "price", "1"))
                    .isEqualTo("Backpack: code INSUFFICIENT_FUNDS: Insufficient funds (HTTP 400)");
            assertThat(error("trade", "symbol", "SOL_USDC", "type", "buy", "amount", "0.001", "price", "1"))
                    .isEqualTo("Backpack: code INVALID_QUANTITY: Quantity is invalid (HTTP 400)");
        }

        @Test
        void anOrderThroughItsLife() throws Exception {
            String id = placeLimitBuy("2", "150.5");
            String orderId = orderIdOf(id);
            assertThat(id).isEqualTo("SOL_USDC," + orderId);

            backpack.clear();
            JsonNode order = data("order", "id", id, "symbol", "SOL_USDC");
            assertThat(paths()).containsExactly("/api/v1/order?orderId=" + orderId + "&symbol=SOL_USDC");
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("symbol").asText()).isEqualTo("SOL_USDC");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("2");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("150.5");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("status").asText()).isEqualTo("pending");

            assertThat(ids(data("orders", "symbol", "SOL_USDC"))).contains(id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v1/orders?symbol=SOL_USDC");

            backpack.fill(orderId, "0.5", "75.2");
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.5");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("150.4");

            backpack.clear();
            assertThat(data("cancel", "id", id).asBoolean()).isTrue();
            StubRequest cancel = lastRequest();
            assertThat(cancel.method()).isEqualTo("DELETE");
            assertThat(cancel.rawPathAndQuery()).isEqualTo("/api/v1/order");
            JsonNode cancelBody = RunningBridge.JSON.readTree(cancel.body());
            assertThat(cancelBody.path("symbol").asText()).isEqualTo("SOL_USDC");
            assertThat(cancelBody.path("orderId").asText()).isEqualTo(orderId);
            assertThat(backpack.statusOf(orderId)).isEqualTo("Cancelled");

            backpack.clear();
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-canceled");
            assertThat(paths()).as("off the book: found in history").containsExactly(
                    "/api/v1/order?orderId=" + orderId + "&symbol=SOL_USDC",
                    "/wapi/v1/history/orders?orderId=" + orderId + "&symbol=SOL_USDC");

            assertThat(ids(data("orders", "symbol", "SOL_USDC"))).doesNotContain(id);
            assertThat(ids(data("historyorders", "symbol", "SOL_USDC", "limit", 0, "since", 0))).contains(id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/wapi/v1/history/orders?symbol=SOL_USDC");

            assertThat(error("cancel", "id", id)).isEqualTo("Backpack: code RESOURCE_NOT_FOUND: Order not found (HTTP 404)");
        }

        @Test
        void filledAndPlainCancelledStatuses() throws Exception {
            String filled = placeLimitBuy("1", "150");
            backpack.fill(orderIdOf(filled), "1", "150");
            JsonNode order = data("order", "id", filled);
            assertThat(order.path("status").asText()).isEqualTo("filled");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("150");

            String cancelled = placeLimitBuy("1", "150");
            data("cancel", "id", cancelled);
            assertThat(data("order", "id", cancelled).path("status").asText()).isEqualTo("canceled");
        }

        @Test
        void anOrderNeitherOpenNorInHistoryIsAClearError() throws Exception {
            assertThat(error("order", "id", "SOL_USDC,1"))
                    .isEqualTo("Backpack: order SOL_USDC,1 is neither open nor in the order history");
        }

        @Test
        void otherLookupErrorsAreNotMistakenForAFinishedOrder() throws Exception {
            backpack.failNext("/api/v1/order", new Fault.Status(503, "{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"Maintenance\"}"));
            assertThat(error("order", "id", "SOL_USDC,1")).isEqualTo("Backpack: code SERVICE_UNAVAILABLE: Maintenance (HTTP 503)");
            assertThat(backpack.requestsTo("/wapi/v1/history/orders")).isEmpty();
        }

        @Test
        void historyTakesLimitAndSince() throws Exception {
            String old = placeLimitBuy("1", "150");
            data("cancel", "id", old);
            long since = System.currentTimeMillis() + 1;
            Thread.sleep(5);
            String recent = placeLimitBuy("1", "150");
            data("cancel", "id", recent);

            List<String> ids = ids(data("historyorders", "symbol", "SOL_USDC", "limit", "5000", "since", String.valueOf(since)));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/wapi/v1/history/orders?limit=1000&symbol=SOL_USDC");
            assertThat(ids).contains(recent).doesNotContain(old);
        }

        @Test
        void aBareOrderIdTakesTheSymbol() throws Exception {
            String id = placeLimitBuy("1", "150");
            assertThat(data("order", "id", orderIdOf(id), "symbol", "SOL_USDC").path("id").asText()).isEqualTo(id);
            assertThat(error("order", "id", "not an id!")).isEqualTo("Backpack: order id must look like SOL_USDC,4227701917");
            assertThat(error("order", "id", "123")).isEqualTo("Backpack: missing parameter 'symbol' (expected BASE_QUOTE like BTC_USDT)");
            data("cancel", "id", id);
        }
    }

    /** A placement whose reply is lost is looked up by its client id, never placed twice, never mistaken. */
    @Nested
    class Placements {

        static final String ORDER = "/api/v1/order";

        long sentClientId() throws Exception {
            List<StubRequest> posts = backpack.requestsTo(ORDER).stream().filter(r -> r.method().equals("POST")).toList();
            return RunningBridge.JSON.readTree(posts.get(posts.size() - 1).body()).path("clientId").asLong();
        }

        @Test
        void aLostReplyIsFoundByClientIdWithTheRealIdAndOneOrder() throws Exception {
            int before = backpack.orderCount();
            backpack.failNext(ORDER, new Fault.ReplyLost());
            String id = placeLimitBuy("0.5", "150.25");
            assertThat(backpack.orderCount()).as("exactly one order").isEqualTo(before + 1);
            long clientId = sentClientId();
            assertThat(backpack.clientIds().get(before)).isEqualTo(clientId);
            assertThat(id).isEqualTo("SOL_USDC," + (4227701917L + before));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo(ORDER + "?symbol=SOL_USDC&clientId=" + clientId);
            JsonNode order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("pending");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.5");
        }

        @Test
        void aLostReplyToAFilledMarketOrderIsFoundInHistory() throws Exception {
            int before = backpack.orderCount();
            backpack.failNext(ORDER, new Fault.ReplyLost());
            String id = data("trade", "symbol", "SOL_USDC", "type", "sell", "amount", "2", "price", -1).path("id").asText();
            assertThat(backpack.orderCount()).isEqualTo(before + 1);
            assertThat(id).isEqualTo("SOL_USDC," + (4227701917L + before));
            assertThat(paths()).as("not resting: looked for in history").contains("/wapi/v1/history/orders?symbol=SOL_USDC&limit=1000");
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("filled");
        }

        @Test
        void aServerErrorIsAnUnknownOutcomeThatNamesTheClientId() throws Exception {
            int before = backpack.orderCount();
            backpack.failNext(ORDER, new Fault.Status(503, "{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"Service unavailable\"}"));
            String error = error("trade", "symbol", "SOL_USDC", "type", "buy", "amount", "0.5", "price", "150.25");
            long clientId = sentClientId();
            assertThat(error).startsWith("Backpack: order outcome unknown (HTTP 503 from the exchange): no order with client order id "
                    + clientId + "/").endsWith(" is visible yet; check GetOrders before placing it again");
            assertThat(backpack.orderCount()).as("nothing placed, nothing placed again").isEqualTo(before);
            assertThat(backpack.requestsTo(ORDER).stream().filter(r -> r.method().equals("POST"))).hasSize(1);
        }

        @Test
        void aRetriedRequestGetsItsOrderNotASecondOne() throws Exception {
            String envelope = envelope("trade", key.publicKey(), key.secret(), "symbol", "SOL_USDC", "type", "buy",
                    "amount", "0.25", "price", "150.25").toString();
            int before = backpack.orderCount();
            String first = bridge.call("/Backpack", envelope, Map.of()).path("data").path("id").asText();
            String again = bridge.call("/Backpack", envelope, Map.of()).path("data").path("id").asText();
            assertThat(again).isEqualTo(first).startsWith("SOL_USDC,");
            assertThat(backpack.orderCount()).isEqualTo(before + 1);
        }

        /**
         * Two FMZ requests whose digests start with the same 32 bits: the second is still placed, under
         * the next free client id, and its lost reply is answered with its own order, not the first.
         */
        @Test
        void requestsWhoseClientIdsCollideAreEachPlacedAndFoundAsThemselves() throws Exception {
            ObjectNode params = RunningBridge.JSON.createObjectNode()
                    .put("symbol", "SOL_USDC").put("type", "buy").put("amount", "0.75").put("price", "150.25");
            long[] nonces = BackpackClientIdsTest.collidingNonces("backpack", key.publicKey(), key.secret(), params);
            int before = backpack.orderCount();
            String first = bridge.call("/Backpack", tradeWithNonce(params, nonces[0]), Map.of()).path("data").path("id").asText();
            backpack.failNext(ORDER, new Fault.ReplyLost());
            String second = bridge.call("/Backpack", tradeWithNonce(params, nonces[1]), Map.of()).path("data").path("id").asText();

            assertThat(backpack.orderCount()).as("neither dropped").isEqualTo(before + 2);
            List<Long> clientIds = backpack.clientIds().subList(before, before + 2);
            assertThat(clientIds.get(1)).as("the next free client id").isEqualTo((clientIds.get(0) + 1) % (1L << 32));
            assertThat(first).isEqualTo("SOL_USDC," + (4227701917L + before));
            assertThat(second).as("its own order, not the first").isEqualTo("SOL_USDC," + (4227701917L + before + 1));
        }

        String tradeWithNonce(ObjectNode params, long nonce) {
            ObjectNode envelope = envelope("trade", key.publicKey(), key.secret());
            envelope.put("nonce", nonce);
            envelope.set("params", params);
            return envelope.toString();
        }
    }

    /**
     * exchange.IO("api", verb, path, query): FMZ sends the decoded query as params and the verb in
     * Http-Method; GET carries them in the query string, POST as a JSON body, and what is sent is
     * exactly what is signed.
     */
    @Nested
    class ExchangeIo {

        @Test
        void aPrivateGetIsSignedWithItsInstructionWithoutBeingTold() throws Exception {
            JsonNode reply = api("GET", "__api_/api/v1/capital");
            assertThat(reply.path("error").asText()).as("Backpack refuses an unsigned call").isEmpty();
            StubRequest sent = lastRequest();
            assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v1/capital");
            assertThat(backpack.isSignedFor(sent, "balanceQuery")).isTrue();
            assertThat(reply.path("data").path("USDC").path("available").asText()).as("Backpack's own JSON").isEqualTo("1200.5");

            reply = api("GET", "__api_/api/v1/orders", "symbol", "SOL_USDC");
            assertThat(reply.path("data").isArray()).as("%s", reply).isTrue();
            sent = lastRequest();
            assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v1/orders?symbol=SOL_USDC");
            assertThat(backpack.isSignedFor(sent, "orderQueryAll")).as("signed over the query it carries").isTrue();
        }

        @Test
        void aPrivatePostIsSignedWithItsInstructionOverItsBody() throws Exception {
            JsonNode reply = api("POST", "__api_/api/v1/order", "symbol", "SOL_USDC", "side", "Ask",
                    "orderType", "Limit", "quantity", "0.01", "price", "190");
            assertThat(reply.path("error").asText()).isEmpty();
            StubRequest sent = lastRequest();
            assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v1/order");
            JsonNode body = RunningBridge.JSON.readTree(sent.body());
            assertThat(body).isEqualTo(RunningBridge.JSON.readTree(
                    "{\"symbol\":\"SOL_USDC\",\"side\":\"Ask\",\"orderType\":\"Limit\",\"quantity\":\"0.01\",\"price\":\"190\"}"));
            assertThat(backpack.isSignedFor(sent, "orderExecute")).as("signed over the body it carries").isTrue();
            JsonNode order = reply.path("data");
            assertThat(order.path("status").asText()).isEqualTo("New");
            assertThat(order.path("price").asText()).isEqualTo("190");
            data("cancel", "id", "SOL_USDC," + order.path("id").asText());
        }

        @Test
        void aPrivateDeleteCarriesItsParamsInTheSignedBody() throws Exception {
            String id = orderIdOf(placeLimitBuy("1", "150"));
            JsonNode reply = api("DELETE", "__api_/api/v1/order", "symbol", "SOL_USDC", "orderId", id);
            assertThat(reply.path("error").asText()).isEmpty();
            StubRequest sent = lastRequest();
            assertThat(sent.rawPathAndQuery()).as("Backpack takes a DELETE's params as a JSON body").isEqualTo("/api/v1/order");
            assertThat(RunningBridge.JSON.readTree(sent.body()))
                    .isEqualTo(RunningBridge.JSON.readTree("{\"symbol\":\"SOL_USDC\",\"orderId\":\"" + id + "\"}"));
            assertThat(backpack.isSignedFor(sent, "orderCancel")).isTrue();
            assertThat(reply.path("data").path("status").asText()).isEqualTo("Cancelled");
        }

        @Test
        void anEndpointBackpacksTableLacksIsSignedWithTheQuerysInstruction() throws Exception {
            // a private endpoint the bridge's table does not list: Backpack's retired profit-and-loss history
            backpack.addPrivateEndpoint("GET", "/wapi/v1/history/pnl", "pnlHistoryQueryAll", "[]");
            JsonNode reply = api("GET", "__api_/wapi/v1/history/pnl", "symbol", "SOL_USDC");
            assertThat(reply.path("error").asText()).as("not listed: sent unsigned")
                    .isEqualTo("Backpack: code INVALID_CLIENT_REQUEST: Invalid timestamp (HTTP 401)");

            reply = api("GET", "__api_/wapi/v1/history/pnl", "instruction", "pnlHistoryQueryAll", "symbol", "SOL_USDC");
            StubRequest sent = lastRequest();
            assertThat(sent.rawPathAndQuery()).as("the instruction is signed, not sent").isEqualTo("/wapi/v1/history/pnl?symbol=SOL_USDC");
            assertThat(backpack.isSignedFor(sent, "pnlHistoryQueryAll")).isTrue();
            assertThat(reply.path("data").isArray()).as("%s", reply).isTrue();
        }

        @Test
        void theQuerysInstructionSignsAPostAndStaysOutOfItsBody() throws Exception {
            JsonNode reply = api("POST", "__api_/api/v1/order", "instruction", "orderExecute", "symbol", "SOL_USDC",
                    "side", "Ask", "orderType", "Limit", "quantity", "0.01", "price", "190");
            JsonNode body = RunningBridge.JSON.readTree(lastRequest().body());
            assertThat(body.has("instruction")).isFalse();
            assertThat(body.path("quantity").asText()).isEqualTo("0.01");
            String orderId = reply.path("data").path("id").asText();
            assertThat(orderId).isNotEmpty();
            data("cancel", "id", "SOL_USDC," + orderId);
        }

        @Test
        void aPublicEndpointStaysUnsigned() throws Exception {
            JsonNode reply = api("GET", "__api_/api/v1/ticker", "symbol", "SOL_USDC");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v1/ticker?symbol=SOL_USDC");
            assertThat(lastRequest().headers()).doesNotContainKeys("x-api-key", "x-signature", "x-timestamp", "x-window");
            assertThat(reply.path("data").path("lastPrice").asText()).isEqualTo("171.25");
        }

        @Test
        void theWrongInstructionFailsBackpacksSignatureCheck() throws Exception {
            JsonNode reply = api("GET", "__api_/api/v1/capital", "instruction", "orderQueryAll");
            assertThat(reply.path("error").asText()).isEqualTo("Backpack: code INVALID_CLIENT_REQUEST: Invalid signature (HTTP 401)");
        }

        private JsonNode api(String verb, String method, Object... params) throws Exception {
            return bridge.call("/Backpack", RunningBridge.JSON.writeValueAsString(
                    envelope(method, key.publicKey(), key.secret(), params)), Map.of("Http-Method", verb));
        }
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("Backpack", "GET /api/v1/ticker",
                    Arguments.of(new Fault.Status(429, "{\"code\":\"TOO_MANY_REQUESTS\",\"message\":\"Rate limit exceeded\"}"),
                            "Backpack: code TOO_MANY_REQUESTS: Rate limit exceeded (HTTP 429)"),
                    Arguments.of(new Fault.Status(503, "{\"message\":\"maintenance\"}"),
                            "Backpack: HTTP 503 from exchange without a Backpack error code"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String error) throws Exception {
            backpack.failNext("/api/v1/ticker", fault);
            assertThat(call("ticker", "symbol", "SOL_USDC").path("error").asText()).startsWith(error);
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/api/v1/capital", "GET /api/v1/capital", "accounts");
        }

        @Test
        void unsupportedMethodsAnswerClearly() throws Exception {
            assertThat(error("GetPositions")).isEqualTo("Backpack: not supported: GetPositions");
            assertThat(backpack.requests()).isEmpty();
        }

        @Test
        void helperRoutesAreNotServedAsExchanges() throws Exception {
            JsonNode reply = bridge.call("/backpack-book-top", envelope("ticker", "", "", "symbol", "SOL_USDC").toString(), Map.of());
            assertThat(reply.path("error").asText()).startsWith("backpack-book-top: unknown exchange");
            assertThat(backpack.requests()).isEmpty();
        }

        @Test
        void theBridgeServesOnAfterFailures() throws Exception {
            backpack.failNext("/api/v1/ticker", new Fault.Reset());
            backpack.failNext("/api/v1/ticker", new Fault.NotJson());
            call("ticker", "symbol", "SOL_USDC");
            call("ticker", "symbol", "SOL_USDC");
            assertThat(data("ticker", "symbol", "SOL_USDC").path("last").decimalValue()).isEqualByComparingTo("171.25");
        }
    }

    @Test
    void noSecretReachesRepliesHeadersOrLogs() throws Exception {
        Exposure seen = exposureOf(() -> {
            String id = placeLimitBuy("1", "150");
            backpack.failNext("/api/v1/capital", new Fault.Status(500, "oops"));
            backpack.failNext("/api/v1/order", new Fault.Reset());
            return List.of(
                    envelope("accounts", key.publicKey(), key.secret()),
                    envelope("accounts", key.publicKey(), key.secret()),
                    envelope("accounts", BackpackSignerTest.DEMO_PUBLIC_KEY, key.secret()),
                    envelope("accounts", key.publicKey(), key.secret() + "x"),
                    envelope("order", key.publicKey(), key.secret(), "id", id),
                    envelope("trade", key.publicKey(), key.secret(), "symbol", "SOL_USDC", "type", "buy", "amount", "1", "price", "1"),
                    envelope("cancel", key.publicKey(), key.secret(), "id", id),
                    envelope("__api_/api/v1/capital", key.publicKey(), key.secret()));
        });
        List<String> signatures = backpack.requests().stream().map(r -> r.header("X-Signature"))
                .filter(s -> s != null).toList();
        assertThat(signatures).isNotEmpty();
        String seedStart = key.secret().substring(0, 16);
        seen.showsNone(key.secret(), seedStart);
        seen.showsNone(signatures);
    }
}
