package io.fmzbridge.status;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * A timer's histogram as a Prometheus scrape shows it: how many values fell at or under each bound,
 * counted since start, and their sum. Two readings apart give what happened between them, and a
 * quantile is read off the buckets as Prometheus's {@code histogram_quantile} does, so the page and a
 * dashboard over the same meters agree.
 */
record Buckets(double[] boundsMs, long[] atOrUnder, long count, double sumMs) {

    static final Buckets NONE = new Buckets(new double[0], new long[0], 0, 0);

    static Buckets of(Timer timer) {
        HistogramSnapshot snapshot = timer.takeSnapshot();
        CountAtBucket[] buckets = snapshot.histogramCounts();
        double[] bounds = new double[buckets.length];
        long[] counts = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
            counts[i] = (long) buckets[i].count();
        }
        return new Buckets(bounds, counts, snapshot.count(), snapshot.total(TimeUnit.MILLISECONDS));
    }

    /** Both together; timers of one meter name share their bounds. */
    Buckets plus(Buckets other) {
        if (other.count == 0 && other.boundsMs.length == 0) {
            return this;
        }
        if (count == 0 && boundsMs.length == 0) {
            return other;
        }
        long[] counts = atOrUnder.clone();
        for (int i = 0; i < counts.length && i < other.atOrUnder.length; i++) {
            counts[i] += other.atOrUnder[i];
        }
        return new Buckets(boundsMs, counts, count + other.count, sumMs + other.sumMs);
    }

    /** What was counted after {@code earlier}, a reading of the same meters. */
    Buckets minus(Buckets earlier) {
        if (earlier.boundsMs.length == 0) {
            return this;
        }
        long[] counts = atOrUnder.clone();
        for (int i = 0; i < counts.length && i < earlier.atOrUnder.length; i++) {
            counts[i] -= earlier.atOrUnder[i];
        }
        return new Buckets(boundsMs, counts, count - earlier.count, sumMs - earlier.sumMs);
    }

    /** How many values lay above this bound (which must be one of the bounds). */
    long over(double boundMs) {
        for (int i = 0; i < boundsMs.length; i++) {
            if (boundsMs[i] >= boundMs) {
                return count - atOrUnder[i];
            }
        }
        return 0;
    }

    /**
     * The q-quantile in milliseconds, interpolated linearly within its bucket; the highest bound when it
     * lies above all of them; null without values.
     */
    Double quantileMs(double q) {
        if (count <= 0 || boundsMs.length == 0) {
            return null;
        }
        double rank = q * count;
        long below = 0;
        double lower = 0;
        for (int i = 0; i < boundsMs.length; i++) {
            if (atOrUnder[i] >= rank && atOrUnder[i] > below) {
                return lower + (boundsMs[i] - lower) * (rank - below) / (atOrUnder[i] - below);
            }
            below = atOrUnder[i];
            lower = boundsMs[i];
        }
        return boundsMs[boundsMs.length - 1];
    }
}
