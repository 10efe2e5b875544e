package io.fmzbridge.exchange.bithumb;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * The bridge end to end against a local Bithumb that verifies every JWT (HS256 signature, access
 * key, fresh nonce, timestamp, query_hash of the parameters as received): each FMZ spot method,
 * each failure class, lost placements, and that no secret or token escapes.
 */
class BithumbBridgeTest extends ExchangeBridgeTest {

    static final String KEY = "bithumb-test-api-key-0123456789";
    /** A key of its own for the 429 case: the pause Bithumb asks for holds only that key's calls. */
    static final String LIMITED_KEY = "bithumb-limited-api-key-0123456789";
    static final String SECRET = "S3cr3t-bithumb-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL";
    static final long RESPONSE_TIMEOUT_MS = 1500;

    BithumbStub bithumb;

    BithumbBridgeTest() {
        super("Bithumb", KEY, SECRET);
    }

    @Override
    protected BithumbStub startStub() throws Exception {
        bithumb = BithumbStub.start();
        bithumb.addAccount(KEY, SECRET);
        return bithumb;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.bithumb.base-url", bithumb.baseUrl(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                "fmz.call.rate-limit-enabled", "false",
                "fmz.call.rate-limit-pause-ms", "0",
                "fmz.order.lookup-pause-ms", "50");
    }

    @BeforeEach
    void realClock() {
        bithumb.useClock(Clock.systemUTC());
    }

    /** The verified claims of the token the last request carried. */
    JWTClaimsSet lastClaims() {
        return bithumb.verifiedClaimsOf(lastRequest());
    }

    String placeLimitBuy(String amount, String price) throws Exception {
        return data("trade", "symbol", "BTC_KRW", "type", "buy", "amount", amount, "price", price).path("id").asText();
    }

    static String orderIdOf(String id) {
        return id.substring(id.indexOf(',') + 1);
    }

    @Nested
    class MarketData {

        @Test
        void tickerTakesBidAndAskFromTheBook() throws Exception {
            JsonNode t = data("ticker", "symbol", "btc_krw");
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_KRW");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("6954000");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("6956000");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("8621000");
            assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("27181.31137002");
            assertThat(t.path("time").asLong()).isEqualTo(1524047026072L);
            assertThat(bithumb.requests()).extracting(StubRequest::rawPathAndQuery)
                    .containsExactly("/v1/ticker?markets=KRW-BTC", "/v1/orderbook?markets=KRW-BTC");
            assertThat(lastRequest().headers()).as("public calls carry no token").doesNotContainKey("authorization");
        }

        @Test
        void anUnknownMarketKeepsTheErrorName() throws Exception {
            assertThat(error("ticker", "symbol", "NOPE_KRW")).isEqualTo("Bithumb: 404: Code not found (HTTP 404)");
        }

        @Test
        void depthIsLimitedAndOrdered() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_KRW", "limit", "2");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/orderbook?markets=KRW-BTC");
            assertThat(depth.path("asks")).hasSize(2);
            assertThat(depth.path("asks").path(0).path(0).decimalValue()).isEqualByComparingTo("6956000");
            assertThat(depth.path("bids").path(0).path(0).decimalValue()).isEqualByComparingTo("6954000");
            assertThat(depth.path("bids").path(1).path(0).decimalValue()).isEqualByComparingTo("6953000");
        }

        @Test
        void depthWithoutALimitIsTwentyLevelsOfTheThirtyBithumbSends() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_KRW");
            assertThat(depth.path("asks")).hasSize(20);
            assertThat(depth.path("bids")).hasSize(20);
            assertThat(depth.path("asks").path(19).path(0).decimalValue()).isEqualByComparingTo("6977000");
            assertThat(data("depth", "symbol", "BTC_KRW", "limit", 25).path("bids")).hasSize(25);
        }

        @Test
        void tradesOldestFirst() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_KRW", "limit", 1000);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/trades/ticks?market=KRW-BTC&count=500");
            assertThat(trades).hasSize(500);
            assertThat(trades.path(0).path("time").asLong()).isLessThan(trades.path(499).path("time").asLong());
            assertThat(trades.path(499).path("type").asText()).isEqualTo("sell");
        }

        @Test
        void tradesWithoutALimitAreTheLastHundredNotBithumbsSingleDefault() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_KRW");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/trades/ticks?market=KRW-BTC&count=100");
            assertThat(trades).hasSize(100);
            assertThat(data("trades", "symbol", "BTC_KRW", "limit", 0)).hasSize(100);
        }

        @Test
        void recordsInSecondsOldestFirst() throws Exception {
            JsonNode bars = data("records", "symbol", "BTC_KRW", "period", "15", "limit", "4");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/candles/minutes/15?market=KRW-BTC&count=4");
            assertThat(bars.path(0).path(0).asLong()).as("2018-04-18T12:15:00Z").isEqualTo(1524053700L);
            assertThat(bars.path(3).path(0).asLong()).isEqualTo(1524056400L);
            JsonNode days = data("records", "symbol", "BTC_KRW", "period", 1440);
            assertThat(lastRequest().rawPathAndQuery()).as("no limit: a full page, not Bithumb's single bar")
                    .isEqualTo("/v1/candles/days?market=KRW-BTC&count=200");
            assertThat(days).hasSize(200);
            assertThat(error("records", "symbol", "BTC_KRW", "period", 7)).startsWith("Bithumb: period 7 has no Bithumb candle");
        }

        @Test
        void tickersOfEveryListedMarket() throws Exception {
            JsonNode tickers = data("tickers");
            assertThat(bithumb.requests()).extracting(StubRequest::rawPathAndQuery).containsExactly(
                    "/v1/market/all?isDetails=true", "/v1/ticker?markets=KRW-BTC%2CKRW-ETH%2CBTC-ETH");
            List<String> symbols = new ArrayList<>();
            tickers.forEach(t -> symbols.add(t.path("symbol").asText()));
            assertThat(symbols).containsExactly("BTC_KRW", "ETH_KRW", "ETH_BTC");
        }

        @Test
        void marketsNameEveryPairAndClaimNoTick() throws Exception {
            JsonNode markets = data("markets");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/market/all?isDetails=true");
            JsonNode btc = markets.path("BTC_KRW");
            assertThat(btc.path("baseAsset").asText()).isEqualTo("BTC");
            assertThat(btc.path("quoteAsset").asText()).isEqualTo("KRW");
            assertThat(btc.path("tickSize").decimalValue()).as("Bithumb publishes no fixed tick rule").isEqualByComparingTo("0");
            assertThat(markets.path("ETH_BTC").path("symbol").asText()).isEqualTo("ETH_BTC");
        }
    }

    @Nested
    class Account {

        @Test
        void accountsAreSignedWithATimestampAndExact() throws Exception {
            long before = System.currentTimeMillis();
            JsonNode balances = data("accounts");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/accounts");
            assertThat(lastClaims().getClaims()).as("no parameters, no query_hash").containsOnlyKeys("access_key", "nonce", "timestamp");
            assertThat(((Number) lastClaims().getClaim("timestamp")).longValue()).isBetween(before - 5000, System.currentTimeMillis());
            assertThat(bithumb.algorithmsSeen()).containsOnly("HS256");
            JsonNode krw = find(balances, "currency", "KRW");
            assertThat(krw.path("free").decimalValue()).isEqualByComparingTo("1000000");
            assertThat(krw.path("frozen").decimalValue()).isEqualByComparingTo("5000.5");
            assertThat(find(data("assets"), "currency", "BTC").path("free").decimalValue()).isEqualByComparingTo("0.00000001");
        }

        @Test
        void aTimestampFarFromBithumbsClockIsRefusedWithItsName() throws Exception {
            bithumb.useClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)));
            assertThat(error("accounts")).isEqualTo(
                    "Bithumb: invalid_timestamp: timestamp is missing or too far from the server's time. (HTTP 401)");
        }

        @Test
        void aWrongSecretKeepsTheErrorName() throws Exception {
            JsonNode reply = bridge.call("/Bithumb", envelope("accounts", KEY, SECRET.replace('S', 'X')));
            assertThat(reply.path("error").asText()).isEqualTo("Bithumb: jwt_verification: Failed to verify Jwt token. (HTTP 401)");
        }
    }

    @Nested
    class Orders {

        @Test
        void aLimitOrderReachesBithumbExactlyWithItsQueryHash() throws Exception {
            String id = data("trade", "symbol", "BTC_KRW", "type", "buy", "amount", new BigDecimal("0.001"),
                    "price", "8001000").path("id").asText();
            assertThat(id).matches("KRW-BTC,C0101000000\\d+");
            StubRequest sent = lastRequest();
            assertThat(sent.rawPathAndQuery()).isEqualTo("/v2/orders");
            assertThat(sent.body()).as("the price and amount as given, never rounded")
                    .matches("\\{\"market\":\"KRW-BTC\",\"side\":\"bid\",\"order_type\":\"limit\",\"price\":\"8001000\","
                            + "\"volume\":\"0.001\",\"client_order_id\":\"fmz[0-9a-f]{29}\"}");
            assertThat(lastClaims().getClaims()).containsKeys("access_key", "nonce", "timestamp", "query_hash", "query_hash_alg");
        }

        @Test
        void marketBuySpendsKrwAsPriceAndMarketSellSellsVolume() throws Exception {
            data("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "10000", "price", -1);
            JsonNode buy = RunningBridge.JSON.readTree(lastRequest().body());
            assertThat(buy.path("order_type").asText()).isEqualTo("price");
            assertThat(buy.path("price").asText()).isEqualTo("10000");
            assertThat(buy.has("volume")).isFalse();

            data("trade", "symbol", "BTC_KRW", "type", "sell", "amount", "0.5", "price", "-1");
            JsonNode sell = RunningBridge.JSON.readTree(lastRequest().body());
            assertThat(sell.path("order_type").asText()).isEqualTo("market");
            assertThat(sell.path("volume").asText()).isEqualTo("0.5");
            assertThat(sell.has("price")).isFalse();
        }

        @Test
        void aRejectedOrderKeepsBithumbsErrorNameAndMessage() throws Exception {
            bithumb.rejectNextOrder(400, "insufficient_funds_bid", "주문가능한 금액(KRW)이 부족합니다.");
            assertThat(error("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "1", "price", "8000000"))
                    .isEqualTo("Bithumb: insufficient_funds_bid: 주문가능한 금액(KRW)이 부족합니다. (HTTP 400)");
        }

        @Test
        void anOrderThroughItsLife() throws Exception {
            String id = placeLimitBuy("0.02", "8000000");
            String orderId = orderIdOf(id);

            JsonNode order = data("order", "id", id, "symbol", "BTC_KRW");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/order?uuid=" + orderId);
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("8000000");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("status").asText()).isEqualTo("pending");

            assertThat(ids(data("orders", "symbol", "BTC_KRW"))).contains(id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/orders?market=KRW-BTC&state=wait");

            bithumb.fill(orderId, "0.005", "8000000");
            bithumb.fill(orderId, "0.005", "7999000");
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.01");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("7999500");

            assertThat(data("cancel", "id", id).asBoolean()).isTrue();
            StubRequest cancel = lastRequest();
            assertThat(cancel.method()).isEqualTo("DELETE");
            assertThat(cancel.rawPathAndQuery()).isEqualTo("/v2/order?order_id=" + orderId);
            assertThat(cancel.body()).isEmpty();

            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-canceled");
            assertThat(ids(data("orders", "symbol", "BTC_KRW"))).doesNotContain(id);
            assertThat(ids(data("historyorders", "symbol", "BTC_KRW", "limit", 0, "since", 0))).contains(id);
            assertThat(lastRequest().rawPathAndQuery())
                    .isEqualTo("/v1/orders?market=KRW-BTC&states[]=done&states[]=cancel&order_by=desc");
            assertThat(lastClaims().getClaim("query_hash")).as("hashed as sent, brackets and all").isNotNull();

            assertThat(error("cancel", "id", id)).isEqualTo("Bithumb: order_not_found: 주문을 찾지 못했습니다. (HTTP 404)");
        }

        @Test
        void filledAndCanceledStatusesAndHistorySince() throws Exception {
            String filled = placeLimitBuy("0.01", "8000000");
            bithumb.fill(orderIdOf(filled), "0.01", "8000000");
            assertThat(data("order", "id", filled).path("status").asText()).isEqualTo("filled");

            String canceled = placeLimitBuy("0.01", "8000000");
            data("cancel", "id", canceled);
            assertThat(data("order", "id", canceled).path("status").asText()).isEqualTo("canceled");

            assertThat(ids(data("historyorders", "symbol", "BTC_KRW"))).contains(filled, canceled);
            assertThat(data("historyorders", "symbol", "BTC_KRW", "since", System.currentTimeMillis() + 60_000)).isEmpty();
            data("historyorders", "symbol", "BTC_KRW", "limit", 500);
            assertThat(lastRequest().rawQuery()).endsWith("&limit=100&order_by=desc");
        }

        @Test
        void anOrderIsFoundByItsClientOrderId() throws Exception {
            String id = placeLimitBuy("0.01", "8000000");
            String clientOrderId = bithumb.placedOrders().get(bithumb.placedOrders().size() - 1).get("client_order_id");
            assertThat(data("order", "clientOrderId", clientOrderId, "symbol", "BTC_KRW").path("id").asText()).isEqualTo(id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/order?client_order_id=" + clientOrderId);
        }

        @Test
        void aLostReplyToAPlacementIsFoundByItsClientOrderIdAndPlacedOnce() throws Exception {
            int before = bithumb.orderCount();
            bithumb.failNext("/v2/orders", new Fault.ReplyLost());
            String id = data("trade", "symbol", "BTC_KRW", "type", "sell", "amount", "0.01", "price", "9000000").path("id").asText();
            assertThat(id).startsWith("KRW-BTC,C0101");
            assertThat(bithumb.orderCount()).as("exactly one order").isEqualTo(before + 1);
        }

        @Test
        void aMalformedIdIsRefused() throws Exception {
            assertThat(error("cancel", "id", "KRW-BTC,not an id")).isEqualTo("Bithumb: order id must look like KRW-BTC,C0101000000001799625");
            assertThat(bithumb.requests()).isEmpty();
        }
    }

    @Nested
    class ExchangeIo {

        @Test
        void getParamsGoToTheHashedQuery() throws Exception {
            JsonNode reply = bridge.call("/Bithumb", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/v1/orders", KEY, SECRET, "market", "KRW-BTC", "state", "wait")), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/orders?market=KRW-BTC&state=wait");
            assertThat(reply.path("data").isArray()).isTrue();
        }
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("Bithumb", "GET /v1/trades/ticks",
                    Arguments.of(new Fault.Status(503, "{\"message\":\"maintenance\"}"),
                            "Bithumb: HTTP 503 from exchange without Bithumb's error name"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String error) throws Exception {
            bithumb.failNext("/v1/trades/ticks", fault);
            assertThat(error("trades", "symbol", "BTC_KRW")).startsWith(error);
        }

        @Test
        void a429IsReportedAsTheRateLimitAndHoldsThatKeysCallsForItsRetryAfter() throws Exception {
            bithumb.addAccount(LIMITED_KEY, SECRET);
            bithumb.failNext("/v1/accounts", new Fault.TooManyRequests("2",
                    "{\"error\":{\"name\":\"too_many_requests\",\"message\":\"Too many requests.\"}}"));
            assertThat(limitedAccounts()).isEqualTo("Bithumb: too_many_requests: Too many requests."
                    + " (HTTP 429: rate limit hit, back off before calling again)");
            int sent = bithumb.requests().size();
            assertThat(limitedAccounts()).startsWith("Bithumb: rate limited by the exchange; the bridge holds calls for another ");
            assertThat(bithumb.requests()).as("held in the bridge, not sent").hasSize(sent);
            assertThat(call("accounts").path("error").asText()).as("another key is not held").isEmpty();
        }

        @Test
        void a429WithoutBithumbsErrorShapeStillSaysRateLimit() throws Exception {
            bithumb.failNext("/v1/trades/ticks", new Fault.Status(429, "Too Many Requests"));
            assertThat(error("trades", "symbol", "BTC_KRW")).isEqualTo("Bithumb: HTTP 429: rate limit hit, back off before calling again");
            bithumb.failNext("/v1/trades/ticks", new Fault.Status(429, "{\"message\":\"slow down\"}"));
            assertThat(error("trades", "symbol", "BTC_KRW")).isEqualTo(
                    "Bithumb: HTTP 429 from exchange without Bithumb's error name: rate limit hit, back off before calling again");
        }

        String limitedAccounts() throws Exception {
            return bridge.call("/Bithumb", envelope("accounts", LIMITED_KEY, SECRET)).path("error").asText();
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/v1/accounts", "GET /v1/accounts", "accounts");
        }

        @Test
        void anUnsupportedMethodIsAClearError() throws Exception {
            assertThat(error("positions")).isEqualTo("Bithumb: method 'positions' is not supported");
        }
    }

    @Test
    void noSecretOrTokenReachesRepliesHeadersOrLogs() throws Exception {
        Exposure seen = exposureOf(() -> {
            String id = placeLimitBuy("0.01", "8000000");
            bithumb.failNext("/v1/accounts", new Fault.Status(500, "oops"));
            bithumb.failNext("/v2/orders", new Fault.Reset());
            return List.of(
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, "wrong-" + SECRET),
                    envelope("order", KEY, SECRET, "id", id),
                    envelope("trade", KEY, SECRET, "symbol", "BTC_KRW", "type", "buy", "amount", "1", "price", "8000000"),
                    envelope("cancel", KEY, SECRET, "id", id),
                    envelope("__api_/v1/accounts", KEY, SECRET));
        });
        List<String> tokens = bithumb.requests().stream().map(r -> r.header("Authorization")).filter(t -> t != null)
                .map(t -> t.substring("Bearer ".length())).toList();
        assertThat(tokens).isNotEmpty();
        seen.showsNone(SECRET);
        seen.showsNone(tokens);
        seen.showsNone(tokens.stream().map(token -> token.substring(token.lastIndexOf('.') + 1)).toList());
    }
}
