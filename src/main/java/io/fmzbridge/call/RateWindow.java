package io.fmzbridge.call;

/**
 * At most {@code calls} per {@code period} for one rate key, as a rolling window: each call reserves
 * the earliest time at which the window has room, in the order calls ask, so waits are first come,
 * first served and known before anyone sleeps. Keeps the latest {@code calls} reserved starts in
 * time order: a call held for an endpoint's own window reserves a start later than calls that ask
 * after it, and counting from that one instead of the earliest would hold those calls for nothing.
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

    /** Counts a call starting at {@code at} (no earlier than {@link #earliest} gave). */
    void reserve(long at) {
        if (used == starts.length) {
            oldest = (oldest + 1) % starts.length;
            used--;
        }
        // nearly always the latest start, so the loop ends at once; otherwise it moves later ones up
        int slot = used;
        while (slot > 0 && starts[index(slot - 1)] > at) {
            starts[index(slot)] = starts[index(slot - 1)];
            slot--;
        }
        starts[index(slot)] = at;
        used++;
    }

    private int index(int position) {
        return (oldest + position) % starts.length;
    }
}
