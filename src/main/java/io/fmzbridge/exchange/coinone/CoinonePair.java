package io.fmzbridge.exchange.coinone;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.Locale;

/**
 * A Coinone market: Coinone names it by two fields, {@code quote_currency=KRW} and
 * {@code target_currency=BTC}, and in public paths as {@code /KRW/BTC}. Replies sometimes carry the
 * codes in lower case ({@code "krw"}), so they are normalised to upper case.
 */
record CoinonePair(String quote, String target) {

    static CoinonePair of(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("contract symbols like " + symbol + " are not served for Coinone; use a spot symbol like BTC_KRW");
        }
        return new CoinonePair(symbol.quote(), symbol.base());
    }

    static CoinonePair of(String quote, String target) {
        return new CoinonePair(quote.toUpperCase(Locale.ROOT), target.toUpperCase(Locale.ROOT));
    }

    /** {@code KRW/BTC}: the path segment, and the market part of the bridge's order ids. */
    String path() {
        return quote + "/" + target;
    }

    /** FMZ's {@code BTC_KRW}. */
    String fmzSymbol() {
        return target + "_" + quote;
    }
}
