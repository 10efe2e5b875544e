package io.fmzbridge.declarative;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an exchange writes FMZ's {@code BTC_USDT} ({@code {base}-{quote}}, {@code {base}{quote}},
 * {@code t{base}{quote}}), both ways: a pattern with text between {@code {base}} and {@code {quote}}
 * can be read back ({@code BTC-USDT} → {@code BTC_USDT}) without the exchange's list of markets.
 */
final class PairSpelling {

    static final PairSpelling FMZ = new PairSpelling("{base}_{quote}", false);

    private static final String BASE = "{base}";
    private static final String QUOTE = "{quote}";

    private final String pattern;
    private final boolean lowerCase;
    /** Null when base and quote touch ({@code {base}{quote}}): such a spelling cannot be split. */
    private final Pattern reader;

    PairSpelling(String pattern, boolean lowerCase) {
        if (!pattern.contains(BASE) || !pattern.contains(QUOTE)) {
            throw new IllegalArgumentException("symbol must name {base} and {quote}, like {base}-{quote}; got '" + pattern + "'");
        }
        this.pattern = pattern;
        this.lowerCase = lowerCase;
        this.reader = pattern.contains(BASE + QUOTE) || pattern.contains(QUOTE + BASE) ? null : reader(pattern);
    }

    private static Pattern reader(String pattern) {
        String regex = Pattern.quote(pattern)
                .replace(BASE, "\\E(?<base>[A-Za-z0-9]+)\\Q")
                .replace(QUOTE, "\\E(?<quote>[A-Za-z0-9]+)\\Q");
        return Pattern.compile(regex);
    }

    String spell(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("contract symbols like " + symbol + " are not served here; use a spot symbol like BTC_USDT");
        }
        String text = pattern.replace(BASE, symbol.base()).replace(QUOTE, symbol.quote());
        return lowerCase ? text.toLowerCase(Locale.ROOT) : text;
    }

    boolean readable() {
        return reader != null;
    }

    /** FMZ's pair for the exchange's spelling of one, in any case; null when the text is not one. */
    FmzSymbol read(String spelled) {
        if (reader == null || spelled == null) {
            return null;
        }
        Matcher m = reader.matcher(spelled.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            return FmzSymbol.parse(m.group("base") + "_" + m.group("quote"));
        } catch (FmzError e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return pattern;
    }
}
