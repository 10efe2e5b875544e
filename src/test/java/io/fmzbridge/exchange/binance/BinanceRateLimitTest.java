package io.fmzbridge.exchange.binance;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.Burst;
import io.fmzbridge.stub.Burst.Reply;
import io.fmzbridge.stub.StubExchange.Served;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Binance's model end to end, against a stub that counts each request's weight on arrival against the
 * address's allowance and each new order against its account's, in intervals aligned to its clock, and
 * refuses as Binance does (429, -1003 / -1015, Retry-After). The figures are scaled down to seconds, the
 * same in the bridge's settings and the stub: 100 weight per 2 s, 5 orders per 2 s.
 */
class BinanceRateLimitTest {

    private static final String KEY = BinanceBridgeTest.KEY;
    private static final String SECRET = BinanceBridgeTest.SECRET;
    private static final String KEY_B = "binance-second-key";
    private static final String SECRET_B = "binance-second-secret";
    private static final String ACCOUNT = "/api/v3/account";
    private static final String DEPTH = "/api/v3/depth";
    private static final String ORDER = "/api/v3/order";
    private static final BinanceStub.Limits SCALED = new BinanceStub.Limits(100, Duration.ofSeconds(2), 5,
            Duration.ofSeconds(2), 160_000);

    private BinanceStub binance;

    @BeforeEach
    void startStub() {
        binance = BinanceStub.start();
        binance.addAccount(KEY, SECRET);
        binance.addAccount(KEY_B, SECRET_B);
        binance.enforceRateLimits(SCALED);
    }

    @AfterEach
    void stopStub() {
        binance.close();
    }

    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of("fmz.exchange.binance.base-url", binance.baseUrl(),
                "fmz.exchange.binance.limits.weight", "100/2000 per ip",
                "fmz.exchange.binance.limits.orders", "5/2000 per key"));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        return RunningBridge.start(overrides);
    }

    private static Callable<JsonNode> call(RunningBridge bridge, String method, String key, String secret, Object... params) {
        return () -> bridge.call("/Binance", envelope(method, key, secret, params));
    }

    private static Callable<JsonNode> account(RunningBridge bridge, String key, String secret) {
        return call(bridge, "accounts", key, secret);
    }

    private static Callable<JsonNode> order(RunningBridge bridge, String key, String secret) {
        return call(bridge, "trade", key, secret, "symbol", "BTC_USDT", "type", "buy", "amount", "0.001", "price", "20000");
    }

    /** Milliseconds from the earliest reply among the first {@code count} to the arrival of the next one. */
    private static long fromFirstReply(List<Served> arrived, int count) {
        long firstReply = arrived.subList(0, count).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
        return Burst.ms(firstReply, arrived.get(count).arrivedNanos());
    }

    /**
     * A first call to a fresh bridge takes a while; after one, the next calls are quick. Then waits for the
     * stub's next 2 s interval to begin, so what another program spends now and the bridge's next call fall
     * in one interval, as the header tests need.
     */
    private void warmAndAlign(RunningBridge bridge) throws Exception {
        assertThat(call(bridge, "ticker", "", "", "symbol", "BTC_USDT").call().has("data")).isTrue();
        while (System.currentTimeMillis() % 2000 > 50) {
            Thread.sleep(5);
        }
    }

    @Test
    void fiveAccountCallsOfWeightTwentyGoAtOnceAndTheSixthWhenTheFirstReplyIsAPeriodOld() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Reply> replies = Burst.of(Burst.times(6, account(bridge, KEY, SECRET)));

            assertThat(replies).allMatch(Reply::ok);
            List<Served> arrived = Burst.arrivals(binance, ACCOUNT);
            assertThat(Burst.ms(arrived.get(0).arrivedNanos(), arrived.get(4).arrivedNanos())).isLessThan(1000);
            assertThat(fromFirstReply(arrived, 5)).as("the sixth").isBetween(1950L, 2300L);
            assertThat(binance.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void aDeeperBookWeighsMoreAsBinanceSays() throws Exception {
        try (RunningBridge bridge = bridge()) {
            // 50 + 50 for a thousand levels fill the 100; the twenty levels' 5 waits for them
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(2, call(bridge, "depth", "", "", "symbol",
                    "BTC_USDT", "limit", 1000)));
            List<Reply> deep = Burst.of(calls);
            List<Reply> shallow = Burst.of(List.of(call(bridge, "depth", "", "", "symbol", "BTC_USDT", "limit", 20)));

            assertThat(deep).allMatch(Reply::ok);
            assertThat(shallow).allMatch(Reply::ok);
            assertThat(fromFirstReply(Burst.arrivals(binance, DEPTH), 2)).isBetween(1950L, 2300L);
            assertThat(binance.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void withRateLimitRejectTheSixthIsRefusedAndNamesTheWeight() throws Exception {
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true")) {
            List<Reply> replies = Burst.of(Burst.times(6, account(bridge, KEY, SECRET)));

            assertThat(replies).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "Binance: the bridge's limit weight for this exchange (100 per 2000 ms per ip) is reached "
                            + "(fmz.exchange.binance.limits.weight); call again shortly");
            assertThat(binance.requestsTo(ACCOUNT)).hasSize(5);
        }
    }

    @Test
    void eachAccountPlacesFiveOrdersAPeriodAndTheSixthWaits() throws Exception {
        // exchangeInfo for the market rules first (weight 20), out of the way
        try (RunningBridge bridge = bridge("fmz.exchange.binance.limits.weight", "1000/2000 per ip")) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(6, order(bridge, KEY, SECRET)));
            calls.addAll(Burst.times(5, order(bridge, KEY_B, SECRET_B)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> first = Burst.arrivals(binance, ORDER).stream()
                    .filter(served -> KEY.equals(served.request().header("X-MBX-APIKEY"))).toList();
            assertThat(fromFirstReply(first, 5)).as("the first account's sixth").isBetween(1950L, 2300L);
            List<Served> second = Burst.arrivals(binance, ORDER).stream()
                    .filter(served -> KEY_B.equals(served.request().header("X-MBX-APIKEY"))).toList();
            assertThat(Burst.ms(first.get(0).arrivedNanos(), second.get(4).arrivedNanos()))
                    .as("the other account's five at once").isLessThan(1000);
            assertThat(binance.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void weightAnotherProgramSpendsOnTheAddressReachesTheBridgeInTheReplyHeader() throws Exception {
        try (RunningBridge bridge = bridge()) {
            warmAndAlign(bridge);
            binance.weightUsedElsewhere(70);
            assertThat(Burst.of(List.of(account(bridge, KEY, SECRET)))).allMatch(Reply::ok);
            // Binance says 90 of 100 are spent: the next account call (20) waits for the bridge's own to age
            List<Reply> next = Burst.of(List.of(account(bridge, KEY, SECRET)));

            assertThat(next).allMatch(Reply::ok);
            assertThat(fromFirstReply(Burst.arrivals(binance, ACCOUNT), 1)).as("held back, not refused by Binance")
                    .isBetween(1950L, 2300L);
            assertThat(binance.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void ordersAnotherProgramPlacesOnTheAccountReachTheBridgeInTheReplyHeader() throws Exception {
        try (RunningBridge bridge = bridge("fmz.exchange.binance.limits.weight", "1000/2000 per ip")) {
            warmAndAlign(bridge);
            binance.ordersPlacedElsewhere(KEY, 3);
            assertThat(Burst.of(List.of(order(bridge, KEY, SECRET)))).allMatch(Reply::ok);
            // Binance says 4 of the account's 5: one more goes, the one after waits
            List<Reply> next = Burst.of(Burst.times(2, order(bridge, KEY, SECRET)));

            assertThat(next).allMatch(Reply::ok);
            assertThat(fromFirstReply(Burst.arrivals(binance, ORDER), 2)).isBetween(1950L, 2300L);
            assertThat(binance.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void aStraddlingBurstOfEveryKindNeverTakesTheAddressOverItsWeight() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(30, call(bridge, "ticker", "", "", "symbol", "BTC_USDT")));
            calls.addAll(Burst.times(20, call(bridge, "depth", "", "", "symbol", "BTC_USDT")));
            calls.addAll(Burst.times(5, account(bridge, KEY, SECRET)));
            calls.addAll(Burst.times(5, account(bridge, KEY_B, SECRET_B)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(binance.rateLimitRefusals()).as("60 + 100 + 200 + 200 weight at 100 per 2 s, none refused").isZero();
        }
    }

    @Test
    void theBridgesOwnJobsNeverHoldUpAStrategysCall() throws Exception {
        try (RunningBridge bridge = RunningBridge.startWithJobs(Map.of("fmz.exchange.binance.base-url", binance.baseUrl(),
                "fmz.exchange.binance.limits.weight", "100/2000 per ip"))) {
            // six account calls at once: five fill the weight and the sixth waits for it, already queued when the
            // first answer begins the clock and market-rules jobs, whose calls then wait for spare weight behind it
            assertThat(Burst.of(Burst.times(6, account(bridge, KEY, SECRET)))).allMatch(Reply::ok);
            binance.awaitRequests("/api/v3/time", 1);

            List<String> paths = binance.served().stream().sorted(Comparator.comparingLong(Served::arrivedNanos))
                    .map(served -> served.request().path()).toList();
            // the five that fill the weight go before any job's call; the sixth goes when the model frees a place,
            // and a job's call may share that moment only where a second place frees with it
            assertThat(paths.subList(0, 5)).as("the strategy's five first, the jobs' after").containsOnly(ACCOUNT);
            assertThat(fromFirstReply(Burst.arrivals(binance, ACCOUNT), 5)).as("the sixth, as the model says")
                    .isBetween(1950L, 2300L);
            assertThat(binance.rateLimitRefusals()).isZero();
        }
    }
}
