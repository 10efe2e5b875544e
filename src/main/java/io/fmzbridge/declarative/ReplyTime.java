package io.fmzbridge.declarative;

import java.util.Locale;

/** How an exchange writes the times in its replies: what a route file names as {@code timeUnit}. */
enum ReplyTime {

    /** Unix milliseconds, as a number or a numeric string. */
    MS,
    /** Unix seconds, fractions allowed ({@code 1700000000.123}). */
    S,
    /** ISO-8601 text, {@code 2024-01-02T03:04:05.678Z}. */
    ISO;

    static ReplyTime named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "ms" -> MS;
            case "s" -> S;
            case "iso" -> ISO;
            default -> throw new IllegalArgumentException("timeUnit must be ms, s or iso, not '" + name + "'");
        };
    }
}
