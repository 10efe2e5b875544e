package io.fmzbridge.exchange.okx;

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
 * OKX's contract endpoints end to end, each on its own documented limit and rule, against a stub that
 * counts each call on arrival in any 2 s and refuses as OKX does (HTTP 429, code 50011). OKX counts per
 * endpoint whatever the instrument type, so /OKX and /OKXFutures share an endpoint's allowance: the last
 * call that fits goes at once, the next when the first's reply is 2 s old, and none is held back by
 * another endpoint's limit.
 */
class OkxFuturesRateLimitTest {

    private static final String KEY = OkxFuturesBridgeTest.NET_KEY;
    private static final String KEY_B = OkxFuturesBridgeTest.HEDGE_KEY;
    private static final String SECRET_KEY = OkxFuturesBridgeTest.SECRET_KEY;

    private OkxFuturesStub okx;

    @BeforeEach
    void startStub() {
        okx = OkxFuturesStub.start();
        okx.addAccount(KEY, OkxFuturesBridgeTest.SECRET, OkxFuturesBridgeTest.PASSPHRASE);
        okx.addAccount(KEY_B, OkxFuturesBridgeTest.SECRET, OkxFuturesBridgeTest.PASSPHRASE);
        okx.enforceRateLimits();
    }

    @AfterEach
    void stopStub() {
        okx.close();
    }

    private RunningBridge bridge() throws Exception {
        return RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                // more FMZ calls at once than Jetty's default threads serve
                "fmz.listen.max-threads", "160"));
    }

    private static Callable<JsonNode> call(RunningBridge bridge, String path, String method, String key, Object... params) {
        return () -> bridge.call(path, envelope(method, key, key.isEmpty() ? "" : SECRET_KEY, params));
    }

    /**
     * How long after the first of its calls' replies (as the stub read its clock) the call arrived that had to
     * wait for it: at least the period, less the moment the bridge may have read the reply before the stub
     * took its reading, and up to twice the period on a machine other builds load.
     */
    private static final long WAITED_FROM_MS = 1900;
    private static final long WAITED_TO_MS = 4000;

    /** Each arrival in ms after the first, for a failure's description. */
    private static List<Long> offsets(List<Served> arrived) {
        return arrived.stream().map(served -> Burst.ms(arrived.get(0).arrivedNanos(), served.arrivedNanos())).toList();
    }

    /**
     * The most calls that arrived within any span of {@code spanMs}: more than a tighter limit would have let
     * through, however slowly a loaded machine let the callers start.
     */
    private static long peak(List<Served> arrived, long spanMs) {
        long most = 0;
        for (int first = 0; first < arrived.size(); first++) {
            int last = first;
            while (last + 1 < arrived.size()
                    && Burst.ms(arrived.get(first).arrivedNanos(), arrived.get(last + 1).arrivedNanos()) < spanMs) {
                last++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /** Milliseconds from the earliest reply among the first {@code count} to the arrival of the next one. */
    private static long fromFirstReply(List<Served> arrived, int count) {
        long firstReply = arrived.subList(0, count).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
        return Burst.ms(firstReply, arrived.get(count).arrivedNanos());
    }

    /** The contract lists loaded by a first call, then 2 s, so that every allowance is whole. */
    private static void warm(RunningBridge bridge) throws Exception {
        assertThat(call(bridge, "/OKXFutures", "markets", "").call().has("data")).isTrue();
        Thread.sleep(2100);
    }

    @Test
    void twentyContractTickersGoAtOnceOnOkxAndOkxFuturesAndTheTwentyFirstWaits() throws Exception {
        try (RunningBridge bridge = bridge()) {
            warm(bridge);
            List<Callable<JsonNode>> calls = new ArrayList<>(
                    Burst.times(11, call(bridge, "/OKX", "ticker", "", "symbol", "BTC_USDT.swap")));
            calls.addAll(Burst.times(10, call(bridge, "/OKXFutures", "ticker", "", "symbol", "BTC_USDT")));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> arrived = Burst.arrivals(okx, "/api/v5/market/ticker");
            assertThat(peak(arrived, 2000)).as("more in 2 s than the exchange's default ten: arrivals %s", offsets(arrived))
                    .isGreaterThan(10);
            assertThat(fromFirstReply(arrived, 20)).as("the twenty-first, arrivals %s", offsets(arrived)).isBetween(WAITED_FROM_MS, WAITED_TO_MS);
            assertThat(okx.rateLimitRefusals()).isZero();
        }
    }

    /** Spot's accounts and the futures address's read the same trading account: OKX's 10 per 2 s per user hold both. */
    @Test
    void accountsOnOkxAndOkxFuturesShareTheBalancesTenAndTheEleventhWaits() throws Exception {
        try (RunningBridge bridge = bridge()) {
            warm(bridge);
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(6, call(bridge, "/OKX", "accounts", KEY)));
            calls.addAll(Burst.times(5, call(bridge, "/OKXFutures", "accounts", KEY)));
            calls.addAll(Burst.times(10, call(bridge, "/OKXFutures", "accounts", KEY_B)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> first = Burst.arrivals(okx, "/api/v5/account/balance").stream()
                    .filter(served -> KEY.equals(served.request().header("OK-ACCESS-KEY"))).toList();
            List<Served> second = Burst.arrivals(okx, "/api/v5/account/balance").stream()
                    .filter(served -> KEY_B.equals(served.request().header("OK-ACCESS-KEY"))).toList();
            assertThat(fromFirstReply(first, 10)).as("the first user's eleventh, arrivals %s", offsets(first)).isBetween(WAITED_FROM_MS, WAITED_TO_MS);
            assertThat(second.get(9).arrivedNanos()).as("the other user's ten, not held behind the first's")
                    .isLessThan(first.get(10).arrivedNanos());
            assertThat(okx.rateLimitRefusals()).isZero();
        }
    }

    /**
     * Positions, leverage and funding each on their own limit: positions 10 per 2 s per user, set-leverage
     * 20 per user, funding 10 per IP and instrument; none waits for another's, nor one instrument's funding
     * for another's.
     */
    @Test
    void positionsLeverageAndFundingEachKeepTheirOwnLimit() throws Exception {
        try (RunningBridge bridge = bridge()) {
            warm(bridge);
            // the account's position mode, read once per key before set-leverage
            assertThat(call(bridge, "/OKXFutures", "positions", KEY).call().has("data")).isTrue();
            assertThat(call(bridge, "/OKXFutures", "marginlevel", KEY, "symbol", "BTC_USDT", "marginLevel", 5).call()
                    .has("data")).isTrue();
            Thread.sleep(2100);
            okx.clear();
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(11, call(bridge, "/OKXFutures", "positions", KEY)));
            calls.addAll(Burst.times(5, call(bridge, "/OKXFutures", "marginlevel", KEY, "symbol", "BTC_USDT",
                    "marginLevel", 5)));
            calls.addAll(Burst.times(11, call(bridge, "/OKXFutures", "fundings", "", "symbol", "BTC_USDT")));
            calls.addAll(Burst.times(10, call(bridge, "/OKXFutures", "fundings", "", "symbol", "BTC_USD")));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> positions = Burst.arrivals(okx, "/api/v5/account/positions");
            assertThat(fromFirstReply(positions, 10)).as("the eleventh positions call, arrivals %s", offsets(positions)).isBetween(WAITED_FROM_MS, WAITED_TO_MS);
            List<Served> leverage = Burst.arrivals(okx, "/api/v5/account/set-leverage");
            assertThat(leverage.get(leverage.size() - 1).arrivedNanos()).as("set-leverage, not held behind positions")
                    .isLessThan(positions.get(10).arrivedNanos());
            List<Served> btcUsdt = Burst.arrivals(okx, "/api/v5/public/funding-rate").stream()
                    .filter(served -> served.request().rawQuery().contains("BTC-USDT-SWAP")).toList();
            List<Served> btcUsd = Burst.arrivals(okx, "/api/v5/public/funding-rate").stream()
                    .filter(served -> served.request().rawQuery().contains("BTC-USD-SWAP")).toList();
            assertThat(fromFirstReply(btcUsdt, 10)).as("BTC-USDT-SWAP's eleventh funding call, arrivals %s", offsets(btcUsdt)).isBetween(WAITED_FROM_MS, WAITED_TO_MS);
            assertThat(btcUsd.get(9).arrivedNanos()).as("BTC-USD-SWAP's own ten, not held behind BTC-USDT-SWAP's")
                    .isLessThan(btcUsdt.get(10).arrivedNanos());
            assertThat(okx.rateLimitRefusals()).isZero();
        }
    }

    /**
     * Calls of every kind at once, from two users, with more orders on one contract than OKX's 60 per 2 s
     * per user and instrument: no endpoint's span, and no instrument's, ever holds one too many.
     */
    @Test
    void aStraddlingBurstOfEveryKindNeverPutsOneCallTooManyIntoAnyTwoSeconds() throws Exception {
        try (RunningBridge bridge = bridge()) {
            warm(bridge);
            // the account's position mode, read once per key before its orders
            assertThat(call(bridge, "/OKXFutures", "trade", KEY, "symbol", "BTC_USD.swap", "type", "buy", "amount", "1",
                    "price", "20000").call().has("data")).isTrue();
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(62, call(bridge, "/OKXFutures", "trade", KEY,
                    "symbol", "BTC_USDT.swap", "type", "buy", "amount", "1", "price", "20000")));
            calls.addAll(Burst.times(5, call(bridge, "/OKX", "trade", KEY, "symbol", "BTC_USD.swap", "type", "buy",
                    "amount", "1", "price", "20000")));
            calls.addAll(Burst.times(30, call(bridge, "/OKXFutures", "ticker", "", "symbol", "BTC_USDT")));
            calls.addAll(Burst.times(45, call(bridge, "/OKX", "depth", "", "symbol", "BTC_USD.swap")));
            calls.addAll(Burst.times(12, call(bridge, "/OKXFutures", "positions", KEY)));
            calls.addAll(Burst.times(12, call(bridge, "/OKXFutures", "accounts", KEY_B)));
            calls.addAll(Burst.times(12, call(bridge, "/OKX", "accounts", KEY_B)));
            calls.addAll(Burst.times(12, call(bridge, "/OKXFutures", "fundings", "", "symbol", "BTC_USDT")));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(okx.rateLimitRefusals()).as("the stub, counting on arrival, refused nothing").isZero();
        }
    }
}
