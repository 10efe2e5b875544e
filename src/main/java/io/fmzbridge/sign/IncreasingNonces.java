package io.fmzbridge.sign;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nonces that only go up, one sequence per API key, for exchanges that refuse a nonce not above the
 * last one they saw (Kraken, Bitfinex). Each nonce is the clock reading, so a restarted bridge carries
 * on above the nonces it used before; when two calls read the same tick, or the measured exchange
 * clock steps back, the nonce is one above the last instead.
 */
public final class IncreasingNonces {

    private final Map<String, AtomicLong> lastByKey = new ConcurrentHashMap<>();

    /** The next nonce for {@code apiKey}: {@code clockReading}, or one above the last if that is not lower. */
    public long next(String apiKey, long clockReading) {
        return lastByKey.computeIfAbsent(apiKey, key -> new AtomicLong())
                .accumulateAndGet(clockReading, (last, now) -> Math.max(last + 1, now));
    }
}
