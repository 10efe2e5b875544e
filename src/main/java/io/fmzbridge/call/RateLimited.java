package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzError;

/**
 * An exchange said "rate limit" in its reply body rather than (or as well as) with HTTP 429: Kraken's
 * {@code EAPI:Rate limit exceeded} under HTTP 200, Coinone's error code 4. Thrown by the exchange's
 * reply reader with its error text; the call leg then holds this caller's calls as after a 429
 * ({@link RateLimitBackoff#honour}).
 */
public class RateLimited extends FmzError {

    public RateLimited(String message) {
        super(message);
    }
}
