package io.fmzbridge.fmz;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * FMZ's {@code trade} call, read and checked once for every exchange: {@code type} buy or sell,
 * {@code amount} positive, {@code price} positive or {@code -1} for a market order. FMZ's units:
 * a limit order's and a market sell's amount is base currency, a market buy's is quote currency
 * to spend. A price of 0 is an error, never a market order by accident.
 */
public record OrderRequest(FmzSymbol symbol, boolean buy, BigDecimal amount, BigDecimal price) {

    private static final BigDecimal MARKET = BigDecimal.ONE.negate();

    public static OrderRequest of(FmzRequest request) {
        FmzSymbol symbol = request.symbol();
        String type = request.requireParam("type");
        String side = type.toLowerCase(Locale.ROOT);
        if (!side.equals("buy") && !side.equals("sell")) {
            throw new FmzError("type must be 'buy' or 'sell', got '" + FmzSymbol.printable(type) + "'");
        }
        BigDecimal amount = request.decimal("amount");
        if (amount.signum() <= 0) {
            throw new FmzError("amount must be positive, got " + amount.toPlainString());
        }
        BigDecimal price = request.decimal("price");
        boolean market = price.compareTo(MARKET) == 0;
        if (!market && price.signum() <= 0) {
            throw new FmzError("price must be positive, or -1 for a market order; got " + price.toPlainString());
        }
        return new OrderRequest(symbol, side.equals("buy"), amount, market ? null : price);
    }

    public boolean isMarket() {
        return price == null;
    }

    /** FMZ's word for the side: {@code buy} or {@code sell}. */
    public String side() {
        return buy ? "buy" : "sell";
    }

    /** A market buy's amount is quote currency to spend; every other amount is base currency. */
    public boolean amountIsQuote() {
        return isMarket() && buy;
    }
}
