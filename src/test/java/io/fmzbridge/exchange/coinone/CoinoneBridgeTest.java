package io.fmzbridge.exchange.coinone;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.math.BigDecimal;
import java.util.Base64;
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
 * The bridge end to end against a local Coinone that checks the payload, the HMAC-SHA512 signature,
 * the access token and single-use nonces the way Coinone does: each FMZ spot method, each failure
 * class, and no secret escaping.
 */
class CoinoneBridgeTest extends ExchangeBridgeTest {

    static final String TOKEN = "coinone-access-token";
    static final String SECRET = "C0INONE-SECRET-8f2a4c6e-1b3d-5f7a";
    static final long RESPONSE_TIMEOUT_MS = 1500;
    static final String PAIR = "{\"quote_currency\":\"KRW\",\"target_currency\":\"BTC\"";
    static final long NINETY_DAYS = 90L * 24 * 60 * 60 * 1000;

    CoinoneStub coinone;

    CoinoneBridgeTest() {
        super("Coinone", TOKEN, SECRET);
    }

    @Override
    protected CoinoneStub startStub() throws Exception {
        coinone = CoinoneStub.start();
        coinone.addAccount(TOKEN, SECRET);
        return coinone;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.coinone.base-url", coinone.baseUrl(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                "fmz.call.rate-limit-enabled", "false",
                "fmz.call.rate-limit-pause-ms", "0",
                "fmz.exchange.coinone.rate-limit-pause-ms", "0",
                "fmz.order.lookup-pause-ms", "50");
    }

    @BeforeEach
    void forgetOrders() {
        coinone.forgetOrders();
    }

    /** The JSON a private request signed, decoded from its payload. */
    JsonNode sentJson() throws Exception {
        return RunningBridge.JSON.readTree(Base64.getDecoder().decode(lastRequest().body()));
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
        void ticker() throws Exception {
            JsonNode t = data("ticker", "symbol", "btc_krw");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/public/v2/ticker_new/KRW/BTC");
            assertThat(lastRequest().headers()).doesNotContainKey("x-coinone-payload");
            assertThat(t.path("symbol").asText()).as("lower-case codes normalised").isEqualTo("BTC_KRW");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("50048000");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("50058000");
            assertThat(t.path("open").decimalValue()).isEqualByComparingTo("49900000");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("50048000");
            assertThat(t.path("vol").decimalValue()).isEqualTo(new BigDecimal("246.12345678"));
            assertThat(t.path("time").asLong()).isEqualTo(1701067920001L);
        }

        @Test
        void depthAsksTheSmallestBookThatHoldsTheLimit() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_KRW", "limit", "2");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/public/v2/orderbook/KRW/BTC?size=5");
            assertThat(depth.path("asks")).hasSize(2);
            assertThat(depth.path("asks").path(0).path(0).decimalValue()).isEqualByComparingTo("50058000");
            assertThat(depth.path("bids").path(0).path(0).decimalValue()).isEqualByComparingTo("50048000");
            assertThat(depth.path("bids").path(0).path(1).decimalValue()).isEqualTo(new BigDecimal("0.01080229"));
            data("depth", "symbol", "BTC_KRW", "limit", "100");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/public/v2/orderbook/KRW/BTC?size=16");
        }

        @Test
        void depthWithoutALimitOrWithAHugeOneIsCoinonesDeepestBookOf16() throws Exception {
            for (Object[] params : new Object[][] {{"symbol", "BTC_KRW"}, {"symbol", "BTC_KRW", "limit", "99999999999"}}) {
                JsonNode depth = data("depth", params);
                assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/public/v2/orderbook/KRW/BTC?size=16");
                assertThat(depth.path("asks")).as("the book is %d deep; Coinone serves 16", CoinoneStub.BOOK_LEVELS).hasSize(16);
                assertThat(depth.path("bids")).hasSize(16);
                assertThat(depth.path("bids").path(15).path(0).decimalValue()).isEqualByComparingTo("50033000");
            }
        }

        @Test
        void tradesOldestFirst() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_KRW", "limit", 500);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/public/v2/trades/KRW/BTC?size=200");
            assertThat(trades.path(0).path("time").asLong()).isEqualTo(1701067920100L);
            assertThat(trades.path(0).path("type").asText()).as("is_seller_maker true: a sell (Coinone's reference)").isEqualTo("sell");
            assertThat(trades.path(1).path("type").asText()).as("is_seller_maker false: a buy").isEqualTo("buy");
            assertThat(trades.path(1).path("amount").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
        }

        @Test
        void tradesAskASizeCoinoneServesAndAnswerTheNewestOfThem() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_KRW", "limit", "2");
            assertThat(lastRequest().rawPathAndQuery()).as("Coinone serves 10, 50, 100, 150 or 200")
                    .isEqualTo("/public/v2/trades/KRW/BTC?size=10");
            assertThat(trades).hasSize(2);
            assertThat(trades.path(0).path("id").asText()).isEqualTo("1701067920001002");
            assertThat(trades.path(1).path("id").asText()).isEqualTo("1701067920001003");
            data("trades", "symbol", "BTC_KRW", "limit", "120");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/public/v2/trades/KRW/BTC?size=150");
        }

        @Test
        void recordsInSecondsOldestFirst() throws Exception {
            JsonNode bars = data("records", "symbol", "BTC_KRW", "period", "60", "limit", "2");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/public/v2/chart/KRW/BTC?interval=1h&size=2");
            assertThat(bars.path(0).path(0).asLong()).isEqualTo(1701061200L);
            assertThat(bars.path(1).path(1).decimalValue()).isEqualByComparingTo("50100000");
            assertThat(bars.path(0).path(5).decimalValue()).isEqualTo(new BigDecimal("1.23456789"));
            assertThat(error("records", "symbol", "BTC_KRW", "period", 7)).startsWith("Coinone: period 7 has no Coinone chart interval");
        }

        @Test
        void tickersAndMarketsWithTheirTicks() throws Exception {
            JsonNode tickers = data("tickers");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/public/v2/ticker_new/KRW");
            assertThat(tickers).hasSize(2);

            coinone.clear();
            JsonNode markets = data("markets");
            assertThat(coinone.requests()).extracting(StubRequest::rawPathAndQuery).as("price ranges of trading markets only")
                    .containsExactly("/public/v2/markets/KRW", "/public/v2/range_units/KRW/BTC", "/public/v2/range_units/KRW/ETH");
            assertThat(markets.has("OFF_KRW")).as("markets not trading are left out").isFalse();
            JsonNode btc = markets.path("BTC_KRW");
            assertThat(btc.path("tickSize").decimalValue()).isEqualByComparingTo("1000");
            assertThat(btc.path("amountSize").decimalValue()).isEqualByComparingTo("0.0001");
            assertThat(btc.path("amountPrecision").asInt()).isEqualTo(4);
            assertThat(btc.path("minNotional").decimalValue()).isEqualByComparingTo("5000");
        }
    }

    @Nested
    class Account {

        @Test
        void accountsAndAssetsAreSignedAndExact() throws Exception {
            for (String method : new String[] {"accounts", "assets"}) {
                JsonNode balances = data(method);
                StubRequest sent = lastRequest();
                assertThat(sent.method()).isEqualTo("POST");
                assertThat(sent.rawPathAndQuery()).isEqualTo("/v2.1/account/balance/all");
                assertThat(sentJson().fieldNames()).toIterable().containsExactly("access_token", "nonce");
                JsonNode btc = find(balances, "currency", "BTC");
                assertThat(btc.path("free").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
                assertThat(btc.path("frozen").decimalValue()).isEqualByComparingTo("0.1");
            }
        }

        @Test
        void aWrongSecretOrTokenKeepsCoinoneCode() throws Exception {
            assertThat(bridge.call("/Coinone", envelope("accounts", TOKEN, "wrong")).path("error").asText())
                    .isEqualTo("Coinone: error 13: Invalid signature (HTTP 401)");
            assertThat(bridge.call("/Coinone", envelope("accounts", "nobody", SECRET)).path("error").asText())
                    .isEqualTo("Coinone: error 12: Invalid access token (HTTP 401)");
        }
    }

    @Nested
    class Orders {

        @Test
        void limitOrderAmountsReachCoinoneExactly() throws Exception {
            String id = placeLimitBuy("0.001", "50001000");
            assertThat(id).matches("KRW/BTC,[0-9a-f-]{36}");
            JsonNode sent = sentJson();
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2.1/order");
            assertThat(sent.path("side").asText()).isEqualTo("BUY");
            assertThat(sent.path("type").asText()).isEqualTo("LIMIT");
            assertThat(sent.path("quote_currency").asText()).isEqualTo("KRW");
            assertThat(sent.path("target_currency").asText()).isEqualTo("BTC");
            assertThat(sent.path("qty").textValue()).isEqualTo("0.001");
            assertThat(sent.path("price").textValue()).isEqualTo("50001000");
            assertThat(sent.path("post_only").booleanValue()).isFalse();
            assertThat(sent.path("user_order_id").asText()).matches("fmz[0-9a-f]{37}");
        }

        @Test
        void marketBuySpendsKrwAndMarketSellSellsBase() throws Exception {
            data("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "10000", "price", -1);
            JsonNode buy = sentJson();
            assertThat(buy.path("type").asText()).isEqualTo("MARKET");
            assertThat(buy.path("amount").textValue()).isEqualTo("10000");
            assertThat(buy.has("qty")).isFalse();
            assertThat(buy.has("price")).isFalse();

            data("trade", "symbol", "BTC_KRW", "type", "sell", "amount", "0.5", "price", "-1");
            JsonNode sell = sentJson();
            assertThat(sell.path("side").asText()).isEqualTo("SELL");
            assertThat(sell.path("qty").textValue()).isEqualTo("0.5");
            assertThat(sell.has("amount")).isFalse();
        }

        @Test
        void rejectionsKeepCoinoneCodes() throws Exception {
            coinone.rejectNextOrder("103", "Lack of Balance");
            assertThat(error("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "1", "price", "1000"))
                    .isEqualTo("Coinone: error 103: Lack of Balance");
            assertThat(error("trade", "symbol", "XRP_KRW", "type", "buy", "amount", "1", "price", "1000"))
                    .isEqualTo("Coinone: error 108: Unknown cryptocurrency (HTTP 400)");
        }

        @Test
        void anOrderThroughItsLife() throws Exception {
            String id = placeLimitBuy("0.02", "50000000");
            String orderId = orderIdOf(id);

            JsonNode order = data("order", "id", id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2.1/order/detail");
            assertThat(sentJson().path("order_id").asText()).isEqualTo(orderId);
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("symbol").asText()).isEqualTo("BTC_KRW");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("50000000");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("status").asText()).isEqualTo("pending");
            assertThat(ids(data("orders", "symbol", "BTC_KRW"))).contains(id);
            assertThat(sentJson().toString()).contains("\"quote_currency\":\"KRW\",\"target_currency\":\"BTC\"");

            coinone.fill(orderId, "0.005", "49999000");
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.005");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("49999000");

            assertThat(data("cancel", "id", id).asBoolean()).isTrue();
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2.1/order/cancel");
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-canceled");
            assertThat(ids(data("orders"))).doesNotContain(id);

            coinone.clear();
            JsonNode history = data("historyorders", "symbol", "BTC_KRW", "limit", 0, "since", 0);
            assertThat(coinone.requests()).extracting(StubRequest::rawPathAndQuery)
                    .containsExactly("/v2.1/order/completed_orders", "/v2.1/order/detail");
            assertThat(sentJson().path("order_id").asText()).isEqualTo(orderId);
            JsonNode traded = find(history, "id", id);
            assertThat(traded.path("status").asText()).as("cancelled after a partial fill").isEqualTo("partial-canceled");
            assertThat(traded.path("amount").decimalValue()).as("the order's size, not its fill").isEqualByComparingTo("0.02");
            assertThat(traded.path("deal_amount").decimalValue()).isEqualByComparingTo("0.005");
            assertThat(traded.path("price").decimalValue()).isEqualByComparingTo("50000000");

            assertThat(error("cancel", "id", id)).isEqualTo("Coinone: error 104: Order id is not exist");
        }

        @Test
        void filledAndPlainCanceledStatuses() throws Exception {
            String filled = placeLimitBuy("0.01", "50000000");
            coinone.fill(orderIdOf(filled), "0.004", "50000000");
            coinone.fill(orderIdOf(filled), "0.006", "49000000");
            assertThat(data("order", "id", filled).path("status").asText()).isEqualTo("filled");
            JsonNode traded = find(data("historyorders", "symbol", "BTC_KRW"), "id", filled);
            assertThat(traded.path("avg_price").decimalValue()).as("Coinone's average over both fills").isEqualByComparingTo("49400000");
            assertThat(traded.path("status").asText()).isEqualTo("filled");
            assertThat(traded.path("deal_amount").decimalValue()).isEqualByComparingTo("0.01");

            String canceled = placeLimitBuy("0.01", "50000000");
            data("cancel", "id", canceled);
            assertThat(data("order", "id", canceled).path("status").asText()).isEqualTo("canceled");
            assertThat(ids(data("historyorders", "symbol", "BTC_KRW"))).as("Coinone lists fills only: nothing to find it by")
                    .contains(filled).doesNotContain(canceled);
        }

        @Test
        void openOrdersCarryNoStatusAndArePendingOrPartlyFilled() throws Exception {
            String id = placeLimitBuy("0.02", "50000000");
            JsonNode reply = call("orders", "symbol", "BTC_KRW");
            assertThat(reply.path("raw").path("active_orders").path(0).has("status")).as("Coinone's active orders have no status").isFalse();
            JsonNode open = find(reply.path("data"), "id", id);
            assertThat(open.path("status").asText()).isEqualTo("pending");
            assertThat(open.path("amount").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(open.path("type").asText()).isEqualTo("buy");

            coinone.fill(orderIdOf(id), "0.005", "49999000");
            open = find(data("orders", "symbol", "BTC_KRW"), "id", id);
            assertThat(open.path("status").asText()).isEqualTo("partial-filled");
            assertThat(open.path("deal_amount").decimalValue()).isEqualByComparingTo("0.005");
        }

        @Test
        void anEmptyHistoryAsksNoOrderDetail() throws Exception {
            placeLimitBuy("0.01", "50000000");
            JsonNode history = data("historyorders", "symbol", "BTC_KRW", "since", System.currentTimeMillis() - 60_000);
            assertThat(history).isEmpty();
            assertThat(coinone.requestsTo("/v2.1/order/completed_orders")).hasSize(1);
            assertThat(coinone.requestsTo("/v2.1/order/detail")).isEmpty();

            assertThat(data("historyorders", "symbol", "BTC_KRW", "since", "4000000000000")).as("a since to come").isEmpty();
        }

        @Test
        void historySendsCoinonesRequiredSizeAndRange() throws Exception {
            String id = placeLimitBuy("0.01", "50000000");
            coinone.fill(orderIdOf(id), "0.01", "50000000");
            long before = System.currentTimeMillis();
            assertThat(ids(data("historyorders", "symbol", "BTC_KRW", "limit", 0, "since", 0))).containsExactly(id);
            JsonNode sent = RunningBridge.JSON.readTree(Base64.getDecoder().decode(coinone.requestsTo("/v2.1/order/completed_orders").get(0).body()));
            assertThat(sent.path("size").isIntegralNumber()).isTrue();
            assertThat(sent.path("size").asInt()).isEqualTo(100);
            assertThat(sent.path("to_ts").asLong()).isBetween(before - 1000, System.currentTimeMillis());
            assertThat(sent.path("to_ts").asLong() - sent.path("from_ts").asLong()).as("Coinone's longest range").isEqualTo(NINETY_DAYS);
            assertThat(sent.path("quote_currency").asText()).isEqualTo("KRW");
            assertThat(sent.path("target_currency").asText()).isEqualTo("BTC");

            JsonNode refused = bridge.call("/Coinone", RunningBridge.JSON.writeValueAsString(envelope("__api_/v2.1/order/completed_orders",
                    TOKEN, SECRET, "quote_currency", "KRW", "target_currency", "BTC")), Map.of("Http-Method", "POST"));
            assertThat(refused.path("error").asText()).as("Coinone refuses a call without them")
                    .isEqualTo("Coinone: error 107: Parameter value is wrong (HTTP 400)");
        }

        @Test
        void historyNeedsASymbolAndPassesSinceAndSize() throws Exception {
            long since = System.currentTimeMillis() - 86_400_000;
            data("historyorders", "symbol", "BTC_KRW", "limit", "500", "since", since);
            JsonNode sent = sentJson();
            assertThat(sent.path("size").asInt()).isEqualTo(100);
            assertThat(sent.path("from_ts").asLong()).isEqualTo(since);
            assertThat(sent.path("to_ts").asLong()).isGreaterThan(since);
            assertThat(error("historyorders")).startsWith("Coinone: historyorders needs a symbol on Coinone");
        }

        @Test
        void historyPagesThroughFillsUntilItHasTheOrdersAsked() throws Exception {
            long now = System.currentTimeMillis();
            String older = placeLimitBuy("0.01", "50000000");
            coinone.fillAt(orderIdOf(older), "0.01", "50000000", now - 5_000);
            String busy = placeLimitBuy("1.5", "50000000");
            for (int i = 0; i < 150; i++) {
                coinone.fillAt(orderIdOf(busy), "0.01", "50000000", now - 4_000 + i);
            }

            coinone.clear();
            assertThat(ids(data("historyorders", "symbol", "BTC_KRW", "limit", 2))).as("oldest first").containsExactly(older, busy);
            List<StubRequest> pages = coinone.requestsTo("/v2.1/order/completed_orders");
            assertThat(pages).as("100 fills of one order, then the rest").hasSize(2);
            JsonNode second = RunningBridge.JSON.readTree(Base64.getDecoder().decode(pages.get(1).body()));
            assertThat(second.path("to_trade_id").asText()).as("the page after the first page's last fill").isNotEmpty();
            assertThat(second.path("size").asInt()).isEqualTo(100);
            assertThat(coinone.requestsTo("/v2.1/order/detail")).hasSize(2);

            coinone.clear();
            assertThat(ids(data("historyorders", "symbol", "BTC_KRW", "limit", 1))).as("never more than asked: the latest").containsExactly(busy);
            assertThat(coinone.requestsTo("/v2.1/order/completed_orders")).hasSize(1);
        }

        @Test
        void historyReachesBackToSinceInWindowsOfNinetyDays() throws Exception {
            long now = System.currentTimeMillis();
            String old = placeLimitBuy("0.01", "50000000");
            coinone.fillAt(orderIdOf(old), "0.01", "50000000", now - 100 * 86_400_000L);
            String recent = placeLimitBuy("0.01", "50000000");
            coinone.fillAt(orderIdOf(recent), "0.01", "50000000", now - 3_600_000);

            assertThat(ids(data("historyorders", "symbol", "BTC_KRW"))).as("without since: the last 90 days").containsExactly(recent);

            coinone.clear();
            long since = now - 200 * 86_400_000L;
            assertThat(ids(data("historyorders", "symbol", "BTC_KRW", "since", since))).containsExactly(old, recent);
            List<StubRequest> windows = coinone.requestsTo("/v2.1/order/completed_orders");
            assertThat(windows).as("200 days: three windows of at most 90").hasSize(3);
            JsonNode last = RunningBridge.JSON.readTree(Base64.getDecoder().decode(windows.get(2).body()));
            assertThat(last.path("from_ts").asLong()).isEqualTo(since);
        }

        @Test
        void bareAndMalformedOrderIds() throws Exception {
            String id = placeLimitBuy("0.01", "50000000");
            assertThat(data("order", "id", orderIdOf(id), "symbol", "BTC_KRW").path("id").asText()).isEqualTo(id);
            assertThat(error("order", "id", "KRW/BTC,not an id")).startsWith("Coinone: order id must look like KRW/BTC,");
            assertThat(error("order", "id", "KRW/BTC,0f1c26d0-1e4d-11e9-9ec7-00e04c3600d7"))
                    .isEqualTo("Coinone: error 104: Order id is not exist");
        }

        @Test
        void aLostPlacementReplyIsFoundByUserOrderIdAndPlacedOnce() throws Exception {
            coinone.failNext("/v2.1/order", new Fault.ReplyLost());
            String id = placeLimitBuy("0.03", "51000000");
            assertThat(id).matches("KRW/BTC,[0-9a-f-]{36}");
            assertThat(coinone.placedOrders().stream().filter(o -> "0.03".equals(o.get("qty")))).hasSize(1);
            assertThat(data("order", "id", id).path("amount").decimalValue()).isEqualByComparingTo("0.03");
        }
    }

    @Nested
    class ExchangeIo {

        @Test
        void privatePostsAreSignedPublicGetsAreNot() throws Exception {
            JsonNode reply = bridge.call("/Coinone", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/v2.1/order/active_orders", TOKEN, SECRET, "quote_currency", "KRW", "target_currency", "BTC")),
                    Map.of("Http-Method", "POST"));
            assertThat(reply.path("data").path("result").asText()).as("Coinone's own JSON").isEqualTo("success");
            assertThat(sentJson().path("target_currency").asText()).isEqualTo("BTC");

            bridge.call("/Coinone", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/public/v2/orderbook/KRW/BTC", TOKEN, SECRET, "size", "5")), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/public/v2/orderbook/KRW/BTC?size=5");
            assertThat(lastRequest().headers()).doesNotContainKey("x-coinone-signature");
        }
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("Coinone", "GET /public/v2/ticker_new/KRW/BTC",
                    Arguments.of(new Fault.Status(503, "{\"message\":\"maintenance\"}"),
                            "Coinone: HTTP 503 from exchange without a Coinone error code"),
                    Arguments.of(new Fault.Status(429, "{\"result\":\"error\",\"errorCode\":\"4\",\"errorMsg\":\"Blocked user access.\"}"),
                            "Coinone: error 4 (rate limit exceeded; Coinone blocks the caller for about a minute): Blocked user access. (HTTP 429)"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String error) throws Exception {
            coinone.failNext("/public/v2/ticker_new/KRW/BTC", fault);
            assertThat(error("ticker", "symbol", "BTC_KRW")).startsWith(error);
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/v2.1/account/balance/all", "POST /v2.1/account/balance/all", "accounts");
        }

        @Test
        void unsupportedMethodsSaySo() throws Exception {
            assertThat(error("positions")).isEqualTo("Coinone: method 'positions' is not supported by Coinone");
        }
    }

    @Test
    void noSecretReachesRepliesHeadersOrLogs() throws Exception {
        Exposure seen = exposureOf(() -> {
            String id = placeLimitBuy("0.01", "50000000");
            coinone.failNext("/v2.1/account/balance/all", new Fault.Status(500, "oops"));
            return List.of(
                    envelope("accounts", TOKEN, SECRET),
                    envelope("accounts", TOKEN, SECRET + "x"),
                    envelope("order", TOKEN, SECRET, "id", id),
                    envelope("cancel", TOKEN, SECRET, "id", id),
                    envelope("__api_/v2.1/account/balance/all", TOKEN, SECRET));
        });
        List<String> signatures = coinone.requests().stream().map(r -> r.header("X-COINONE-SIGNATURE"))
                .filter(s -> s != null).toList();
        assertThat(signatures).isNotEmpty();
        seen.showsNone(SECRET);
        seen.showsNone(signatures);
    }
}
