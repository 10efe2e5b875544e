package io.fmzbridge.fmz;

import java.math.BigDecimal;

/**
 * One entry of FMZ {@code GetMarkets}: the trading rules of a symbol. Field names follow FMZ's
 * Market structure. Precisions are the number of decimals the tick and lot sizes allow.
 */
public record Market(String symbol, String baseAsset, String quoteAsset,
                     BigDecimal tickSize, BigDecimal amountSize,
                     int pricePrecision, int amountPrecision,
                     BigDecimal minQty, BigDecimal maxQty,
                     BigDecimal minNotional, BigDecimal maxNotional) {

    /** Decimals a step size allows: 0.01 → 2, 1 → 0, 10 → 0. */
    public static int decimalsOf(BigDecimal step) {
        return Math.max(0, step.stripTrailingZeros().scale());
    }
}
