package io.fmzbridge.fmz;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * FMZ {@code GetTicker}: best bid ({@code buy}), best ask ({@code sell}), 24 h figures, time in ms.
 * A contract's ticker adds its open interest (FMZ's Ticker.OpenInterest), in the exchange's unit.
 */
public record Ticker(String symbol, BigDecimal buy, BigDecimal sell, BigDecimal high, BigDecimal low,
                     BigDecimal open, BigDecimal last, BigDecimal vol, long time,
                     @JsonProperty("open_interest") @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal openInterest) {

    /** A spot ticker. */
    public Ticker(String symbol, BigDecimal buy, BigDecimal sell, BigDecimal high, BigDecimal low,
                  BigDecimal open, BigDecimal last, BigDecimal vol, long time) {
        this(symbol, buy, sell, high, low, open, last, vol, time, null);
    }

    /** The same ticker with the contract's open interest. */
    public Ticker withOpenInterest(BigDecimal interest) {
        return new Ticker(symbol, buy, sell, high, low, open, last, vol, time, interest);
    }
}
