package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OKX allows GET /api/v5/account/balance 10 times per 2 s per user: okx.camel.yaml declares the endpoint's
 * own limit next to the endpoint, and the key's other endpoints and the public ones are not held by it.
 */
class EndpointLimitBridgeTest {

    private static final String KEY = "limit-key";
    private static final String SECRET_KEY = "limit-secret,limit-pass";
    private static final String BALANCE = "/api/v5/account/balance";

    private OkxStub okx;
    private ExecutorService callers;

    @BeforeEach
    void start() {
        okx = OkxStub.start();
        okx.addAccount(KEY, "limit-secret", "limit-pass");
        callers = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        okx.close();
    }

    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of("fmz.exchange.okx.base-url", okx.baseUrl()));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        RunningBridge bridge = RunningBridge.start(overrides);
        // first calls through a fresh bridge are slow; neither spends the balance endpoint's window
        assertThat(bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT")).has("data")).isTrue();
        assertThat(bridge.call("/OKX", envelope("orders", KEY, SECRET_KEY, "symbol", "BTC_USDT")).has("data")).isTrue();
        okx.clear();
        return bridge;
    }

    /** A call's reply and how long after {@code start} it came. */
    private record Timed(JsonNode reply, long afterMs) {}

    private Future<Timed> submit(RunningBridge bridge, long start, String method, String accessKey, String secretKey,
            Object... params) {
        Callable<Timed> call = () -> {
            JsonNode reply = bridge.call("/OKX", envelope(method, accessKey, secretKey, params));
            return new Timed(reply, Duration.ofNanos(System.nanoTime() - start).toMillis());
        };
        return callers.submit(call);
    }

    private static List<Timed> byArrival(List<Future<Timed>> futures) throws Exception {
        List<Timed> replies = new ArrayList<>();
        for (Future<Timed> future : futures) {
            replies.add(future.get());
        }
        replies.sort(Comparator.comparingLong(Timed::afterMs));
        return replies;
    }

    /** 11 balance calls on one key at once, with tickers and another signed endpoint on the same exchange. */
    private record Burst(List<Future<Timed>> balances, List<Future<Timed>> others) {}

    private Burst burst(RunningBridge bridge, long start) {
        List<Future<Timed>> balances = new ArrayList<>();
        List<Future<Timed>> others = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            balances.add(submit(bridge, start, "accounts", KEY, SECRET_KEY));
        }
        for (int i = 0; i < 4; i++) {
            others.add(submit(bridge, start, "ticker", "", "", "symbol", "BTC_USDT"));
        }
        others.add(submit(bridge, start, "orders", KEY, SECRET_KEY, "symbol", "BTC_USDT"));
        return new Burst(balances, others);
    }

    private static void assertNotHeld(List<Future<Timed>> others) throws Exception {
        for (Timed other : byArrival(others)) {
            assertThat(other.reply().has("data")).as("%s", other.reply()).isTrue();
            assertThat(other.afterMs()).as("tickers and the key's other endpoints are not held by the balance window")
                    .isLessThan(1500);
        }
    }

    @Test
    void tenBalanceCallsGoAtOnceAndTheEleventhWaitsForTheEndpointsWindow() throws Exception {
        try (RunningBridge bridge = bridge()) {
            long start = System.nanoTime();
            Burst burst = burst(bridge, start);
            assertNotHeld(burst.others());
            okx.awaitRequests(BALANCE, 10);
            assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).as("ten balance calls went out").isLessThan(1900);
            assertThat(okx.requestsTo(BALANCE)).as("the eleventh is still held").hasSize(10);

            List<Timed> balances = byArrival(burst.balances());
            for (Timed balance : balances) {
                assertThat(balance.reply().has("data")).as("%s", balance.reply()).isTrue();
            }
            assertThat(balances.get(9).afterMs()).as("the tenth").isLessThan(1500);
            assertThat(balances.get(10).afterMs()).as("the eleventh, once the first left the 2 s window")
                    .isGreaterThanOrEqualTo(2000);
            assertThat(okx.requestsTo(BALANCE)).hasSize(11);
        }
    }

    @Test
    void withRateLimitRejectTheEleventhIsRefusedAndNothingElseIs() throws Exception {
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true")) {
            Burst burst = burst(bridge, System.nanoTime());
            assertNotHeld(burst.others());
            List<String> errors = new ArrayList<>();
            for (Timed balance : byArrival(burst.balances())) {
                errors.add(balance.reply().path("error").asText());
            }
            assertThat(errors).filteredOn(String::isEmpty).hasSize(10);
            assertThat(errors).filteredOn(error -> !error.isEmpty()).containsExactly("OKX: the bridge's limit for "
                    + "GET /api/v5/account/balance (10 calls per 2000 ms per key) is reached (its route's endpointLimit); call again shortly");
            assertThat(okx.requestsTo(BALANCE)).hasSize(10);
        }
    }

    @Test
    void withRateLimitsSwitchedOffAllElevenGoAtOnce() throws Exception {
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-enabled", "false")) {
            List<Timed> balances = byArrival(burst(bridge, System.nanoTime()).balances());
            assertThat(balances).allSatisfy(balance -> assertThat(balance.reply().has("data")).isTrue());
            assertThat(balances.get(10).afterMs()).isLessThan(1500);
            assertThat(okx.requestsTo(BALANCE)).hasSize(11);
        }
    }
}
