package io.fmzbridge.exchange.upbitstyle;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.regex.Pattern;

/** FMZ {@code BTC_KRW} ⇄ the dialect's market code {@code KRW-BTC}: quote first. */
public final class MarketCodes {

    private static final Pattern CODE = Pattern.compile("([A-Z0-9]{1,20})-([A-Z0-9]{1,20})");

    private MarketCodes() {
    }

    public static String of(FmzSymbol symbol, String exchange) {
        if (!symbol.isSpot()) {
            throw new FmzError(exchange + " trades spot only; use a symbol like BTC_KRW, not " + symbol);
        }
        return symbol.quote() + "-" + symbol.base();
    }

    /** {@code KRW-BTC} → {@code BTC_KRW}. */
    public static String fmz(String code) {
        var m = CODE.matcher(code);
        if (!m.matches()) {
            String shown = code.length() > 40 ? code.substring(0, 40) + "…" : code;
            throw new FmzError("exchange sent the market code '" + shown.replaceAll("[^\\x20-\\x7E…]", "?")
                    + "', which is not QUOTE-BASE");
        }
        return m.group(2) + "_" + m.group(1);
    }

    public static boolean isCode(String text) {
        return text != null && CODE.matcher(text).matches();
    }

    /** The quote currency of a market code: {@code KRW} of {@code KRW-BTC}. */
    public static String quote(String code) {
        return code.substring(0, code.indexOf('-'));
    }

    public static String base(String code) {
        return code.substring(code.indexOf('-') + 1);
    }
}
