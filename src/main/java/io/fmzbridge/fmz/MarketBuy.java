package io.fmzbridge.fmz;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * FMZ's market buy in base currency, for an exchange that sizes every order in base currency.
 * FMZ names the quote currency to spend ({@code exchange.Buy(-1, 100)}: 100 USDT); the base amount
 * is that divided by the best ask, cut DOWN to the market's amount step, so that at the ask it was
 * sized at it never costs more than asked. What the market's rules would refuse is refused here,
 * before anything is sent. It is also what {@code raw} tells about the order: the ask used and the
 * base amount sent.
 */
public record MarketBuy(BigDecimal quoteToSpend, BigDecimal bestAsk, BigDecimal baseAmount, BigDecimal amountStep) {

    /** Quote to spend → base amount at the best ask, cut down to the market's step. */
    public static MarketBuy atBestAsk(BigDecimal quoteToSpend, BigDecimal bestAsk, Market market) {
        String symbol = market.symbol();
        BigDecimal step = market.amountSize();
        if (step == null || step.signum() <= 0) {
            throw new FmzError("a market buy of " + symbol + " spends quote currency, converted here to base currency"
                    + " at the best ask and cut to " + symbol + "'s amount step, but its market rules give no amount"
                    + " step; nothing was sent");
        }
        if (bestAsk == null || bestAsk.signum() <= 0) {
            throw new FmzError("a market buy of " + symbol + " is converted to base currency at the best ask, and "
                    + symbol + "'s order book has no ask; nothing was sent");
        }
        // whole steps that the quote pays for at the ask, rounded toward zero: never one step more
        BigDecimal steps = quoteToSpend.divide(bestAsk.multiply(step), 0, RoundingMode.DOWN);
        BigDecimal base = steps.multiply(step).stripTrailingZeros();
        String sized = "a market buy of " + plain(quoteToSpend) + " " + asset(market.quoteAsset(), "in quote currency")
                + " at the best ask " + plain(bestAsk) + " is ";
        String cut = " " + asset(market.baseAsset(), "in base currency") + ", cut down to " + symbol + "'s step "
                + plain(step);
        if (base.signum() == 0) {
            throw new FmzError(sized + "0" + cut + ": less than one step; nothing was sent");
        }
        if (positive(market.minQty()) && base.compareTo(market.minQty()) < 0) {
            throw new FmzError(sized + plain(base) + cut + ": below its minimum " + plain(market.minQty())
                    + "; nothing was sent");
        }
        if (positive(market.maxQty()) && base.compareTo(market.maxQty()) > 0) {
            throw new FmzError(sized + plain(base) + cut + ": above its maximum " + plain(market.maxQty())
                    + "; nothing was sent");
        }
        BigDecimal value = base.multiply(bestAsk);
        if (positive(market.minNotional()) && value.compareTo(market.minNotional()) < 0) {
            throw new FmzError(sized + plain(base) + cut + ", worth " + plain(value) + " at that ask: below its"
                    + " minimum order value " + plain(market.minNotional()) + "; nothing was sent");
        }
        return new MarketBuy(quoteToSpend, bestAsk, base, step);
    }

    /**
     * The base amount an order request sends: the sized amount for a market buy (which must have
     * been sized), the FMZ amount for every other order.
     */
    public static BigDecimal baseAmountOf(OrderRequest order, MarketBuy sized) {
        if (!order.amountIsQuote()) {
            return order.amount();
        }
        if (sized == null) {
            throw new IllegalStateException("a market buy reached its request builder without being sized at the best ask");
        }
        return sized.baseAmount();
    }

    private static String asset(String name, String otherwise) {
        return name == null || name.isBlank() ? otherwise : name;
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static boolean positive(BigDecimal value) {
        return value != null && value.signum() > 0;
    }
}
