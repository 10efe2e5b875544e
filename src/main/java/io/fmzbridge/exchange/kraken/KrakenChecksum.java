package io.fmzbridge.exchange.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Kraken's book checksum (Spot WebSocket v2 guide, "Book checksum"): the best 10 asks from the lowest
 * price up, then the best 10 bids from the highest down; each level's price and quantity in the digits
 * Kraken sent, with the decimal point taken out and the leading zeros after it
 * ({@code "0.00100000"} → {@code "100000"}), price then quantity, all run together; the CRC32 of that
 * text as an unsigned 32-bit number, the way Kraken sends it.
 */
final class KrakenChecksum {

    static final int LEVELS = 10;

    private KrakenChecksum() {
    }

    /** @param asks best first, each {@code [price, qty, …]} in Kraken's digits; @param bids likewise */
    static long of(List<JsonNode> asks, List<JsonNode> bids) {
        CRC32 crc = new CRC32();
        crc.update(text(asks, bids).getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    static String text(List<JsonNode> asks, List<JsonNode> bids) {
        StringBuilder text = new StringBuilder();
        append(text, asks);
        append(text, bids);
        return text.toString();
    }

    private static void append(StringBuilder text, List<JsonNode> side) {
        for (int i = 0; i < Math.min(LEVELS, side.size()); i++) {
            text.append(digits(side.get(i).path(0).asText())).append(digits(side.get(i).path(1).asText()));
        }
    }

    /** {@code "45285.2"} → {@code "452852"}, {@code "0.00100000"} → {@code "100000"}. */
    static String digits(String decimal) {
        String withoutPoint = decimal.replace(".", "");
        int start = 0;
        while (start < withoutPoint.length() - 1 && withoutPoint.charAt(start) == '0') {
            start++;
        }
        return withoutPoint.substring(start);
    }
}
