package io.fmzbridge.sign;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How a scheme writes the request time it signs: what a route file names as {@code timestamp}. */
public enum TimestampFormat {

    /** Unix milliseconds, {@code 1695808949356}: Bitget, Binance, KuCoin. */
    MILLIS,
    /** Unix seconds, {@code 1695808949}. */
    SECONDS,
    /** ISO-8601 UTC with milliseconds, {@code 2020-12-08T09:08:57.715Z}: OKX. */
    ISO_MILLIS;

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public String format(Instant now) {
        return switch (this) {
            case MILLIS -> Long.toString(now.toEpochMilli());
            case SECONDS -> Long.toString(now.getEpochSecond());
            case ISO_MILLIS -> ISO.format(now);
        };
    }

    /** {@code millis}, {@code seconds} or {@code iso-millis}, as a route file writes it. */
    public static TimestampFormat named(String name) {
        for (TimestampFormat format : values()) {
            if (format.name().replace('_', '-').equalsIgnoreCase(name.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("timestamp must be millis, seconds or iso-millis, not '" + name + "'");
    }
}
