package io.fmzbridge.stub;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
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
     * At most {@code limit} (calls, or weight) in any span of {@code period}, by arrival: the strictest
     * reading of "N per period" when an exchange does not say how its window runs (OKX).
     */
    public static final class Sliding {

        private record Arrival(long at, long cost) {}

        private final long limit;
        private final long periodNanos;
        private final Map<String, Deque<Arrival>> arrivals = new HashMap<>();

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
            arrivals.get(counter).addLast(new Arrival(System.nanoTime(), cost));
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
    }

    /**
     * At most {@code limit} per interval aligned to the clock (Binance: "a 1 MINUTE interval starts every
     * minute", the 10 s interval "resets at 00, 10, 20... seconds", the day at 00:00 UTC), by arrival.
     */
    public static final class Aligned {

        private final long limit;
        private final long intervalMs;
        private final LongSupplier clockMillis;
        private final Map<String, long[]> used = new HashMap<>();

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
    public static final class Decaying {

        private static final class State {
            double value;
            long at;
        }

        private final double maximum;
        private final double decayPerNano;
        private final Map<String, State> counters = new HashMap<>();

        public Decaying(double maximum, double decayPerSecond) {
            this.maximum = maximum;
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
            return true;
        }
    }
}
