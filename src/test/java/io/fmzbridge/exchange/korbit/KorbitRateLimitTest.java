package io.fmzbridge.exchange.korbit;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.Burst;
import io.fmzbridge.stub.Burst.Reply;
import io.fmzbridge.stub.StubExchange.Served;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Korbit's model end to end, against a stub that counts each call on arrival in any second as Korbit
 * documents it (public 50 per IP; per account placing 30, cancelling 30, other private calls 50), says what
 * is left in its Ratelimit header, and refuses as Korbit does (HTTP 429, Retry-After: 1). The last call that
 * fits goes at once, the next when the first reply is a second old, and the limits do not share.
 */
class KorbitRateLimitTest {

    private static final String KEY = KorbitBridgeTest.KEY;
    private static final String SECRET = KorbitBridgeTest.SECRET;
    private static final String ORDERS = "/v2/orders";
    private static final String BALANCE = "/v2/balance";
    private static final String TICKERS = "/v2/tickers";

    private KorbitStub korbit;

    @BeforeEach
    void startStub() {
        korbit = KorbitStub.start();
        korbit.addHmacKey(KEY, SECRET);
        korbit.enforceRateLimits();
    }

    @AfterEach
    void stopStub() {
        korbit.close();
    }

    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("fmz.exchange.korbit.base-url", korbit.baseUrl(),
                "fmz.listen.max-threads", "160"));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        return RunningBridge.start(overrides);
    }

    private static Callable<JsonNode> call(RunningBridge bridge, String method, Object... params) {
        return () -> bridge.call("/Korbit", envelope(method, KEY, SECRET, params));
    }

    private static Callable<JsonNode> order(RunningBridge bridge) {
        return call(bridge, "trade", "symbol", "BTC_KRW", "type", "buy", "amount", "0.001", "price", "70000000");
    }

    private static Callable<JsonNode> balance(RunningBridge bridge) {
        return call(bridge, "accounts");
    }

    /** The earliest reply among the first {@code count}: a period after it, a limit of {@code count} frees a place. */
    private static long firstReply(List<Served> arrived, int count) {
        return arrived.subList(0, count).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
    }

    /**
     * Milliseconds from the earliest reply among the first {@code count} to the arrival of the next one: under a
     * period, that one was not held; about a period, it waited for the first place to free.
     */
    private static long fromFirstReply(List<Served> arrived, int count) {
        return Burst.ms(firstReply(arrived, count), arrived.get(count).arrivedNanos());
    }

    private static List<Served> placements(KorbitStub korbit) {
        return Burst.arrivals(korbit, ORDERS).stream().filter(one -> one.request().method().equals("POST")).toList();
    }

    @Test
    void theLastOrderThatFitsGoesAtOnceTheNextWhenTheFirstReplyIsASecondOldAndBalancesBeside() throws Exception {
        // placing scaled down from 30 a second to 8, in the stub and the bridge alike, for a small burst
        korbit.enforceRateLimits(Map.of("place", 8));
        try (RunningBridge bridge = bridge("fmz.exchange.korbit.limits.place", "8/1000 per key")) {
            // a fresh bridge's first signed calls take a while; after them, the next are quick
            assertThat(Burst.of(List.of(balance(bridge), order(bridge)))).allMatch(Reply::ok);
            Thread.sleep(1100);
            korbit.clear();
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(9, order(bridge)));
            calls.addAll(Burst.times(5, balance(bridge)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> placed = placements(korbit);
            assertThat(fromFirstReply(placed, 7)).as("the eighth, not held").isLessThan(950);
            assertThat(fromFirstReply(placed, 8)).as("the ninth").isBetween(950L, 1400L);
            List<Served> balances = Burst.arrivals(korbit, BALANCE);
            assertThat(balances.get(4).arrivedNanos()).as("the balances, on the other private limit, before the held order")
                    .isLessThan(placed.get(8).arrivedNanos());
            assertThat(korbit.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void aStraddlingBurstOfPublicAndPrivateCallsNeverPutsOneTooManyIntoAnySecond() throws Exception {
        try (RunningBridge bridge = bridge()) {
            // at most 50 + 10 under way at once: within the bridge's 64 connections to an exchange
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(55, call(bridge, "ticker", "symbol", "BTC_KRW")));
            calls.addAll(Burst.times(10, balance(bridge)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(korbit.rateLimitRefusals()).as("the stub, counting on arrival, refused nothing").isZero();
            List<Served> tickers = Burst.arrivals(korbit, TICKERS);
            assertThat(fromFirstReply(tickers, 50)).as("fifty-five at fifty a second: the fifty-first a second on")
                    .isGreaterThanOrEqualTo(950L);
        }
    }

    @Test
    void callsAnotherProgramMakesOnTheAccountReachTheBridgeInTheRatelimitHeader() throws Exception {
        try (RunningBridge bridge = bridge()) {
            // a first call takes a while; what follows is quick. Its second over, another program spends 45 of 50
            assertThat(balance(bridge).call().has("data")).isTrue();
            Thread.sleep(1100);
            korbit.privateCallsElsewhere(KEY, 45);
            assertThat(balance(bridge).call().has("data")).isTrue();
            // Korbit says 4 are left: four more go at once, the fifth when the other program's are a second old;
            // counting only its own, the bridge would send all five and Korbit refuse the last
            List<Reply> next = Burst.of(Burst.times(5, balance(bridge)));

            assertThat(next).allMatch(Reply::ok);
            assertThat(korbit.rateLimitRefusals()).isZero();
            List<Served> arrived = Burst.arrivals(korbit, BALANCE);
            assertThat(Burst.ms(arrived.get(1).repliedNanos(), arrived.get(5).arrivedNanos())).as("four at once, not held")
                    .isLessThan(950);
            assertThat(Burst.ms(arrived.get(1).repliedNanos(), arrived.get(6).arrivedNanos()))
                    .as("the fifth held back by the bridge, not refused by Korbit").isBetween(950L, 1400L);
        }
    }
}
