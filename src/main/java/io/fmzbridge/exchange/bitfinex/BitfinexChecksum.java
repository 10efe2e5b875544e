package io.fmzbridge.exchange.bitfinex;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Bitfinex's book checksum (WebSocket v2 "WebSocket Checksum", step by step, P-precision books): the
 * 25 highest bids and the 25 lowest asks taken alternately, bid then ask ({@code bid0 price, bid0
 * amount, ask0 price, ask0 amount, …}; a side that runs out is skipped), the ask amounts negative as
 * Bitfinex sends them, joined with colons; the CRC32 of that text as a signed 32-bit integer, the way
 * Bitfinex sends it in {@code [CHAN_ID, "cs", CHECKSUM]}.
 *
 * <p>Bitfinex writes its numbers the way JavaScript prints them ({@code 0.5}, {@code 1e-7}), so each
 * is printed that way here from the exact decimal it was read as.
 */
final class BitfinexChecksum {

    static final int LEVELS = 25;
    private static final BigDecimal SMALLEST_PLAIN = new BigDecimal("0.000001");
    private static final BigDecimal LARGEST_PLAIN = new BigDecimal("1e21");

    private BitfinexChecksum() {
    }

    /** @param bids best first, each {@code [PRICE, COUNT, AMOUNT]}; @param asks likewise */
    static int of(List<JsonNode> bids, List<JsonNode> asks) {
        CRC32 crc = new CRC32();
        crc.update(text(bids, asks).getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue(); // the low 32 bits as a signed int, as Bitfinex sends it
    }

    static String text(List<JsonNode> bids, List<JsonNode> asks) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LEVELS; i++) {
            if (i < bids.size()) {
                append(text, bids.get(i));
            }
            if (i < asks.size()) {
                append(text, asks.get(i));
            }
        }
        return text.toString();
    }

    private static void append(StringBuilder text, JsonNode level) {
        if (!text.isEmpty()) {
            text.append(':');
        }
        text.append(javaScript(level.path(0).decimalValue())).append(':').append(javaScript(level.path(2).decimalValue()));
    }

    /** A number as JavaScript's {@code String(n)} prints it: {@code 7254.7}, {@code -0.5}, {@code 1e-7}, {@code 1.5e+21}. */
    static String javaScript(BigDecimal number) {
        if (number.signum() == 0) {
            return "0";
        }
        BigDecimal value = number.stripTrailingZeros();
        BigDecimal magnitude = value.abs();
        if (magnitude.compareTo(SMALLEST_PLAIN) >= 0 && magnitude.compareTo(LARGEST_PLAIN) < 0) {
            return value.toPlainString();
        }
        String digits = value.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - value.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }
}
