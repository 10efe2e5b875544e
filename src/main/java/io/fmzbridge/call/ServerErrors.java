package io.fmzbridge.call;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Lets the circuit breaker see an HTTP 5xx as a failure without losing the reply it carried. */
public final class ServerErrors {

    /** Exchange property: the HTTP 5xx status the exchange answered, when it did. */
    public static final String STATUS_PROPERTY = "exchangeServerError";

    /** Inside the breaker: an HTTP 5xx reply becomes a failure. */
    public void raise(Exchange exchange) {
        Message message = exchange.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status >= 500) {
            throw new ExchangeUnavailable(status, message.getBody(byte[].class));
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
