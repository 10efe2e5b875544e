package io.fmzbridge.call;

import io.fmzbridge.call.LimitScope.Caller;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.observe.CallMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * One exchange's limits as it documents them, and their counters: read from its properties, one line per
 * limit,
 * <pre>
 * fmz.exchange.binance.limits.weight = 6000/60000 per ip
 * fmz.exchange.kraken.limits.private.starter = bucket 15 decay 0.33/1000 per key
 * </pre>
 * (a line ending in a tier's name counts for {@code fmz.exchange.<id>.tier} = that tier), or, for an
 * exchange that declares none, its plain limit {@code fmz.exchange.<id>.rate-limit} calls per
 * {@code .rate-period-ms} ({@code .rate-limit-per} key or ip). Endpoints add their own limits and costs
 * ({@link EndpointLimit}, {@link EndpointCost}).
 *
 * <p>A call takes its place in every counter it spends at once, or waits until it can: strategy calls
 * in the order they asked (a call that asked earlier is counted as waiting in each counter it needs, so
 * a later one never takes its place, however small), the bridge's own housekeeping calls only where a
 * place is free now and no strategy call waits for it. A wait is known only as a lower bound (a call
 * under way may reply any moment), so a call waits on a condition that replies signal, and is refused
 * at once when even the lower bound lies beyond its time budget.
 */
final class ExchangeLimits {

    /** A waiting call looks again at least this often: its lower bound may be early, never late. */
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String exchangeId;
    private final Map<String, RateLimit> declared;
    /** What an undeclared call spends, when the exchange says ({@code .default-cost}); else null. */
    private final Map<String, Long> defaultCost;
    private final CallMetrics metrics;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<RateLimit, Map<String, Slot>> counters = new HashMap<>();
    private final List<Waiter> waiting = new ArrayList<>();
    private final Set<String> gauged = new HashSet<>();
    /** Gauges of counters made under the lock, registered once it is let go (a scrape takes the lock too). */
    private final List<Runnable> newGauges = new ArrayList<>();
    private final Map<String, RateLimit> endpointLimits = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> endpointCosts = new ConcurrentHashMap<>();

    /** A counter and the scope its metric names. */
    private record Slot(LimitCounter counter, String scope) {}

    /** What one call needs: so much of one counter, fixed or, timed, as much as it costs at the moment. */
    record Need(RateLimit limit, LimitCounter counter, long cost, TimedCost timed) {

        long costAt(long now) {
            return timed == null ? cost : timed.at(now);
        }
    }

    /** What a route declared for the call in the leg, taken over by {@link CallAllowance#enter}. */
    record Declared(String endpoint, String endpointLimit, String endpointCost, TimedCost timedCost) {

        static final Declared NOTHING = new Declared(null, null, null, null);
    }

    /** A call waiting for its places; a class, not a record: two waiting calls with the same needs are two. */
    private static final class Waiter {
        private final List<Need> needs;

        Waiter(List<Need> needs) {
            this.needs = needs;
        }

        List<Need> needs() {
            return needs;
        }
    }

    ExchangeLimits(String exchangeId, Map<String, RateLimit> declared, Map<String, Long> defaultCost,
                   CallMetrics metrics, LongSupplier clock) {
        this.exchangeId = exchangeId;
        this.declared = declared;
        this.defaultCost = defaultCost;
        this.metrics = metrics;
        this.clock = clock;
        if (defaultCost != null) {
            defaultCost.keySet().forEach(name -> limitNamed(name, "fmz.exchange." + exchangeId + ".default-cost"));
        }
    }

    /** The exchange's limits from its properties: its declared ones, else its plain limit. */
    static ExchangeLimits read(CamelContext context, String exchangeId, boolean plainPerIp, CallMetrics metrics,
            LongSupplier clock) {
        PropertiesComponent properties = context.getPropertiesComponent();
        String prefix = "fmz.exchange." + exchangeId + ".limits.";
        Properties lines = properties.loadProperties(key -> key.startsWith(prefix));
        Map<String, RateLimit> limits = new LinkedHashMap<>();
        if (lines.isEmpty()) {
            long calls = Long.parseLong(setting(properties, exchangeId, "rate-limit"));
            long periodMs = Long.parseLong(setting(properties, exchangeId, "rate-period-ms"));
            limits.put("calls", RateLimit.plain(exchangeId, calls, periodMs, plainPerIp));
        } else {
            Map<String, Map<String, String>> tiered = new LinkedHashMap<>();
            for (String key : new TreeSet<>(lines.stringPropertyNames())) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                String name = dot < 0 ? rest : rest.substring(0, dot);
                tiered.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(dot < 0 ? "" : rest.substring(dot + 1), key);
            }
            String tier = null;
            for (Map.Entry<String, Map<String, String>> limit : tiered.entrySet()) {
                Map<String, String> byTier = limit.getValue();
                String key = byTier.get("");
                if (byTier.size() > (key == null ? 0 : 1)) {
                    tier = tier != null ? tier : tier(properties, exchangeId, byTier.keySet());
                    key = byTier.getOrDefault(tier, key);
                    if (key == null) {
                        throw new FmzError(prefix + limit.getKey() + " has no figure for tier '" + tier + "' (fmz.exchange."
                                + exchangeId + ".tier)");
                    }
                }
                String value = properties.resolveProperty(key).orElse(lines.getProperty(key));
                limits.put(limit.getKey(), RateLimit.parse(limit.getKey(), value, key, key));
            }
        }
        String defaultCost = properties.resolveProperty("fmz.exchange." + exchangeId + ".default-cost").orElse("").trim();
        return new ExchangeLimits(exchangeId, Collections.unmodifiableMap(limits),
                defaultCost.isEmpty() ? null : EndpointCost.parse("fmz.exchange." + exchangeId + ".default-cost", defaultCost),
                metrics, clock);
    }

    private static String tier(PropertiesComponent properties, String exchangeId, Set<String> tiers) {
        String name = "fmz.exchange." + exchangeId + ".tier";
        String tier = properties.resolveProperty(name).orElse("").trim();
        Set<String> known = new TreeSet<>(tiers);
        known.remove("");
        if (!known.contains(tier)) {
            // said to the caller: a setting's name and value are no secret
            throw new FmzError(name + " must be one of " + String.join(", ", known) + ", not '" + tier + "'");
        }
        return tier;
    }

    /** fmz.exchange.&lt;id&gt;.&lt;name&gt;, else fmz.call.&lt;name&gt;. */
    private static String setting(PropertiesComponent properties, String exchangeId, String name) {
        return properties.resolveProperty("fmz.exchange." + exchangeId + "." + name)
                .or(() -> properties.resolveProperty("fmz.call." + name))
                .orElseThrow(() -> new IllegalStateException("fmz.call." + name + " is not set"))
                .trim();
    }

    // ------------------------------------------------------------------ what a call spends

    /**
     * What the call spends: its endpoint's own limit and the costs it declares, or, declaring neither, one
     * of each of the exchange's limits that counts its kind of call (or the exchange's default cost); and
     * the key's nonce turn when its scheme needs one.
     */
    List<Need> needs(Declared what, Caller caller, boolean nonceTurn) {
        List<Need> needs = new ArrayList<>();
        lock.lock();
        try {
            if (nonceTurn) {
                needs.add(need(RateLimit.NONCE_TURN, caller, 1));
            }
            if (what.endpointLimit() != null) {
                RateLimit own = endpointLimits.computeIfAbsent(what.endpoint() + '\n' + what.endpointLimit(),
                        key -> EndpointLimit.parse(what.endpoint(), what.endpointLimit()));
                needs.add(need(own, caller, 1));
            }
            if (what.timedCost() != null) {
                TimedCost timed = what.timedCost();
                needs.add(need(limitNamed(timed.limit(), "endpointCost of " + what.endpoint()), caller,
                        timed.at(clock.getAsLong()), timed));
            }
            if (what.endpointCost() != null) {
                Map<String, Long> costs = endpointCosts.computeIfAbsent(what.endpointCost(),
                        text -> EndpointCost.parse("endpointCost of " + what.endpoint(), text));
                costs.forEach((name, cost) ->
                        needs.add(need(limitNamed(name, "endpointCost of " + what.endpoint()), caller, cost)));
            }
            if (what.endpointLimit() == null && what.endpointCost() == null && what.timedCost() == null) {
                if (defaultCost != null) {
                    defaultCost.forEach((name, cost) -> {
                        RateLimit limit = declared.get(name);
                        if (limit.counts(caller)) {
                            needs.add(need(limit, caller, cost));
                        }
                    });
                } else {
                    declared.values().stream().filter(limit -> limit.countsByDefault(caller))
                            .forEach(limit -> needs.add(need(limit, caller, 1)));
                }
            }
        } finally {
            lock.unlock();
            registerNewGauges();
        }
        return needs;
    }

    private void registerNewGauges() {
        List<Runnable> registrations;
        lock.lock();
        try {
            if (newGauges.isEmpty()) {
                return;
            }
            registrations = List.copyOf(newGauges);
            newGauges.clear();
        } finally {
            lock.unlock();
        }
        registrations.forEach(Runnable::run);
    }

    private RateLimit limitNamed(String name, String where) {
        RateLimit limit = declared.get(name);
        if (limit == null) {
            throw new FmzError(where + " names a limit " + exchangeId + " does not declare: " + name
                    + " (declared: " + String.join(", ", declared.keySet()) + ")");
        }
        return limit;
    }

    private Need need(RateLimit limit, Caller caller, long cost) {
        return need(limit, caller, cost, null);
    }

    /** A timed cost is checked at its most, now: it only falls after. */
    private Need need(RateLimit limit, Caller caller, long cost, TimedCost timed) {
        if (cost > limit.capacity()) {
            throw new FmzError("a call costing " + cost + " can never fit " + limit.phrase() + " (" + limit.source() + ")");
        }
        return new Need(limit, counterOf(limit, caller), cost, timed);
    }

    /** The counter of {@code limit} that holds the caller's calls, made on first use. Under the lock. */
    private LimitCounter counterOf(RateLimit limit, Caller caller) {
        LimitScope scope = LimitScope.effective(limit.scope(), caller);
        Map<String, Slot> slots = counters.computeIfAbsent(limit, l -> new HashMap<>());
        Slot slot = slots.computeIfAbsent(scope.counterKey(caller), key -> new Slot(limit.newCounter(clock), scope.word));
        boolean measured = metrics != null && limit != RateLimit.NONCE_TURN;
        if (measured && gauged.add(limit.name() + '\n' + limit.declared() + '\n' + slot.scope())) {
            newGauges.add(() -> metrics.rateLimitRemaining(exchangeId, limit.name(), slot.scope(),
                    () -> remaining(limit, slot.scope())));
        }
        return slot.counter();
    }

    /** The least left of a limit in one scope: the key nearest its limit, for the metric. */
    private long remaining(RateLimit limit, String scope) {
        lock.lock();
        try {
            long now = clock.getAsLong();
            return counters.getOrDefault(limit, Map.of()).values().stream().filter(slot -> slot.scope().equals(scope))
                    .mapToLong(slot -> slot.counter().remaining(now)).min().orElse(limit.capacity());
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ taking a place

    /**
     * Takes the call's place in every counter it needs, waiting while its budget allows.
     *
     * @param refuse   over a limit, refuse at once rather than wait (fmz.call.rate-limit-reject)
     * @param stopping true once the bridge stops: a waiting housekeeping call gives up
     */
    Spent acquire(List<Need> needs, Caller caller, boolean housekeeping, boolean refuse, long deadline,
            BooleanSupplier stopping) throws InterruptedException {
        Waiter me = new Waiter(needs);
        lock.lock();
        try {
            if (!housekeeping) {
                waiting.add(me);
            }
            while (true) {
                long now = clock.getAsLong();
                Need blocking = null;
                long free = now;
                boolean overLimit = false;
                for (Need need : needs) {
                    long before = ahead(me, need.counter(), now);
                    long amount = before + need.costAt(now);
                    if (!need.counter().fits(now, amount)) {
                        long at = need.counter().earliest(now, amount);
                        if (need.timed() != null) {
                            // a falling cost fits within the budget when what it costs by then does: till then
                            // the call waits, weighed again each time it looks
                            at = Math.min(at, need.counter().earliest(now, before + need.costAt(deadline)));
                        }
                        overLimit |= need.limit() != RateLimit.NONCE_TURN;
                        if (blocking == null || at > free) {
                            blocking = need;
                            free = Math.max(free, at);
                        }
                    }
                }
                if (blocking == null) {
                    return take(needs, caller, now);
                }
                if (housekeeping) {
                    if (free > deadline) {
                        // strategy calls only ever push the next free place later: no use waiting for it
                        throw new AllowanceRefused("the bridge's own call (clock sync, market rules) found no spare allowance "
                                + "for this exchange within its time budget: skipped this round, strategy calls go first");
                    }
                    if (stopping.getAsBoolean()) {
                        // a job's call is not worth holding the bridge's shutdown for
                        throw new AllowanceRefused("the bridge is stopping");
                    }
                } else if (refuse && overLimit) {
                    Need over = needs.stream().filter(need -> need.limit() != RateLimit.NONCE_TURN
                            && !need.counter().fits(now, ahead(me, need.counter(), now) + need.costAt(now))).findFirst().orElseThrow();
                    throw new AllowanceRefused(over.limit().phrase() + " is reached (" + over.limit().source()
                            + "); call again shortly");
                } else if (blocking.limit() == RateLimit.NONCE_TURN && now >= deadline) {
                    throw new AllowanceRefused("the previous signed call on this key is still under way and this call's "
                            + "time budget (fmz.call.total-timeout-ms) ran out waiting for it; call again shortly");
                } else if (free > deadline || now >= deadline) {
                    throw new AllowanceRefused(blocking.limit().phrase() + " would hold this call "
                            + Duration.ofNanos(Math.max(0, free - now)).toMillis() + " ms, longer than its time budget allows "
                            + "(fmz.call.total-timeout-ms); call again later");
                }
                // a lower bound of now means a call under way must reply first: its reply signals
                long wait = Math.min(free > now ? free - now : MAX_WAIT_NANOS, Math.min(deadline - now, MAX_WAIT_NANOS));
                changed.awaitNanos(Math.max(MIN_WAIT_NANOS, wait));
            }
        } finally {
            if (waiting.remove(me)) {
                changed.signalAll();
            }
            lock.unlock();
        }
    }

    /**
     * The amount strategy calls that asked before this one wait for in a counter (all of them, for housekeeping).
     * In a key's nonce turn only those that wait for nothing else count: a call still waiting for a limit does
     * not hold the key's turn, so a call that fits its own limits goes meanwhile, holding the turn only for
     * its flight (a Kraken order while the same key's balance calls wait for its call counter), and the one
     * waiting takes the turn as soon as its limit lets it go.
     */
    private long ahead(Waiter me, LimitCounter counter, long now) {
        long ahead = 0;
        for (Waiter other : waiting) {
            if (other == me) {
                break;
            }
            for (Need need : other.needs()) {
                if (need.counter() == counter
                        && (need.limit() != RateLimit.NONCE_TURN || waitsOnlyForTheTurn(other, now))) {
                    ahead += need.costAt(now);
                }
            }
        }
        return ahead;
    }

    /** Whether a waiting call's limits would all let it go now, the calls waiting before it counted. */
    private boolean waitsOnlyForTheTurn(Waiter waiter, long now) {
        for (Need need : waiter.needs()) {
            if (need.limit() != RateLimit.NONCE_TURN && !need.counter().fits(now, ahead(waiter, need.counter(), now)
                    + need.costAt(now))) {
                return false;
            }
        }
        return true;
    }

    private Spent take(List<Need> needs, Caller caller, long now) {
        List<Object> taken = new ArrayList<>(needs.size());
        for (Need need : needs) {
            taken.add(need.counter().take(now, need.costAt(now)));
        }
        return new Spent(needs, taken, caller);
    }

    /**
     * The exchange said in a reply how much of a limit is spent (Binance's X-MBX-USED-WEIGHT-1M) or left
     * of its figure (Upbit's Remaining-Req): where that is more spent than the bridge counted (another
     * program on the same address), the difference counts as spent now.
     */
    void countUsed(Map<String, Long> used, Map<String, Long> remaining, Caller caller) {
        lock.lock();
        try {
            long now = clock.getAsLong();
            used.forEach((name, amount) -> {
                RateLimit limit = declared.get(name);
                if (limit != null) {
                    counterOf(limit, caller).countUsed(amount, now);
                }
            });
            remaining.forEach((name, left) -> {
                RateLimit limit = declared.get(name);
                if (limit != null) {
                    counterOf(limit, caller).countUsed(Math.max(0, limit.figure() - left), now);
                }
            });
        } finally {
            lock.unlock();
            registerNewGauges();
        }
    }

    /** A call's places, given back once: at its reply, or at once when it never left. */
    final class Spent {

        private final List<Need> needs;
        private final List<Object> taken;
        private final Caller caller;
        private boolean over;

        private Spent(List<Need> needs, List<Object> taken, Caller caller) {
            this.needs = needs;
            this.taken = taken;
            this.caller = caller;
        }

        Caller caller() {
            return caller;
        }

        ExchangeLimits limits() {
            return ExchangeLimits.this;
        }

        /** The reply came, or the call failed on its way: each place is held a period from now. */
        void replied() {
            end(true);
        }

        /** Nothing left the bridge: the places are free again. */
        void unsent() {
            end(false);
        }

        private void end(boolean sent) {
            lock.lock();
            try {
                if (over) {
                    return;
                }
                over = true;
                long now = clock.getAsLong();
                for (int i = 0; i < needs.size(); i++) {
                    if (sent) {
                        needs.get(i).counter().replied(taken.get(i), now);
                    } else {
                        needs.get(i).counter().unsent(taken.get(i), now);
                    }
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
