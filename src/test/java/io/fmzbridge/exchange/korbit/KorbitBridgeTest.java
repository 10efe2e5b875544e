package io.fmzbridge.exchange.korbit;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge end to end against a local Korbit that checks HMAC-SHA256 and ED25519 signatures and
 * the time window the way Korbit does: each FMZ spot method, each failure class, and no secret escaping.
 */
class KorbitBridgeTest extends ExchangeBridgeTest {

    static final String KEY = "korbit-hmac-key";
    static final String SECRET = "9c3f1e7a5b2d4c6e8f0a1b3c5d7e9f2a";
    static final String ED_KEY = "korbit-ed25519-key";
    static final String ED_SECRET = KorbitSignerTest.ED25519_PEM;
    static final String ED_PUBLIC = "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    static final long RESPONSE_TIMEOUT_MS = 1500;

    KorbitStub korbit;

    KorbitBridgeTest() {
        super("Korbit", KEY, SECRET);
    }

    @Override
    protected KorbitStub startStub() throws Exception {
        korbit = KorbitStub.start();
        korbit.addHmacKey(KEY, SECRET);
        korbit.addEd25519Key(ED_KEY, ED_PUBLIC);
        return korbit;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.korbit.base-url", korbit.baseUrl(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                "fmz.call.rate-limit-enabled", "false",
                "fmz.call.rate-limit-pause-ms", "0",
                "fmz.order.lookup-pause-ms", "50");
    }

    static Map<String, String> sentParams(StubRequest request) {
        return StubExchange.parseQuery(request.method().equals("POST") ? request.body() : request.rawQuery());
    }

    String placeLimitBuy(String amount, String price) throws Exception {
        return data("trade", "symbol", "BTC_KRW", "type", "buy", "amount", amount, "price", price).path("id").asText();
    }

    static long orderIdOf(String id) {
        return Long.parseLong(id.substring(id.indexOf(',') + 1));
    }

    @Nested
    class MarketData {

        @Test
        void ticker() throws Exception {
            JsonNode t = data("ticker", "symbol", "btc_krw");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/tickers?symbol=btc_krw");
            assertThat(lastRequest().headers()).as("public calls carry no credentials").doesNotContainKey("x-kapi-key");
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_KRW");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("77136000");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("77193000");
            assertThat(t.path("high").decimalValue()).isEqualByComparingTo("79650000");
            assertThat(t.path("low").decimalValue()).isEqualByComparingTo("76550000");
            assertThat(t.path("open").decimalValue()).isEqualByComparingTo("77060000");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("77136000");
            assertThat(t.path("vol").decimalValue()).isEqualTo(new BigDecimal("48.73739983"));
            assertThat(t.path("time").asLong()).isEqualTo(KorbitStub.NOW_TICKER);
        }

        @Test
        void anUnknownPairKeepsKorbitCode() throws Exception {
            assertThat(error("ticker", "symbol", "NOPE_KRW")).isEqualTo("Korbit: INVALID_CURRENCY_PAIR (HTTP 400)");
        }

        @Test
        void depthIsLimitedAndOrdered() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_KRW", "limit", "2");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/orderbook?symbol=btc_krw");
            assertThat(depth.path("asks")).hasSize(2);
            assertThat(depth.path("bids")).hasSize(2);
            assertThat(depth.path("asks").path(0).path(0).decimalValue()).isEqualByComparingTo("73304000");
            assertThat(depth.path("bids").path(0).path(0).decimalValue()).isEqualByComparingTo("73303000");
            assertThat(depth.path("bids").path(0).path(1).decimalValue()).isEqualTo(new BigDecimal("0.00898326"));
            assertThat(depth.path("time").asLong()).isEqualTo(1708057740895L);
        }

        @Test
        void depthWithoutALimitHoldsTwentyLevelsAndAHugeLimitAllOfThem() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_KRW");
            assertThat(depth.path("asks")).as("Korbit's book holds %d", KorbitStub.BOOK_LEVELS).hasSize(20);
            assertThat(depth.path("bids")).hasSize(20);
            assertThat(depth.path("bids").path(19).path(0).decimalValue()).isEqualByComparingTo("73284000");

            JsonNode all = data("depth", "symbol", "BTC_KRW", "limit", "99999999999");
            assertThat(all.path("asks")).hasSize(KorbitStub.BOOK_LEVELS);
            assertThat(all.path("bids")).hasSize(KorbitStub.BOOK_LEVELS);
        }

        @Test
        void tradesOldestFirstWithTheTakerSide() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_KRW", "limit", 3);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/trades?symbol=btc_krw&limit=3");
            assertThat(trades).hasSize(3);
            assertThat(trades.path(0).path("id").asText()).isEqualTo("1");
            assertThat(trades.path(0).path("type").asText()).isEqualTo("buy");
            assertThat(trades.path(1).path("type").asText()).isEqualTo("sell");
            assertThat(trades.path(1).path("amount").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
            assertThat(trades.path(2).path("time").asLong()).isEqualTo(1700000003000L);
        }

        @Test
        void recordsInSecondsOldestFirstWithTheRightInterval() throws Exception {
            JsonNode bars = data("records", "symbol", "BTC_KRW", "period", "60", "limit", "2");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/candles?symbol=btc_krw&interval=60&limit=2");
            assertThat(bars).hasSize(2);
            assertThat(bars.path(0).path(0).asLong()).isEqualTo(1700003600L);
            assertThat(bars.path(1).path(0).asLong()).isEqualTo(1700007200L);
            assertThat(bars.path(0)).hasSize(6);

            data("records", "symbol", "BTC_KRW", "period", 1440);
            assertThat(lastRequest().rawPathAndQuery()).as("Korbit requires a limit").isEqualTo("/v2/candles?symbol=btc_krw&interval=1D&limit=200");
            assertThat(data("records", "symbol", "BTC_KRW", "period", 60, "limit", "99999999999")).as("a huge limit is all there is")
                    .hasSize(3);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/candles?symbol=btc_krw&interval=60&limit=200");
            assertThat(error("records", "symbol", "BTC_KRW", "period", 3))
                    .startsWith("Korbit: period 3 has no Korbit candle interval; periods in minutes: [1, 5, 15, 30, 60, 240, 1440, 10080]");
        }

        @Test
        void tickersAndMarkets() throws Exception {
            JsonNode tickers = data("tickers");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/tickers");
            assertThat(tickers).hasSize(2);
            assertThat(tickers.path(1).path("symbol").asText()).isEqualTo("ETH_KRW");

            korbit.clear();
            JsonNode markets = data("markets");
            assertThat(korbit.requests()).extracting(StubRequest::rawPathAndQuery).containsExactly("/v2/tickers",
                    "/v2/currencyPairs", "/v2/tickSizePolicy?symbol=btc_krw", "/v2/tickSizePolicy?symbol=eth_krw");
            assertThat(markets.has("OLD_KRW")).as("stopped pairs are left out").isFalse();
            JsonNode btc = markets.path("BTC_KRW");
            assertThat(btc.path("baseAsset").asText()).isEqualTo("BTC");
            assertThat(btc.path("quoteAsset").asText()).isEqualTo("KRW");
            assertThat(btc.path("tickSize").decimalValue()).as("the band of the last price, 77,136,000").isEqualByComparingTo("1000");
            assertThat(btc.path("pricePrecision").asInt()).isZero();
            assertThat(btc.path("amountSize").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
            assertThat(btc.path("amountPrecision").asInt()).isEqualTo(8);
            assertThat(btc.path("minNotional").decimalValue()).isEqualByComparingTo("5000");
        }

        @Test
        void marketsFailWholeWhenAPairsTickPolicyCannotBeRead() throws Exception {
            korbit.failNext("/v2/tickSizePolicy", new Fault.Status(503, "{\"message\":\"maintenance\"}"));
            assertThat(error("markets")).isEqualTo("Korbit: HTTP 503 from exchange without a Korbit error code");
        }
    }

    @Nested
    class Account {

        @Test
        void accountsAndAssetsAreSignedAndExact() throws Exception {
            for (String method : new String[] {"accounts", "assets"}) {
                JsonNode balances = data(method);
                StubRequest sent = lastRequest();
                assertThat(sent.rawPathAndQuery()).matches("/v2/balance\\?timestamp=\\d{13}&signature=[0-9a-f]{64}");
                assertThat(sent.header("X-KAPI-KEY")).isEqualTo(KEY);
                JsonNode btc = find(balances, "currency", "BTC");
                assertThat(btc.path("free").decimalValue()).isEqualByComparingTo("70");
                assertThat(btc.path("frozen").decimalValue()).isEqualByComparingTo("30");
                assertThat(find(balances, "currency", "ETH").path("free").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
            }
        }

        @Test
        void anEd25519KeySignsToo() throws Exception {
            JsonNode reply = bridge.call("/Korbit", envelope("accounts", ED_KEY, ED_SECRET));
            assertThat(reply.has("data")).as("error: %s", reply.path("error").asText()).isTrue();
            String signature = sentParams(lastRequest()).get("signature");
            assertThat(java.util.Base64.getDecoder().decode(signature)).hasSize(64);

            JsonNode order = bridge.call("/Korbit", envelope("trade", ED_KEY, ED_SECRET.replace("\n", " "), "symbol", "BTC_KRW",
                    "type", "sell", "amount", "0.5", "price", "80000000"));
            assertThat(order.path("data").path("id").asText()).as("error: %s", order.path("error").asText()).startsWith("btc_krw,");
        }

        @Test
        void aWrongSecretKeepsKorbitCode() throws Exception {
            JsonNode reply = bridge.call("/Korbit", envelope("accounts", KEY, "not-the-secret"));
            assertThat(reply.path("error").asText()).isEqualTo("Korbit: INVALID_SIGNATURE (HTTP 401)");
        }
    }

    @Nested
    class Orders {

        @Test
        void limitOrderAmountsReachKorbitExactlyAsAForm() throws Exception {
            String id = placeLimitBuy("0.00123456", "77001000");
            assertThat(id).matches("btc_krw,\\d+");
            StubRequest sent = lastRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.rawPathAndQuery()).isEqualTo("/v2/orders");
            assertThat(sent.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(sent.body()).matches("symbol=btc_krw&side=buy&orderType=limit&price=77001000&qty=0.00123456"
                    + "&timeInForce=gtc&clientOrderId=fmz[0-9a-f]{33}&timestamp=\\d{13}&signature=[0-9a-f]{64}");
        }

        @Test
        void marketBuySpendsKrwAndMarketSellSellsBase() throws Exception {
            data("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "10000", "price", -1);
            Map<String, String> buy = sentParams(lastRequest());
            assertThat(buy).containsEntry("orderType", "market").containsEntry("amt", "10000").doesNotContainKeys("qty", "price");

            data("trade", "symbol", "BTC_KRW", "type", "sell", "amount", "0.5", "price", "-1");
            Map<String, String> sell = sentParams(lastRequest());
            assertThat(sell).containsEntry("orderType", "market").containsEntry("qty", "0.5").doesNotContainKeys("amt", "price");
        }

        @Test
        void badOrdersNeverReachKorbitAndRejectionsKeepTheirCode() throws Exception {
            assertThat(error("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "0", "price", "1"))
                    .isEqualTo("Korbit: amount must be positive, got 0");
            assertThat(korbit.requests()).isEmpty();
            korbit.rejectNextOrder("NO_BALANCE");
            assertThat(error("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "1", "price", "1000"))
                    .isEqualTo("Korbit: NO_BALANCE (HTTP 400)");
        }

        @Test
        void withoutLoadedRulesKorbitJudgesTicksAndMinimumsAndKeepsItsCodes() throws Exception {
            assertThat(error("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "0.001", "price", "77000500"))
                    .isEqualTo("Korbit: PRICE_TICK_SIZE_INVALID (HTTP 400)");
            assertThat(error("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "0.00001", "price", "77000000"))
                    .isEqualTo("Korbit: ORDER_VALUE_TOO_SMALL (HTTP 400)");
        }

        @Test
        void anOrderThroughItsLife() throws Exception {
            String id = placeLimitBuy("0.02", "70000000");
            long orderId = orderIdOf(id);

            JsonNode order = data("order", "id", id);
            assertThat(lastRequest().rawPathAndQuery()).startsWith("/v2/orders?symbol=btc_krw&orderId=" + orderId + "&timestamp=");
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("symbol").asText()).isEqualTo("BTC_KRW");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("70000000");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("status").asText()).isEqualTo("pending");
            assertThat(ids(data("orders", "symbol", "BTC_KRW"))).contains(id);

            korbit.fill(orderId, "0.005", "69999000", "partiallyFilled");
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.005");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("69999000");

            assertThat(data("cancel", "id", id).asBoolean()).isTrue();
            assertThat(lastRequest().method()).isEqualTo("DELETE");
            assertThat(lastRequest().rawPathAndQuery()).startsWith("/v2/orders?symbol=btc_krw&orderId=" + orderId + "&timestamp=");
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-canceled");
            assertThat(ids(data("orders", "symbol", "BTC_KRW"))).doesNotContain(id);
            assertThat(ids(data("historyorders", "symbol", "BTC_KRW", "limit", 0, "since", 0))).contains(id);
            assertThat(lastRequest().rawPathAndQuery()).startsWith("/v2/allOrders?symbol=btc_krw&timestamp=");

            assertThat(error("cancel", "id", id)).isEqualTo("Korbit: ORDER_ALREADY_CANCELED (HTTP 400)");
        }

        @Test
        void anOrderListedWithoutItsSymbolIsFoundAndCanceledByTheListedId() throws Exception {
            String placed = placeLimitBuy("0.02", "70000000");

            // Korbit's openOrders items name no symbol: the listed order's market is the one asked for
            JsonNode listed = find(data("orders", "symbol", "BTC_KRW"), "id", placed);
            assertThat(listed.path("symbol").asText()).isEqualTo("BTC_KRW");

            String id = listed.path("id").asText();
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("pending");
            assertThat(data("cancel", "id", id).asBoolean()).isTrue();
            assertThat(lastRequest().rawPathAndQuery()).startsWith("/v2/orders?symbol=btc_krw&orderId=" + orderIdOf(placed) + "&");
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("canceled");
        }

        @Test
        void filledCanceledAndCutShortStatuses() throws Exception {
            String filled = placeLimitBuy("0.01", "70000000");
            korbit.fill(orderIdOf(filled), "0.01", "70000000", "filled");
            assertThat(data("order", "id", filled).path("status").asText()).isEqualTo("filled");

            String cutShort = placeLimitBuy("0.01", "70000000");
            korbit.fill(orderIdOf(cutShort), "0.004", "70000000", "filled");
            assertThat(data("order", "id", cutShort).path("status").asText()).as("IOC closed after a partial fill")
                    .isEqualTo("partial-canceled");

            String canceled = placeLimitBuy("0.01", "70000000");
            data("cancel", "id", canceled);
            assertThat(data("order", "id", canceled).path("status").asText()).isEqualTo("canceled");
            assertThat(ids(data("historyorders", "symbol", "BTC_KRW"))).contains(filled, cutShort, canceled);
        }

        @Test
        void historyAndOpenOrdersNeedASymbolAndPassSinceAndLimit() throws Exception {
            data("historyorders", "symbol", "BTC_KRW", "limit", "5000", "since", "1700000000000");
            assertThat(lastRequest().rawPathAndQuery())
                    .startsWith("/v2/allOrders?symbol=btc_krw&startTime=1700000000000&limit=1000&timestamp=");
            assertThat(error("orders")).isEqualTo("Korbit: orders needs a symbol on Korbit (its openOrders endpoint requires one), e.g. BTC_KRW");
        }

        @Test
        void bareAndMalformedOrderIds() throws Exception {
            String id = placeLimitBuy("0.01", "70000000");
            assertThat(data("order", "id", String.valueOf(orderIdOf(id)), "symbol", "BTC_KRW").path("id").asText()).isEqualTo(id);
            assertThat(error("order", "id", "btc_krw,abc")).isEqualTo("Korbit: order id must look like btc_krw,1234");
            assertThat(error("order", "id", "btc_krw,999999")).isEqualTo("Korbit: ORDER_NOT_FOUND (HTTP 404)");
        }

        @Test
        void aLostPlacementReplyIsFoundByClientOrderIdAndPlacedOnce() throws Exception {
            korbit.failNext("/v2/orders", new Fault.ReplyLost());
            String id = placeLimitBuy("0.03", "71000000");
            assertThat(id).matches("btc_krw,\\d+");
            List<Map<String, String>> placed = korbit.placedOrders().stream()
                    .filter(o -> "0.03".equals(o.get("qty"))).toList();
            assertThat(placed).hasSize(1);
            assertThat(data("order", "id", id).path("amount").decimalValue()).isEqualByComparingTo("0.03");
        }
    }

    @Nested
    class ExchangeIo {

        @Test
        void privateCallsAreSignedPublicOnesAreNot() throws Exception {
            JsonNode reply = bridge.call("/Korbit", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/v2/balance", KEY, SECRET, "currencies", "btc,krw")), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).matches("/v2/balance\\?currencies=btc%2Ckrw&timestamp=\\d{13}&signature=[0-9a-f]{64}");
            assertThat(reply.path("data").path("success").asBoolean()).as("Korbit's own JSON").isTrue();

            bridge.call("/Korbit", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/v2/orderbook", KEY, SECRET, "symbol", "eth_krw")), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/orderbook?symbol=eth_krw");
        }

        @Test
        void aPostSendsASignedForm() throws Exception {
            JsonNode reply = bridge.call("/Korbit", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/v2/orders", KEY, SECRET, "symbol", "eth_krw", "side", "sell", "orderType", "limit",
                            "price", "4000000", "qty", "0.1", "timeInForce", "gtc")), Map.of("Http-Method", "POST"));
            assertThat(lastRequest().body()).startsWith("symbol=eth_krw&side=sell&orderType=limit&price=4000000&qty=0.1");
            assertThat(reply.path("data").path("data").path("orderId").asLong()).isPositive();
        }
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("Korbit", "GET /v2/tickers",
                    Arguments.of(new Fault.Status(503, "{\"message\":\"maintenance\"}"),
                            "Korbit: HTTP 503 from exchange without a Korbit error code"),
                    Arguments.of(new Fault.Status(429, "{\"success\":false,\"error\":{\"message\":\"TOO_MANY_REQUESTS\"}}"),
                            "Korbit: TOO_MANY_REQUESTS (HTTP 429)"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String error) throws Exception {
            korbit.failNext("/v2/tickers", fault);
            assertThat(error("ticker", "symbol", "BTC_KRW")).startsWith(error);
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/v2/balance", "GET /v2/balance", "accounts");
        }

        @Test
        void unsupportedMethodsSaySo() throws Exception {
            assertThat(error("positions")).isEqualTo("Korbit: method 'positions' is not supported by Korbit");
            assertThat(error("ticker", "symbol", "BTC_KRW.swap"))
                    .isEqualTo("Korbit: contract symbols like BTC_KRW.swap are not served for Korbit; use a spot symbol like BTC_KRW");
        }
    }

    @Test
    void noSecretReachesRepliesHeadersOrLogs() throws Exception {
        Exposure seen = exposureOf(() -> {
            String id = placeLimitBuy("0.01", "70000000");
            korbit.failNext("/v2/balance", new Fault.Status(500, "oops"));
            return List.of(
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, SECRET + "x"),
                    envelope("accounts", ED_KEY, ED_SECRET),
                    envelope("order", KEY, SECRET, "id", id),
                    envelope("cancel", KEY, SECRET, "id", id),
                    envelope("__api_/v2/balance", KEY, SECRET));
        });
        List<String> signatures = korbit.requests().stream().map(r -> sentParams(r).get("signature"))
                .filter(s -> s != null).toList();
        assertThat(signatures).isNotEmpty();
        String edBody = KorbitSignerTest.ED25519_BODY;
        seen.showsNone(SECRET, edBody.substring(16, 48));
        seen.showsNone(signatures);
        seen.showsNone(signatures.stream().map(signature -> URLDecoder.decode(signature, StandardCharsets.UTF_8)).toList());
    }
}
