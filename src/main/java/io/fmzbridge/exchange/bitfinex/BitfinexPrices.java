package io.fmzbridge.exchange.bitfinex;

import io.fmzbridge.fmz.TickBands;
import io.fmzbridge.fmz.TickBands.Band;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitfinex's price rule (notes §3.1): at most five significant digits and at most eight decimals;
 * Bitfinex cuts whatever is beyond and rests the order at the cut price without a word. As ticks:
 * from 10^e up to 10^(e+1) a price moves in steps of 10^(e−4) (30000.5 is no Bitfinex price, 30000
 * and 30001 are; from 100000 on, steps of 10), and never in steps finer than 10^−8.
 */
final class BitfinexPrices {

    static final int SIGNIFICANT_DIGITS = 5;
    static final int MAX_DECIMALS = 8;
    /** Far above any price Bitfinex lists; above it the last band's step applies. */
    private static final int HIGHEST_EXPONENT = 15;

    static final TickBands BANDS = bands();

    private BitfinexPrices() {
    }

    /** The step at a price, e.g. 0.1 at 7617.1; 0 when the price is unknown (no ticker). */
    static BigDecimal tickAt(BigDecimal price) {
        return price == null || price.signum() <= 0 ? BigDecimal.ZERO : BANDS.tickAt(price);
    }

    private static TickBands bands() {
        List<Band> bands = new ArrayList<>();
        BigDecimal finest = BigDecimal.ONE.movePointLeft(MAX_DECIMALS);
        bands.add(new Band(BigDecimal.ZERO, finest));
        int firstExponent = MAX_DECIMALS * -1 + SIGNIFICANT_DIGITS; // 10^-3: the first band finer digits would need
        for (int exponent = firstExponent; exponent <= HIGHEST_EXPONENT; exponent++) {
            bands.add(new Band(BigDecimal.ONE.scaleByPowerOfTen(exponent),
                    BigDecimal.ONE.scaleByPowerOfTen(exponent - SIGNIFICANT_DIGITS + 1)));
        }
        return new TickBands(bands);
    }
}
