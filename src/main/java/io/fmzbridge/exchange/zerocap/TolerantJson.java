package io.fmzbridge.exchange.zerocap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading replies whose shape Zerocap does not document (balances, instruments): a field may go by
 * any of several names, and the payload may sit under a wrapper such as {@code data}.
 */
final class TolerantJson {

    private TolerantJson() {
    }

    /** The first of {@code names} present and not null; a name with dots ({@code limits.amount.min}) is a path. */
    static JsonNode first(JsonNode node, List<String> names) {
        for (String name : names) {
            JsonNode value = name.contains(".") ? node.at("/" + name.replace('.', '/')) : node.get(name);
            if (value != null && !value.isMissingNode() && !value.isNull()
                    && !(value.isTextual() && value.asText().isBlank())) {
                return value;
            }
        }
        return MissingNode.getInstance();
    }

    static String firstText(JsonNode node, List<String> names) {
        JsonNode value = first(node, names);
        return value.isValueNode() ? value.asText().trim() : null;
    }

    /** Descends through wrapper objects ({"status":"success","data":[…]}) to the payload. */
    static JsonNode unwrap(JsonNode reply, List<String> wrappers) {
        JsonNode node = reply;
        for (int depth = 0; depth < 3 && node.isObject(); depth++) {
            JsonNode inner = first(node, wrappers);
            if (!inner.isContainerNode()) {
                break;
            }
            node = inner;
        }
        return node;
    }

    /** What a reply looks like, for an error message: its type and first few keys. */
    static String outline(JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            return Printable.of("an object with keys " + (keys.size() > 8 ? keys.subList(0, 8) + "…" : keys));
        }
        return node.isArray() ? "an array" : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
