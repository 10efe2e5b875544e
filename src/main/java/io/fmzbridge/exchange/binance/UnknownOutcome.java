package io.fmzbridge.exchange.binance;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * Words for a call whose result Binance did not tell: rest-api.md "HTTP Return Codes" — on a 5XX "the
 * execution status is UNKNOWN and could have been a success" — and the same holds for -1007 TIMEOUT and
 * for a reply lost on the way back. For an order placement the strategy must look before it places again,
 * so the message says so and names the client order id the order would carry.
 */
final class UnknownOutcome {

    static final String PLACEMENT = "POST /api/v3/order";

    private UnknownOutcome() {
    }

    static boolean isPlacement(RestCall call) {
        return call != null && call.describe().equals(PLACEMENT);
    }

    /** Whether a call changes something at Binance (places, cancels), so an unknown outcome matters. */
    static boolean isWrite(RestCall call) {
        return call != null && !call.verb().equals("GET");
    }

    static String describe(String what, RestCall call) {
        if (isPlacement(call)) {
            String clientId = param(call.query(), "newClientOrderId");
            return what + ": outcome unknown, the order may or may not have been placed; check GetOrders"
                    + (clientId == null ? "" : " (newClientOrderId " + clientId + ")") + " before placing it again";
        }
        return what + ": outcome unknown, " + call.describe() + " may or may not have taken effect; check before repeating it";
    }

    /**
     * In the doCatch around an order placement: a failure before the request left (refused, no connection
     * in time, unknown host) placed nothing and keeps its own words; anything later is an unknown outcome.
     */
    static void lostReply(Exception failure, RestCall call) throws Exception {
        if (neverSent(failure)) {
            throw failure;
        }
        throw new FmzError(describe("no complete reply (timeout or lost connection)", call));
    }

    private static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof ConnectTimeoutException || cause instanceof ConnectionRequestTimeoutException) {
                return true;
            }
            if (cause instanceof InterruptedIOException) {
                return false; // a response timeout: the request went out
            }
        }
        return false;
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
