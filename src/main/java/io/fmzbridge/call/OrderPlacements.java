package io.fmzbridge.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.PlacedOrder;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An order is never placed twice and never lost. An exchange's {@code trade} branch names the
 * client order id it sends (property {@value #CLIENT_ORDER_ID}), sends through {@link #sendOnce}
 * and hands any failure to {@link #recover}:
 * <ul>
 * <li>a client order id this bridge already sent is not sent again (a retried FMZ request); one that
 * never left (the bridge's limits or breaker refused it, no connection was made) is forgotten, so the
 * strategy may try again;</li>
 * <li>when the reply to a placement is lost (timeout, reset, HTTP 5xx) the order may exist, so it is
 * looked up by its client order id through the exchange's own {@code order} method, which must
 * accept the parameter {@value #CLIENT_ORDER_ID}; the strategy gets the real order id, or an error
 * that says the outcome is unknown and names the client order id, within the FMZ call's
 * {@link CallBudget};</li>
 * <li>a clear answer (a rejection, a connection never made) stands as it is.</li>
 * </ul>
 */
public final class OrderPlacements {

    /** Exchange property, and {@code order} parameter, holding the client order id. */
    public static final String CLIENT_ORDER_ID = "clientOrderId";

    private static final Logger LOG = LoggerFactory.getLogger(OrderPlacements.class);
    private static final int REMEMBERED = 100_000;

    private final Map<String, Instant> sent = new ConcurrentHashMap<>();
    private final Duration rememberFor;
    private final int lookups;
    private final Duration lookupPause;
    private final Clock clock;
    private final CallBudget budget;
    private volatile ProducerTemplate producer;

    public OrderPlacements(Duration rememberFor, int lookups, Duration lookupPause, Clock clock, CallBudget budget) {
        this.rememberFor = rememberFor;
        this.lookups = lookups;
        this.lookupPause = lookupPause;
        this.clock = clock;
        this.budget = budget;
    }

    /** Right before the placement goes to the call leg: refuses to send a client order id twice. */
    public void sendOnce(Exchange exchange) {
        // set by the call leg once this placement is about to be written; an earlier call's does not count
        exchange.removeProperty(HttpRequestStep.LEAVING_PROPERTY);
        String key = key(exchange);
        Instant now = clock.instant();
        if (sent.putIfAbsent(key, now) != null) {
            throw new AlreadySent();
        }
        if (sent.size() > REMEMBERED) {
            sent.values().removeIf(at -> at.isBefore(now.minus(rememberFor)));
        }
    }

    /** After a failed placement: looks the order up when its fate is unknown, else rethrows. */
    public FmzReply recover(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (neverLeft(failure, exchange)) {
            sent.remove(key(exchange));
            throw failure;
        }
        if (!outcomeUnknown(failure, exchange)) {
            throw failure;
        }
        FmzRequest trade = exchange.getProperty(FmzCall.REQUEST_PROPERTY, FmzRequest.class);
        String clientOrderId = exchange.getProperty(CLIENT_ORDER_ID, String.class);
        LOG.info("{} order reply lost or order resent ({}); looking up client order id {}",
                trade.exchange(), failure.getClass().getSimpleName(), clientOrderId);
        // each look-up waits for the key's allowance like any call, and none starts past the budget
        for (int attempt = 1; attempt <= lookups && budget.leftMillis(exchange) > 0; attempt++) {
            Exchange lookup = lookUp(exchange, trade, clientOrderId);
            if (lookup.getException() == null && lookup.getMessage().getBody() instanceof FmzReply found
                    && found.data() instanceof Order order) {
                return FmzReply.of(new PlacedOrder(order.id()), found.raw());
            }
            if (attempt < lookups && budget.leftMillis(exchange) > lookupPause.toMillis()) {
                Thread.sleep(lookupPause.toMillis());
            } else {
                break;
            }
        }
        throw new FmzError("order outcome unknown (" + cause(failure, exchange) + "): no order with client order id "
                + clientOrderId + " is visible yet; check GetOrders before placing it again");
    }

    private Exchange lookUp(Exchange exchange, FmzRequest trade, String clientOrderId) {
        ObjectNode params = FmzJson.MAPPER.createObjectNode();
        params.put("symbol", trade.param("symbol"));
        params.put(CLIENT_ORDER_ID, clientOrderId);
        FmzRequest order = trade.withCall("order", params);
        return producer(exchange).send("direct:" + trade.exchange(), lookup -> {
            CallBudget.inherit(exchange, lookup);
            lookup.setProperty(FmzCall.REQUEST_PROPERTY, order);
            lookup.setProperty(FmzCall.EXCHANGE_PROPERTY, trade.exchange());
            lookup.setProperty(FmzCall.METHOD_PROPERTY, order.method());
            lookup.getMessage().setBody(order);
        });
    }

    private static String cause(Throwable failure, Exchange exchange) {
        if (failure instanceof AlreadySent) {
            return "this request was sent before";
        }
        if (failure instanceof OutcomeUnknown) {
            return failure.getMessage();
        }
        Object status = exchange.getProperty(ServerErrors.STATUS_PROPERTY);
        return status != null ? "HTTP " + status + " from the exchange" : "no complete reply from the exchange";
    }

    /**
     * The placement was never written: refused before the call leg wrote it (the bridge's limits, the
     * exchange's 429 pause, a signing error) or by the open breaker, or no connection was made.
     */
    private static boolean neverLeft(Throwable failure, Exchange exchange) {
        if (failure instanceof AlreadySent) {
            return false; // the earlier request's id, which did leave
        }
        if (exchange.getProperty(HttpRequestStep.LEAVING_PROPERTY) == null) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CallNotPermittedException || cause instanceof ConnectException
                    || cause instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Sent and then silence, or a server error: the order may or may not exist. */
    private static boolean outcomeUnknown(Throwable failure, Exchange exchange) {
        if (failure instanceof AlreadySent || failure instanceof OutcomeUnknown
                || exchange.getProperty(ServerErrors.STATUS_PROPERTY) != null) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private ProducerTemplate producer(Exchange exchange) {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = exchange.getContext().createProducerTemplate();
                }
            }
        }
        return producer;
    }

    private static String key(Exchange exchange) {
        return exchange.getProperty(FmzCall.EXCHANGE_PROPERTY, String.class) + ":"
                + exchange.getProperty(CLIENT_ORDER_ID, String.class);
    }

    /** This client order id went out before: the order is looked up, not placed again. */
    static final class AlreadySent extends RuntimeException {
        AlreadySent() {
            super("client order id already sent", null, false, false);
        }
    }
}
