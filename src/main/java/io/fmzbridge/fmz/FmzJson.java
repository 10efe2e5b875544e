package io.fmzbridge.fmz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;

/**
 * The one Jackson setup for both directions. Numbers are read as {@code BigDecimal} and written
 * in plain notation, so {@code 0.001} from FMZ reaches the exchange as {@code 0.001} and an
 * exchange's {@code 0.00000001} reaches FMZ unchanged, never through a double.
 */
public final class FmzJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder()
                            // an FMZ envelope is flat; a deep or huge document is an attack, not a call
                            .streamReadConstraints(StreamReadConstraints.builder()
                                    .maxNestingDepth(64)
                                    .maxNumberLength(100)
                                    .maxStringLength(10_000_000)
                                    .build())
                            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private FmzJson() {
    }

    /** A request body the bridge built (maps and nodes of strings and decimals), as JSON text. */
    public static String write(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body as JSON", e);
        }
    }

    /**
     * A decimal from an exchange reply field, which exchanges send as strings ({@code "9999.99"}) or
     * numbers; absent or empty (OKX's {@code avgPx} before a fill) reads as zero.
     */
    public static BigDecimal decimal(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return BigDecimal.ZERO;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new FmzError("exchange sent '" + FmzSymbol.printable(text) + "' where a number belongs");
        }
    }

    /** A whole number (a millisecond time, an id) from a string or number field. */
    public static long whole(JsonNode value) {
        try {
            return decimal(value).longValueExact();
        } catch (ArithmeticException e) {
            throw new FmzError("exchange sent '" + FmzSymbol.printable(value.asText()) + "' where a whole number belongs");
        }
    }
}
