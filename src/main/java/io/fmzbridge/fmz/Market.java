package io.fmzbridge.fmz;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * One entry of FMZ {@code GetMarkets}: the trading rules of a symbol. Field names follow FMZ's
 * Market structure. Precisions are the number of decimals the tick and lot sizes allow.
 * {@code tickBands}, when the exchange ticks by price band, gives the tick at each price
 * ({@code tickSize} then being the tick at the current price); it is not part of FMZ's shape.
 * A contract's market adds what FMZ's Market has for contracts ({@code ctVal}, {@code ctValCcy})
 * and what a strategy needs besides: its contract type, delivery time (ms) and maximum leverage,
 * each left out where unknown. Its sizes are in the exchange's order unit.
 */
public record Market(String symbol, String baseAsset, String quoteAsset,
                     BigDecimal tickSize, BigDecimal amountSize,
                     int pricePrecision, int amountPrecision,
                     BigDecimal minQty, BigDecimal maxQty,
                     BigDecimal minNotional, BigDecimal maxNotional,
                     @JsonIgnore TickBands tickBands,
                     @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal ctVal,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String ctValCcy,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String contractType,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Long deliveryTime,
                     @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal maxLeverage) {

    /** A spot market whose tick may depend on the price. */
    public Market(String symbol, String baseAsset, String quoteAsset,
                  BigDecimal tickSize, BigDecimal amountSize,
                  int pricePrecision, int amountPrecision,
                  BigDecimal minQty, BigDecimal maxQty,
                  BigDecimal minNotional, BigDecimal maxNotional,
                  TickBands tickBands) {
        this(symbol, baseAsset, quoteAsset, tickSize, amountSize, pricePrecision, amountPrecision,
                minQty, maxQty, minNotional, maxNotional, tickBands, null, null, null, null, null);
    }

    /** A market with one tick size for every price. */
    public Market(String symbol, String baseAsset, String quoteAsset,
                  BigDecimal tickSize, BigDecimal amountSize,
                  int pricePrecision, int amountPrecision,
                  BigDecimal minQty, BigDecimal maxQty,
                  BigDecimal minNotional, BigDecimal maxNotional) {
        this(symbol, baseAsset, quoteAsset, tickSize, amountSize, pricePrecision, amountPrecision,
                minQty, maxQty, minNotional, maxNotional, (TickBands) null);
    }

    /** A contract: one tick size, sizes in the exchange's order unit, and the contract's own facts. */
    public static Market contract(String symbol, String baseAsset, String quoteAsset, BigDecimal tickSize,
                                  BigDecimal amountSize, BigDecimal minQty, BigDecimal maxQty, BigDecimal minNotional,
                                  BigDecimal ctVal, String ctValCcy, String contractType, Long deliveryTime,
                                  BigDecimal maxLeverage) {
        return new Market(symbol, baseAsset, quoteAsset, tickSize, amountSize, decimalsOf(tickSize),
                decimalsOf(amountSize), minQty, maxQty, minNotional, BigDecimal.ZERO, null, ctVal, ctValCcy,
                contractType, deliveryTime, maxLeverage);
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
