package io.fmzbridge.fmz;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of contracts as FMZ names it where a method takes one ({@code GetPositions("USDT.swap")}):
 * the margin currency and whether perpetual ({@code swap}) or delivery ({@code futures}) contracts.
 * {@code USDT.swap} is every USDT-margined perpetual, {@code USD.futures} every coin-margined
 * delivery contract.
 */
public record ContractRange(String margin, boolean perpetual) {

    private static final Pattern FORMAT = Pattern.compile("([A-Z0-9]{1,20})\\.(swap|futures)");

    /** Whether the text is a range rather than a symbol: a currency, a dot and swap or futures. */
    public static boolean isRange(String text) {
        return text != null && FORMAT.matcher(normal(text)).matches();
    }

    public static ContractRange parse(String text) {
        Matcher m = FORMAT.matcher(normal(text));
        if (!m.matches()) {
            throw new FmzError("malformed contract range '" + FmzSymbol.printable(text)
                    + "' (expected USDT.swap, USD.swap, USDT.futures or USD.futures)");
        }
        return new ContractRange(m.group(1), m.group(2).equals("swap"));
    }

    /** Whether a contract belongs to the range: its quote (the margin of a USDT or USD contract) and its kind. */
    public boolean contains(FmzSymbol contract) {
        return !contract.isSpot() && contract.quote().equals(margin)
                && (ContractType.SWAP.code().equals(contract.contract()) == perpetual);
    }

    private static String normal(String text) {
        String trimmed = text == null ? "" : text.trim();
        int dot = trimmed.indexOf('.');
        return dot < 0 ? trimmed : trimmed.substring(0, dot).toUpperCase(Locale.ROOT) + trimmed.substring(dot).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return margin + (perpetual ? ".swap" : ".futures");
    }
}
