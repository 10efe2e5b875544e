package io.fmzbridge.exchange.zerocap;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static io.fmzbridge.fmz.FmzJson.decimal;

/**
 * One symbol's ladder as Zerocap's websocket price message carries it ({@link ZerocapStream}):
 * <pre>{"type":"price","data":{"timestamp":1692340935.4283478,"symbol":"USDT/AUD","exchange":"zerocap",
 *   "bids":[[1.47386,5000.0],…],"asks":[[1.57236,5000.0],…]}}</pre>
 *
 * @param symbol     Zerocap's symbol, {@code USDT/AUD}
 * @param time       the exchange's timestamp in ms (it sends fractional seconds)
 * @param message    the message as Zerocap sent it, for FMZ's {@code raw}
 */
record PriceBook(String symbol, List<Depth.Level> bids, List<Depth.Level> asks, long time, JsonNode message) {

    /** Times below this are seconds (until the year 5138), above it milliseconds. */
    private static final BigDecimal MILLIS_THRESHOLD = new BigDecimal("100000000000");

    /** @param receivedAt when the bridge received the message (ms), its time if Zerocap gave none */
    static PriceBook read(JsonNode message, long receivedAt) {
        JsonNode data = message.path("data");
        if (!data.isObject()) {
            throw new FmzError("Zerocap price message without data");
        }
        return new PriceBook(data.path("symbol").asText(""), levels(data.path("bids")), levels(data.path("asks")),
                millis(data.path("timestamp"), receivedAt), message);
    }

    Optional<BigDecimal> bestBid() {
        return bids.stream().map(Depth.Level::price).max(Comparator.naturalOrder());
    }

    Optional<BigDecimal> bestAsk() {
        return asks.stream().map(Depth.Level::price).min(Comparator.naturalOrder());
    }

    private static List<Depth.Level> levels(JsonNode side) {
        List<Depth.Level> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new Depth.Level(decimal(level.path(0)), decimal(level.path(1))));
        }
        return List.copyOf(levels);
    }

    /** The README shows seconds with a fraction ({@code 1692340935.4283478}); milliseconds are taken as they are. */
    static long millis(JsonNode timestamp, long receivedAt) {
        BigDecimal value = decimal(timestamp);
        if (value.signum() <= 0) {
            return receivedAt;
        }
        BigDecimal millis = value.compareTo(MILLIS_THRESHOLD) < 0 ? value.movePointRight(3) : value;
        return millis.setScale(0, RoundingMode.DOWN).longValueExact();
    }
}
