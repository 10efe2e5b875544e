package io.fmzbridge.gateway;

import io.fmzbridge.call.AllowanceRefused;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.TruncatedChunkException;

/**
 * Words for every way a call can fail. Only messages written here reach the strategy: a library's
 * exception text can quote URLs, headers or bodies, so it is never passed through.
 */
final class FailureMessages {

    private FailureMessages() {
    }

    /** @param call the exchange call under way, or null when the failure came before it */
    static String describe(Throwable failure, RestCall call) {
        String during = call == null ? "" : " (" + call.describe() + ")";
        Throwable cause = rootOf(failure);
        if (failure instanceof FmzError || cause instanceof FmzError) {
            return (failure instanceof FmzError ? failure : cause).getMessage();
        }
        if (cause instanceof CallNotPermittedException) {
            return "calls to the exchange are paused after repeated failures; they resume by themselves once it recovers";
        }
        if (cause instanceof ConnectTimeoutException) {
            return "exchange did not accept a connection in time" + during;
        }
        if (cause instanceof SocketTimeoutException) {
            return "exchange did not reply in time" + during;
        }
        if (cause instanceof ConnectException) {
            return "cannot connect to the exchange: connection refused" + during;
        }
        if (cause instanceof UnknownHostException) {
            return "cannot resolve the exchange's host name" + during;
        }
        if (cause instanceof NoHttpResponseException || cause instanceof ConnectionClosedException
                || cause instanceof TruncatedChunkException || cause instanceof java.net.SocketException) {
            return "exchange closed the connection before the reply was complete" + during;
        }
        if (cause instanceof DirectConsumerNotAvailableException) {
            return "exchange route is not running";
        }
        if (cause instanceof java.io.IOException) {
            return "network error talking to the exchange: " + cause.getClass().getSimpleName() + during;
        }
        return "internal error: " + cause.getClass().getSimpleName() + during;
    }

    static boolean isExpected(Throwable failure) {
        Throwable cause = rootOf(failure);
        return failure instanceof FmzError || cause instanceof FmzError || cause instanceof java.io.IOException
                || cause instanceof CallNotPermittedException;
    }

    /** The bridge's own rate limit refused the call (over the limit with fmz.call.rate-limit-reject, or past the call's budget). */
    static boolean isBridgeRateLimit(Throwable failure) {
        return failure != null && rootOf(failure) instanceof AllowanceRefused;
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof FmzError)) {
            cause = cause.getCause();
        }
        return cause;
    }
}
