package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One FMZ field read from an exchange reply by a JSON Pointer the route file declares
 * ({@code /bidPr}, {@code /0}, {@code /price/value}). Reading is strict: a field that is missing,
 * null, empty or not a number is an error naming the FMZ field and the pointer, never a zero.
 * Numbers and numeric strings alike are read as exact decimals.
 */
final class ReplyField {

    /** Digits before or after the point beyond any market: a reply with more is broken, not precise. */
    private static final int MAX_DIGITS = 30;

    private final String name;
    private final JsonPointer pointer;

    private ReplyField(String name, JsonPointer pointer) {
        this.name = name;
        this.pointer = pointer;
    }

    /** @param name the FMZ field, for messages ({@code ticker.buy}) */
    static ReplyField of(String name, String pointer) {
        return new ReplyField(name, compile(name, pointer));
    }

    /**
     * A JSON Pointer, except that {@code /} alone is the whole reply: RFC 6901 reads it as a member
     * named "", which no exchange sends and which is never what a route file means.
     */
    static JsonPointer compile(String name, String pointer) {
        String text = pointer.trim();
        if (text.equals("/")) {
            return JsonPointer.empty();
        }
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a JSON Pointer like /data/0/bidPr, not '" + pointer + "'");
        }
    }

    /** A pointer as a route file writes it: the whole reply is {@code /}. */
    static String shown(JsonPointer pointer) {
        return pointer.matches() ? "/" : pointer.toString();
    }

    /** The part of a reply a shape is read from ({@code /data/0}); the empty pointer is the whole reply. */
    static JsonNode part(JsonNode reply, JsonPointer at, String what) {
        JsonNode node = reply.at(at);
        if (node.isMissingNode() || node.isNull()) {
            throw new FmzError("reply has no " + what + " at " + shown(at));
        }
        return node;
    }

    BigDecimal decimal(JsonNode item) {
        JsonNode node = present(item);
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else {
            try {
                value = new BigDecimal(node.isTextual() ? node.textValue().trim() : "not a number");
            } catch (NumberFormatException e) {
                throw wrong(node, "a number");
            }
        }
        if (value.scale() > MAX_DIGITS || value.precision() - value.scale() > MAX_DIGITS) {
            throw wrong(node, "a number of market size");
        }
        return value;
    }

    /** The field is there but empty ({@code ""}), as some exchanges show a value that does not apply. */
    boolean isBlank(JsonNode item) {
        JsonNode node = item.at(pointer);
        return node.isTextual() && node.textValue().isBlank();
    }

    String text(JsonNode item) {
        JsonNode node = present(item);
        if (!node.isValueNode() || node.asText().isBlank()) {
            throw wrong(node, "a name");
        }
        return node.asText().trim();
    }

    long millis(JsonNode item, ReplyTime unit) {
        if (unit == ReplyTime.ISO) {
            JsonNode node = present(item);
            try {
                return Instant.parse(node.asText().trim()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw wrong(node, "an ISO-8601 time");
            }
        }
        BigDecimal value = decimal(item);
        try {
            return (unit == ReplyTime.S ? value.movePointRight(3) : value).setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw wrong(item.at(pointer), "a time");
        }
    }

    private JsonNode present(JsonNode item) {
        JsonNode node = item.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            throw new FmzError("reply has no " + name + " at " + shown(pointer));
        }
        return node;
    }

    private FmzError wrong(JsonNode node, String expected) {
        String shown = node.isValueNode() ? "'" + FmzSymbol.printable(node.asText()) + "'" : (node.isArray() ? "a list" : "an object");
        return new FmzError("reply has " + shown + " for " + name + " at " + shown(pointer) + " where " + expected + " belongs");
    }
}
