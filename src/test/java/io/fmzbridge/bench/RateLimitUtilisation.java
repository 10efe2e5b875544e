package io.fmzbridge.bench;

import static io.fmzbridge.RunningBridge.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.backpack.BackpackStub;
import io.fmzbridge.exchange.binance.BinanceStub;
import io.fmzbridge.exchange.bitfinex.BitfinexStub;
import io.fmzbridge.exchange.bithumb.BithumbStub;
import io.fmzbridge.exchange.coinbase.CoinbaseStub;
import io.fmzbridge.exchange.coinone.CoinoneStub;
import io.fmzbridge.exchange.korbit.KorbitStub;
import io.fmzbridge.exchange.kraken.KrakenStub;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.exchange.upbit.UpbitStub;
import io.fmzbridge.exchange.zerocap.ZerocapStub;
import io.fmzbridge.observe.Meters;
import io.fmzbridge.stub.RateLimitedStub;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * How much of each exchange's documented allowance the bridge uses, against a stub that enforces that
 * allowance (real figures) and refuses what goes over it as the exchange does. A benchmark, not a test:
 * run by {@code bench/rate-limits.sh [exchange...] [--seconds N]}, never by Maven's test phases.
 *
 * <p>Per exchange: a bridge, several keys, and a strategy's calls (ticker, depth, account, open orders,
 * placing and cancelling an order) made by concurrent callers, each calling again the moment its previous
 * call is answered, for a fixed time: every limit those calls spend is offered more than it allows. Then,
 * per limit of the stub's model: what its counters let through in the measured part of the run, and that
 * as a share of the most the model lets through in it (README, "Rate limits", "Measured").
 */
public final class RateLimitUtilisation {

    /** Any base64 secret signs for the stub; this one is Kraken's documentation's example. */
    private static final String KRAKEN_SECRET =
            "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    /** Any secret of 64 characters signs for the Upbit-style stubs (nimbus wants HS512's full key length). */
    private static final String JWT_SECRET = "bench-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJK";

    /** Every exchange whose stub enforces its documented model; one entry each. */
    private static final Map<String, Exchange<?>> EXCHANGES = table(
            new Exchange<>("okx", "/OKX", Duration.ofSeconds(60), OkxStub::start, (okx, i) -> {
                okx.addAccount("okx-bench-" + i, "okx-secret-" + i, "okx-pass-" + i);
                return new Key("okx-bench-" + i, "okx-secret-" + i + ",okx-pass-" + i);
            }, new Order("BTC_USDT", "0.01", "20000"), new Callers(3, 3, 3, 2, 2, 4), Set.of(
                    "GET /api/v5/market/ticker", "GET /api/v5/market/books", "GET /api/v5/account/balance",
                    "GET /api/v5/trade/orders-pending", "POST /api/v5/trade/order", "POST /api/v5/trade/cancel-order")),
            new Exchange<>("kraken", "/Kraken", Duration.ofSeconds(120), KrakenStub::start, (kraken, i) -> {
                kraken.addAccount("kraken-bench-" + i, KRAKEN_SECRET);
                return new Key("kraken-bench-" + i, KRAKEN_SECRET);
            }, new Order("BTC_USD", "0.01", "20000"), new Callers(3, 2, 2, 2, 2, 1), Set.of(
                    "private", "trading", "public")),
            new Exchange<>("binance", "/Binance", Duration.ofSeconds(125), BinanceStub::start, (binance, i) -> {
                binance.addAccount("binance-bench-" + i, "binance-secret-" + i);
                return new Key("binance-bench-" + i, "binance-secret-" + i);
            }, new Order("BTC_USDT", "0.001", "20000"), new Callers(3, 2, 2, 1, 1, 1), Set.of("weight")),
            // a ticker spends ticker and orderbook (its bid and ask come from the book), a depth orderbook: the
            // book's group runs out first; a cancel spends default beside the polls, so three traders a key
            new Exchange<>("upbit", "/Upbit", Duration.ofSeconds(30), UpbitStub::start, (upbit, i) -> {
                upbit.addAccount("upbit-bench-" + i, JWT_SECRET);
                return new Key("upbit-bench-" + i, JWT_SECRET);
            }, new Order("BTC_KRW", "0.01", "8000000"), new Callers(3, 2, 2, 1, 1, 3), Set.of(
                    "orderbook", "default", "order")),
            // a key's orders and cancels on one asset (18 a second) run out, and the private category the three
            // keys share (126 a second); the public ones (135 a second each) are more than the callers reach here
            new Exchange<>("bithumb", "/Bithumb", Duration.ofSeconds(30), BithumbStub::start, (bithumb, i) -> {
                bithumb.addAccount("bithumb-bench-" + i, JWT_SECRET);
                return new Key("bithumb-bench-" + i, JWT_SECRET);
            }, new Order("BTC_KRW", "0.01", "8000000"), new Callers(3, 2, 2, 1, 1, 2), Set.of("asset-orders", "private")),
            new Exchange<>("korbit", "/Korbit", Duration.ofSeconds(30), KorbitStub::start, (korbit, i) -> {
                korbit.addHmacKey("korbit-bench-" + i, "korbit-secret-" + i);
                return new Key("korbit-bench-" + i, "korbit-secret-" + i);
            }, new Order("BTC_KRW", "0.02", "70000000"), new Callers(3, 2, 2, 1, 1, 2), Set.of(
                    "public", "place", "cancel", "private")),
            // the stub counts the public calls only: Coinone documents no private limit (the bridge holds 5 a
            // second per key, the public figure); public 300 a minute and 5 in any second are the same rate
            new Exchange<>("coinone", "/Coinone", Duration.ofSeconds(130), CoinoneStub::start, (coinone, i) -> {
                coinone.addAccount("coinone-bench-" + i, "coinone-secret-" + i);
                return new Key("coinone-bench-" + i, "coinone-secret-" + i);
            }, new Order("BTC_KRW", "0.02", "50000000"), new Callers(3, 2, 2, 1, 1, 1), Set.of(
                    "public", "public-burst")),
            // every Bitfinex limit is the address's, per endpoint and minute: the keys share them
            new Exchange<>("bitfinex", "/Bitfinex", Duration.ofSeconds(130), BitfinexStub::start, (bitfinex, i) -> {
                bitfinex.addAccount("bitfinex-bench-" + i, "bitfinex-secret-" + i);
                return new Key("bitfinex-bench-" + i, "bitfinex-secret-" + i);
            }, new Order("BTC_USDT", "0.01", "20000"), new Callers(3, 1, 1, 1, 1, 1), Set.of(
                    "ticker", "book", "wallets", "orders", "submit", "cancel")),
            new Exchange<>("backpack", "/Backpack", Duration.ofSeconds(130), BackpackStub::start, (backpack, i) -> {
                BackpackStub.ApiKey key = backpack.addAccount(Map.of(
                        "USDC", Map.of("available", "1200.5", "locked", "0", "staked", "0")));
                return new Key(key.publicKey(), key.secret());
            }, new Order("SOL_USDC", "2", "150.5"), new Callers(3, 2, 2, 1, 1, 2), Set.of("private", "public")),
            // Coinbase counts private calls per user: each key name is one, the same EC key signing for all
            new Exchange<>("coinbase", "/Coinbase", Duration.ofSeconds(30), CoinbaseStub::start, (coinbase, i) -> {
                try {
                    CoinbaseStub.ApiKey key = coinbase.addTestKey("organizations/bench-org/apiKeys/bench-" + i);
                    return new Key(key.name(), key.secret());
                } catch (Exception e) {
                    throw new IllegalStateException("the suite's EC test key does not load", e);
                }
            }, new Order("BTC_USD", "0.01", "20000"), new Callers(3, 2, 2, 1, 1, 2), Set.of("private", "public")),
            // Zerocap's prices come from its websocket only (no REST to poll), and its orders are fill-or-kill
            // (none rests, there is no cancel): the balance and order-list calls spend each key's 5 a second
            new Exchange<>("zerocap", "/Zerocap", Duration.ofSeconds(30), ZerocapStub::start, (zerocap, i) -> {
                zerocap.addAccount("zerocap-bench-" + i, "0f1e2d3c4b5a69788796a5b4c3d2e1f" + i);
                return new Key("zerocap-bench-" + i, "0f1e2d3c4b5a69788796a5b4c3d2e1f" + i);
            }, new Order("USDT_AUD", "10", "1.4"), new Callers(3, 0, 0, 2, 2, 0), Set.of("calls")));

    /** The calls run this long unlimited before the measured run, so that it measures compiled code. */
    private static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(20);
    /** A caller whose call the bridge refused (its wait would outlast the call's time budget) asks again after this. */
    private static final long PAUSE_AFTER_REFUSAL_MS = 500;

    /** An FMZ access key and secret key, as the docker sends them. */
    record Key(String access, String secret) {}

    /** A resting order: a buy well below the stub's price, so it stays open until cancelled. */
    record Order(String symbol, String amount, String price) {}

    /** Keys, callers polling public data, and callers per key for each private call. */
    record Callers(int keys, int ticker, int depth, int accountPerKey, int ordersPerKey, int tradePerKey) {}

    /**
     * One exchange under test: its FMZ path, the run's default length, its stub, how a key is made on it,
     * the order it places, its callers, and the stub's limits those calls are meant to exhaust (the rest are
     * shown, not held to a share).
     */
    record Exchange<S extends RateLimitedStub>(String id, String path, Duration run, Supplier<S> stub,
            BiFunction<S, Integer, Key> account, Order order, Callers callers, Set<String> binding) {}

    /** What one limit's counters let through in the measured part of a run. */
    record LimitUse(String exchange, String limit, String model, boolean binding, int counters, Duration measured,
            double admitted, double allowance, double lowestShare, double fullAtBridge) {

        double share() {
            return allowance == 0 ? 0 : admitted / allowance;
        }

        /**
         * Whether the loop offered this limit more than it allows: one the mix means to exhaust, whose counter
         * at the bridge was used up at least half the time. Only such a limit is held to 80 %.
         */
        boolean held() {
            return binding && fullAtBridge >= 0.5;
        }
    }

    /** One exchange's run. */
    record Result(String exchange, Duration run, long offered, long served, long heldBack, long otherErrors,
            int stubRefused, List<LimitUse> limits) {}

    /** How the loop's calls went. */
    private static final class Tally {
        /** When the callers began ({@link System#nanoTime()}). */
        volatile long start;
        final AtomicLong offered = new AtomicLong();
        final AtomicLong served = new AtomicLong();
        final AtomicLong heldBack = new AtomicLong();
        final AtomicLong otherErrors = new AtomicLong();
        final Map<String, String> firstErrors = new TreeMap<>();
    }

    private RateLimitUtilisation() {
    }

    private static Map<String, Exchange<?>> table(Exchange<?>... exchanges) {
        Map<String, Exchange<?>> byId = new LinkedHashMap<>();
        for (Exchange<?> exchange : exchanges) {
            byId.put(exchange.id(), exchange);
        }
        return byId;
    }

    public static void main(String[] args) throws Exception {
        // the bridge logs a line per call at INFO: the table would drown; its warnings still show
        Configurator.setRootLevel(Level.WARN);
        List<String> names = new ArrayList<>();
        Duration seconds = null;
        Duration warmUp = DEFAULT_WARM_UP;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Duration.ofSeconds(Long.parseLong(args[++i]));
            } else if (args[i].equals("--warm-up")) {
                warmUp = Duration.ofSeconds(Long.parseLong(args[++i]));
            } else {
                names.add(args[i].toLowerCase(Locale.ROOT));
            }
        }
        if (names.isEmpty()) {
            names.addAll(EXCHANGES.keySet());
        }
        for (String name : names) {
            if (!EXCHANGES.containsKey(name)) {
                System.err.println("no enforcing stub for '" + name + "'; known: " + String.join(", ", EXCHANGES.keySet()));
                System.exit(2);
            }
        }
        List<Result> results = new ArrayList<>();
        for (String name : names) {
            Exchange<?> exchange = EXCHANGES.get(name);
            results.add(run(exchange, seconds == null ? exchange.run() : seconds, warmUp));
        }
        print(results);
        boolean failed = results.stream().anyMatch(result -> result.stubRefused() > 0
                || result.limits().stream().anyMatch(use -> use.held() && use.lowestShare() < 0.8));
        System.exit(failed ? 1 : 0);
    }

    private static <S extends RateLimitedStub> Result run(Exchange<S> exchange, Duration run, Duration warmUp)
            throws Exception {
        System.err.printf("%s: %d s of warm-up, then %d s measured ...%n", exchange.id(), warmUp.toSeconds(), run.toSeconds());
        try (S stub = exchange.stub().get()) {
            List<Key> keys = new ArrayList<>();
            for (int i = 0; i < exchange.callers().keys(); i++) {
                keys.add(exchange.account().apply(stub, i));
            }
            Map<String, String> settings = Map.of("fmz.exchange." + exchange.id() + ".base-url", stub.apiUrl(),
                    "fmz.listen.max-threads", "128");
            if (!warmUp.isZero()) {
                // the same calls, unlimited, through a bridge of their own: the JIT has compiled the bridge's
                // code (and the stub's) before the measured run, whose bridge then starts with fresh counters
                Map<String, String> unlimited = new LinkedHashMap<>(settings);
                unlimited.put("fmz.call.rate-limit-enabled", "false");
                try (RunningBridge bridge = RunningBridge.start(unlimited)) {
                    drive(exchange, bridge, keys, warmUp, null);
                }
            }
            stub.enforceRateLimits();
            try (RunningBridge bridge = RunningBridge.start(settings)) {
                // the first call starts what a first call starts (symbol maps); then public windows clear
                call(bridge, exchange.path(), "ticker", new Key("", ""), "symbol", exchange.order().symbol());
                Thread.sleep(2500);
                BridgeCounters counters = new BridgeCounters(Meters.of(bridge.context()), exchange.id());
                Tally tally = drive(exchange, bridge, keys, run, counters);
                tally.firstErrors.forEach((error, method) -> System.err.println("  " + method + ": " + error));
                return new Result(exchange.id(), run, tally.offered.get(), tally.served.get(), tally.heldBack.get(),
                        tally.otherErrors.get(), stub.rateLimitRefusals(), uses(exchange, stub, counters, tally.start, run));
            }
        }
    }

    /** Every caller at once for {@code run}, then until each has its last reply; the bridge's counters read meanwhile. */
    private static Tally drive(Exchange<?> exchange, RunningBridge bridge, List<Key> keys, Duration run,
            BridgeCounters counters) throws InterruptedException {
        Tally tally = new Tally();
        List<Thread> callers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        for (Runnable loop : loops(exchange, bridge, keys, tally, window)) {
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                    loop.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            caller.start();
            callers.add(caller);
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + run.toNanos();
        tally.start = window[0];
        go.countDown();
        if (counters != null) {
            counters.sampleUntil(window[1]);
        }
        for (Thread caller : callers) {
            caller.join();
        }
        return tally;
    }

    /** Every caller's loop: public pollers, then per key its account, open-order and trading callers. */
    private static Runnable[] loops(Exchange<?> exchange, RunningBridge bridge, List<Key> keys, Tally tally, long[] window) {
        Callers callers = exchange.callers();
        String path = exchange.path();
        Order order = exchange.order();
        Key anonymous = new Key("", "");
        List<Runnable> loops = new ArrayList<>();
        for (int i = 0; i < callers.ticker(); i++) {
            loops.add(() -> poll(bridge, path, tally, window, anonymous, "ticker", "symbol", order.symbol()));
        }
        for (int i = 0; i < callers.depth(); i++) {
            loops.add(() -> poll(bridge, path, tally, window, anonymous, "depth", "symbol", order.symbol()));
        }
        for (Key key : keys) {
            for (int i = 0; i < callers.accountPerKey(); i++) {
                loops.add(() -> poll(bridge, path, tally, window, key, "accounts"));
            }
            for (int i = 0; i < callers.ordersPerKey(); i++) {
                loops.add(() -> poll(bridge, path, tally, window, key, "orders", "symbol", order.symbol()));
            }
            for (int i = 0; i < callers.tradePerKey(); i++) {
                loops.add(() -> trade(bridge, path, tally, window, key, order));
            }
        }
        return loops.toArray(Runnable[]::new);
    }

    /** One call after another until the run ends. */
    private static void poll(RunningBridge bridge, String path, Tally tally, long[] window, Key key, String method,
            Object... params) {
        while (System.nanoTime() - window[1] < 0) {
            counted(bridge, path, tally, key, method, params);
        }
    }

    /** Places a resting order and cancels it, again and again until the run ends; a cancel is asked until it is done. */
    private static void trade(RunningBridge bridge, String path, Tally tally, long[] window, Key key, Order order) {
        while (System.nanoTime() - window[1] < 0) {
            JsonNode placed = counted(bridge, path, tally, key, "trade", "symbol", order.symbol(), "type", "buy",
                    "amount", order.amount(), "price", order.price());
            if (placed == null || !placed.has("data")) {
                continue;
            }
            String id = placed.path("data").path("id").asText();
            JsonNode canceled;
            do {
                canceled = counted(bridge, path, tally, key, "cancel", "id", id, "symbol", order.symbol());
            } while ((canceled == null || !canceled.has("data")) && System.nanoTime() - window[1] < 0);
        }
    }

    /** One call through the bridge, tallied; after a refusal a pause, as a strategy would make. */
    private static JsonNode counted(RunningBridge bridge, String path, Tally tally, Key key, String method,
            Object... params) {
        tally.offered.incrementAndGet();
        JsonNode reply;
        try {
            reply = call(bridge, path, method, key, params);
        } catch (Exception | AssertionError e) {
            reply = null;
            synchronized (tally.firstErrors) {
                tally.firstErrors.putIfAbsent(String.valueOf(e), method);
            }
        }
        if (reply != null && reply.has("data")) {
            tally.served.incrementAndGet();
            return reply;
        }
        String error = reply == null ? "" : reply.path("error").asText();
        if (error.contains("the bridge's limit") || error.contains("time budget")) {
            tally.heldBack.incrementAndGet();
        } else {
            tally.otherErrors.incrementAndGet();
            synchronized (tally.firstErrors) {
                if (tally.firstErrors.size() < 10) {
                    tally.firstErrors.putIfAbsent(error, method);
                }
            }
        }
        try {
            Thread.sleep(PAUSE_AFTER_REFUSAL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reply;
    }

    private static JsonNode call(RunningBridge bridge, String path, String method, Key key, Object... params)
            throws Exception {
        return bridge.call(path, envelope(method, key.access(), key.secret(), params));
    }

    /**
     * How often the bridge's own counter of each limit was (nearly) used up, by its metric
     * {@code fmz_rate_limit_remaining} (the least left of any key), read every 25 ms: whether the loop offered
     * that limit more than it allows, apart from what the stub saw. Its limits' names are the stub's.
     */
    private static final class BridgeCounters {
        private final MeterRegistry registry;
        private final String exchange;
        private final Map<String, double[]> seen = new TreeMap<>(); // {samples, full, most left}

        BridgeCounters(MeterRegistry registry, String exchange) {
            this.registry = registry;
            this.exchange = exchange;
        }

        void sampleUntil(long endNanos) throws InterruptedException {
            while (System.nanoTime() - endNanos < 0) {
                Map<String, Double> least = new TreeMap<>();
                for (Gauge gauge : registry.find("fmz.rate.limit.remaining").tag("exchange", exchange).gauges()) {
                    least.merge(gauge.getId().getTag("limit"), gauge.value(), Math::min);
                }
                least.forEach((limit, left) -> {
                    double[] counts = seen.computeIfAbsent(limit, l -> new double[3]);
                    counts[2] = Math.max(counts[2], left);
                    counts[0]++;
                    // under 15 % of the most it held (its capacity, when fresh) left: full for the calls that wait (a
                    // Kraken cancel needs 8 of the trading counter's 59)
                    counts[1] += left < Math.max(1, counts[2] * 0.15) ? 1 : 0;
                });
                Thread.sleep(25);
            }
        }

        /** The share of the samples in which the limit was used up at the bridge, or -1 when it has no metric. */
        double fullShare(String limit) {
            double[] counts = seen.get(limit);
            return counts == null || counts[0] == 0 ? -1 : counts[1] / counts[0];
        }
    }

    /** Per limit of the stub's model, what its counters let through in the measured part of the run. */
    private static List<LimitUse> uses(Exchange<?> exchange, RateLimitedStub stub, BridgeCounters bridge, long start,
            Duration run) {
        List<LimitUse> uses = new ArrayList<>();
        new TreeMap<>(stub.rateJudges()).forEach((name, judge) -> {
            Duration measured = judge.measured(run);
            if (measured.isZero()) {
                return; // a period longer than the run (a day's orders): nothing to measure
            }
            Map<String, Double> admitted = judge.admitted(start, start + measured.toNanos());
            if (admitted.isEmpty()) {
                return;
            }
            double allowance = judge.allowance(measured);
            double total = admitted.values().stream().mapToDouble(Double::doubleValue).sum();
            double lowest = admitted.values().stream().mapToDouble(Double::doubleValue).min().orElse(0) / allowance;
            uses.add(new LimitUse(exchange.id(), name, judge.model(), exchange.binding().contains(name), admitted.size(),
                    measured, total, allowance * admitted.size(), lowest, bridge.fullShare(name)));
        });
        return uses;
    }

    private static void print(List<Result> results) {
        System.out.println();
        System.out.println("| exchange | run | calls offered | served | held back by the bridge | other errors | refused by the stub |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Result result : results) {
            System.out.printf("| %s | %d s | %d | %d | %d | %d | %d |%n", result.exchange(), result.run().toSeconds(),
                    result.offered(), result.served(), result.heldBack(), result.otherErrors(), result.stubRefused());
        }
        System.out.println();
        System.out.println("| exchange | limit: the stub's model | counters | measured | let through | allowance | share "
                + "| lowest counter's | bridge's counter full |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Result result : results) {
            for (LimitUse use : result.limits()) {
                System.out.printf(Locale.ROOT, "| %s | %s%s: %s | %d | %d s | %s | %s | %.1f %% | %.1f %% | %s |%n",
                        use.exchange(), use.limit(), !use.binding() ? " (not exhausted by this mix)"
                                : use.held() ? "" : " (not kept full: the callers offered less than it allows)", use.model(),
                        use.counters(), use.measured().toSeconds(), figure(use.admitted()), figure(use.allowance()),
                        100 * use.share(), 100 * use.lowestShare(),
                        use.fullAtBridge() < 0 ? "–" : String.format(Locale.ROOT, "%.0f %% of the time", 100 * use.fullAtBridge()));
            }
        }
    }

    private static String figure(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
