package io.fmzbridge.fmz;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * One position of FMZ {@code GetPositions}, in the lower-case snake_case of the bridge's replies:
 * {@code type} 0 long, 1 short (FMZ's PD_LONG, PD_SHORT), {@code amount} positive in the exchange's
 * order unit, {@code price} the average entry price, {@code profit} the unrealised profit in the
 * margin currency.
 */
public record Position(String symbol,
                       @JsonProperty("margin_level") BigDecimal marginLevel,
                       BigDecimal amount,
                       @JsonProperty("frozen_amount") BigDecimal frozenAmount,
                       BigDecimal price, BigDecimal profit, int type,
                       @JsonProperty("contract_type") String contractType,
                       BigDecimal margin) {

    /** FMZ's PD_LONG and PD_SHORT. */
    public static final int LONG = 0;
    public static final int SHORT = 1;
}
