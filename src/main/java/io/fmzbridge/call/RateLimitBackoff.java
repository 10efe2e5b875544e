package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.observe.CallMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;

/**
 * Backs off when an exchange says "too many requests" (HTTP 429, or 418 for an IP ban): calls with
 * the same rate key are answered at once until the exchange's {@code Retry-After} has passed
 * (a default pause when it gives none), instead of hammering it into a longer ban.
 */
public final class RateLimitBackoff {

    private final Clock clock;
    private final CallMetrics metrics;
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    public RateLimitBackoff(Clock clock, CallMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Before the call: refuse while the exchange has asked this caller to wait. */
    public void check(Exchange exchange) {
        String key = exchange.getProperty(HttpRequestStep.RATE_KEY_PROPERTY, String.class);
        Instant until = key == null ? null : pausedUntil.get(key);
        if (until == null) {
            return;
        }
        long leftMs = Duration.between(clock.instant(), until).toMillis();
        if (leftMs <= 0) {
            pausedUntil.remove(key, until);
            return;
        }
        metrics.rateLimitRefusal(exchange.getProperty(HttpRequestStep.EXCHANGE_PROPERTY, "unknown", String.class),
                "exchange-backoff");
        throw new FmzError("rate limited by the exchange; the bridge holds calls for another " + leftMs + " ms");
    }

    /**
     * After the exchange's reader refused the reply: when it was a rate limit (HTTP 429/418, or a
     * {@link RateLimited} code in the body) this rate key pauses for the exchange's Retry-After, else
     * for {@code pauseMs}, the exchange's own pause (fmz.exchange.&lt;id&gt;.rate-limit-pause-ms). The
     * reader's error then goes on to the caller unchanged.
     */
    public void honour(Exchange exchange, long pauseMs) throws Exception {
        Exception refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        boolean tooMany = status != null && (status == 429 || status == 418);
        String key = exchange.getProperty(HttpRequestStep.RATE_KEY_PROPERTY, String.class);
        if (key != null && (tooMany || refused instanceof RateLimited)) {
            Instant now = clock.instant();
            String retryAfter = exchange.getMessage().getHeader("Retry-After", String.class);
            Duration pause = retryAfter(retryAfter, now, Duration.ofMillis(pauseMs));
            // the latest rate-limit reply decides how long the pause is
            pausedUntil.put(key, now.plus(pause));
        }
        throw refused;
    }

    /**
     * Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3); without one, or with one that reads as
     * neither, the exchange's own pause.
     */
    private static Duration retryAfter(String header, Instant now, Duration exchangePause) {
        if (header == null || header.isBlank()) {
            return exchangePause;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return exchangePause;
            }
        }
    }
}
