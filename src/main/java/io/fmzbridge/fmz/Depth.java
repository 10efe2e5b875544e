package io.fmzbridge.fmz;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/** FMZ {@code GetDepth}: asks from the lowest price up, bids from the highest down, time in ms. */
public record Depth(long time, List<Level> asks, List<Level> bids) {

    /** One price level, written as FMZ's {@code [price, amount]} pair. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    public record Level(BigDecimal price, BigDecimal amount) {
    }

    /** Orders each side as FMZ documents it and keeps at most {@code limit} levels per side. */
    public static Depth of(long time, List<Level> asks, List<Level> bids, int limit) {
        Comparator<Level> byPrice = Comparator.comparing(Level::price);
        return new Depth(time,
                asks.stream().sorted(byPrice).limit(limit).toList(),
                bids.stream().sorted(byPrice.reversed()).limit(limit).toList());
    }
}
