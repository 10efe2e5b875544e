package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Where an error reply names each item's own failure: a batch, or the one order of an order
 * endpoint, whose outer code only says that something failed (OKX: code 1, "All operations failed",
 * with {@code sCode}/{@code sMsg} in each {@code data} row). Each failed item is added to FMZ's error
 * as {@code text} says, after {@code "; "}: {@code "sCode {code}: {message}"}. An item whose code is
 * absent, empty or one of the reply's success codes did not fail.
 */
public final class ItemErrors {

    private JsonPointer list;
    private JsonPointer code;
    private JsonPointer message;
    private String text = "code {code}: {message}";

    void appendTo(StringBuilder error, JsonNode reply, Set<String> successCodes) {
        if (list == null || code == null) {
            return;
        }
        for (JsonNode item : reply.at(list)) {
            String itemCode = value(item, code);
            if (itemCode == null || successCodes.contains(itemCode)) {
                continue;
            }
            String itemMessage = message == null ? null : value(item, message);
            error.append("; ").append(text.replace("{code}", itemCode).replace("{message}", itemMessage == null ? "" : itemMessage));
        }
    }

    private static String value(JsonNode item, JsonPointer at) {
        JsonNode node = item.at(at);
        if (!node.isValueNode() || node.isNull() || node.asText().isBlank()) {
            return null;
        }
        return node.asText().trim();
    }

    public void setList(String pointer) {
        list = ReplyField.compile("itemErrors.list", pointer);
    }

    public void setCode(String pointer) {
        code = ReplyField.compile("itemErrors.code", pointer);
    }

    public void setMessage(String pointer) {
        message = ReplyField.compile("itemErrors.message", pointer);
    }

    /** One failed item as FMZ's error shows it, with {@code {code}} and {@code {message}}. */
    public void setText(String text) {
        if (!text.contains("{code}")) {
            throw new IllegalArgumentException("itemErrors.text must name the item's {code}, like 'sCode {code}: {message}'");
        }
        this.text = text;
    }

    @Override
    public String toString() {
        return Vocabulary.of("itemErrors", ItemErrors.class);
    }
}
