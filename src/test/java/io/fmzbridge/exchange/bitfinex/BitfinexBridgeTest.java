package io.fmzbridge.exchange.bitfinex;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge end to end against a local Bitfinex that checks signatures and nonce order the way
 * Bitfinex does: each FMZ spot method, Bitfinex's symbols and number arrays, each failure class, and
 * that no secret escapes.
 */
class BitfinexBridgeTest extends ExchangeBridgeTest {

    static final String KEY = "bfx-test-key";
    static final String SECRET = "bfx-test-secret-9f8e7d6c5b4a";
    static final long RESPONSE_TIMEOUT_MS = 1500;

    BitfinexStub bitfinex;
    @TempDir
    static Path state;

    BitfinexBridgeTest() {
        super("Bitfinex", KEY, SECRET);
    }

    @Override
    protected BitfinexStub startStub() throws Exception {
        bitfinex = BitfinexStub.start();
        bitfinex.addAccount(KEY, SECRET);
        return bitfinex;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.bitfinex.base-url", bitfinex.baseUrl(),
                "fmz.state.dir", state.toString(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                "fmz.call.rate-limit-enabled", "false",
                "fmz.call.rate-limit-pause-ms", "0",
                "fmz.exchange.bitfinex.rate-limit-pause-ms", "0",
                "fmz.order.lookup-pause-ms", "50");
    }

    JsonNode lastBody() throws Exception {
        return RunningBridge.JSON.readTree(lastRequest().body());
    }

    String placeLimitBuy(String amount, String price) throws Exception {
        return data("trade", "symbol", "BTC_USDT", "type", "buy", "amount", amount, "price", price).path("id").asText();
    }

    static long orderId(String id) {
        return Long.parseLong(id.substring(id.indexOf(',') + 1));
    }

    @Nested
    class MarketData {

        @Test
        void tickerForUsdtGoesToTheUstPair() throws Exception {
            JsonNode t = data("ticker", "symbol", "btc_usdt");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/ticker/tBTCUST");
            assertThat(lastRequest().headers()).doesNotContainKey("bfx-apikey");
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("7616.5");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("7617.5");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("7617.1");
            assertThat(t.path("open").decimalValue()).as("last − daily change").isEqualByComparingTo("8167.9");
            assertThat(t.path("high").decimalValue()).isEqualByComparingTo("8257.8");
            assertThat(t.path("low").decimalValue()).isEqualByComparingTo("7500");
            assertThat(t.path("vol").decimalValue()).as("a JSON number read exactly").isEqualByComparingTo("8314.71200815");
        }

        @Test
        void longCurrenciesTakeAColonAndUnknownPairsKeepBitfinexCode() throws Exception {
            data("ticker", "symbol", "AAVE_USD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/ticker/tAAVE:USD");
            assertThat(error("ticker", "symbol", "NOPE_USD")).isEqualTo("Bitfinex: error 10020: symbol: invalid (HTTP 500)");
        }

        @Test
        void depthSplitsBidsAndAsksBySign() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_USDT", "limit", "2");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/book/tBTCUST/P0?len=25");
            assertThat(depth.path("asks")).hasSize(2);
            assertThat(prices(depth.path("asks"))).containsExactly(new BigDecimal("7255.1"), new BigDecimal("7255.2"));
            assertThat(prices(depth.path("bids"))).isSortedAccordingTo(Comparator.<BigDecimal>reverseOrder());
            assertThat(depth.path("asks").path(1).path(1).decimalValue()).isEqualByComparingTo("0.001");
            JsonNode all = data("depth", "symbol", "BTC_USDT", "limit", 30);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/book/tBTCUST/P0?len=100");
            assertThat(all.path("bids").path(2).path(1).decimalValue()).isEqualByComparingTo("0.00000001");
            assertThat(all.path("bids")).hasSize(30);
            assertThat(all.path("asks")).hasSize(30);
        }

        @Test
        void depthWithoutALimitIsTwentyLevelsABookOfTwentyFiveCutDown() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_USDT");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/book/tBTCUST/P0?len=25");
            assertThat(depth.path("asks")).hasSize(20);
            assertThat(depth.path("bids")).hasSize(20);
            assertThat(prices(depth.path("bids")).get(19)).as("the 20 best, best first").isEqualByComparingTo("7252.8");
            assertThat(data("depth", "symbol", "BTC_USDT", "limit", 0).path("asks")).as("limit 0 is no limit").hasSize(20);
        }

        @Test
        void tradesOldestFirstSignedAmountsAsSides() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_USDT", "limit", 3);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/trades/tBTCUST/hist?limit=3");
            assertThat(trades.path(0).path("id").asText()).isEqualTo("401");
            assertThat(trades.path(0).path("amount").decimalValue()).isEqualByComparingTo("0.00000001");
            assertThat(trades.path(2).path("type").asText()).isEqualTo("sell");
            assertThat(trades.path(2).path("amount").decimalValue()).isEqualByComparingTo("0.005");
            assertThat(trades.path(2).path("time").asLong()).isEqualTo(1574694478808L);
        }

        @Test
        void recordsReorderBitfinexColumnsIntoFmzs() throws Exception {
            JsonNode bars = data("records", "symbol", "BTC_USDT", "period", 60, "limit", 3);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/candles/trade:1h:tBTCUST/hist?limit=3");
            assertThat(bars).hasSize(3);
            JsonNode newest = bars.path(2);
            assertThat(newest.path(0).asLong()).as("seconds, oldest first").isEqualTo(1574697600L);
            assertThat(newest.path(1).decimalValue()).as("open").isEqualByComparingTo("7379.8");
            assertThat(newest.path(2).decimalValue()).as("high").isEqualByComparingTo("7390.1");
            assertThat(newest.path(3).decimalValue()).as("low").isEqualByComparingTo("7375.2");
            assertThat(newest.path(4).decimalValue()).as("close").isEqualByComparingTo("7384.9");
            assertThat(newest.path(5).decimalValue()).isEqualByComparingTo("12.16798923");
            data("records", "symbol", "BTC_USDT", "period", 1440);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/candles/trade:1D:tBTCUST/hist");
            assertThat(error("records", "symbol", "BTC_USDT", "period", 7)).startsWith("Bitfinex: period 7 has no Bitfinex candle frame");
        }

        @Test
        void tickersKeepSpotPairsOnly() throws Exception {
            List<String> symbols = new ArrayList<>();
            data("tickers").forEach(t -> symbols.add(t.path("symbol").asText()));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/tickers?symbols=ALL");
            assertThat(symbols).containsExactly("BTC_USDT", "AAVE_USD");
        }

        @Test
        void markets() throws Exception {
            JsonNode markets = data("markets");
            assertThat(markets.path("BTC_USDT").path("minQty").decimalValue()).isEqualByComparingTo("0.00006");
            assertThat(markets.path("BTC_USDT").path("maxQty").decimalValue()).isEqualByComparingTo("2000");
            assertThat(markets.path("BTC_USDT").path("quoteAsset").asText()).isEqualTo("USDT");
            assertThat(markets.has("AAVE_USD")).isTrue();
            assertThat(bitfinex.requests().get(0).rawPathAndQuery()).isEqualTo("/v2/tickers?symbols=ALL");
            // five significant digits: the tick at the last price, 7617.1 and 90.15
            assertThat(markets.path("BTC_USDT").path("tickSize").decimalValue()).isEqualByComparingTo("0.1");
            assertThat(markets.path("BTC_USDT").path("pricePrecision").asInt()).isEqualTo(1);
            assertThat(markets.path("AAVE_USD").path("tickSize").decimalValue()).isEqualByComparingTo("0.001");
            assertThat(markets.path("AAVE_USD").path("pricePrecision").asInt()).isEqualTo(3);
            assertThat(markets.path("BTC_USDT").has("tickBands")).as("not part of FMZ's Market").isFalse();
        }
    }

    @Nested
    class Account {

        @Test
        void exchangeWalletsUnderFmzNames() throws Exception {
            JsonNode balances = data("accounts");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/auth/r/wallets");
            assertThat(lastRequest().body()).isEqualTo("{}");
            assertThat(balances).hasSize(3);
            assertThat(find(balances, "USDT").path("free").decimalValue()).isEqualByComparingTo("100.03");
            assertThat(find(balances, "USDT").path("frozen").decimalValue()).isEqualByComparingTo("5.20");
            assertThat(find(balances, "BTC").path("frozen").decimalValue()).isEqualByComparingTo("0.005");
            assertThat(find(balances, "ETH").path("free").decimalValue()).isEqualByComparingTo("2.5");
            assertThat(data("assets")).as("GetAssets: the same wallets").isEqualTo(balances);
        }

        @Test
        void wrongCredentialsKeepBitfinexCodes() throws Exception {
            assertThat(bridge.call("/Bitfinex", envelope("accounts", KEY, "wrong")).path("error").asText())
                    .isEqualTo("Bitfinex: error 10100: apikey: digest invalid (HTTP 500)");
            assertThat(bridge.call("/Bitfinex", envelope("accounts", "nobody", SECRET)).path("error").asText())
                    .isEqualTo("Bitfinex: error 10100: apikey: invalid (HTTP 500)");
        }
    }

    @Nested
    class Nonces {

        @Test
        void everyAuthenticatedCallCarriesAHigherMicrosecondNonce() throws Exception {
            int before = bitfinex.acceptedNonces().size();
            for (int i = 0; i < 5; i++) {
                data("accounts");
                data("orders", "symbol", "BTC_USDT");
            }
            List<Long> nonces = bitfinex.acceptedNonces().subList(before, bitfinex.acceptedNonces().size());
            assertThat(nonces).hasSize(10).isSorted().doesNotHaveDuplicates();
            long nowMicros = System.currentTimeMillis() * 1000;
            assertThat(nonces.get(9)).as("microseconds").isBetween(nowMicros - 60_000_000L, nowMicros + 60_000_000L);
        }
    }

    @Nested
    class Orders {

        @Test
        void aLimitBuyKeepsItsDecimalsAndACid() throws Exception {
            String id = placeLimitBuy("0.00123456", "30001");
            assertThat(id).matches("tBTCUST,\\d+");
            JsonNode body = lastBody();
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/auth/w/order/submit");
            assertThat(body.path("type").asText()).isEqualTo("EXCHANGE LIMIT");
            assertThat(body.path("symbol").asText()).isEqualTo("tBTCUST");
            assertThat(body.path("amount").asText()).isEqualTo("0.00123456");
            assertThat(body.path("price").asText()).isEqualTo("30001");
            assertThat(body.path("cid").isIntegralNumber()).isTrue();
        }

        @Test
        void aSellIsANegativeAmountAndAMarketSellHasNoPrice() throws Exception {
            data("trade", "symbol", "BTC_USDT", "type", "sell", "amount", "0.5", "price", "-1");
            assertThat(lastBody().path("type").asText()).isEqualTo("EXCHANGE MARKET");
            assertThat(lastBody().path("amount").asText()).isEqualTo("-0.5");
            assertThat(lastBody().has("price")).isFalse();
            data("trade", "symbol", "BTC_USDT", "type", "sell", "amount", "0.25", "price", "31000");
            assertThat(lastBody().path("amount").asText()).isEqualTo("-0.25");
        }

        @Test
        void aMarketBuyWithoutMarketRulesIsRefusedBeforeBitfinex() throws Exception {
            assertThat(error("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "100", "price", -1))
                    .isEqualTo("Bitfinex: a market buy of BTC_USDT spends quote currency, converted here to base currency"
                            + " at the best ask and cut to BTC_USDT's amount step, but no market rules are kept for BTC_USDT"
                            + " (fmz.markets.sync-enabled); nothing was sent");
            assertThat(bitfinex.requests()).isEmpty();
        }

        @Test
        void aRefusedOrderKeepsBitfinexCodeAndIsNotLookedUp() throws Exception {
            bitfinex.rejectNextOrder("Invalid order: not enough exchange balance for 1 tBTCUST at 1");
            assertThat(error("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "1"))
                    .isEqualTo("Bitfinex: error 10001: Invalid order: not enough exchange balance for 1 tBTCUST at 1 (HTTP 500)");
            assertThat(bitfinex.requests()).hasSize(1);
        }

        @Test
        void anOrderThroughItsLife() throws Exception {
            String id = placeLimitBuy("0.02", "25000");
            JsonNode order = data("order", "id", id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/auth/r/orders/tBTCUST");
            assertThat(lastBody().path("id").path(0).asLong()).isEqualTo(orderId(id));
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("25000");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("status").asText()).isEqualTo("pending");
            assertThat(ids(data("orders", "symbol", "BTC_USDT"))).contains(id);

            bitfinex.fill(orderId(id), "0.005", "24999.5");
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.005");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("24999.5");

            assertThat(data("cancel", "id", id).asBoolean()).isTrue();
            assertThat(lastBody().path("id").asLong()).isEqualTo(orderId(id));
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-canceled");
            assertThat(lastRequest().rawPathAndQuery()).as("found in the history").isEqualTo("/v2/auth/r/orders/tBTCUST/hist");
            assertThat(ids(data("orders", "symbol", "BTC_USDT"))).doesNotContain(id);
            assertThat(ids(data("historyorders", "symbol", "BTC_USDT", "limit", 0, "since", 0))).contains(id);
            assertThat(error("cancel", "id", id)).isEqualTo("Bitfinex: error 10001: Order not found. (HTTP 500)");
        }

        @Test
        void aLimitSellReadsBackAsASellWithPositiveAmounts() throws Exception {
            String id = data("trade", "symbol", "BTC_USDT", "type", "sell", "amount", "0.25", "price", "31000").path("id").asText();
            bitfinex.fill(orderId(id), "0.1", "31000");
            JsonNode order = data("order", "id", id);
            assertThat(order.path("type").asText()).isEqualTo("sell");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.25");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.1");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("31000");
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            JsonNode listed = orderWithId(data("orders", "symbol", "BTC_USDT"), id);
            assertThat(listed.path("type").asText()).isEqualTo("sell");
            assertThat(listed.path("amount").decimalValue()).isEqualByComparingTo("0.25");
            assertThat(listed.path("deal_amount").decimalValue()).isEqualByComparingTo("0.1");
        }

        @Test
        void filledAndCanceled() throws Exception {
            String filled = placeLimitBuy("0.01", "20000");
            bitfinex.fill(orderId(filled), "0.01", "20000");
            assertThat(data("order", "id", filled).path("status").asText()).isEqualTo("filled");
            String canceled = placeLimitBuy("0.01", "20000");
            data("cancel", "id", canceled);
            assertThat(data("order", "id", canceled).path("status").asText()).isEqualTo("canceled");
            assertThat(error("order", "id", "tBTCUST,1")).isEqualTo("Bitfinex: Bitfinex has no order tBTCUST,1");
        }

        @Test
        void historyAsksFromSinceWithALimit() throws Exception {
            data("historyorders", "symbol", "BTC_USDT", "since", "1700000000000", "limit", 5000);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/auth/r/orders/tBTCUST/hist");
            assertThat(lastRequest().body()).isEqualTo("{\"start\":1700000000000,\"limit\":2500}");
        }

        @Test
        void aLostPlacementReplyComesBackWithTheRealOrderIdAndOneOrder() throws Exception {
            bitfinex.failNext("/v2/auth/w/order/submit", new Fault.ReplyLost());
            String id = data("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.01", "price", "20000").path("id").asText();
            assertThat(id).startsWith("tBTCUST,");
            long cid = bitfinex.placedOrders().get(bitfinex.placedOrders().size() - 1).path("cid").asLong();
            assertThat(bitfinex.placedOrders()).filteredOn(o -> o.path("cid").asLong() == cid).hasSize(1);
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("pending");
        }

        @Test
        void aLostMarketSellIsFoundInTheHistory() throws Exception {
            bitfinex.failNext("/v2/auth/w/order/submit", new Fault.ReplyLost());
            String id = data("trade", "symbol", "BTC_USDT", "type", "sell", "amount", "0.01", "price", "-1").path("id").asText();
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("filled");
            assertThat(bitfinex.requestsTo("/v2/auth/r/orders/tBTCUST/hist")).isNotEmpty();
        }
    }

    /**
     * FMZ's market buy names the quote currency to spend; Bitfinex sizes it in base currency. With the
     * market rules kept (a bridge of its own, fmz.markets.sync-enabled on), the bridge converts at the
     * ticker's best ask, 7617.5, cut down to BTC_USDT's step of 0.00000001.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class MarketBuys {

        static final String SIZING_KEY = "bfx-sizing-key";
        RunningBridge sizing;

        @BeforeAll
        void startWithMarketRules() throws Exception {
            bitfinex.addAccount(SIZING_KEY, SECRET);
            sizing = RunningBridge.start(Map.of(
                    // a name of its own: two bridges of one name in one JVM would share one Quartz scheduler
                    "camel.main.name", "bitfinex-market-buys",
                    "fmz.exchange.bitfinex.base-url", bitfinex.baseUrl(),
                    "fmz.call.rate-limit-enabled", "false",
                    "fmz.markets.sync-enabled", "true"));
            sizing.awaitMarketRules("bitfinex");
        }

        @AfterAll
        void stopSizing() throws Exception {
            sizing.close();
        }

        JsonNode trade(String type, String amount, String price) throws Exception {
            return sizing.call("/Bitfinex", envelope("trade", SIZING_KEY, SECRET, "symbol", "BTC_USDT", "type", type,
                    "amount", amount, "price", price));
        }

        @Test
        void quoteToSpendBecomesBaseAtTheBestAskCutDownToTheStep() throws Exception {
            JsonNode reply = trade("buy", "100", "-1");
            assertThat(reply.path("error").asText()).isEmpty();
            assertThat(reply.path("data").path("id").asText()).startsWith("tBTCUST,");
            assertThat(bitfinex.requests()).extracting(StubRequest::rawPathAndQuery)
                    .containsExactly("/v2/ticker/tBTCUST", "/v2/auth/w/order/submit");
            JsonNode order = bitfinex.placedOrders().get(bitfinex.placedOrders().size() - 1);
            assertThat(order.path("type").asText()).isEqualTo("EXCHANGE MARKET");
            // 100 / 7617.5 = 0.0131276665…: cut down, so 0.01312766 × 7617.5 = 99.99995… never passes 100
            assertThat(order.path("amount").asText()).as("positive: a buy").isEqualTo("0.01312766");
            assertThat(order.has("price")).isFalse();

            JsonNode raw = reply.path("raw");
            assertThat(raw.path("marketBuy").path("quoteToSpend").decimalValue()).isEqualByComparingTo("100");
            assertThat(raw.path("marketBuy").path("bestAsk").decimalValue()).isEqualByComparingTo("7617.5");
            assertThat(raw.path("marketBuy").path("baseAmount").decimalValue()).isEqualByComparingTo("0.01312766");
            assertThat(raw.path("marketBuy").path("amountStep").decimalValue()).isEqualByComparingTo("0.00000001");
            assertThat(raw.path("reply").path(6).asText()).as("Bitfinex's own reply").isEqualTo("SUCCESS");
        }

        @Test
        void belowTheMinimumNoOrderIsSent() throws Exception {
            // 0.4 / 7617.5 = 0.00005251…, under BTC_USDT's minimum order size 0.00006
            assertThat(trade("buy", "0.4", "-1").path("error").asText())
                    .isEqualTo("Bitfinex: a market buy of 0.4 USDT at the best ask 7617.5 is 0.00005251 BTC, cut down to"
                            + " BTC_USDT's step 0.00000001: below its minimum 0.00006; nothing was sent");
            assertThat(bitfinex.requestsTo("/v2/auth/w/order/submit")).isEmpty();
        }

        @Test
        void aLimitBuyIsSentAsWritten() throws Exception {
            JsonNode reply = trade("buy", "0.0015", "7000");
            assertThat(reply.path("error").asText()).isEmpty();
            assertThat(bitfinex.requests()).extracting(StubRequest::rawPathAndQuery).containsExactly("/v2/auth/w/order/submit");
            JsonNode order = bitfinex.placedOrders().get(bitfinex.placedOrders().size() - 1);
            assertThat(order.path("type").asText()).isEqualTo("EXCHANGE LIMIT");
            assertThat(order.path("amount").asText()).isEqualTo("0.0015");
            assertThat(order.path("price").asText()).isEqualTo("7000");
            assertThat(reply.path("raw").path(6).asText()).as("raw is Bitfinex's reply alone").isEqualTo("SUCCESS");
        }
    }

    @Test
    void aBurstOfRefusalsUnderHttp500LeavesTheBreakerClosed() throws Exception {
        // more refusals than the breaker's minimum-calls (10), each with HTTP 500: Bitfinex is working
        for (int i = 0; i < 12; i++) {
            bitfinex.rejectNextOrder("Invalid order: not enough exchange balance for 1 tBTCUST at 1");
            assertThat(error("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "1"))
                    .startsWith("Bitfinex: error 10001: Invalid order");
            assertThat(error("ticker", "symbol", "NOPE_USD")).isEqualTo("Bitfinex: error 10020: symbol: invalid (HTTP 500)");
        }
        bitfinex.clear();
        assertThat(placeLimitBuy("0.02", "25000")).as("orders still go out").startsWith("tBTCUST,");
        assertThat(data("ticker", "symbol", "BTC_USDT").path("symbol").asText()).isEqualTo("BTC_USDT");
        assertThat(bitfinex.requests()).hasSize(2);
    }

    @Test
    void exchangeIoSignsAuthPaths() throws Exception {
        JsonNode reply = bridge.call("/Bitfinex", RunningBridge.JSON.writeValueAsString(
                envelope("__api_/v2/auth/r/wallets", KEY, SECRET)), Map.of("Http-Method", "POST"));
        assertThat(lastRequest().method()).isEqualTo("POST");
        assertThat(reply.path("data").path(0).path(1).asText()).isEqualTo("UST");
        bridge.call("/Bitfinex", RunningBridge.JSON.writeValueAsString(envelope("__api_/v2/ticker/tBTCUSD", KEY, SECRET)), Map.of());
        assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v2/ticker/tBTCUSD");
        assertThat(lastRequest().headers()).doesNotContainKey("bfx-apikey");
    }

    @Test
    void anUnsupportedMethodIsAClearError() throws Exception {
        assertThat(error("positions")).isEqualTo("Bitfinex: method 'positions' is not supported");
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("Bitfinex", "GET /v2/ticker/tBTCUST",
                    Arguments.of(new Fault.Status(503, "{\"code\":503,\"error\":\"temporarily_unavailable\",\"error_description\":\"Sorry, the service is temporarily unavailable.\"}"),
                            "Bitfinex: temporarily_unavailable: Sorry, the service is temporarily unavailable. (HTTP 503)"),
                    Arguments.of(new Fault.TooManyRequests(null, "{\"error\":\"ERR_RATE_LIMIT\"}"), "Bitfinex: ERR_RATE_LIMIT (HTTP 429)"),
                    Arguments.of(new Fault.Status(404, "[]"), "Bitfinex: HTTP 404 from exchange without a Bitfinex error"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String expected) throws Exception {
            bitfinex.failNext("/v2/ticker/tBTCUST", fault);
            assertThat(error("ticker", "symbol", "BTC_USDT")).startsWith(expected);
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/v2/auth/r/wallets", "POST /v2/auth/r/wallets", "accounts");
        }
    }

    @Test
    void noSecretReachesRepliesHeadersOrLogs() throws Exception {
        Exposure seen = exposureOf(() -> {
            String id = placeLimitBuy("0.01", "20000");
            bitfinex.failNext("/v2/auth/r/wallets", new Fault.Status(500, "oops"));
            bitfinex.failNext("/v2/auth/w/order/submit", new Fault.Reset());
            return List.of(
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, SECRET + "x"),
                    envelope("order", KEY, SECRET, "id", id),
                    envelope("trade", KEY, SECRET, "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "1"),
                    envelope("cancel", KEY, SECRET, "id", id),
                    envelope("__api_/v2/auth/r/wallets", KEY, SECRET));
        });
        List<String> signatures = bitfinex.requests().stream().map(r -> r.header("bfx-signature")).filter(s -> s != null).toList();
        assertThat(signatures).isNotEmpty();
        seen.showsNone(SECRET);
        seen.showsNone(signatures);
    }

    static JsonNode find(JsonNode balances, String currency) {
        for (JsonNode b : balances) {
            if (b.path("currency").asText().equals(currency)) {
                return b;
            }
        }
        throw new AssertionError("no " + currency + " in " + balances);
    }

    static JsonNode orderWithId(JsonNode orders, String id) {
        for (JsonNode o : orders) {
            if (o.path("id").asText().equals(id)) {
                return o;
            }
        }
        throw new AssertionError("no order " + id + " in " + orders);
    }
}
