package io.fmzbridge.exchange.okx;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import io.fmzbridge.stub.StubExchange.StubResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge end to end against a local OKX that checks every signature the way OKX does: each
 * FMZ spot method, each failure class, concurrency, and that no secret escapes.
 */
class OkxBridgeTest extends ExchangeBridgeTest {

    static final String KEY = "okx-test-key";
    static final String SECRET = "4F2A9C1E7B3D5A6F8E0C2B4D6A8F1E3C";
    static final String PASSPHRASE = "Pass-phrase.1";
    static final String SECRET_KEY = SECRET + "," + PASSPHRASE;
    static final long RESPONSE_TIMEOUT_MS = 1500;

    OkxStub okx;

    OkxBridgeTest() {
        super("OKX", KEY, SECRET_KEY);
    }

    @Override
    protected OkxStub startStub() throws Exception {
        okx = OkxStub.start();
        okx.addAccount(KEY, SECRET, PASSPHRASE);
        return okx;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                // limits have their own tests; here they would only slow the suite down, and the balance
                // endpoint's own 10 per 2 s would hold some of the concurrent calls
                "fmz.call.rate-limit-enabled", "false");
    }

    String placeLimitBuy(String amount, String price) throws Exception {
        return data("trade", "symbol", "BTC_USDT", "type", "buy", "amount", amount, "price", price).path("id").asText();
    }

    @Nested
    class MarketData {

        @Test
        void ticker() throws Exception {
            JsonNode reply = call("ticker", "symbol", "btc_usdt");
            JsonNode t = reply.path("data");
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("8888.88");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("9999.99");
            assertThat(t.path("high").decimalValue()).isEqualByComparingTo("10000");
            assertThat(t.path("low").decimalValue()).isEqualByComparingTo("8888.88");
            assertThat(t.path("open").decimalValue()).isEqualByComparingTo("9000");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("9999.99");
            assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("2222");
            assertThat(t.path("time").asLong()).isEqualTo(1597026383085L);
            assertThat(reply.path("raw").path("data").path(0).path("instId").asText()).isEqualTo("BTC-USDT");

            StubRequest sent = lastRequest();
            assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v5/market/ticker?instId=BTC-USDT");
            assertThat(sent.headers()).as("public calls carry no credentials").doesNotContainKey("ok-access-key");
        }

        @Test
        void unknownInstrumentKeepsOkxCodeAndMessage() throws Exception {
            assertThat(call("ticker", "symbol", "NOPE_USDT").path("error").asText())
                    .isEqualTo("OKX: code 51001: Instrument ID, Instrument ID code or Spread ID doesn't exist.");
        }

        @Test
        void depthIsLimitedAndOrdered() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_USDT", "limit", "3");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/market/books?instId=BTC-USDT&sz=3");
            assertThat(depth.path("asks")).hasSize(3);
            assertThat(depth.path("bids")).hasSize(3);
            assertThat(prices(depth.path("asks"))).isSortedAccordingTo(BigDecimal::compareTo);
            assertThat(prices(depth.path("bids"))).isSortedAccordingTo(java.util.Comparator.<BigDecimal>reverseOrder());
            assertThat(prices(depth.path("asks")).get(0)).isGreaterThan(prices(depth.path("bids")).get(0));
            assertThat(depth.path("time").asLong()).isPositive();
            assertThat(depth.path("asks").path(0).size()).as("[price, amount]").isEqualTo(2);
        }

        @Test
        void depthKeepsEveryDecimal() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_USDT", "limit", 5);
            JsonNode raw = call("depth", "symbol", "BTC_USDT", "limit", 5).path("raw").path("data").path(0);
            for (String side : new String[] {"asks", "bids"}) {
                for (int i = 0; i < raw.path(side).size(); i++) {
                    assertThat(depth.path(side).path(i).path(1).decimalValue())
                            .isEqualTo(new BigDecimal(raw.path(side).path(i).path(1).asText()));
                }
            }
        }

        @Test
        void tradesOldestFirst() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_USDT", "limit", 3);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/market/trades?instId=BTC-USDT&limit=3");
            assertThat(trades).hasSize(3);
            List<Long> times = new ArrayList<>();
            trades.forEach(t -> times.add(t.path("time").asLong()));
            assertThat(times).isSorted();
            assertThat(trades.path(0).path("type").asText()).isIn("buy", "sell");
            assertThat(trades.path(0).path("id").asText()).isNotEmpty();
        }

        @Test
        void recordsInSecondsOldestFirstWithTheRightBar() throws Exception {
            JsonNode bars = data("records", "symbol", "BTC_USDT", "period", "60", "limit", "4");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/market/candles?instId=BTC-USDT&bar=1H&limit=4");
            assertThat(bars).hasSize(4);
            List<Long> times = new ArrayList<>();
            bars.forEach(b -> times.add(b.path(0).asLong()));
            assertThat(times).isSorted();
            assertThat(times.get(0)).as("seconds, not ms").isLessThan(10_000_000_000L).isGreaterThan(1_000_000_000L);
            assertThat(bars.path(0)).as("[time, open, high, low, close, volume]").hasSize(6);

            data("records", "symbol", "BTC_USDT", "period", 1440);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/market/candles?instId=BTC-USDT&bar=1Dutc");
            data("records", "symbol", "BTC_USDT", "period", 1, "limit", 1000);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/market/candles?instId=BTC-USDT&bar=1m&limit=300");
        }

        @Test
        void aPeriodWithoutOkxBarIsAClearError() throws Exception {
            assertThat(call("records", "symbol", "BTC_USDT", "period", 7).path("error").asText())
                    .startsWith("OKX: period 7 has no OKX bar; periods in minutes: [1, 3, 5, 15, 30, 60");
            assertThat(okx.requests()).isEmpty();
        }

        @Test
        void tickers() throws Exception {
            JsonNode tickers = data("tickers");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/market/tickers?instType=SPOT");
            List<String> symbols = new ArrayList<>();
            tickers.forEach(t -> symbols.add(t.path("symbol").asText()));
            assertThat(symbols).contains("BTC_USDT", "ETH_USDT");
        }

        @Test
        void marketsCarryTickAndLotRules() throws Exception {
            JsonNode btc = data("markets").path("BTC_USDT");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/public/instruments?instType=SPOT");
            assertThat(btc.path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(btc.path("baseAsset").asText()).isEqualTo("BTC");
            assertThat(btc.path("quoteAsset").asText()).isEqualTo("USDT");
            assertThat(btc.path("tickSize").decimalValue()).isEqualByComparingTo("0.1");
            assertThat(btc.path("amountSize").decimalValue()).isEqualByComparingTo("0.00000001");
            assertThat(btc.path("pricePrecision").asInt()).isEqualTo(1);
            assertThat(btc.path("amountPrecision").asInt()).isEqualTo(8);
            assertThat(btc.path("minQty").decimalValue()).isEqualByComparingTo("0.00001");
        }
    }

    @Nested
    class Account {

        @Test
        void accountsAndAssetsAreSignedAndExact() throws Exception {
            for (String method : new String[] {"accounts", "assets"}) {
                JsonNode balances = data(method);
                assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/account/balance");
                JsonNode usdt = find(balances, "currency", "USDT");
                assertThat(usdt.path("free").decimalValue()).isEqualByComparingTo("4834.31");
                assertThat(usdt.path("frozen").decimalValue()).isEqualByComparingTo("158.573");
                assertThat(find(balances, "currency", "BTC").path("free").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
                String wire = bridge.post("/OKX", envelope(method, KEY, SECRET_KEY).toString(), Map.of()).body();
                assertThat(wire).as("plain notation on the wire").contains("\"free\":0.00000001");
            }
        }

        @Test
        void simulateSendsTheDemoHeader() throws Exception {
            JsonNode reply = bridge.call("/OKX", envelope("accounts", KEY, SECRET_KEY + ",simulate"));
            assertThat(reply.has("data")).isTrue();
            assertThat(lastRequest().headers()).containsEntry("x-simulated-trading", "1");
            data("accounts");
            assertThat(lastRequest().headers()).doesNotContainKey("x-simulated-trading");
        }

        @Test
        void aWrongSecretKeepsOkxCode() throws Exception {
            JsonNode reply = bridge.call("/OKX", envelope("accounts", KEY, "0000,". concat(PASSPHRASE)));
            assertThat(reply.path("error").asText()).isEqualTo("OKX: code 50113: Invalid Sign (HTTP 401)");
        }

        @Test
        void aSecretWithoutPassphraseIsRefusedBeforeAnyCall() throws Exception {
            JsonNode reply = bridge.call("/OKX", envelope("accounts", KEY, SECRET));
            assertThat(reply.path("error").asText())
                    .isEqualTo("OKX: secret_key must be 'secret,passphrase' or 'secret,passphrase,simulate'");
            assertThat(okx.requests()).isEmpty();
        }
    }

    @Nested
    class Orders {

        @Test
        void limitOrderAmountsReachOkxExactly() throws Exception {
            String id = data("trade", "symbol", "BTC_USDT", "type", "buy", "amount", new BigDecimal("0.001"),
                    "price", "30000.5").path("id").asText();
            assertThat(id).matches("BTC-USDT,\\d+");
            StubRequest sent = lastRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v5/trade/order");
            JsonNode body = RunningBridge.JSON.readTree(sent.body());
            assertThat(body.path("sz").asText()).isEqualTo("0.001");
            assertThat(body.path("px").asText()).isEqualTo("30000.5");
            assertThat(body.path("ordType").asText()).isEqualTo("limit");
            assertThat(body.path("tdMode").asText()).isEqualTo("cash");
            assertThat(body.path("side").asText()).isEqualTo("buy");
        }

        /** FMZ may send amounts as JSON numbers in exponent form; OKX must get plain digits, every one kept. */
        @Test
        void exponentAmountsReachOkxAsPlainDigits() throws Exception {
            for (String[] amount : new String[][] {{"1e-3", "0.001"}, {"0.00000001", "0.00000001"}, {"1E-8", "0.00000001"}}) {
                String body = envelope("trade", KEY, SECRET_KEY, "symbol", "BTC_USDT", "type", "sell",
                        "amount", "AMOUNT", "price", "30000.5").toString().replace("\"AMOUNT\"", amount[0]);
                assertThat(body).as("a JSON number, not a string").contains("\"amount\":" + amount[0] + ",");
                JsonNode reply = bridge.call("/OKX", body, Map.of());
                assertThat(reply.path("error").asText()).as("amount %s", amount[0]).isEmpty();
                assertThat(okx.placedOrders().get(okx.placedOrders().size() - 1)).containsEntry("sz", amount[1]);
            }
        }

        @Test
        void marketBuySpendsQuoteAndMarketSellSellsBase() throws Exception {
            data("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "100", "price", -1);
            JsonNode buy = RunningBridge.JSON.readTree(lastRequest().body());
            assertThat(buy.path("ordType").asText()).isEqualTo("market");
            assertThat(buy.path("tgtCcy").asText()).isEqualTo("quote_ccy");
            assertThat(buy.path("sz").asText()).isEqualTo("100");
            assertThat(buy.has("px")).isFalse();

            data("trade", "symbol", "BTC_USDT", "type", "sell", "amount", "0.5", "price", "-1");
            JsonNode sell = RunningBridge.JSON.readTree(lastRequest().body());
            assertThat(sell.path("tgtCcy").asText()).isEqualTo("base_ccy");
            assertThat(sell.path("sz").asText()).isEqualTo("0.5");
        }

        @Test
        void badOrderParametersNeverReachOkx() throws Exception {
            assertThat(call("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0", "price", "1").path("error").asText())
                    .isEqualTo("OKX: amount must be positive, got 0");
            assertThat(call("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "0").path("error").asText())
                    .isEqualTo("OKX: price must be positive, or -1 for a market order; got 0");
            assertThat(call("trade", "symbol", "BTC_USDT", "type", "hold", "amount", "1", "price", "1").path("error").asText())
                    .isEqualTo("OKX: type must be 'buy' or 'sell', got 'hold'");
            assertThat(call("trade", "symbol", "BTC_USDT", "type", "buy", "price", "1").path("error").asText())
                    .isEqualTo("OKX: missing parameter 'amount'");
            assertThat(okx.requests()).isEmpty();
        }

        @Test
        void aRejectedOrderKeepsOkxCodes() throws Exception {
            okx.rejectNextOrder("51008", "Order failed. Insufficient USDT balance in account.");
            assertThat(call("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "1").path("error").asText())
                    .isEqualTo("OKX: code 1: All operations failed; sCode 51008: Order failed. Insufficient USDT balance in account.");
        }

        @Test
        void anOrderThroughItsLife() throws Exception {
            String id = placeLimitBuy("0.02", "25000");
            String ordId = id.substring(id.indexOf(',') + 1);

            JsonNode order = data("order", "id", id, "symbol", "BTC_USDT");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/trade/order?instId=BTC-USDT&ordId=" + ordId);
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("25000");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("status").asText()).isEqualTo("pending");

            assertThat(ids(data("orders", "symbol", "BTC_USDT"))).contains(id);

            okx.fill(ordId, "0.005", "24999.5");
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.005");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("24999.5");

            assertThat(data("cancel", "id", id, "symbol", "BTC_USDT").asBoolean()).isTrue();
            JsonNode cancelBody = RunningBridge.JSON.readTree(lastRequest().body());
            assertThat(cancelBody.path("instId").asText()).isEqualTo("BTC-USDT");
            assertThat(cancelBody.path("ordId").asText()).isEqualTo(ordId);

            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-canceled");
            assertThat(ids(data("orders", "symbol", "BTC_USDT"))).doesNotContain(id);
            assertThat(ids(data("historyorders", "symbol", "BTC_USDT", "limit", 0, "since", 0))).contains(id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/trade/orders-history?instType=SPOT&instId=BTC-USDT");

            assertThat(call("cancel", "id", id).path("error").asText()).startsWith("OKX: code 1: ").contains("sCode 51400");
        }

        @Test
        void filledAndPlainCanceledStatuses() throws Exception {
            String filled = placeLimitBuy("0.01", "20000");
            okx.fill(filled.substring(filled.indexOf(',') + 1), "0.01", "20000");
            assertThat(data("order", "id", filled).path("status").asText()).isEqualTo("filled");

            String canceled = placeLimitBuy("0.01", "20000");
            data("cancel", "id", canceled);
            assertThat(data("order", "id", canceled).path("status").asText()).isEqualTo("canceled");
        }

        @Test
        void historyFiltersBySinceAndLimit() throws Exception {
            data("historyorders", "symbol", "BTC_USDT", "limit", "500", "since", "1700000000000");
            assertThat(lastRequest().rawPathAndQuery())
                    .isEqualTo("/api/v5/trade/orders-history?instType=SPOT&instId=BTC-USDT&begin=1700000000000&limit=100");
        }

        @Test
        void aBareOrderIdTakesTheSymbol() throws Exception {
            String id = placeLimitBuy("0.01", "20000");
            String ordId = id.substring(id.indexOf(',') + 1);
            assertThat(data("order", "id", ordId, "symbol", "BTC_USDT").path("id").asText()).isEqualTo(id);
            assertThat(call("order", "id", "not an id!").path("error").asText())
                    .isEqualTo("OKX: order id must look like BTC-USDT,312269865356374016");
            assertThat(call("order", "id", "123").path("error").asText()).isEqualTo("OKX: missing parameter 'symbol' (expected BASE_QUOTE like BTC_USDT)");
        }

        @Test
        void anUnknownOrderKeepsOkxCode() throws Exception {
            assertThat(call("order", "id", "BTC-USDT,1").path("error").asText()).isEqualTo("OKX: code 51603: Order does not exist.");
        }
    }

    @Nested
    class ExchangeIo {

        @Test
        void getParamsGoToTheSignedQuery() throws Exception {
            JsonNode reply = bridge.call("/OKX", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/api/v5/account/balance", KEY, SECRET_KEY, "ccy", "BTC")), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/account/balance?ccy=BTC");
            assertThat(reply.path("data").path("code").asText()).as("OKX's own JSON").isEqualTo("0");
            assertThat(reply.path("data").path("data").path(0).has("details")).isTrue();
        }

        @Test
        void postParamsGoToTheSignedBody() throws Exception {
            JsonNode reply = bridge.call("/OKX", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/api/v5/trade/order", KEY, SECRET_KEY, "instId", "ETH-USDT", "tdMode", "cash",
                            "side", "sell", "ordType", "limit", "sz", "0.1", "px", "4000")), Map.of("Http-Method", "POST"));
            StubRequest sent = lastRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(RunningBridge.JSON.readTree(sent.body()).path("sz").asText()).isEqualTo("0.1");
            assertThat(reply.path("data").path("data").path(0).path("ordId").asText()).isNotEmpty();
        }

        /** OKX's documented paths use hyphens; the stub is given one with underscores, signed like any private path. */
        @Test
        void pathsWithUnderscoresSurvive() throws Exception {
            okx.on("GET", "/api/v5/account/max_withdrawal_test", (request, query) -> StubResponse.ok(
                    "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"ccy\":\"" + query.get("ccy") + "\",\"maxWd\":\"0.5\"}]}"));
            JsonNode reply = bridge.call("/OKX", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/api/v5/account/max_withdrawal_test", KEY, SECRET_KEY, "ccy", "BTC")), Map.of());
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/api/v5/account/max_withdrawal_test?ccy=BTC");
            assertThat(reply.path("data").path("data").path(0).path("maxWd").asText())
                    .as("the stub checked the signature over the underscored path").isEqualTo("0.5");
        }
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("OKX", "GET /api/v5/market/ticker",
                    Arguments.of(new Fault.Status(503, "{\"message\":\"maintenance\"}"),
                            "OKX: HTTP 503 from exchange without an OKX error code"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String error) throws Exception {
            okx.failNext("/api/v5/market/ticker", fault);
            assertThat(call("ticker", "symbol", "BTC_USDT").path("error").asText()).startsWith(error);
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/api/v5/account/balance", "GET /api/v5/account/balance", "accounts");
        }

        @Test
        void theBridgeServesOnAfterFailures() throws Exception {
            okx.failNext("/api/v5/market/ticker", new Fault.Reset());
            okx.failNext("/api/v5/market/ticker", new Fault.NotJson());
            call("ticker", "symbol", "BTC_USDT");
            call("ticker", "symbol", "BTC_USDT");
            assertThat(data("ticker", "symbol", "BTC_USDT").path("last").decimalValue()).isEqualByComparingTo("9999.99");
        }
    }

    @Test
    void concurrentCallsAreServedInParallel() throws Exception {
        int calls = 8;
        long delay = 400;
        for (int i = 0; i < calls; i++) {
            okx.failNext("/api/v5/account/balance", new Fault.Delay(delay));
        }
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
            assertThat(okx.mostInFlight("/api/v5/account/balance")).as("%d calls of %d ms each, in parallel", calls, delay)
                    .isGreaterThanOrEqualTo(calls / 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noSecretReachesRepliesHeadersOrLogs() throws Exception {
        Exposure seen = exposureOf(() -> {
            String id = placeLimitBuy("0.01", "20000");
            okx.failNext("/api/v5/account/balance", new Fault.Status(500, "oops"));
            okx.failNext("/api/v5/trade/order", new Fault.Reset());
            return List.of(
                    envelope("accounts", KEY, SECRET_KEY),
                    envelope("accounts", KEY, SECRET_KEY),
                    envelope("accounts", KEY, SECRET + ",wrong-" + PASSPHRASE),
                    envelope("accounts", KEY, SECRET),
                    envelope("order", KEY, SECRET_KEY, "id", id),
                    envelope("trade", KEY, SECRET_KEY, "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "1"),
                    envelope("cancel", KEY, SECRET_KEY, "id", id),
                    envelope("__api_/api/v5/account/balance", KEY, SECRET_KEY));
        });
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "okx-secrets-check.log"), seen.log());
        List<String> signatures = okx.requests().stream().map(r -> r.headers().get("ok-access-sign"))
                .filter(s -> s != null).toList();
        assertThat(signatures).isNotEmpty();
        seen.showsNone(SECRET, PASSPHRASE);
        seen.showsNone(signatures);
    }
}
