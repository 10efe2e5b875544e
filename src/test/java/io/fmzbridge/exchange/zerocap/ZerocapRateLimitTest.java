package io.fmzbridge.exchange.zerocap;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.Burst;
import io.fmzbridge.stub.Burst.Reply;
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
 * Zerocap documents no limit; the bridge keeps a stated one, 5 calls in any second per key. These tests hold
 * the bridge to it from the other side: a stub that counts each request on arrival and answers 429 over it.
 */
class ZerocapRateLimitTest {

    private static final String KEY = ZerocapBridgeTest.KEY;
    private static final String OTHER_KEY = "zerocap-other-key";
    private static final String SECRET = ZerocapBridgeTest.SECRET;
    private static final String BALANCES = "/v2/orders/get_balances";
    private static final long PERIOD_MS = 1000;
    /** How late a call that waited may come on a busy machine: the model says exactly when, not how fast a thread wakes. */
    private static final long LATE_MS = 1000;

    private ZerocapStub zerocap;

    @BeforeEach
    void startStub() {
        zerocap = ZerocapStub.start();
        zerocap.addAccount(KEY, SECRET);
        zerocap.addAccount(OTHER_KEY, SECRET);
        zerocap.enforceRateLimits();
    }

    @AfterEach
    void stopStub() {
        zerocap.close();
    }

    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of("fmz.exchange.zerocap.base-url", zerocap.restUrl()));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        RunningBridge bridge = RunningBridge.start(overrides);
        try {
            // a first call to a fresh bridge is slow; the calls after it are what the tests time
            assertThat(accounts(bridge, OTHER_KEY).call().has("data")).isTrue();
        } catch (Exception | AssertionError failed) {
            bridge.close();
            throw failed;
        }
        Thread.sleep(PERIOD_MS);
        zerocap.clear();
        return bridge;
    }

    private static Callable<JsonNode> accounts(RunningBridge bridge, String key) {
        return () -> bridge.call("/Zerocap", envelope("accounts", key, SECRET));
    }

    private List<Served> balancesOf(String key) {
        return Burst.arrivals(zerocap, BALANCES).stream().filter(served -> key.equals(served.request().header("api-key"))).toList();
    }

    /** The stub records a reply just after sending it: waits until it has recorded {@code count} for the path. */
    private void awaitServed(String path, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Burst.arrivals(zerocap, path).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void fiveCallsGoAtOnceTheSixthWhenTheFirstReplyIsASecondOldAndAnotherKeysAtOnce() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(6, accounts(bridge, KEY)));
            calls.addAll(Burst.times(5, accounts(bridge, OTHER_KEY)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            awaitServed(BALANCES, 11);
            List<Served> first = balancesOf(KEY);
            long firstReply = first.subList(0, 5).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
            assertThat(Burst.ms(firstReply, first.get(5).arrivedNanos())).as("the sixth").isBetween(PERIOD_MS - 50, PERIOD_MS + LATE_MS);
            // a call that waited for a place goes a period after a reply at the soonest: the other key's came sooner
            List<Served> other = balancesOf(OTHER_KEY);
            long otherFirstReply = other.subList(0, 4).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
            assertThat(Burst.ms(otherFirstReply, other.get(4).arrivedNanos())).as("the other key's five").isLessThan(PERIOD_MS);
            assertThat(zerocap.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void withRateLimitRejectTheSixthIsRefusedAndNamesTheStatedLimit() throws Exception {
        // a period longer than the burst could ever take: nothing waits when over-limit calls are refused
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true",
                "fmz.exchange.zerocap.limits.calls", "5/60000 per key")) {
            List<Reply> replies = Burst.of(Burst.times(6, accounts(bridge, KEY)));

            assertThat(replies).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "Zerocap: the bridge's limit calls for this exchange (5 per 60000 ms per key) is reached "
                            + "(fmz.exchange.zerocap.limits.calls); call again shortly");
            assertThat(balancesOf(KEY)).hasSize(5);
        }
    }

    @Test
    void aStraddlingBurstNeverPutsOneCallTooManyIntoAnySecond() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(12, accounts(bridge, KEY)));
            calls.addAll(Burst.times(12, accounts(bridge, OTHER_KEY)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(zerocap.rateLimitRefusals()).as("the stub, counting on arrival, refused nothing").isZero();
        }
    }
}
