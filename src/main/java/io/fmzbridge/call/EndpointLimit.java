package io.fmzbridge.call;

import java.util.concurrent.TimeUnit;

/**
 * An endpoint's own documented allowance, lower than its exchange's, as its route declares it next to
 * the endpoint: {@code endpointLimit} "10/2000" is 10 calls per 2000 ms. Counted like the exchange's
 * window (per API key for signed calls, shared for public ones), for that endpoint alone.
 */
record EndpointLimit(String endpoint, String declared, int calls, long periodMs) {

    static EndpointLimit parse(String endpoint, String declared) {
        if (endpoint == null) {
            throw new IllegalStateException("endpointLimit " + declared + " is declared without an endpoint");
        }
        int slash = declared.indexOf('/');
        try {
            int calls = Integer.parseInt(declared.substring(0, Math.max(slash, 0)).trim());
            long periodMs = Long.parseLong(declared.substring(slash + 1).trim());
            if (calls > 0 && periodMs > 0) {
                return new EndpointLimit(endpoint, declared, calls, periodMs);
            }
        } catch (NumberFormatException notANumber) {
            // answered below, with what was expected
        }
        throw new IllegalStateException("endpointLimit of " + endpoint + " must be <calls>/<period in ms>, "
                + "both positive (10/2000), not " + declared);
    }

    /** Calls on one key and endpoint share a window; the declared figures are part of its name. */
    String windowKey(String rateKey) {
        return rateKey + ' ' + endpoint + ' ' + declared;
    }

    RateWindow window() {
        return new RateWindow(calls, TimeUnit.MILLISECONDS.toNanos(periodMs));
    }

    @Override
    public String toString() {
        return endpoint + " (" + calls + (calls == 1 ? " call" : " calls") + " per " + periodMs + " ms)";
    }
}
