package io.fmzbridge.exchange.upbit;

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
 * Upbit's model end to end, against a stub that counts each call on arrival against its request group in any
 * second, as Upbit documents the groups (quotation groups 10 a second per IP; default 30 and order 12 per
 * pocket, here per key), names the group and what is left of it in Remaining-Req, and refuses as Upbit does
 * (HTTP 429 too_many_requests). The last call that fits goes at once, the next when the first reply is a
 * second old, groups do not share, and no second ever holds one call too many.
 */
class UpbitRateLimitTest {

    private static final String KEY = UpbitBridgeTest.KEY;
    private static final String SECRET = UpbitBridgeTest.SECRET;
    private static final String KEY_B = "upbit-second-access-key-0123456789abcdefgh";
    private static final String CANDLES = "/v1/candles/minutes/1";
    private static final String ACCOUNTS = "/v1/accounts";
    private static final String ORDERS = "/v1/orders";

    private UpbitStub upbit;

    @BeforeEach
    void startStub() {
        upbit = UpbitStub.start();
        upbit.addAccount(KEY, SECRET);
        upbit.addAccount(KEY_B, SECRET);
        upbit.enforceRateLimits();
    }

    @AfterEach
    void stopStub() {
        upbit.close();
    }

    private RunningBridge bridge() throws Exception {
        return RunningBridge.start(Map.of("fmz.exchange.upbit.base-url", upbit.baseUrl(),
                // more FMZ calls at once than Jetty's default threads serve
                "fmz.listen.max-threads", "160"));
    }

    private static Callable<JsonNode> call(RunningBridge bridge, String method, String key, Object... params) {
        return () -> bridge.call("/Upbit", envelope(method, key, key.isEmpty() ? "" : SECRET, params));
    }

    private static Callable<JsonNode> candles(RunningBridge bridge) {
        return call(bridge, "records", "", "symbol", "BTC_KRW", "period", 1);
    }

    private static Callable<JsonNode> accounts(RunningBridge bridge, String key) {
        return call(bridge, "accounts", key);
    }

    private static Callable<JsonNode> order(RunningBridge bridge, String key) {
        return call(bridge, "trade", key, "symbol", "BTC_KRW", "type", "buy", "amount", "0.001", "price", "8000000");
    }

    private static List<Served> byKey(List<Served> served, String key) {
        return served.stream().filter(one -> one.request().header("Authorization") != null
                && UpbitRateLimitTest.keyOf(one).equals(key)).toList();
    }

    private static String keyOf(Served served) {
        try {
            return (String) com.nimbusds.jwt.SignedJWT.parse(served.request().header("Authorization").substring(7))
                    .getJWTClaimsSet().getClaim("access_key");
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
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

    @Test
    void tenCandleCallsGoAtOnceAndTheEleventhWhenTheFirstReplyIsASecondOld() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Reply> replies = Burst.of(Burst.times(11, candles(bridge)));

            assertThat(replies).allMatch(Reply::ok);
            List<Served> arrived = Burst.arrivals(upbit, CANDLES);
            assertThat(fromFirstReply(arrived, 9)).as("the tenth, not held").isLessThan(950);
            assertThat(fromFirstReply(arrived, 10)).as("the eleventh").isBetween(950L, 1400L);
            assertThat(upbit.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void aKeyPlacesTwelveOrdersASecondWhileItsOtherCallsAndAnotherKeysOrdersGoAtOnce() throws Exception {
        try (RunningBridge bridge = bridge()) {
            // a first signed call on a fresh bridge takes a while; after one, the next are quick
            assertThat(Burst.of(List.of(accounts(bridge, KEY), accounts(bridge, KEY_B)))).allMatch(Reply::ok);
            upbit.clear();
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(13, order(bridge, KEY)));
            calls.addAll(Burst.times(4, order(bridge, KEY_B)));
            calls.addAll(Burst.times(4, accounts(bridge, KEY)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> first = byKey(Burst.arrivals(upbit, ORDERS), KEY);
            List<Served> second = byKey(Burst.arrivals(upbit, ORDERS), KEY_B);
            assertThat(fromFirstReply(first, 12)).as("the key's thirteenth order").isBetween(950L, 1400L);
            assertThat(Burst.ms(firstReply(first, 12), second.get(3).arrivedNanos()))
                    .as("the other key's, on its own pocket, not held").isLessThan(950);
            List<Served> accounts = Burst.arrivals(upbit, ACCOUNTS);
            assertThat(Burst.ms(firstReply(first, 12), accounts.get(3).arrivedNanos()))
                    .as("the key's balances, in the default group, not held").isLessThan(950);
            assertThat(upbit.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void aStraddlingBurstOfEveryGroupNeverPutsOneCallTooManyIntoAnySecond() throws Exception {
        try (RunningBridge bridge = bridge()) {
            // at most 10 + 10 + 10 + 15 + 15 under way at once: within the bridge's 64 connections to an exchange
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(15, candles(bridge)));
            calls.addAll(Burst.times(15, call(bridge, "trades", "", "symbol", "BTC_KRW")));
            calls.addAll(Burst.times(15, call(bridge, "depth", "", "symbol", "BTC_KRW")));
            calls.addAll(Burst.times(15, accounts(bridge, KEY)));
            calls.addAll(Burst.times(15, accounts(bridge, KEY_B)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(upbit.rateLimitRefusals()).as("the stub, counting on arrival, refused nothing").isZero();
            List<Served> candles = Burst.arrivals(upbit, CANDLES);
            assertThat(fromFirstReply(candles, 10)).as("fifteen at ten a second: the eleventh a second on")
                    .isGreaterThanOrEqualTo(950L);
        }
    }

    @Test
    void callsAnotherProgramMakesOnTheKeyReachTheBridgeInRemainingReq() throws Exception {
        try (RunningBridge bridge = bridge()) {
            // a first call takes a while; what follows is quick. Its second over, another program spends 25 of 30
            assertThat(accounts(bridge, KEY).call().has("data")).isTrue();
            Thread.sleep(1100);
            upbit.defaultCallsElsewhere(KEY, 25);
            assertThat(accounts(bridge, KEY).call().has("data")).isTrue();
            // Upbit says 4 are left: four more go at once, the fifth when the other program's are a second old;
            // counting only its own, the bridge would send all five and Upbit refuse the last
            List<Reply> next = Burst.of(Burst.times(5, accounts(bridge, KEY)));

            assertThat(next).allMatch(Reply::ok);
            assertThat(upbit.rateLimitRefusals()).isZero();
            List<Served> arrived = Burst.arrivals(upbit, ACCOUNTS);
            assertThat(Burst.ms(arrived.get(1).repliedNanos(), arrived.get(5).arrivedNanos())).as("four at once, not held")
                    .isLessThan(950);
            assertThat(Burst.ms(arrived.get(1).repliedNanos(), arrived.get(6).arrivedNanos()))
                    .as("the fifth held back by the bridge, not refused by Upbit").isBetween(950L, 1400L);
            assertThat(upbit.rateLimitRefusals()).isZero();
        }
    }
}
