package io.fmzbridge.call;

/**
 * One counter of a {@link RateLimit}: the calls of one scope (a key, the public calls, every call) as
 * the exchange counts them. Times are {@link System#nanoTime()} readings; every method is called under
 * the lock of the {@link ExchangeLimits} that owns the counter.
 */
sealed interface LimitCounter permits RollingWindow, DecayingCounter {

    /** The most one call may cost here: a call costing more could never go. */
    long capacity();

    /** Whether {@code amount} more fits now. */
    boolean fits(long now, long amount);

    /**
     * The earliest time {@code amount} more could fit, as far as can be known now: never later than the
     * real time (a call still under way may reply at once), so a wait beyond it is certain.
     */
    long earliest(long now, long amount);

    /** Counts a call of this cost sent now; what it returns is given back to {@link #replied} or {@link #unsent}. */
    Object take(long now, long cost);

    /** The call's reply came (or it failed) now. */
    void replied(Object taken, long now);

    /** The call never left the bridge: it does not count. */
    void unsent(Object taken, long now);

    /** The exchange says {@code used} is spent: counted here when more than this counter knows of. */
    void countUsed(long used, long now);

    /** What is left now, for the metric. */
    long remaining(long now);
}
