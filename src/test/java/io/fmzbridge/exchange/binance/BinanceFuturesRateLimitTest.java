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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Binance's futures models end to end: USDⓈ-M and COIN-M each with a request weight per IP of its own
 * and its account's order counts, apart from spot's, against stubs that count each request's weight on
 * arrival in intervals aligned to the clock and refuse as Binance does (429, -1003 / -1015, Retry-After).
 * The figures are scaled down to seconds, the same in the bridge's settings and the stubs: 100 weight per
 * 2 s on each API and on spot, 5 orders per 2 s per account (USDⓈ-M's short interval, COIN-M's only one).
 */
class BinanceFuturesRateLimitTest {

    private static final String KEY = BinanceFuturesBridgeTest.ONE_WAY;
    private static final String KEY_B = BinanceFuturesBridgeTest.HEDGE;
    private static final String SECRET = BinanceFuturesBridgeTest.SECRET;
    private static final String USDM_DEPTH = "/fapi/v1/depth";
    private static final String COINM_DEPTH = "/dapi/v1/depth";
    private static final String USDM_ORDER = "/fapi/v1/order";
    private static final Duration PERIOD = Duration.ofSeconds(2);
    private static final BinanceFuturesStub.Limits USDM = new BinanceFuturesStub.Limits(100, PERIOD, 5, PERIOD, 1000,
            Duration.ofMinutes(1));
    private static final BinanceFuturesStub.Limits COINM = new BinanceFuturesStub.Limits(100, PERIOD, 0, PERIOD, 5, PERIOD);

    private BinanceStub spot;
    private BinanceFuturesStub futures;

    @BeforeEach
    void startStubs() {
        spot = BinanceStub.start();
        spot.addAccount(KEY, SECRET);
        spot.enforceRateLimits(new BinanceStub.Limits(100, PERIOD, 5, PERIOD, 160_000));
        futures = BinanceFuturesStub.start();
        futures.addAccount(KEY, SECRET);
        futures.addAccount(KEY_B, SECRET);
        futures.useHedgeMode(KEY_B, "fapi", true);
        futures.enforceRateLimits("fapi", USDM);
        futures.enforceRateLimits("dapi", COINM);
    }

    @AfterEach
    void stopStubs() {
        futures.close();
        spot.close();
    }

    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "fmz.exchange.binance.base-url", spot.baseUrl(),
                "fmz.exchange.binance.fapi-base-url", futures.baseUrl(),
                "fmz.exchange.binance.dapi-base-url", futures.baseUrl(),
                "fmz.exchange.binance.limits.weight", "100/2000 per ip",
                "fmz.exchange.binance.limits.orders", "5/2000 per key",
                "fmz.exchange.binance.limits.fapi-weight", "100/2000 per ip",
                "fmz.exchange.binance.limits.fapi-orders", "5/2000 per key",
                "fmz.exchange.binance.limits.fapi-orders-minute", "1000/60000 per key",
                "fmz.exchange.binance.limits.dapi-weight", "100/2000 per ip"));
        overrides.put("fmz.exchange.binance.limits.dapi-orders-minute", "5/2000 per key");
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        return RunningBridge.start(overrides);
    }

    private static Callable<JsonNode> call(RunningBridge bridge, String path, String method, String key, Object... params) {
        return () -> bridge.call(path, envelope(method, key, SECRET, params));
    }

    /** A thousand levels: weight 20 on either futures API. */
    private static Callable<JsonNode> deepBook(RunningBridge bridge, String symbol) {
        return call(bridge, "/BinanceFutures", "depth", "", "symbol", symbol, "limit", 1000);
    }

    private static Callable<JsonNode> order(RunningBridge bridge, String key) {
        return call(bridge, "/BinanceFutures", "trade", key, "symbol", "BTC_USDT.swap", "type", "buy", "amount", "0.003",
                "price", "-1");
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

    /** Milliseconds from the earliest reply among the first {@code count} to the arrival of the next one. */
    private static long fromFirstReply(List<Served> arrived, int count) {
        long firstReply = arrived.subList(0, count).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
        return Burst.ms(firstReply, arrived.get(count).arrivedNanos());
    }

    /**
     * Both contract lists loaded (a first call's weight on each API), then a period's wait, so that a test
     * begins with every allowance whole, in the bridge and in the stub.
     */
    private static void warm(RunningBridge bridge) throws Exception {
        assertThat(call(bridge, "/BinanceFutures", "markets", "").call().has("data")).isTrue();
        Thread.sleep(PERIOD.toMillis() + 100);
    }

    /** Waits for the stub's next 2 s interval to begin, so that what another program spends falls in the bridge's. */
    private static void align() throws InterruptedException {
        while (System.currentTimeMillis() % PERIOD.toMillis() > 50) {
            Thread.sleep(5);
        }
    }

    /** A contract on /Binance and on /BinanceFutures is one USDⓈ-M call: both spend the one weight. */
    @Test
    void fiveDeepBooksGoAtOnceAndTheSixthWhenTheFirstReplyIsAPeriodOld() throws Exception {
        try (RunningBridge bridge = bridge()) {
            warm(bridge);
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(3, deepBook(bridge, "BTC_USDT.swap")));
            calls.addAll(Burst.times(3, call(bridge, "/Binance", "depth", "", "symbol", "BTC_USDT.swap", "limit", 1000)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> arrived = Burst.arrivals(futures, USDM_DEPTH);
            assertThat(Burst.ms(arrived.get(0).arrivedNanos(), arrived.get(4).arrivedNanos())).as("the fifth").isLessThan(WAITED_FROM_MS);
            assertThat(fromFirstReply(arrived, 5)).as("the sixth, arrivals %s", offsets(arrived)).isBetween(WAITED_FROM_MS, WAITED_TO_MS);
            assertThat(futures.rateLimitRefusals()).isZero();
        }
    }

    /**
     * Spot, USDⓈ-M and COIN-M each have a weight of their own: a full spot minute does not hold a futures
     * call back, nor one futures API the other; each API's sixth heavy call waits for its own first reply.
     */
    @Test
    void spotAndEachFuturesApiSpendTheirOwnWeight() throws Exception {
        try (RunningBridge bridge = bridge()) {
            warm(bridge);
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(6, call(bridge, "/Binance", "accounts", KEY)));
            calls.addAll(Burst.times(6, deepBook(bridge, "BTC_USDT.swap")));
            calls.addAll(Burst.times(6, deepBook(bridge, "BTC_USD.swap")));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            for (List<Served> arrived : List.of(Burst.arrivals(spot, "/api/v3/account"), Burst.arrivals(futures, USDM_DEPTH),
                    Burst.arrivals(futures, COINM_DEPTH))) {
                assertThat(Burst.ms(arrived.get(0).arrivedNanos(), arrived.get(4).arrivedNanos())).as("five at once")
                        .isLessThan(WAITED_FROM_MS);
                assertThat(fromFirstReply(arrived, 5)).as("the sixth, on its own API's weight, arrivals %s", offsets(arrived)).isBetween(WAITED_FROM_MS, WAITED_TO_MS);
            }
            assertThat(spot.rateLimitRefusals() + futures.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void eachAccountPlacesFiveOrdersAPeriodAndTheSixthWaits() throws Exception {
        // the position mode's weight 30 per key, out of the way
        futures.enforceRateLimits("fapi", new BinanceFuturesStub.Limits(1000, PERIOD, 5, PERIOD, 1000, Duration.ofMinutes(1)));
        try (RunningBridge bridge = bridge("fmz.exchange.binance.limits.fapi-weight", "1000/2000 per ip")) {
            warm(bridge);
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(6, order(bridge, KEY)));
            calls.addAll(Burst.times(5, order(bridge, KEY_B)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> first = Burst.arrivals(futures, USDM_ORDER).stream()
                    .filter(served -> served.request().method().equals("POST"))
                    .filter(served -> KEY.equals(served.request().header("X-MBX-APIKEY"))).toList();
            List<Served> second = Burst.arrivals(futures, USDM_ORDER).stream()
                    .filter(served -> served.request().method().equals("POST"))
                    .filter(served -> KEY_B.equals(served.request().header("X-MBX-APIKEY"))).toList();
            assertThat(fromFirstReply(first, 5)).as("the first account's sixth, arrivals %s", offsets(first)).isBetween(WAITED_FROM_MS, WAITED_TO_MS);
            assertThat(Burst.ms(first.get(0).arrivedNanos(), second.get(4).arrivedNanos()))
                    .as("the other account's five at once").isLessThan(WAITED_FROM_MS);
            assertThat(futures.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void aStraddlingBurstOfEveryKindNeverTakesAnyApiOverItsWeight() throws Exception {
        try (RunningBridge bridge = bridge()) {
            warm(bridge);
            List<Callable<JsonNode>> calls = new ArrayList<>(
                    Burst.times(20, call(bridge, "/BinanceFutures", "ticker", "", "symbol", "BTC_USDT.swap")));
            calls.addAll(Burst.times(20, call(bridge, "/BinanceFutures", "depth", "", "symbol", "BTC_USDT.swap")));
            calls.addAll(Burst.times(8, call(bridge, "/BinanceFutures", "positions", KEY, "symbol", "BTC_USDT.swap")));
            calls.addAll(Burst.times(8, call(bridge, "/BinanceFutures", "positions", KEY_B, "symbol", "BTC_USDT.swap")));
            calls.addAll(Burst.times(15, call(bridge, "/BinanceFutures", "ticker", "", "symbol", "BTC_USD.swap")));
            calls.addAll(Burst.times(6, call(bridge, "/Binance", "accounts", KEY)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(futures.rateLimitRefusals() + spot.rateLimitRefusals())
                    .as("USDⓈ-M 80 + 40 + 80, COIN-M 60, spot 120 at 100 per 2 s each, none refused").isZero();
        }
    }

    @Test
    void weightAnotherProgramSpendsOnTheAddressReachesTheBridgeInTheReplyHeader() throws Exception {
        try (RunningBridge bridge = bridge()) {
            warm(bridge);
            align();
            futures.weightUsedElsewhere("fapi", 70);
            assertThat(Burst.of(List.of(deepBook(bridge, "BTC_USDT.swap")))).allMatch(Reply::ok);
            // Binance says 90 of USDⓈ-M's 100 are spent: the next deep book (20) waits for the bridge's own to age
            List<Reply> next = Burst.of(List.of(deepBook(bridge, "BTC_USDT.swap")));

            assertThat(next).allMatch(Reply::ok);
            assertThat(fromFirstReply(Burst.arrivals(futures, USDM_DEPTH), 1)).as("held back, not refused by Binance, arrivals %s", offsets(Burst.arrivals(futures, USDM_DEPTH)))
                    .isBetween(WAITED_FROM_MS, WAITED_TO_MS);
            assertThat(futures.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void ordersAnotherProgramPlacesOnTheAccountReachTheBridgeInTheReplyHeader() throws Exception {
        futures.enforceRateLimits("fapi", new BinanceFuturesStub.Limits(1000, PERIOD, 5, PERIOD, 1000, Duration.ofMinutes(1)));
        try (RunningBridge bridge = bridge("fmz.exchange.binance.limits.fapi-weight", "1000/2000 per ip")) {
            // the contracts and the account's position mode read, by a first order a period before
            assertThat(Burst.of(List.of(order(bridge, KEY)))).allMatch(Reply::ok);
            Thread.sleep(PERIOD.toMillis() + 100);
            align();
            futures.clear();
            futures.ordersPlacedElsewhere("fapi", KEY, 3);
            assertThat(Burst.of(List.of(order(bridge, KEY)))).allMatch(Reply::ok);
            // Binance says 4 of the account's 5: one more goes, the one after waits
            List<Reply> next = Burst.of(Burst.times(2, order(bridge, KEY)));

            assertThat(next).allMatch(Reply::ok);
            List<Served> placed = Burst.arrivals(futures, USDM_ORDER).stream()
                    .filter(served -> served.request().method().equals("POST")).toList();
            assertThat(fromFirstReply(placed, 2)).as("the third, arrivals %s", offsets(placed)).isBetween(WAITED_FROM_MS, WAITED_TO_MS);
            assertThat(futures.rateLimitRefusals()).isZero();
        }
    }
}
