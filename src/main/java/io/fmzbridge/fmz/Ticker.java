package io.fmzbridge.fmz;

import java.math.BigDecimal;

/** FMZ {@code GetTicker}: best bid ({@code buy}), best ask ({@code sell}), 24 h figures, time in ms. */
public record Ticker(String symbol, BigDecimal buy, BigDecimal sell, BigDecimal high, BigDecimal low,
                     BigDecimal open, BigDecimal last, BigDecimal vol, long time) {
}
