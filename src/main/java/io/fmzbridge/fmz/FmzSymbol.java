package io.fmzbridge.fmz;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An FMZ symbol: {@code BTC_USDT} for spot, {@code BTC_USDT.swap} for a contract. FMZ sends it in
 * either case; the pair is upper case, the contract suffix lower case.
 */
public record FmzSymbol(String base, String quote, String contract) {

    private static final Pattern FORMAT = Pattern.compile("([A-Z0-9]{1,20})_([A-Z0-9]{1,20})(?:\\.([a-z_]{1,20}))?");

    public static FmzSymbol parse(String text) {
        if (text == null || text.isBlank()) {
            throw new FmzError("missing parameter 'symbol' (expected BASE_QUOTE like BTC_USDT)");
        }
        int dot = text.indexOf('.');
        String pair = (dot < 0 ? text : text.substring(0, dot)).toUpperCase(java.util.Locale.ROOT);
        String suffix = dot < 0 ? "" : text.substring(dot).toLowerCase(java.util.Locale.ROOT);
        Matcher m = FORMAT.matcher(pair + suffix);
        if (!m.matches()) {
            throw new FmzError("malformed symbol '" + printable(text) + "' (expected BASE_QUOTE like BTC_USDT)");
        }
        return new FmzSymbol(m.group(1), m.group(2), m.group(3));
    }

    public boolean isSpot() {
        return contract == null;
    }

    /** The pair with the exchange's separator: {@code join("-")} gives {@code BTC-USDT}. */
    public String join(String separator) {
        return base + separator + quote;
    }

    @Override
    public String toString() {
        return contract == null ? base + "_" + quote : base + "_" + quote + "." + contract;
    }

    /** Echo user input in an error without letting it flood or forge the message. */
    public static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return cut.replaceAll("[^\\x20-\\x7E…]", "?");
    }
}
