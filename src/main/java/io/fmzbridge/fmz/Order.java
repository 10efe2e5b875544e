package io.fmzbridge.fmz;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * An FMZ order. {@code id} is what {@code trade} returned and what {@code order}/{@code cancel}
 * receive back; {@code avg_price} is 0 until something fills.
 */
public record Order(String id, String symbol, BigDecimal amount, BigDecimal price,
                    @JsonProperty("deal_amount") BigDecimal dealAmount,
                    @JsonProperty("avg_price") BigDecimal avgPrice,
                    String type, OrderStatus status) {
}
