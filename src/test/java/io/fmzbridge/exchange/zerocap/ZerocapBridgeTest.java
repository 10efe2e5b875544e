package io.fmzbridge.exchange.zerocap;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge end to end against a local Zerocap: REST under {@code /v2} checking every signature, and
 * the price websocket beside it for what orders need of prices (a market buy's best ask). The price
 * stream's own life (ladders, silence, drops, refusals) is {@link ZerocapStreamTest}'s.
 */
class ZerocapBridgeTest extends ExchangeBridgeTest {

    static final String KEY = "zerocap-test-key";
    static final String SECRET = "9c1e7b3d5a6f8e0c2b4d6a8f1e3c4f2a";
    static final long RESPONSE_TIMEOUT_MS = 1500;
    static final long STALE_AFTER_MS = 700;
    static final long FIRST_PRICE_WAIT_MS = 1500;
    static final List<List<String>> BIDS = List.of(List.of("1.47386", "5000.0"), List.of("1.47238", "0.00000001"),
            List.of("1.4709", "20000"));
    static final List<List<String>> ASKS = List.of(List.of("1.57392", "10000.0"), List.of("1.57236", "5000.0"),
            List.of("1.57548", "20000"));

    ZerocapStub rest;
    ZerocapStreamStub prices;

    ZerocapBridgeTest() {
        super("Zerocap", KEY, SECRET);
    }

    /** The REST stub is the one whose requests the tests look at; the price websocket stub starts beside it. */
    @Override
    protected ZerocapStub startStub() throws Exception {
        rest = ZerocapStub.start();
        rest.addAccount(KEY, SECRET);
        prices = ZerocapStreamStub.start(100);
        prices.addAccount(KEY, SECRET);
        return rest;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.zerocap.base-url", rest.restUrl(),
                "fmz.exchange.zerocap.ws-url", prices.wsUrl(),
                "fmz.exchange.zerocap.stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.exchange.zerocap.first-data-wait-ms", String.valueOf(FIRST_PRICE_WAIT_MS),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                // limits and back-off have their own tests; here they would only hold calls back
                "fmz.call.rate-limit-enabled", "false",
                "fmz.call.rate-limit-pause-ms", "0");
    }

    @AfterAll
    void stopPrices() {
        prices.close();
    }

    JsonNode lastBody() throws Exception {
        return RunningBridge.JSON.readTree(lastRequest().body());
    }

    @Nested
    class Account {

        @Test
        void accountsAndAssetsAreSignedAndExact() throws Exception {
            for (String method : new String[] {"accounts", "assets"}) {
                JsonNode balances = data(method);
                StubRequest sent = lastRequest();
                assertThat(sent.rawPathAndQuery()).isEqualTo("/v2/orders/get_balances");
                assertThat(sent.header("timestamp")).matches("\\d{10}");
                JsonNode usdt = find(balances, "currency", "USDT");
                assertThat(usdt.path("free").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
                assertThat(usdt.path("frozen").decimalValue()).isEqualByComparingTo("2");
                assertThat(find(balances, "currency", "AUD").path("free").decimalValue()).isEqualByComparingTo("1000.5");
                JsonNode raw = call(method).path("raw");
                assertThat(raw.path("info").path("account").asText()).as("Zerocap's JSON kept in raw").isEqualTo("stub");
                String wire = bridge.post("/Zerocap", envelope(method, KEY, SECRET).toString(), Map.of()).body();
                assertThat(wire).contains("\"free\":0.00000001");
            }
        }

        @Test
        void marketsFromTheInstruments() throws Exception {
            JsonNode usdt = data("markets").path("USDT_AUD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/orders/get_instruments");
            assertThat(usdt.path("symbol").asText()).isEqualTo("USDT_AUD");
            assertThat(usdt.path("baseAsset").asText()).isEqualTo("USDT");
            assertThat(usdt.path("quoteAsset").asText()).isEqualTo("AUD");
            assertThat(usdt.path("tickSize").decimalValue()).isEqualByComparingTo("0.00001");
            assertThat(usdt.path("pricePrecision").asInt()).isEqualTo(5);
            assertThat(usdt.path("amountSize").decimalValue()).isEqualByComparingTo("0.01");
            assertThat(usdt.path("minQty").decimalValue()).isEqualByComparingTo("10");
            assertThat(usdt.path("minNotional").decimalValue()).isEqualByComparingTo("10");
            assertThat(data("markets").path("BTC_AUD").path("amountPrecision").asInt()).isEqualTo(8);
        }

        @Test
        void aWrongSecretKeepsZerocapsWords() throws Exception {
            JsonNode reply = bridge.call("/Zerocap", envelope("accounts", KEY, "0000"));
            assertThat(reply.path("error").asText()).isEqualTo("Zerocap: HTTP 401: Invalid signature");
            reply = bridge.call("/Zerocap", envelope("accounts", "nobody", SECRET));
            assertThat(reply.path("error").asText()).isEqualTo("Zerocap: HTTP 401: Invalid API key");
        }

        @Test
        void aMissingSecretIsRefusedBeforeAnyCall() throws Exception {
            JsonNode reply = bridge.call("/Zerocap", envelope("accounts", KEY, ""));
            assertThat(reply.path("error").asText()).startsWith("Zerocap: missing secret_key");
            assertThat(rest.requests()).isEmpty();
        }
    }

    @Nested
    class Orders {

        @Test
        void limitOrderAmountsReachZerocapExactly() throws Exception {
            String id = data("trade", "symbol", "USDT_AUD", "type", "buy", "amount", new BigDecimal("0.001"),
                    "price", "1.47386").path("id").asText();
            assertThat(id).matches("USDT/AUD,d8dabfbd-e541-4262-b6c2-\\d{12}");
            StubRequest sent = lastRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.rawPathAndQuery()).isEqualTo("/v2/orders/create_order");
            Map<String, String> order = rest.placedOrders().get(rest.placedOrders().size() - 1);
            assertThat(order).containsEntry("symbol", "USDT/AUD").containsEntry("side", "buy")
                    .containsEntry("type", "limit").containsEntry("amount", "0.001").containsEntry("price", "1.47386");
            assertThat(order.get("client_order_id")).matches("fmz[0-9a-f]{32}");
        }

        @Test
        void aLostReplyIsFoundAmongRecentOrdersByClientOrderId() throws Exception {
            rest.failNext("/v2/orders/create_order", new Fault.ReplyLost());
            int before = rest.placedOrders().size();
            String id = data("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "10", "price", "1.5").path("id").asText();
            assertThat(rest.placedOrders()).as("placed once, never again").hasSize(before + 1);
            assertThat(id).startsWith("USDT/AUD,");
            assertThat(data("order", "id", id).path("amount").decimalValue()).as("the id finds the order Zerocap holds")
                    .isEqualByComparingTo("10");
        }

        @Test
        void everyOrderHasItsOwnClientOrderId() throws Exception {
            data("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "10", "price", "1.5");
            data("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "10", "price", "1.5");
            List<Map<String, String>> placed = rest.placedOrders();
            assertThat(placed.get(placed.size() - 1).get("client_order_id"))
                    .isNotEqualTo(placed.get(placed.size() - 2).get("client_order_id"));
        }

        @Test
        void marketSellSellsBaseAndAMarketBuyNeedsTheMarketRules() throws Exception {
            String id = data("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "500", "price", -1).path("id").asText();
            assertThat(lastBody().path("type").asText()).isEqualTo("market");
            assertThat(lastBody().path("price").asText()).isEqualTo("0");
            assertThat(lastBody().path("amount").asText()).isEqualTo("500");
            assertThat(data("order", "id", id).path("avg_price").decimalValue()).isEqualByComparingTo("1.48249");

            rest.clear();
            assertThat(error("trade", "symbol", "USDT_AUD", "type", "buy", "amount", "100", "price", "-1"))
                    .isEqualTo("Zerocap: a market buy of USDT_AUD spends quote currency, converted here to base currency"
                            + " at the best ask and cut to USDT_AUD's amount step, but no market rules are kept for USDT_AUD"
                            + " (fmz.markets.sync-enabled); nothing was sent");
            assertThat(rest.requests()).isEmpty();
        }

        @Test
        void badOrderParametersNeverReachZerocap() throws Exception {
            assertThat(error("trade", "symbol", "USDT_AUD", "type", "buy", "amount", "0", "price", "1"))
                    .isEqualTo("Zerocap: amount must be positive, got 0");
            assertThat(error("trade", "symbol", "USDT_AUD", "type", "buy", "amount", "1", "price", "0"))
                    .isEqualTo("Zerocap: price must be positive, or -1 for a market order; got 0");
            assertThat(error("trade", "symbol", "USDT_AUD", "type", "hold", "amount", "1", "price", "1"))
                    .isEqualTo("Zerocap: type must be 'buy' or 'sell', got 'hold'");
            assertThat(error("trade", "symbol", "USDT_AUD", "type", "buy", "price", "1"))
                    .isEqualTo("Zerocap: missing parameter 'amount'");
            assertThat(rest.requests()).isEmpty();
        }

        @Test
        void aRejectOnHttp200IsAnErrorWithZerocapsWords() throws Exception {
            rest.rejectNextOrder("Insufficient AUD balance");
            assertThat(error("trade", "symbol", "USDT_AUD", "type", "buy", "amount", "100", "price", "1.5"))
                    .isEqualTo("Zerocap: rejected: Insufficient AUD balance");
            assertThat(error("trade", "symbol", "DOGE_AUD", "type", "buy", "amount", "100", "price", "0.1"))
                    .isEqualTo("Zerocap: rejected: Symbol DOGE/AUD is not supported");
        }

        @Test
        void aFilledOrderThroughGetOrder() throws Exception {
            String id = data("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "500", "price", "1.47")
                    .path("id").asText();
            String orderId = id.substring(id.indexOf(',') + 1);
            JsonNode order = data("order", "id", id, "symbol", "USDT_AUD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/orders/fetch_order?id=" + orderId);
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("symbol").asText()).isEqualTo("USDT_AUD");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("500");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("1.47");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("500");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("1.47");
            assertThat(order.path("type").asText()).isEqualTo("sell");
            assertThat(order.path("status").asText()).isEqualTo("filled");

            assertThat(data("order", "id", orderId).path("id").asText()).as("a bare Zerocap id works too").isEqualTo(id);
            assertThat(error("order", "id", "not an id!"))
                    .isEqualTo("Zerocap: order id must look like USDT/AUD,d8dabfbd-e541-4262-b6c2-9f841ef220f6");
            assertThat(error("order", "id", "USDT/AUD,00000000-0000-0000-0000-000000000000"))
                    .isEqualTo("Zerocap: HTTP 404: Order not found");
        }

        @Test
        void aRejectedOrderIsAnOrderThatEndedUnfilled() throws Exception {
            rest.rejectNextOrder("Insufficient balance.");
            assertThat(error("trade", "symbol", "USDT_AUD", "type", "buy", "amount", "250", "price", "1.45"))
                    .as("the placement itself is refused").isEqualTo("Zerocap: rejected: Insufficient balance.");
            JsonNode listed = orderWithAmount(data("historyorders", "symbol", "USDT_AUD"), "250");
            String id = listed.path("id").asText();
            assertThat(listed.path("status").asText()).isEqualTo("canceled");

            JsonNode reply = call("order", "id", id, "symbol", "USDT_AUD");
            assertThat(reply.has("error")).as("GetOrder answers the order: %s", reply.path("error").asText()).isFalse();
            JsonNode order = reply.path("data");
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("status").asText()).isEqualTo("canceled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("1.45");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("250");
            assertThat(reply.path("raw").path("error_message").asText()).as("Zerocap's reason").isEqualTo("Insufficient balance.");

            assertThat(ids(data("orders", "symbol", "USDT_AUD"))).as("not open").doesNotContain(id);
        }

        @Test
        void openOrdersAndTheirProgress() throws Exception {
            rest.nextOrderStatus("open");
            String id = data("trade", "symbol", "BTC_AUD", "type", "buy", "amount", "0.01", "price", "40000")
                    .path("id").asText();
            JsonNode open = data("orders", "symbol", "BTC_AUD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/orders/fetch_orders");
            JsonNode query = lastBody();
            assertThat(query.path("symbol").asText()).isEqualTo("BTC/AUD");
            assertThat(query.path("status").asText()).isEqualTo("open");
            assertThat(ids(open)).containsExactly(id);
            assertThat(open.path(0).path("status").asText()).isEqualTo("pending");

            rest.fill(id.substring(id.indexOf(',') + 1), "0.004", "39999.5", "open");
            JsonNode partly = data("order", "id", id);
            assertThat(partly.path("status").asText()).isEqualTo("partial-filled");
            assertThat(partly.path("deal_amount").decimalValue()).isEqualByComparingTo("0.004");

            rest.fill(id.substring(id.indexOf(',') + 1), "0.004", "39999.5", "closed");
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-canceled");
            assertThat(ids(data("orders"))).doesNotContain(id);
            assertThat(lastBody().has("symbol")).as("no symbol: every pair").isFalse();
        }

        @Test
        void historyOrdersAreEveryFinishedOneOldestFirst() throws Exception {
            String first = data("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "11", "price", "1.4").path("id").asText();
            String second = data("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "12", "price", "1.4").path("id").asText();
            rest.nextOrderStatus("canceled");
            String canceled = data("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "13", "price", "1.4").path("id").asText();
            assertThat(data("order", "id", canceled).path("status").asText()).isEqualTo("canceled");
            rest.nextOrderStatus("expired");
            String expired = data("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "14", "price", "1.4").path("id").asText();
            rest.nextOrderStatus("open");
            String open = data("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "15", "price", "1.4").path("id").asText();
            rest.rejectNextOrder("Insufficient balance");
            assertThat(error("trade", "symbol", "USDT_AUD", "type", "sell", "amount", "16", "price", "1.4"))
                    .isEqualTo("Zerocap: rejected: Insufficient balance");

            JsonNode history = data("historyorders", "symbol", "USDT_AUD", "limit", 0, "since", 0);
            JsonNode query = lastBody();
            assertThat(query.has("status")).as("fetch_orders takes one status; finished orders have several").isFalse();
            assertThat(query.path("sort_order").asText()).isEqualTo("desc");
            assertThat(query.path("limit").asInt()).isEqualTo(500);
            assertThat(query.has("start_datetime")).isFalse();
            List<String> ids = ids(history);
            assertThat(ids).contains(first, second, canceled, expired).doesNotContain(open);
            assertThat(ids.indexOf(first)).as("oldest first").isLessThan(ids.indexOf(second));
            List<String> rejected = new ArrayList<>();
            history.forEach(o -> {
                assertThat(o.path("status").asText()).isNotIn("pending", "partial-filled");
                if (o.path("amount").decimalValue().compareTo(new BigDecimal("16")) == 0) {
                    rejected.add(o.path("status").asText());
                }
            });
            assertThat(rejected).as("the rejected order is there too").containsExactly("canceled");

            data("historyorders", "symbol", "USDT_AUD", "limit", "1000", "since", "1692346145000");
            query = lastBody();
            assertThat(query.path("start_datetime").asLong()).isEqualTo(1692346145000L);
            assertThat(query.path("sort_order").asText()).isEqualTo("asc");
            assertThat(query.path("limit").asInt()).isEqualTo(500);
        }
    }

    /**
     * FMZ's market buy names the quote currency to spend; Zerocap's amount is base currency. With the
     * market rules kept (a bridge of its own, fmz.markets.sync-enabled on, loading Zerocap's instruments
     * with the trader's key), the bridge converts at the price stream's best ask, 1.57236, cut down to
     * USDT_AUD's step of 0.01.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class MarketBuys {

        static final String SIZING_KEY = "zerocap-sizing-key";
        RunningBridge sizing;

        @BeforeAll
        void startWithMarketRules() throws Exception {
            rest.addAccount(SIZING_KEY, SECRET);
            prices.addAccount(SIZING_KEY, SECRET);
            sizing = RunningBridge.start(Map.of(
                    // a name of its own: two bridges of one name in one JVM would share one Quartz scheduler
                    "camel.main.name", "zerocap-market-buys",
                    "fmz.exchange.zerocap.base-url", rest.restUrl(),
                    "fmz.exchange.zerocap.ws-url", prices.wsUrl(),
                    "fmz.exchange.zerocap.first-data-wait-ms", String.valueOf(FIRST_PRICE_WAIT_MS),
                    "fmz.call.rate-limit-enabled", "false",
                    "fmz.markets.sync-enabled", "true"));
        }

        @AfterAll
        void stopSizing() throws Exception {
            sizing.close();
        }

        @BeforeEach
        void priced() {
            prices.setLadder("USDT/AUD", BIDS, ASKS);
        }

        JsonNode trade(String type, String amount, String price) throws Exception {
            return sizing.call("/Zerocap", envelope("trade", SIZING_KEY, SECRET, "symbol", "USDT_AUD", "type", type,
                    "amount", amount, "price", price));
        }

        @Test
        void quoteToSpendBecomesBaseAtTheBestAskCutDownToTheStep() throws Exception {
            JsonNode reply = trade("buy", "100", "-1");
            assertThat(reply.path("error").asText()).isEmpty();
            assertThat(reply.path("data").path("id").asText()).startsWith("USDT/AUD,");
            assertThat(rest.requestsTo("/v2/orders/create_order")).hasSize(1);
            Map<String, String> order = rest.placedOrders().get(rest.placedOrders().size() - 1);
            // 100 / 1.57236 = 63.5986…: cut down, so 63.59 × 1.57236 = 99.986… never passes 100
            assertThat(order).containsEntry("side", "buy").containsEntry("type", "market")
                    .containsEntry("amount", "63.59").containsEntry("price", "0");

            JsonNode raw = reply.path("raw");
            assertThat(raw.path("marketBuy").path("quoteToSpend").decimalValue()).isEqualByComparingTo("100");
            assertThat(raw.path("marketBuy").path("bestAsk").decimalValue()).isEqualByComparingTo("1.57236");
            assertThat(raw.path("marketBuy").path("baseAmount").decimalValue()).isEqualByComparingTo("63.59");
            assertThat(raw.path("marketBuy").path("amountStep").decimalValue()).isEqualByComparingTo("0.01");
            assertThat(raw.path("reply").path("time_in_force").asText()).as("Zerocap's own reply").isEqualTo("FOK");
        }

        @Test
        void belowTheMinimumNoOrderIsSent() throws Exception {
            // 15 / 1.57236 = 9.5398…, under USDT_AUD's minimum amount 10
            assertThat(trade("buy", "15", "-1").path("error").asText())
                    .isEqualTo("Zerocap: a market buy of 15 AUD at the best ask 1.57236 is 9.53 USDT, cut down to"
                            + " USDT_AUD's step 0.01: below its minimum 10; nothing was sent");
            assertThat(rest.requestsTo("/v2/orders/create_order")).isEmpty();
        }

        @Test
        void aLimitBuyIsSentAsWritten() throws Exception {
            JsonNode reply = trade("buy", "20", "1.5");
            assertThat(reply.path("error").asText()).isEmpty();
            Map<String, String> order = rest.placedOrders().get(rest.placedOrders().size() - 1);
            assertThat(order).containsEntry("type", "limit").containsEntry("amount", "20").containsEntry("price", "1.5");
            assertThat(reply.path("raw").path("time_in_force").asText()).as("raw is Zerocap's reply alone").isEqualTo("FOK");
        }
    }

    @Nested
    class ExchangeIo {

        @Test
        void getParamsGoToTheSignedQueryUnderV2() throws Exception {
            JsonNode reply = bridge.call("/Zerocap", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/orders/get_risk", KEY, SECRET, "asset", "USDT")), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/orders/get_risk?asset=USDT");
            assertThat(reply.path("data").path("risk_limit").decimalValue()).as("Zerocap's own JSON")
                    .isEqualTo(new BigDecimal("100000.5"));
        }

        @Test
        void aPathCopiedWithV2IsTakenRelativeToTheBase() throws Exception {
            bridge.call("/Zerocap", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/v2/systems/get_time", KEY, SECRET)), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/systems/get_time");
        }

        @Test
        void postParamsGoToTheJsonBody() throws Exception {
            JsonNode reply = bridge.call("/Zerocap", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/orders/fetch_orders", KEY, SECRET, "status", "closed", "limit", 2)),
                    Map.of("Http-Method", "POST"));
            assertThat(lastRequest().method()).isEqualTo("POST");
            assertThat(lastBody().path("status").asText()).isEqualTo("closed");
            assertThat(reply.path("data").path("status").asText()).isEqualTo("success");
        }
    }

    @Nested
    class Unsupported {

        @Test
        void whatZerocapCannotServeSaysSo() throws Exception {
            assertThat(error("cancel", "id", "USDT/AUD,d8dabfbd-e541-4262-b6c2-9f841ef220f6"))
                    .isEqualTo("Zerocap: 'cancel' is not supported by Zerocap: its orders are fill-or-kill,"
                            + " so none rests on the book to cancel");
            assertThat(error("trades", "symbol", "USDT_AUD"))
                    .isEqualTo("Zerocap: 'trades' is not supported by Zerocap: it publishes no public trades or candles,"
                            + " only a price ladder");
            assertThat(error("records", "symbol", "USDT_AUD", "period", "60")).startsWith("Zerocap: 'records' is not supported by Zerocap");
            assertThat(error("tickers")).startsWith("Zerocap: 'tickers' is not supported by Zerocap");
            assertThat(error("GetPositions")).isEqualTo("Zerocap: not supported: GetPositions");
            assertThat(rest.requests()).isEmpty();
        }
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("Zerocap", "GET /orders/get_balances",
                    Arguments.of(new Fault.Status(429, "{\"detail\":\"Too Many Requests\"}"),
                            "Zerocap: HTTP 429: Too Many Requests"),
                    Arguments.of(new Fault.Status(500, "{\"detail\":\"Internal Server Error\"}"),
                            "Zerocap: HTTP 500: Internal Server Error"),
                    Arguments.of(new Fault.Status(503, "{}"), "Zerocap: HTTP 503 from exchange"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String error) throws Exception {
            rest.failNext("/v2/orders/get_balances", fault);
            assertThat(error("accounts")).startsWith(error);
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/v2/orders/get_balances", "GET /orders/get_balances", "accounts");
        }

        @Test
        void theBridgeServesOnAfterFailures() throws Exception {
            rest.failNext("/v2/orders/get_balances", new Fault.Reset());
            rest.failNext("/v2/orders/get_balances", new Fault.NotJson());
            call("accounts");
            call("accounts");
            assertThat(find(data("accounts"), "currency", "AUD").path("free").decimalValue()).isEqualByComparingTo("1000.5");
        }
    }

    @Test
    void everyRestCallGoesUnderTheBaseUrlsV2Path() throws Exception {
        data("markets");
        data("accounts");
        data("historyorders");
        assertThat(rest.requests()).extracting(StubRequest::path).allMatch(path -> path.startsWith("/v2/orders/"));
    }

    @Test
    void noSecretReachesRepliesHeadersOrLogs() throws Exception {
        prices.setLadder("USDT/AUD", BIDS, ASKS);
        // the stub's Jetty logs the handshakes it receives; only the bridge's own lines are checked
        Exposure seen = exposureOf("%t|%level %c %m %ex%n", line -> !line.startsWith(ZerocapStreamStub.THREAD_PREFIX), () -> {
            String id = data("trade", "symbol", "USDT_AUD", "type", "buy", "amount", "1", "price", "1.6").path("id").asText();
            rest.failNext("/v2/orders/get_balances", new Fault.Status(500, "oops"));
            rest.failNext("/v2/orders/create_order", new Fault.Reset());
            return List.of(
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, "wrong-" + SECRET),
                    envelope("order", KEY, SECRET, "id", id),
                    envelope("trade", KEY, SECRET, "symbol", "USDT_AUD", "type", "buy", "amount", "1", "price", "1"),
                    envelope("ticker", KEY, SECRET, "symbol", "USDT_AUD"),
                    envelope("ticker", KEY, "wrong-" + SECRET, "symbol", "USDT_AUD"),
                    envelope("depth", KEY, SECRET, "symbol", "USDT_AUD"),
                    envelope("__api_/orders/get_risk", KEY, SECRET));
        });
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "zerocap-secrets-check.log"), seen.log());
        assertThat(seen.log()).as("the capture sees the price stream at work").contains("zerocap stream connection");
        List<String> signatures = new ArrayList<>();
        rest.requests().stream().map(r -> r.header("signature")).filter(s -> s != null).forEach(signatures::add);
        prices.handshakes().forEach(h -> signatures.add(h.signature()));
        assertThat(signatures).isNotEmpty();
        seen.showsNone(SECRET);
        seen.showsNone(signatures);
    }

    static JsonNode orderWithAmount(JsonNode orders, String amount) {
        for (JsonNode order : orders) {
            if (order.path("amount").decimalValue().compareTo(new BigDecimal(amount)) == 0) {
                return order;
            }
        }
        throw new AssertionError("no order of amount " + amount + " in " + orders);
    }
}
