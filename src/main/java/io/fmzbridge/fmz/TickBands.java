package io.fmzbridge.fmz;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * A tick size that depends on the price, as Korean exchanges set it for KRW markets (Upbit:
 * 1,000 KRW at 1,000,000 and above, 500 from 500,000, …). Each band holds from its lower bound
 * up to the next one's.
 */
public record TickBands(List<Band> bands) {

    /** Prices from {@code from} (inclusive) up to the next band move in steps of {@code tick}. */
    public record Band(BigDecimal from, BigDecimal tick) {
    }

    public TickBands {
        bands = bands.stream().sorted(Comparator.comparing(Band::from).reversed()).toList();
    }

    /** The tick at this price, or null below the lowest band (no rule known there). */
    public BigDecimal tickAt(BigDecimal price) {
        for (Band band : bands) {
            if (price.compareTo(band.from()) >= 0) {
                return band.tick();
            }
        }
        return null;
    }
}
