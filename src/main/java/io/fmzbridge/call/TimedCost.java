package io.fmzbridge.call;

/**
 * A call's cost that falls as time passes, set as the {@code endpointCost} property in place of its
 * text: Kraken's cancel spends less of its pair's counter the older the order is. A call waiting for
 * room is weighed again each time it looks, so it spends what it costs when it is sent.
 */
public interface TimedCost {

    /** The limit it is spent on, as the exchange's limits name it ({@code trading}). */
    String limit();

    /** What the call spends when sent at this {@link System#nanoTime()}; never more than at an earlier time. */
    long at(long nanoTime);
}
