package io.fmzbridge.exchange.okx;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * OKX's order book checksum (docs-v5, "WS / Order book channel", Checksum): the best 25 bids and
 * asks, each as {@code price:size} in the exchange's own digits, taken alternately bid then ask
 * ({@code bid1:ask1:bid2:ask2:…}; when one side runs out the other goes on alone), joined with
 * colons; the CRC32 of that string read as a signed 32-bit integer, the way OKX sends it.
 */
final class OkxChecksum {

    static final int LEVELS = 25;

    private OkxChecksum() {
    }

    /** @param bids best first, as OKX sent them; @param asks likewise */
    static int of(List<JsonNode> bids, List<JsonNode> asks) {
        return crc32(text(bids, asks));
    }

    static String text(List<JsonNode> bids, List<JsonNode> asks) {
        StringBuilder text = new StringBuilder();
        int levels = Math.min(LEVELS, Math.max(bids.size(), asks.size()));
        for (int i = 0; i < levels; i++) {
            if (i < bids.size()) {
                append(text, bids.get(i));
            }
            if (i < asks.size()) {
                append(text, asks.get(i));
            }
        }
        return text.toString();
    }

    static int crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue(); // the low 32 bits as a signed int: OKX's "32-bit signed integer"
    }

    private static void append(StringBuilder text, JsonNode level) {
        if (!text.isEmpty()) {
            text.append(':');
        }
        text.append(level.path(0).asText()).append(':').append(level.path(1).asText());
    }
}
