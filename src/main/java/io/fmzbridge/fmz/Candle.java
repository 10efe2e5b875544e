package io.fmzbridge.fmz;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;

/**
 * One bar of FMZ {@code GetRecords} (FMZ's {@code Record}), written as
 * {@code [time, open, high, low, close, volume]} with the time in <em>seconds</em>.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record Candle(long time, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                     BigDecimal volume) {
}
