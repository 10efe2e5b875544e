package io.fmzbridge.exchange.zerocap;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.Locale;

/** Zerocap writes pairs {@code BASE/QUOTE} ({@code USDT/AUD}); FMZ writes {@code USDT_AUD}. */
final class ZerocapSymbol {

    private ZerocapSymbol() {
    }

    /** {@code USDT_AUD} → {@code USDT/AUD}; Zerocap trades spot pairs only. */
    static String of(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("Zerocap trades spot pairs only; use a symbol like USDT_AUD, not " + symbol);
        }
        return symbol.join("/");
    }

    /** {@code USDT/AUD} → {@code USDT_AUD}. */
    static String toFmz(String zerocapSymbol) {
        return zerocapSymbol.trim().toUpperCase(Locale.ROOT).replace('/', '_');
    }
}
