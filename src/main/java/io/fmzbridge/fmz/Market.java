package io.fmzbridge.fmz;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;

/**
 * One entry of FMZ {@code GetMarkets}: the trading rules of a symbol. Field names follow FMZ's
 * Market structure. Precisions are the number of decimals the tick and lot sizes allow.
 * {@code tickBands}, when the exchange ticks by price band, gives the tick at each price
 * ({@code tickSize} then being the tick at the current price); it is not part of FMZ's shape.
 */
public record Market(String symbol, String baseAsset, String quoteAsset,
                     BigDecimal tickSize, BigDecimal amountSize,
                     int pricePrecision, int amountPrecision,
                     BigDecimal minQty, BigDecimal maxQty,
                     BigDecimal minNotional, BigDecimal maxNotional,
                     @JsonIgnore TickBands tickBands) {

    /** A market with one tick size for every price. */
    public Market(String symbol, String baseAsset, String quoteAsset,
                  BigDecimal tickSize, BigDecimal amountSize,
                  int pricePrecision, int amountPrecision,
                  BigDecimal minQty, BigDecimal maxQty,
                  BigDecimal minNotional, BigDecimal maxNotional) {
        this(symbol, baseAsset, quoteAsset, tickSize, amountSize, pricePrecision, amountPrecision,
                minQty, maxQty, minNotional, maxNotional, null);
    }

    /** The step a price must be a multiple of: its band's tick, or the one tick size. */
    public BigDecimal tickAt(BigDecimal price) {
        return tickBands == null ? tickSize : tickBands.tickAt(price);
    }

    /** Decimals a step size allows: 0.01 → 2, 1 → 0, 10 → 0. */
    public static int decimalsOf(BigDecimal step) {
        return Math.max(0, step.stripTrailingZeros().scale());
    }
}
