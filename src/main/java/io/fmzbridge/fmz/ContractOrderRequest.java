package io.fmzbridge.fmz;

import java.math.BigDecimal;

/**
 * FMZ's {@code trade} on a contract, read and checked once for every exchange: one of the four
 * sides, {@code amount} positive in the exchange's order unit (contracts, or base currency where
 * the exchange counts so), {@code price} positive or {@code -1} for a market order. Unlike spot, a
 * market buy's amount is the same unit as any other: never quote currency to spend.
 *
 * @param price null for a market order
 */
public record ContractOrderRequest(FmzSymbol symbol, FuturesSide side, BigDecimal amount, BigDecimal price) {

    private static final BigDecimal MARKET = BigDecimal.ONE.negate();

    /** @param direction the caller's SetDirection, or null */
    public static ContractOrderRequest of(FmzRequest request, FuturesSide direction) {
        FmzSymbol symbol = request.symbol();
        if (symbol.isSpot()) {
            throw new IllegalStateException("a spot symbol reached a contract order: " + symbol);
        }
        FuturesSide side = FuturesSide.parse(request.requireParam("type")).following(direction);
        BigDecimal amount = request.decimal("amount");
        if (amount.signum() <= 0) {
            throw new FmzError("amount must be positive, got " + amount.toPlainString());
        }
        BigDecimal price = request.decimal("price");
        boolean market = price.compareTo(MARKET) == 0;
        if (!market && price.signum() <= 0) {
            throw new FmzError("price must be positive, or -1 for a market order; got " + price.toPlainString());
        }
        return new ContractOrderRequest(symbol, side, amount, market ? null : price);
    }

    public boolean isMarket() {
        return price == null;
    }
}
