package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzError;

/**
 * An endpoint's own documented limit, as its route declares it next to the endpoint:
 * {@code endpointLimit} "20/2000 per ip" is 20 calls per 2000 ms from this bridge, "60/2000 per key+symbol"
 * 60 per API key and instrument (OKX's order placement), "10/2000" 10 counted the caller's way (per key
 * when signed, with the other public calls when not). Counted for that endpoint alone, one call each.
 */
final class EndpointLimit {

    /** Where an endpoint's limit is declared, as refusals name it. */
    static final String SOURCE = "its route's endpointLimit";

    private EndpointLimit() {
    }

    static RateLimit parse(String endpoint, String declared) {
        if (endpoint == null) {
            throw new FmzError("endpointLimit " + declared + " is declared without an endpoint");
        }
        return RateLimit.parse(endpoint, declared, SOURCE, "endpointLimit of " + endpoint);
    }
}
