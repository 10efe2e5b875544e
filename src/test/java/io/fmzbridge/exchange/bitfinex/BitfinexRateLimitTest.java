package io.fmzbridge.exchange.bitfinex;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.Burst;
import io.fmzbridge.stub.Burst.Reply;
import io.fmzbridge.stub.StubExchange.Served;
import java.nio.file.Files;
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
 * Bitfinex's model end to end, against a stub that counts each request on arrival against its endpoint's
 * own figure per minute from the address and refuses as Bitfinex v2 does (HTTP 429,
 * {@code ["error", 11010, "ratelimit: error"]}). Bitfinex's minute is scaled down to 3 s, the same in the
 * bridge's settings and the stub; the bridge keeps its packaged figures, a fifteenth below the stub's.
 */
class BitfinexRateLimitTest {

    private static final String KEY = BitfinexBridgeTest.KEY;
    private static final String SECRET = BitfinexBridgeTest.SECRET;
    private static final String TICKER = "/v2/ticker/tBTCUST";
    private static final String TRADES = "/v2/trades/tBTCUST/hist";
    private static final String WALLETS = "/v2/auth/r/wallets";
    private static final long MINUTE_MS = 3000;
    /** How late a call that waited may come on a busy machine: the model says exactly when, not how fast a thread wakes. */
    private static final long LATE_MS = 1000;

    private BitfinexStub bitfinex;

    @BeforeEach
    void startStub() {
        bitfinex = BitfinexStub.start();
        bitfinex.addAccount(KEY, SECRET);
        bitfinex.enforceRateLimits(Duration.ofMillis(MINUTE_MS));
    }

    @AfterEach
    void stopStub() {
        bitfinex.close();
    }

    /** The bridge with its packaged Bitfinex figures, each per {@link #MINUTE_MS} instead of a minute. */
    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of("fmz.exchange.bitfinex.base-url", bitfinex.baseUrl(),
                "fmz.state.dir", Files.createTempDirectory("bitfinex-rate").toString(),
                "fmz.listen.max-threads", "160"));
        for (String limit : List.of("ticker", "tickers", "book", "candles")) {
            overrides.put("fmz.exchange.bitfinex.limits." + limit, "28/" + MINUTE_MS + " per ip");
        }
        overrides.put("fmz.exchange.bitfinex.limits.trades", "14/" + MINUTE_MS + " per ip");
        for (String limit : List.of("conf", "wallets", "submit", "orders", "orders-hist", "cancel")) {
            overrides.put("fmz.exchange.bitfinex.limits." + limit, "84/" + MINUTE_MS + " per ip");
        }
        overrides.put("fmz.exchange.bitfinex.limits.other", "9/" + MINUTE_MS + " per ip");
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        RunningBridge bridge = RunningBridge.start(overrides);
        try {
            // a first call to a fresh bridge is slow; GetMarkets' endpoints (tickers, configs) are none the tests time
            assertThat(bridge.call("/Bitfinex", envelope("markets", "", "")).has("data")).isTrue();
        } catch (Exception | AssertionError failed) {
            bridge.close();
            throw failed;
        }
        bitfinex.clear();
        return bridge;
    }

    private static Callable<JsonNode> call(RunningBridge bridge, String method, String key, String secret, Object... params) {
        return () -> bridge.call("/Bitfinex", envelope(method, key, secret, params));
    }

    private static Callable<JsonNode> ticker(RunningBridge bridge) {
        return call(bridge, "ticker", "", "", "symbol", "BTC_USDT");
    }

    private static Callable<JsonNode> trades(RunningBridge bridge) {
        return call(bridge, "trades", "", "", "symbol", "BTC_USDT");
    }

    /** The stub records a reply just after sending it: waits until it has recorded {@code count} for the path. */
    private void awaitServed(String path, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Burst.arrivals(bitfinex, path).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Milliseconds from the earliest reply among the first {@code count} to the arrival of the next one. */
    private static long fromFirstReply(List<Served> arrived, int count) {
        long firstReply = arrived.subList(0, count).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
        return Burst.ms(firstReply, arrived.get(count).arrivedNanos());
    }

    @Test
    void twentyEightTickersGoAtOnceAndTheTwentyNinthWhenTheFirstReplyIsAMinuteOld() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Reply> replies = Burst.of(Burst.times(29, ticker(bridge)));

            assertThat(replies).allMatch(Reply::ok);
            awaitServed(TICKER, 29);
            List<Served> arrived = Burst.arrivals(bitfinex, TICKER);
            // a call that waited for a place goes a minute after a reply at the soonest: the 28th came sooner
            assertThat(fromFirstReply(arrived, 27)).as("the twenty-eighth").isLessThan(MINUTE_MS);
            assertThat(fromFirstReply(arrived, 28)).as("the twenty-ninth").isBetween(MINUTE_MS - 50, MINUTE_MS + LATE_MS);
            assertThat(bitfinex.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void eachEndpointHasItsOwnMinuteTheFifteenthTradesWaitsWhileTickersGoAtOnce() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(15, trades(bridge)));
            calls.addAll(Burst.times(28, ticker(bridge)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            awaitServed(TRADES, 15);
            awaitServed(TICKER, 28);
            List<Served> trades = Burst.arrivals(bitfinex, TRADES);
            assertThat(fromFirstReply(trades, 14)).as("the fifteenth trades call").isBetween(MINUTE_MS - 50, MINUTE_MS + LATE_MS);
            List<Served> tickers = Burst.arrivals(bitfinex, TICKER);
            assertThat(tickers.get(27).arrivedNanos()).as("the tickers on their own endpoint's allowance, before the "
                    + "fifteenth trades call").isLessThan(trades.get(14).arrivedNanos());
            assertThat(bitfinex.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void withRateLimitRejectTheTwentyNinthIsRefusedAndNamesItsEndpointsLimit() throws Exception {
        // a minute longer than the burst could ever take: nothing waits when over-limit calls are refused
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true",
                "fmz.exchange.bitfinex.limits.ticker", "28/60000 per ip")) {
            List<Reply> replies = Burst.of(Burst.times(29, ticker(bridge)));

            assertThat(replies).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "Bitfinex: the bridge's limit ticker for this exchange (28 per 60000 ms per ip) is reached "
                            + "(fmz.exchange.bitfinex.limits.ticker); call again shortly");
            assertThat(bitfinex.requestsTo(TICKER)).hasSize(28);
        }
    }

    /** Tickers, trades and a key's wallets at once, more of each than one minute holds: none refused. */
    @Test
    void aStraddlingBurstOfEveryKindNeverPutsOneCallTooManyIntoAnyMinute() throws Exception {
        try (RunningBridge bridge = bridge()) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(40, ticker(bridge)));
            calls.addAll(Burst.times(20, trades(bridge)));
            calls.addAll(Burst.times(10, call(bridge, "accounts", KEY, SECRET)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(bitfinex.rateLimitRefusals()).as("the stub, counting on arrival, refused nothing").isZero();
            assertThat(Burst.arrivals(bitfinex, WALLETS)).hasSize(10);
        }
    }

    @Test
    void anEndpointTheRouteDoesNotNameSharesTheLowestFigure() throws Exception {
        try (RunningBridge bridge = bridge()) {
            // exchange.IO's public paths: Bitfinex's figure for them is unknown, so nine per minute for them all
            List<Reply> replies = Burst.of(Burst.times(10, () -> bridge.call("/Bitfinex", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/v2/platform/status", "", "")), Map.of("Http-Method", "GET"))));

            assertThat(replies).allMatch(Reply::ok);
            awaitServed("/v2/platform/status", 10);
            assertThat(fromFirstReply(Burst.arrivals(bitfinex, "/v2/platform/status"), 9)).as("the tenth")
                    .isBetween(MINUTE_MS - 50, MINUTE_MS + LATE_MS);
            assertThat(bitfinex.rateLimitRefusals()).isZero();
        }
    }
}
