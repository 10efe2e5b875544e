package io.fmzbridge.exchange.coinbase;

import static io.fmzbridge.RunningBridge.envelope;
import static io.fmzbridge.exchange.coinbase.CoinbaseTestKeys.ED_KEY_NAME;
import static io.fmzbridge.exchange.coinbase.CoinbaseTestKeys.ED_SECRET;
import static io.fmzbridge.exchange.coinbase.CoinbaseTestKeys.EC_KEY_NAME;
import static io.fmzbridge.exchange.coinbase.CoinbaseTestKeys.EC_PEM;
import static io.fmzbridge.exchange.coinbase.CoinbaseTestKeys.ecPublicKey;
import static io.fmzbridge.exchange.coinbase.CoinbaseTestKeys.edPublicKey;
import static io.fmzbridge.exchange.coinbase.CoinbaseTestKeys.oneLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.Burst;
import io.fmzbridge.stub.Burst.Reply;
import io.fmzbridge.stub.StubExchange.Served;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Coinbase's model end to end, against a stub that counts each request on arrival, public ones per address
 * (10 a second) and private ones per user (30 a second), answers 429 over either, and says in each private
 * reply what the user has left. The bridge holds a tenth below: 9 and 27. Coinbase's second is scaled up to
 * 3 s, the same in the bridge's settings and the stub.
 */
class CoinbaseRateLimitTest {

    private static final String EC_SECRET = oneLine(EC_PEM);
    private static final String ACCOUNTS = "/api/v3/brokerage/accounts";
    private static final String BOOK = "/api/v3/brokerage/market/product_book";
    /** Coinbase's second, scaled up so that a busy machine's thread wake-ups stay small beside it. */
    private static final long PERIOD_MS = 3000;
    /** How late a call that waited may come on a busy machine: the model says exactly when, not how fast a thread wakes. */
    private static final long LATE_MS = 1000;

    private CoinbaseStub coinbase;

    @BeforeEach
    void startStub() throws Exception {
        coinbase = CoinbaseStub.start();
        coinbase.addEcKey(EC_KEY_NAME, ecPublicKey());
        coinbase.addEd25519Key(ED_KEY_NAME, edPublicKey());
        coinbase.enforceRateLimits(Duration.ofMillis(PERIOD_MS));
    }

    @AfterEach
    void stopStub() {
        coinbase.close();
    }

    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of("fmz.exchange.coinbase.base-url", coinbase.baseUrl(),
                "fmz.exchange.coinbase.stream-enabled", "false",
                "fmz.listen.max-threads", "160",
                "fmz.exchange.coinbase.limits.public", "9/" + PERIOD_MS + " per public",
                "fmz.exchange.coinbase.limits.private", "27/" + PERIOD_MS + " per key"));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        RunningBridge bridge = RunningBridge.start(overrides);
        try {
            // a first call to a fresh bridge is slow; the calls after it are what the tests time (this key's
            // place stays taken a period: the tests count places on the other key)
            assertThat(bridge.call("/Coinbase", envelope("accounts", ED_KEY_NAME, ED_SECRET)).has("data")).isTrue();
        } catch (Exception | AssertionError failed) {
            bridge.close();
            throw failed;
        }
        coinbase.clear();
        return bridge;
    }

    /**
     * One page of the key's wallets through exchange.IO: one request per call (GetAccount follows every page,
     * two of the stub's), so that calls and requests count alike.
     */
    private static Callable<JsonNode> accounts(RunningBridge bridge, String key, String secret) {
        return () -> bridge.call("/Coinbase", RunningBridge.JSON.writeValueAsString(
                envelope("__api_/api/v3/brokerage/accounts", key, secret, "limit", "5")), Map.of("Http-Method", "GET"));
    }

    private static Callable<JsonNode> depth(RunningBridge bridge) {
        return () -> bridge.call("/Coinbase", envelope("depth", "", "", "symbol", "BTC_USD"));
    }

    private List<Served> accountsOf(String key) {
        return Burst.arrivals(coinbase, ACCOUNTS).stream().filter(served -> CoinbaseJwt.parse(served.request()
                .header("Authorization").substring("Bearer ".length())).header().path("kid").asText().equals(key)).toList();
    }

    /** The stub records a reply just after sending it: waits until it has recorded {@code count} for the path. */
    private void awaitServed(String path, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Burst.arrivals(coinbase, path).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Milliseconds from the earliest reply among the first {@code count} to the arrival of the next one. */
    private static long fromFirstReply(List<Served> arrived, int count) {
        long firstReply = arrived.subList(0, count).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
        return Burst.ms(firstReply, arrived.get(count).arrivedNanos());
    }

    @Test
    void twentySevenPrivateCallsGoAtOnceTheTwentyEighthWhenTheFirstReplyIsAPeriodOldAndAnotherKeysAtOnce() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(28, accounts(bridge, EC_KEY_NAME, EC_SECRET)));
            calls.addAll(Burst.times(20, accounts(bridge, ED_KEY_NAME, ED_SECRET)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            awaitServed(ACCOUNTS, 48);
            List<Served> first = accountsOf(EC_KEY_NAME);
            assertThat(fromFirstReply(first, 27)).as("the twenty-eighth").isBetween(PERIOD_MS - 50, PERIOD_MS + LATE_MS);
            List<Served> second = accountsOf(ED_KEY_NAME);
            // a call that waited for a place goes a period after a reply at the soonest: the other key's came sooner
            assertThat(fromFirstReply(second, 19)).as("the other key's at once").isLessThan(PERIOD_MS);
            assertThat(coinbase.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void ninePublicCallsGoAtOnceAndTheTenthWhenTheFirstReplyIsAPeriodOld() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Reply> replies = Burst.of(Burst.times(10, depth(bridge)));

            assertThat(replies).allMatch(Reply::ok);
            awaitServed(BOOK, 10);
            assertThat(fromFirstReply(Burst.arrivals(coinbase, BOOK), 9)).isBetween(PERIOD_MS - 50, PERIOD_MS + LATE_MS);
            assertThat(coinbase.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void withRateLimitRejectTheTwentyEighthIsRefusedAndNamesTheLimit() throws Exception {
        // a period longer than the burst could ever take: nothing waits when over-limit calls are refused
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true",
                "fmz.exchange.coinbase.limits.private", "27/60000 per key")) {
            List<Reply> replies = Burst.of(Burst.times(28, accounts(bridge, EC_KEY_NAME, EC_SECRET)));

            assertThat(replies).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "Coinbase: the bridge's limit private for this exchange (27 per 60000 ms per key) is reached "
                            + "(fmz.exchange.coinbase.limits.private); call again shortly");
            assertThat(accountsOf(EC_KEY_NAME)).hasSize(27);
        }
    }

    /**
     * Another program spends 25 of the user's 30 this period: the reply's x-ratelimit-remaining says 4 are
     * left, so of the next five the bridge sends one at once and holds four a period; counting only its own,
     * it would send all five and Coinbase refuse the fifth.
     */
    @Test
    void whatAnotherProgramSpendsOnTheUserReachesTheBridgeInTheReplyHeaders() throws Exception {
        try (RunningBridge bridge = bridge()) {
            coinbase.privateCallsElsewhere(EC_KEY_NAME, 25);
            assertThat(accounts(bridge, EC_KEY_NAME, EC_SECRET).call().has("data")).isTrue();
            List<Reply> next = Burst.of(Burst.times(5, accounts(bridge, EC_KEY_NAME, EC_SECRET)));

            assertThat(next).allMatch(Reply::ok);
            assertThat(coinbase.rateLimitRefusals()).as("held back, not refused by Coinbase").isZero();
            awaitServed(ACCOUNTS, 6);
            List<Served> arrived = accountsOf(EC_KEY_NAME);
            assertThat(Burst.ms(arrived.get(0).repliedNanos(), arrived.get(2).arrivedNanos()))
                    .as("the third, a period after the header said the user's period was spent")
                    .isBetween(PERIOD_MS - 50, PERIOD_MS + LATE_MS);
        }
    }

    @Test
    void aStraddlingBurstOfEveryKindNeverPutsOneCallTooManyIntoAnyPeriod() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(40, accounts(bridge, EC_KEY_NAME, EC_SECRET)));
            calls.addAll(Burst.times(40, accounts(bridge, ED_KEY_NAME, ED_SECRET)));
            calls.addAll(Burst.times(15, depth(bridge)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(coinbase.rateLimitRefusals()).as("the stub, counting on arrival, refused nothing").isZero();
        }
    }
}
