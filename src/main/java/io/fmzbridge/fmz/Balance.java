package io.fmzbridge.fmz;

import java.math.BigDecimal;

/** One row of FMZ {@code GetAccount} / {@code GetAssets}: what is free and what is held in orders. */
public record Balance(String currency, BigDecimal free, BigDecimal frozen) {
}
