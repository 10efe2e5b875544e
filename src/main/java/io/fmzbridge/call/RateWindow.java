package io.fmzbridge.call;

/**
 * At most {@code calls} per {@code period} for one rate key, as a rolling window: each call reserves
 * the earliest time at which the window has room, in the order calls ask, so waits are first come,
 * first served and known before anyone sleeps. Keeps the start of each of the last {@code calls} calls.
 * Callers hold the window's monitor around {@link #earliest} and {@link #reserve}.
 */
final class RateWindow {

    private final long[] starts;
    private final long periodNanos;
    private int oldest;
    private int used;

    RateWindow(int calls, long periodNanos) {
        this.starts = new long[calls];
        this.periodNanos = periodNanos;
    }

    /** The earliest {@link System#nanoTime()} at or after {@code now} at which one more call fits. */
    long earliest(long now) {
        if (used < starts.length) {
            return now;
        }
        return Math.max(now, starts[oldest] + periodNanos);
    }

    /** Counts a call starting at {@code at} (as {@link #earliest} gave it). */
    void reserve(long at) {
        if (used < starts.length) {
            starts[(oldest + used++) % starts.length] = at;
        } else {
            starts[oldest] = at;
            oldest = (oldest + 1) % starts.length;
        }
    }
}
