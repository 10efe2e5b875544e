package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One REST endpoint as a route file writes it, the exchange's API table in one line:
 * {@code GET /api/v2/spot/market/orderbook?symbol={symbol}&type=step0&limit={depth}}, or with a flat
 * JSON body after the target, {@code POST /v1/order {"market": "{symbol}", "qty": "{amount}"}}.
 * Parsed once per distinct endpoint; rendering it per call fills in the {@code {placeholders}}.
 *
 * <p>A placeholder in the path must have a value; a query parameter or body field whose placeholder
 * has none (an optional FMZ parameter that was not sent) is left out. Literal values are sent as written.
 */
final class EndpointTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Set<String> VERBS = Set.of("GET", "POST", "PUT", "DELETE");

    /** A piece of the path, or a query parameter's value: literal text, or a placeholder's name. */
    private record Piece(String text, boolean placeholder) {
    }

    private record QueryParam(String name, Piece value) {
    }

    private final String verb;
    private final List<Piece> path;
    private final List<QueryParam> query;
    private final ObjectNode body;

    private EndpointTemplate(String verb, List<Piece> path, List<QueryParam> query, ObjectNode body) {
        this.verb = verb;
        this.path = path;
        this.query = query;
        this.body = body;
    }

    static EndpointTemplate parse(String endpoint) {
        String[] parts = endpoint.trim().split("\\s+", 3);
        if (parts.length < 2 || !VERBS.contains(parts[0]) || !parts[1].startsWith("/")) {
            throw invalid(endpoint, "must read 'VERB /path?name={param}' with VERB one of " + VERBS);
        }
        int mark = parts[1].indexOf('?');
        String pathText = mark < 0 ? parts[1] : parts[1].substring(0, mark);
        List<QueryParam> query = new ArrayList<>();
        if (mark >= 0) {
            for (String pair : parts[1].substring(mark + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw invalid(endpoint, "has a query part '" + pair + "' that is not name=value");
                }
                query.add(new QueryParam(pair.substring(0, eq), value(pair.substring(eq + 1), endpoint)));
            }
        }
        return new EndpointTemplate(parts[0], pieces(pathText), List.copyOf(query),
                parts.length == 3 ? body(parts[2], endpoint) : null);
    }

    /** The call for one FMZ request; {@code values} gives a placeholder's value, or null when it has none. */
    RestCall render(UnaryOperator<String> values) {
        StringBuilder pathText = new StringBuilder();
        for (Piece piece : path) {
            if (!piece.placeholder()) {
                pathText.append(piece.text());
                continue;
            }
            String value = values.apply(piece.text());
            if (value == null) {
                throw new FmzError("missing parameter '" + piece.text() + "'");
            }
            pathText.append(RestCall.encode(value));
        }
        RestCall call = new RestCall(verb, pathText.toString(), "", "", Map.of());
        for (QueryParam param : query) {
            call = call.param(param.name(), param.value().placeholder() ? values.apply(param.value().text()) : param.value().text());
        }
        return body == null ? call : call.body(renderBody(values));
    }

    private String renderBody(UnaryOperator<String> values) {
        ObjectNode filled = FmzJson.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            Matcher whole = field.getValue().isTextual() ? PLACEHOLDER.matcher(field.getValue().textValue()) : null;
            if (whole == null || !whole.matches()) {
                filled.set(field.getKey(), field.getValue());
                continue;
            }
            String value = values.apply(whole.group(1));
            if (value != null) {
                filled.put(field.getKey(), value);
            }
        }
        try {
            return FmzJson.MAPPER.writeValueAsString(filled);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Piece> pieces(String text) {
        List<Piece> pieces = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                pieces.add(new Piece(text.substring(at, m.start()), false));
            }
            pieces.add(new Piece(m.group(1), true));
            at = m.end();
        }
        if (at < text.length()) {
            pieces.add(new Piece(text.substring(at), false));
        }
        return List.copyOf(pieces);
    }

    /** A query value is one placeholder or plain text: mixing them would hide what is sent. */
    private static Piece value(String text, String endpoint) {
        Matcher m = PLACEHOLDER.matcher(text);
        if (m.matches()) {
            return new Piece(m.group(1), true);
        }
        if (text.contains("{") || text.contains("}")) {
            throw invalid(endpoint, "has a query value '" + text + "' that is neither one {placeholder} nor plain text");
        }
        return new Piece(text, false);
    }

    private static ObjectNode body(String text, String endpoint) {
        try {
            if (FmzJson.MAPPER.readTree(text) instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw invalid(endpoint, "has a body that is not one JSON object");
    }

    private static FmzError invalid(String endpoint, String problem) {
        return new FmzError("the route's endpoint '" + endpoint + "' " + problem);
    }
}
