package io.fmzbridge.exchange.backpack;

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
 * Backpack's model end to end, against a stub that counts each request on arrival per subaccount (or, unsigned,
 * per address) against the standard figure and, for trades and klines, the historical one, and answers HTTP 429
 * over either. Backpack's minute is scaled down to 3 s, the same in the bridge's settings and the stub; the
 * bridge holds its packaged tenth below the stub's figures (27 of 30 historical).
 */
class BackpackRateLimitTest {

    private static final long MINUTE_MS = 3000;
    /** How late a call that waited may come on a busy machine: the model says exactly when, not how fast a thread wakes. */
    private static final long LATE_MS = 1000;
    private static final String TRADES = "/api/v1/trades";
    private static final String KLINES = "/api/v1/klines";
    private static final String CAPITAL = "/api/v1/capital";

    private BackpackStub backpack;
    private BackpackStub.ApiKey key;
    private BackpackStub.ApiKey otherKey;

    @BeforeEach
    void startStub() {
        backpack = BackpackStub.start();
        key = backpack.addAccount(Map.of("USDC", Map.of("available", "1200.5", "locked", "0", "staked", "0")));
        otherKey = backpack.addAccount(Map.of("USDC", Map.of("available", "10", "locked", "0", "staked", "0")));
    }

    @AfterEach
    void stopStub() {
        backpack.close();
    }

    /** The bridge with Backpack's packaged figures per {@link #MINUTE_MS} instead of a minute, or these. */
    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of("fmz.exchange.backpack.base-url", backpack.baseUrl(),
                "fmz.exchange.backpack.stream-enabled", "false",
                "fmz.listen.max-threads", "160",
                "fmz.exchange.backpack.limits.private", "1800/" + MINUTE_MS + " per key",
                "fmz.exchange.backpack.limits.public", "1800/" + MINUTE_MS + " per public",
                "fmz.exchange.backpack.limits.history", "27/" + MINUTE_MS + " per key"));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        RunningBridge bridge = RunningBridge.start(overrides);
        try {
            // a first call to a fresh bridge is slow; the calls after it are what the tests time
            assertThat(bridge.call("/Backpack", envelope("markets", "", "")).has("data")).isTrue();
        } catch (Exception | AssertionError failed) {
            bridge.close();
            throw failed;
        }
        backpack.clear();
        return bridge;
    }

    private static Callable<JsonNode> call(RunningBridge bridge, String method, BackpackStub.ApiKey key, Object... params) {
        return () -> bridge.call("/Backpack", envelope(method, key == null ? "" : key.publicKey(),
                key == null ? "" : key.secret(), params));
    }

    /** Trades and klines calls in turn, {@code count} in all. */
    private static List<Callable<JsonNode>> history(RunningBridge bridge, int count) {
        List<Callable<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(i % 2 == 0 ? call(bridge, "trades", null, "symbol", "SOL_USDC")
                    : call(bridge, "records", null, "symbol", "SOL_USDC", "period", 1));
        }
        return calls;
    }

    private List<Served> historyArrivals() {
        return backpack.served().stream().filter(served -> served.request().path().equals(TRADES)
                || served.request().path().equals(KLINES)).sorted(Comparator.comparingLong(Served::arrivedNanos)).toList();
    }

    /** The stub records a reply just after sending it: waits until it has recorded {@code count} for the path. */
    private void awaitServed(String path, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Burst.arrivals(backpack, path).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Milliseconds from the earliest reply among the first {@code count} to the arrival of the next one. */
    private static long fromFirstReply(List<Served> arrived, int count) {
        long firstReply = arrived.subList(0, count).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
        return Burst.ms(firstReply, arrived.get(count).arrivedNanos());
    }

    @Test
    void twentySevenHistoricalCallsGoAtOnceTheTwentyEighthWhenTheFirstReplyIsAMinuteOldAndATickerAtOnce() throws Exception {
        backpack.enforceRateLimits(new BackpackStub.Limits(2000, 30, Duration.ofMillis(MINUTE_MS)));
        try (RunningBridge bridge = bridge()) {
            List<Callable<JsonNode>> calls = new ArrayList<>(history(bridge, 28));
            calls.add(call(bridge, "ticker", null, "symbol", "SOL_USDC"));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            awaitServed("/api/v1/ticker", 1);
            for (int wait = 0; wait < 1000 && historyArrivals().size() < 28; wait++) {
                Thread.sleep(5); // the stub records a reply just after sending it
            }
            List<Served> arrived = historyArrivals();
            // a call that waited for a place goes a minute after a reply at the soonest: the 27th came sooner
            assertThat(fromFirstReply(arrived, 26)).as("trades and klines share the 27").isLessThan(MINUTE_MS);
            assertThat(fromFirstReply(arrived, 27)).as("the twenty-eighth").isBetween(MINUTE_MS - 50, MINUTE_MS + LATE_MS);
            assertThat(Burst.arrivals(backpack, "/api/v1/ticker").get(0).arrivedNanos())
                    .as("a ticker spends only the standard limit: it never waits for the historical")
                    .isLessThan(arrived.get(27).arrivedNanos());
            assertThat(backpack.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void eachSubaccountHasItsOwnStandardAllowance() throws Exception {
        // the standard figure scaled down too, to reach its edge in a few calls: 20 at the stub, 18 at the bridge
        backpack.enforceRateLimits(new BackpackStub.Limits(20, 30, Duration.ofMillis(MINUTE_MS)));
        try (RunningBridge bridge = bridge("fmz.exchange.backpack.limits.private", "18/" + MINUTE_MS + " per key")) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(19, call(bridge, "accounts", key)));
            calls.addAll(Burst.times(18, call(bridge, "accounts", otherKey)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            awaitServed(CAPITAL, 37);
            List<Served> first = Burst.arrivals(backpack, CAPITAL).stream()
                    .filter(served -> key.publicKey().equals(served.request().header("X-API-Key"))).toList();
            List<Served> second = Burst.arrivals(backpack, CAPITAL).stream()
                    .filter(served -> otherKey.publicKey().equals(served.request().header("X-API-Key"))).toList();
            assertThat(fromFirstReply(first, 18)).as("the first key's nineteenth").isBetween(MINUTE_MS - 50, MINUTE_MS + LATE_MS);
            assertThat(fromFirstReply(second, 17)).as("the other subaccount's eighteen at once").isLessThan(MINUTE_MS);
            assertThat(backpack.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void withRateLimitRejectTheTwentyEighthHistoricalCallIsRefusedAndNamesTheLimit() throws Exception {
        // a minute longer than the burst could ever take: nothing waits when over-limit calls are refused
        backpack.enforceRateLimits(new BackpackStub.Limits(2000, 30, Duration.ofMinutes(1)));
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true",
                "fmz.exchange.backpack.limits.history", "27/60000 per key")) {
            List<Reply> replies = Burst.of(history(bridge, 28));

            assertThat(replies).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "Backpack: the bridge's limit history for this exchange (27 per 60000 ms per key) is reached "
                            + "(fmz.exchange.backpack.limits.history); call again shortly");
            assertThat(historyArrivals()).hasSize(27);
        }
    }

    @Test
    void aStraddlingBurstOfEveryKindNeverPutsOneCallTooManyIntoAnyMinute() throws Exception {
        backpack.enforceRateLimits(new BackpackStub.Limits(20, 30, Duration.ofMillis(MINUTE_MS)));
        try (RunningBridge bridge = bridge("fmz.exchange.backpack.limits.private", "18/" + MINUTE_MS + " per key",
                "fmz.exchange.backpack.limits.public", "8/" + MINUTE_MS + " per public",
                "fmz.exchange.backpack.limits.history", "5/" + MINUTE_MS + " per key")) {
            // one over each limit: the key's 18, the unsigned calls' 8, the historical 5
            List<Callable<JsonNode>> calls = new ArrayList<>(history(bridge, 8));
            calls.addAll(Burst.times(4, call(bridge, "ticker", null, "symbol", "SOL_USDC")));
            calls.addAll(Burst.times(20, call(bridge, "accounts", key)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(backpack.rateLimitRefusals()).as("the stub, counting on arrival, refused nothing").isZero();
        }
    }
}
