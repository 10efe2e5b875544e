package io.fmzbridge.fmz;

import java.math.BigDecimal;

/** FMZ {@code GetTrades}: one public trade, time in ms, {@code type} the taker side. */
public record Trade(String id, long time, BigDecimal price, BigDecimal amount, String type) {
}
