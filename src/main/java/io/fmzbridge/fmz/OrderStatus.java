package io.fmzbridge.fmz;

import com.fasterxml.jackson.annotation.JsonValue;

/** The status words the FMZ docker reads in an order's {@code status}. */
public enum OrderStatus {
    PENDING("pending"),
    PARTIAL_FILLED("partial-filled"),
    FILLED("filled"),
    PARTIAL_CANCELED("partial-canceled"),
    CANCELED("canceled");

    private final String word;

    OrderStatus(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    /** A cancelled order that traded first is partly cancelled, which FMZ tells apart. */
    public static OrderStatus canceled(boolean anyFilled) {
        return anyFilled ? PARTIAL_CANCELED : CANCELED;
    }
}
