package io.fmzbridge.exchange.upbit;

import io.fmzbridge.fmz.TickBands;
import io.fmzbridge.fmz.TickBands.Band;
import java.math.BigDecimal;
import java.util.List;

/**
 * Upbit's price rules per quote currency (docs/krw-market-info, KRW ticks since 2025-07-31).
 * Below 100 KRW, and for KRW-USDT, the docs point to /orderbook/instruments instead of a table:
 * no rule is assumed there and Upbit decides.
 */
final class UpbitTicks {

    static final TickBands KRW = new TickBands(List.of(
            band("1000000", "1000"), band("500000", "500"), band("100000", "100"),
            band("50000", "50"), band("10000", "10"), band("5000", "5"), band("100", "1")));

    /** BTC market: 0.00000001 BTC [V]. */
    static final BigDecimal BTC_TICK = new BigDecimal("0.00000001");

    /** Smallest order value per quote: KRW 5,000 (inferred; /orders/chance has min_total), BTC 0.00005, USDT 0.5. */
    static BigDecimal minTotal(String quote) {
        return switch (quote) {
            case "KRW" -> new BigDecimal("5000");
            case "BTC" -> new BigDecimal("0.00005");
            case "USDT" -> new BigDecimal("0.5");
            default -> BigDecimal.ZERO;
        };
    }

    static boolean hasKrwBands(String market) {
        return market.startsWith("KRW-") && !market.equals("KRW-USDT");
    }

    private static Band band(String from, String tick) {
        return new Band(new BigDecimal(from), new BigDecimal(tick));
    }

    private UpbitTicks() {
    }
}
