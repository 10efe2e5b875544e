package io.fmzbridge.exchange.okx;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.Burst;
import io.fmzbridge.stub.Burst.Reply;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.Served;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OKX's model end to end, against a stub that counts each call on arrival against its endpoint's own
 * limit in any 2 s, as OKX documents it per endpoint, and refuses as OKX does (HTTP 429, code 50011):
 * public endpoints per IP, private ones per user, orders per user and instrument. The last call that
 * fits goes at once, the next when the first's reply is 2 s old, and no span ever holds one too many.
 */
class OkxRateLimitTest {

    private static final String KEY = OkxBridgeTest.KEY;
    private static final String SECRET_KEY = OkxBridgeTest.SECRET_KEY;
    private static final String KEY_B = "okx-second-key";
    private static final String SECRET_KEY_B = "second-secret,second-pass";
    private static final String TICKER = "/api/v5/market/ticker";
    private static final String ORDER = "/api/v5/trade/order";

    private OkxStub okx;

    @BeforeEach
    void startStub() {
        okx = OkxStub.start();
        okx.addAccount(KEY, OkxBridgeTest.SECRET, OkxBridgeTest.PASSPHRASE);
        okx.addAccount(KEY_B, "second-secret", "second-pass");
        okx.enforceRateLimits();
    }

    @AfterEach
    void stopStub() {
        okx.close();
    }

    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                // more FMZ calls at once than Jetty's default threads serve
                "fmz.listen.max-threads", "160"));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        return RunningBridge.start(overrides);
    }

    private static Callable<JsonNode> call(RunningBridge bridge, String method, String key, String secretKey,
            Object... params) {
        return () -> bridge.call("/OKX", envelope(method, key, secretKey, params));
    }

    private static Callable<JsonNode> ticker(RunningBridge bridge) {
        return call(bridge, "ticker", "", "", "symbol", "BTC_USDT");
    }

    private static Callable<JsonNode> order(RunningBridge bridge, String symbol) {
        return call(bridge, "trade", KEY, SECRET_KEY, "symbol", symbol, "type", "buy", "amount", "0.01", "price", "20000");
    }

    @Test
    void twentyTickersGoAtOnceAndTheTwentyFirstWhenTheFirstReplyIsTwoSecondsOld() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Reply> replies = Burst.of(Burst.times(21, ticker(bridge)));

            assertThat(replies).allMatch(Reply::ok);
            List<Served> arrived = Burst.arrivals(okx, TICKER);
            long firstReply = arrived.subList(0, 20).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
            assertThat(Burst.ms(arrived.get(0).arrivedNanos(), arrived.get(19).arrivedNanos())).as("the twentieth")
                    .isLessThan(1000);
            assertThat(Burst.ms(firstReply, arrived.get(20).arrivedNanos())).as("the twenty-first")
                    .isBetween(1950L, 2300L);
            assertThat(okx.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void withRateLimitRejectTheTwentyFirstIsRefusedAndEachKeyKeepsItsOwnAllowance() throws Exception {
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true")) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(21, ticker(bridge)));
            calls.addAll(Burst.times(11, call(bridge, "accounts", KEY, SECRET_KEY)));
            calls.addAll(Burst.times(10, call(bridge, "accounts", KEY_B, SECRET_KEY_B)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies.subList(0, 21)).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "OKX: the bridge's limit for GET /api/v5/market/ticker (20 calls per 2000 ms per ip) is reached "
                            + "(its route's endpointLimit); call again shortly");
            assertThat(replies.subList(21, 32)).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "OKX: the bridge's limit for GET /api/v5/account/balance (10 calls per 2000 ms per key) is reached "
                            + "(its route's endpointLimit); call again shortly");
            assertThat(replies.subList(32, 42)).as("the other key's ten").allMatch(Reply::ok);
            assertThat(okx.rateLimitRefusals()).isZero();
        }
    }

    /**
     * The burst: sixty concurrent tickers put 23 into one 2 s span under the old window. Now no
     * span holds more than 20, with depth, balances and orders of two keys on their own limits beside them.
     */
    @Test
    void aStraddlingBurstOfEveryKindNeverPutsOneCallTooManyIntoAnyTwoSeconds() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(60, ticker(bridge)));
            calls.addAll(Burst.times(45, call(bridge, "depth", "", "", "symbol", "BTC_USDT")));
            calls.addAll(Burst.times(15, call(bridge, "accounts", KEY, SECRET_KEY)));
            calls.addAll(Burst.times(15, call(bridge, "accounts", KEY_B, SECRET_KEY_B)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(okx.rateLimitRefusals()).as("the stub, counting on arrival, refused nothing").isZero();
            List<Served> tickers = Burst.arrivals(okx, TICKER);
            assertThat(Burst.ms(tickers.get(0).arrivedNanos(), tickers.get(59).arrivedNanos()))
                    .as("sixty at twenty per two seconds and a reply: just over 4 s, not needlessly more")
                    .isBetween(4000L, 5500L);
        }
    }

    @Test
    void ordersCountPerInstrumentTheSixtyFirstOnOnePairWaitsWhileAnotherPairsGoesAtOnce() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(61, order(bridge, "BTC_USDT")));
            calls.add(order(bridge, "ETH_USDT"));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> btc = Burst.arrivals(okx, ORDER).stream()
                    .filter(served -> served.request().body().contains("BTC-USDT")).toList();
            List<Served> eth = Burst.arrivals(okx, ORDER).stream()
                    .filter(served -> served.request().body().contains("ETH-USDT")).toList();
            long firstReply = btc.subList(0, 60).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
            assertThat(Burst.ms(firstReply, btc.get(60).arrivedNanos())).as("the sixty-first on BTC-USDT")
                    .isBetween(1950L, 2300L);
            assertThat(Burst.ms(btc.get(0).arrivedNanos(), eth.get(0).arrivedNanos())).as("ETH-USDT's own sixty")
                    .isLessThan(1500);
            assertThat(okx.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void theBridgesOwnMarketRulesJobNeverHoldsUpAStrategysMarketsCall() throws Exception {
        try (RunningBridge bridge = RunningBridge.startWithJobs(Map.of("fmz.exchange.okx.base-url", okx.baseUrl()))) {
            // twenty GetMarkets fill the instruments endpoint; the first answered begins the market-rules job,
            // whose call then waits for spare allowance beside the twenty-first. OKX takes 300 ms over them, so
            // all twenty-one are with the bridge before the first answer (a job that found a place before they
            // were would load the rules, and GetMarkets would be answered from them)
            okx.failNext("/api/v5/public/instruments", 20, new Fault.Delay(300));
            List<Reply> replies = Burst.of(Burst.times(21, call(bridge, "markets", "", "")));

            assertThat(replies).allMatch(Reply::ok);
            List<Served> asked = Burst.arrivals(okx, "/api/v5/public/instruments");
            long firstReply = asked.subList(0, 20).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
            assertThat(Burst.ms(firstReply, asked.get(20).arrivedNanos())).as("the twenty-first, as the model says")
                    .isBetween(1950L, 2300L);
            assertThat(okx.rateLimitRefusals()).isZero();
        }
    }
}
