package io.fmzbridge.exchange.bitfinex;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * FMZ symbol ↔ Bitfinex trading pair. Bitfinex writes {@code t} + base + quote ({@code tBTCUSD}), with
 * a colon when either currency is longer than three letters ({@code tAAVE:USD}), and has its own codes
 * for some currencies (UST is USDT, so BTC_USDT is {@code tBTCUST}). Without a colon both codes have
 * three letters, so the reverse is exact.
 */
final class BitfinexSymbol {

    /** FMZ currency → Bitfinex code (docs and ccxt's commonCurrencies). */
    private static final Map<String, String> CODES = Map.of(
            "USDT", "UST", "USDC", "UDC", "DASH", "DSH", "IOTA", "IOT", "MANA", "MNA", "QTUM", "QTM", "TUSD", "TSD");
    private static final Map<String, String> CURRENCIES = CODES.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private BitfinexSymbol() {
    }

    static String of(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("contract symbols like " + symbol + " are not served for Bitfinex; use a spot symbol like BTC_USDT");
        }
        String base = code(symbol.base());
        String quote = code(symbol.quote());
        return "t" + base + (base.length() == 3 && quote.length() == 3 ? "" : ":") + quote;
    }

    /** {@code tBTCUST} → BTC_USDT; null for what is no spot pair (funding {@code fUSD}, derivatives {@code …F0}). */
    static FmzSymbol fmz(String pair) {
        if (pair == null || !pair.startsWith("t")) {
            return null;
        }
        String name = pair.substring(1);
        int colon = name.indexOf(':');
        String base;
        String quote;
        if (colon > 0) {
            base = name.substring(0, colon);
            quote = name.substring(colon + 1);
        } else if (name.length() == 6) {
            base = name.substring(0, 3);
            quote = name.substring(3);
        } else {
            return null;
        }
        if (base.endsWith("F0") || quote.endsWith("F0") || !base.matches("[A-Z0-9]{1,20}") || !quote.matches("[A-Z0-9]{1,20}")) {
            return null;
        }
        return new FmzSymbol(currency(base), currency(quote), null);
    }

    static FmzSymbol requireFmz(String pair) {
        FmzSymbol symbol = fmz(pair);
        if (symbol == null) {
            throw new FmzError("Bitfinex symbol '" + pair + "' is not a spot pair");
        }
        return symbol;
    }

    static String code(String currency) {
        return CODES.getOrDefault(currency, currency);
    }

    static String currency(String code) {
        return CURRENCIES.getOrDefault(code, code);
    }
}
