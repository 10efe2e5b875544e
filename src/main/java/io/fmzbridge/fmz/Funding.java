package io.fmzbridge.fmz;

import java.math.BigDecimal;

/**
 * One row of FMZ {@code GetFundings}: the funding rate as the exchange gives it (0.0001 = 0.01 %),
 * the funding interval and the next funding time, both in ms.
 */
public record Funding(String symbol, BigDecimal rate, long interval, long time) {
}
