package io.fmzbridge.stub;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Rate limits as an exchange's servers count them, for the stubs that enforce them: a call counts when it
 * arrives. Written from the exchanges' documentation, apart from the bridge's own counting, so that a stub
 * judges the bridge rather than agreeing with it. Each judge keeps one counter per name it is given (an
 * address, a key, a key and a pair).
 */
public final class RateJudge {

    private RateJudge() {
    }

    /**
     * A judge as the rate-limit benchmark reads it: what each counter let through, and the most the documented
     * model lets through. The allowance is exact over whole periods of a window, and over any span of a
     * counter that starts at zero, so a run the stub refused nothing in never uses more than all of it.
     */
    public sealed interface Judge permits Sliding, Aligned, Decaying {

        /** The model and its figures in a few words, for the benchmark's table. */
        String model();

        /** The part of a run, from its start, that the allowance is reckoned over: whole periods of a window. */
        Duration measured(Duration run);

        /** The most one counter lets through in {@code measured} from a fresh start. */
        double allowance(Duration measured);

        /** What each counter let through, by arrival, from {@code fromNanos} up to {@code toNanos} ({@link System#nanoTime()}). */
        Map<String, Double> admitted(long fromNanos, long toNanos);
    }

    /** Every call a judge let through: its counter, arrival and cost. */
    private static final class Admissions {

        private record Admitted(String counter, long at, double cost) {}

        private final List<Admitted> all = new ArrayList<>();

        synchronized void add(String counter, long at, double cost) {
            all.add(new Admitted(counter, at, cost));
        }

        synchronized Map<String, Double> between(long fromNanos, long toNanos) {
            Map<String, Double> each = new TreeMap<>();
            for (Admitted admitted : all) {
                if (admitted.at() - fromNanos >= 0 && admitted.at() - toNanos < 0) {
                    each.merge(admitted.counter(), admitted.cost(), Double::sum);
                }
            }
            return each;
        }
    }

    /** Whole periods of a window within a run. */
    private static Duration wholePeriods(Duration run, long periodNanos) {
        return Duration.ofNanos(run.toNanos() / periodNanos * periodNanos);
    }

    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + " s";
    }

    /**
     * At most {@code limit} (calls, or weight) in any span of {@code period}, by arrival: the strictest
     * reading of "N per period" when an exchange does not say how its window runs (OKX).
     */
    public static final class Sliding implements Judge {

        private record Arrival(long at, long cost) {}

        private final long limit;
        private final long periodNanos;
        private final Map<String, Deque<Arrival>> arrivals = new HashMap<>();
        private final Admissions admissions = new Admissions();

        public Sliding(long limit, Duration period) {
            this.limit = limit;
            this.periodNanos = period.toNanos();
        }

        /** Counts the call and says true, or says false and counts nothing when it would go over. */
        public synchronized boolean admit(String counter, long cost) {
            long used = used(counter);
            if (used + cost > limit) {
                return false;
            }
            long now = System.nanoTime();
            arrivals.get(counter).addLast(new Arrival(now, cost));
            admissions.add(counter, now, cost);
            return true;
        }

        /** What the last period holds: an exchange's "remaining" header is the limit less this. */
        public synchronized long used(String counter) {
            long now = System.nanoTime();
            Deque<Arrival> recent = arrivals.computeIfAbsent(counter, c -> new ArrayDeque<>());
            while (!recent.isEmpty() && now - recent.peekFirst().at() >= periodNanos) {
                recent.pollFirst();
            }
            return recent.stream().mapToLong(Arrival::cost).sum();
        }

        public long limit() {
            return limit;
        }

        @Override
        public String model() {
            return limit + " per " + seconds(periodNanos) + ", any span";
        }

        @Override
        public Duration measured(Duration run) {
            return wholePeriods(run, periodNanos);
        }

        /** Any span of a period holds at most the limit, so k whole periods hold at most k limits. */
        @Override
        public double allowance(Duration measured) {
            return (double) limit * measured.toNanos() / periodNanos;
        }

        @Override
        public Map<String, Double> admitted(long fromNanos, long toNanos) {
            return admissions.between(fromNanos, toNanos);
        }
    }

    /**
     * At most {@code limit} per interval aligned to the clock (Binance: "a 1 MINUTE interval starts every
     * minute", the 10 s interval "resets at 00, 10, 20... seconds", the day at 00:00 UTC), by arrival.
     */
    public static final class Aligned implements Judge {

        private final long limit;
        private final long intervalMs;
        private final LongSupplier clockMillis;
        private final Map<String, long[]> used = new HashMap<>();
        private final Admissions admissions = new Admissions();

        /** @param clockMillis the exchange's clock, in ms since the epoch: intervals align to it */
        public Aligned(long limit, Duration interval, LongSupplier clockMillis) {
            this.limit = limit;
            this.intervalMs = interval.toMillis();
            this.clockMillis = clockMillis;
        }

        /** Counts the call and says true, or says false and counts nothing when it would go over. */
        public synchronized boolean admit(String counter, long cost) {
            long[] current = current(counter);
            if (current[1] + cost > limit) {
                return false;
            }
            current[1] += cost;
            admissions.add(counter, System.nanoTime(), cost);
            return true;
        }

        /** Takes {@code amount} off this interval's count (Binance's unfilled order count at a first fill). */
        public synchronized void release(String counter, long amount) {
            long[] current = current(counter);
            current[1] = Math.max(0, current[1] - amount);
        }

        /** What this interval holds so far. */
        public synchronized long used(String counter) {
            return current(counter)[1];
        }

        /** Whole seconds until the interval ends, at least 1: Binance's Retry-After. */
        public long secondsLeft() {
            long now = clockMillis.getAsLong();
            long end = (now / intervalMs + 1) * intervalMs;
            return Math.max(1, (end - now + 999) / 1000);
        }

        public long limit() {
            return limit;
        }

        public Duration interval() {
            return Duration.ofMillis(intervalMs);
        }

        @Override
        public String model() {
            return limit + " per " + seconds(intervalMs * 1_000_000) + ", clock-aligned";
        }

        @Override
        public Duration measured(Duration run) {
            return wholePeriods(run, intervalMs * 1_000_000);
        }

        /**
         * The documented rate, the limit per interval. Intervals aligned to the clock let up to one limit more
         * through around a boundary; a client that keeps every span of an interval within the limit (as the
         * bridge does, safe whichever way the exchange runs its window) forgoes that, on purpose.
         */
        @Override
        public double allowance(Duration measured) {
            return (double) limit * measured.toMillis() / intervalMs;
        }

        @Override
        public Map<String, Double> admitted(long fromNanos, long toNanos) {
            return admissions.between(fromNanos, toNanos);
        }

        /** {interval index, used}, started afresh when a new interval has begun. */
        private long[] current(String counter) {
            long interval = clockMillis.getAsLong() / intervalMs;
            long[] current = used.computeIfAbsent(counter, c -> new long[] {interval, 0});
            if (current[0] != interval) {
                current[0] = interval;
                current[1] = 0;
            }
            return current;
        }
    }

    /**
     * A counter raised by each call's cost and lowered steadily at {@code decayPerSecond}, never below 0,
     * refusing a call that would take it above {@code maximum} (Kraken's call counter per key, its trading
     * counter per pair). Kraken lowers it "every couple of seconds"; this judge lowers it continuously.
     */
    public static final class Decaying implements Judge {

        private static final class State {
            double value;
            long at;
        }

        private final double maximum;
        private final double decayPerSecond;
        private final double decayPerNano;
        private final Map<String, State> counters = new HashMap<>();
        private final Admissions admissions = new Admissions();

        public Decaying(double maximum, double decayPerSecond) {
            this.maximum = maximum;
            this.decayPerSecond = decayPerSecond;
            this.decayPerNano = decayPerSecond / 1e9;
        }

        /** Counts the call and says true, or says false and counts nothing when it would go over. */
        public synchronized boolean admit(String counter, double cost) {
            long now = System.nanoTime();
            State state = counters.computeIfAbsent(counter, c -> new State());
            if (state.at == 0) {
                state.at = now;
            }
            state.value = Math.max(0, state.value - (now - state.at) * decayPerNano);
            state.at = now;
            if (state.value + cost > maximum + 1e-9) {
                return false;
            }
            state.value += cost;
            admissions.add(counter, now, cost);
            return true;
        }

        @Override
        public String model() {
            return "at most " + BigDecimal.valueOf(maximum).stripTrailingZeros().toPlainString() + ", less "
                    + BigDecimal.valueOf(decayPerSecond).stripTrailingZeros().toPlainString() + " per s";
        }

        @Override
        public Duration measured(Duration run) {
            return run;
        }

        /** From zero: up to the maximum at once, then as fast as it decays. */
        @Override
        public double allowance(Duration measured) {
            return maximum + decayPerNano * measured.toNanos();
        }

        @Override
        public Map<String, Double> admitted(long fromNanos, long toNanos) {
            return admissions.between(fromNanos, toNanos);
        }
    }
}
