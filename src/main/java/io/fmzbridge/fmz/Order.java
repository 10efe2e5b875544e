package io.fmzbridge.fmz;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * An FMZ order. {@code id} is what {@code trade} returned and what {@code order}/{@code cancel}
 * receive back; {@code avg_price} is 0 until something fills. A contract order's {@code type} is
 * one of the four futures sides and it names its {@code contract_type}; a spot order has none.
 */
public record Order(String id, String symbol, BigDecimal amount, BigDecimal price,
                    @JsonProperty("deal_amount") BigDecimal dealAmount,
                    @JsonProperty("avg_price") BigDecimal avgPrice,
                    String type, OrderStatus status,
                    @JsonProperty("contract_type") @JsonInclude(JsonInclude.Include.NON_NULL) String contractType) {

    /** A spot order. */
    public Order(String id, String symbol, BigDecimal amount, BigDecimal price, BigDecimal dealAmount,
                 BigDecimal avgPrice, String type, OrderStatus status) {
        this(id, symbol, amount, price, dealAmount, avgPrice, type, status, null);
    }
}
