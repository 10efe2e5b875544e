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
    /** A call that went at once arrived this soon after the first: one that waited a minute comes later. */
    private static final long AT_ONCE_MS = MINUTE_MS - 800;
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
        return RunningBridge.start(overrides);
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
            List<Served> arrived = historyArrivals();
            assertThat(Burst.ms(arrived.get(0).arrivedNanos(), arrived.get(26).arrivedNanos()))
                    .as("trades and klines share the 27").isLessThan(AT_ONCE_MS);
            assertThat(fromFirstReply(arrived, 27)).as("the twenty-eighth").isBetween(MINUTE_MS - 50, MINUTE_MS + 700);
            assertThat(Burst.ms(arrived.get(0).arrivedNanos(), Burst.arrivals(backpack, "/api/v1/ticker").get(0).arrivedNanos()))
                    .as("a ticker spends only the standard limit").isLessThan(AT_ONCE_MS);
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
            List<Served> first = Burst.arrivals(backpack, CAPITAL).stream()
                    .filter(served -> key.publicKey().equals(served.request().header("X-API-Key"))).toList();
            List<Served> second = Burst.arrivals(backpack, CAPITAL).stream()
                    .filter(served -> otherKey.publicKey().equals(served.request().header("X-API-Key"))).toList();
            assertThat(fromFirstReply(first, 18)).as("the first key's nineteenth").isBetween(MINUTE_MS - 50, MINUTE_MS + 700);
            assertThat(Burst.ms(first.get(0).arrivedNanos(), second.get(17).arrivedNanos()))
                    .as("the other subaccount's eighteen at once").isLessThan(AT_ONCE_MS);
            assertThat(backpack.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void withRateLimitRejectTheTwentyEighthHistoricalCallIsRefusedAndNamesTheLimit() throws Exception {
        backpack.enforceRateLimits(new BackpackStub.Limits(2000, 30, Duration.ofMillis(MINUTE_MS)));
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true")) {
            List<Reply> replies = Burst.of(history(bridge, 28));

            assertThat(replies).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "Backpack: the bridge's limit history for this exchange (27 per 3000 ms per key) is reached "
                            + "(fmz.exchange.backpack.limits.history); call again shortly");
            assertThat(historyArrivals()).hasSize(27);
        }
    }

    @Test
    void aStraddlingBurstOfEveryKindNeverPutsOneCallTooManyIntoAnyMinute() throws Exception {
        backpack.enforceRateLimits(new BackpackStub.Limits(20, 30, Duration.ofMillis(MINUTE_MS)));
        try (RunningBridge bridge = bridge("fmz.exchange.backpack.limits.private", "18/" + MINUTE_MS + " per key",
                "fmz.exchange.backpack.limits.public", "18/" + MINUTE_MS + " per public",
                "fmz.exchange.backpack.limits.history", "12/" + MINUTE_MS + " per key")) {
            List<Callable<JsonNode>> calls = new ArrayList<>(history(bridge, 16));
            calls.addAll(Burst.times(12, call(bridge, "ticker", null, "symbol", "SOL_USDC")));
            calls.addAll(Burst.times(22, call(bridge, "accounts", key)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(backpack.rateLimitRefusals()).as("the stub, counting on arrival, refused nothing").isZero();
        }
    }
}
