package io.fmzbridge.call;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Lets the circuit breaker see an HTTP 5xx as a failure without losing the reply it carried.
 * An exchange that answers some refusals with a 5xx (Bitfinex: {@code ["error",10020,"symbol: invalid"]}
 * under HTTP 500) gets an instance of its own that knows those bodies: a refusal is the exchange
 * working, and must not open the breaker that also guards its orders and cancels.
 */
public final class ServerErrors {

    /** Exchange property: the HTTP 5xx status the exchange answered, when it did. */
    public static final String STATUS_PROPERTY = "exchangeServerError";

    /** Recognises a 5xx body in which the exchange refuses the request rather than fails. */
    @FunctionalInterface
    public interface Refusals {
        boolean isRefusal(byte[] body);
    }

    private final Refusals refusals;

    /** Every 5xx is the exchange failing. */
    public ServerErrors() {
        this(body -> false);
    }

    public ServerErrors(Refusals refusals) {
        this.refusals = refusals;
    }

    /** Inside the breaker: an HTTP 5xx reply that is not a refusal becomes a failure. */
    public void raise(Exchange exchange) {
        Message message = exchange.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status >= 500) {
            byte[] body = message.getBody(byte[].class);
            message.setBody(body); // read once: the reader gets the same bytes
            if (!refusals.isRefusal(body)) {
                throw new ExchangeUnavailable(status, body);
            }
        }
    }

    /** After the breaker: the reply goes on to the exchange's reader as if nothing had been raised. */
    public void restore(Exchange exchange) {
        ExchangeUnavailable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ExchangeUnavailable.class);
        exchange.setProperty(STATUS_PROPERTY, failure.status());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, failure.status());
        exchange.getMessage().setBody(failure.body());
    }
}
