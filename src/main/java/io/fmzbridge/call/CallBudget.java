package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzCall;
import java.time.Duration;
import org.apache.camel.Exchange;

/**
 * How long one FMZ call may take in all ({@code fmz.call.total-timeout-ms}), counted from its arrival:
 * the bridge's own waits (its rate limit, a nonce turn, the look-ups after a lost order reply) end
 * by this deadline, so the caller is answered before its own timeout. A call that did not come
 * through the gateway (a scheduled job's) gets the budget from when it asks.
 */
public final class CallBudget {

    private final long budgetNanos;

    public CallBudget(Duration budget) {
        this.budgetNanos = budget.toNanos();
    }

    /** The {@link System#nanoTime()} by which this call must be answered. */
    public long deadline(Exchange exchange) {
        Long received = exchange.getProperty(FmzCall.RECEIVED_PROPERTY, Long.class);
        return (received != null ? received : System.nanoTime()) + budgetNanos;
    }

    /** Milliseconds left before the deadline, 0 once it has passed. */
    public long leftMillis(Exchange exchange) {
        return Math.max(0, Duration.ofNanos(deadline(exchange) - System.nanoTime()).toMillis());
    }

    /** Lets a call made on behalf of this one (an order look-up) share its deadline. */
    public static void inherit(Exchange from, Exchange to) {
        Object received = from.getProperty(FmzCall.RECEIVED_PROPERTY);
        if (received != null) {
            to.setProperty(FmzCall.RECEIVED_PROPERTY, received);
        }
    }
}
