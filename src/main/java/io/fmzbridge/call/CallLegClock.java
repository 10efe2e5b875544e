package io.fmzbridge.call;

import io.fmzbridge.observe.CallMetrics;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Clock readings in the call leg every exchange shares (exchange-call.camel.yaml): on entering
 * the bridge's rate limit, on leaving it (the wait, and the request's start), and when the
 * request is over (its latency by HTTP status, IO_ERROR when no reply came). A call the open
 * breaker refused sent no request and is not timed as one.
 */
public final class CallLegClock implements Processor {

    public enum Reading { LIMIT_ENTERED, LIMIT_LEFT, REQUEST_DONE }

    private static final String LIMIT_ENTERED_AT = "limitEnteredNanos";
    private static final String REQUEST_SENT_AT = "requestSentNanos";

    private final CallMetrics metrics;
    private final Reading reading;

    public CallLegClock(CallMetrics metrics, Reading reading) {
        this.metrics = metrics;
        this.reading = reading;
    }

    @Override
    public void process(Exchange exchange) {
        long now = System.nanoTime();
        switch (reading) {
            case LIMIT_ENTERED -> exchange.setProperty(LIMIT_ENTERED_AT, now);
            case LIMIT_LEFT -> {
                Long entered = exchange.getProperty(LIMIT_ENTERED_AT, Long.class);
                if (entered != null) {
                    metrics.rateLimitWait(exchangeOf(exchange), now - entered);
                }
                exchange.setProperty(REQUEST_SENT_AT, now);
            }
            case REQUEST_DONE -> requestDone(exchange, now);
        }
    }

    private void requestDone(Exchange exchange, long now) {
        Long sent = exchange.getProperty(REQUEST_SENT_AT, Long.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (sent == null || status == null && refusedByBreaker(exchange)) {
            return;
        }
        metrics.exchangeRequest(exchangeOf(exchange), status == null ? "IO_ERROR" : status.toString(), now - sent);
    }

    private static boolean refusedByBreaker(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CallNotPermittedException) {
                return true;
            }
        }
        return false;
    }

    private static String exchangeOf(Exchange exchange) {
        return exchange.getProperty(HttpRequestStep.EXCHANGE_PROPERTY, "unknown", String.class);
    }
}
