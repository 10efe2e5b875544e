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
 * JSON body after the target, {@code POST /v1/order {"market": "{symbol}", "qty": "{amount}"}}, or a
 * form body, {@code POST /v1/order form:market={symbol}&qty={amount}}.
 * Parsed once per distinct endpoint; rendering it per call fills in the {@code {placeholders}}.
 *
 * <p>A placeholder in the path must have a value; a query parameter or body field whose placeholder
 * has none (an optional FMZ parameter that was not sent) is left out. Literal values are sent as written.
 */
final class EndpointTemplate {

    /** {@code {name}}, or {@code {limit:500}}: a number after the name is that endpoint's most. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*(?::[1-9][0-9]{0,8})?)}");
    private static final Set<String> VERBS = Set.of("GET", "POST", "PUT", "DELETE");

    /** A piece of the path, or a query parameter's value: literal text, or a placeholder's name. */
    private record Piece(String text, boolean placeholder) {
    }

    private record QueryParam(String name, Piece value) {
    }

    private final String verb;
    private final List<Piece> path;
    private final List<QueryParam> query;
    private static final String FORM = "form:";
    private static final String FORM_TYPE = "application/x-www-form-urlencoded";

    private final ObjectNode body;
    private final List<QueryParam> form;

    private EndpointTemplate(String verb, List<Piece> path, List<QueryParam> query, ObjectNode body, List<QueryParam> form) {
        this.verb = verb;
        this.path = path;
        this.query = query;
        this.body = body;
        this.form = form;
    }

    static EndpointTemplate parse(String endpoint) {
        String[] parts = endpoint.trim().split("\\s+", 3);
        if (parts.length < 2 || !VERBS.contains(parts[0]) || !parts[1].startsWith("/")) {
            throw invalid(endpoint, "must read 'VERB /path?name={param}' with VERB one of " + VERBS);
        }
        int mark = parts[1].indexOf('?');
        String pathText = mark < 0 ? parts[1] : parts[1].substring(0, mark);
        List<QueryParam> query = mark < 0 ? List.of() : pairs(parts[1].substring(mark + 1), "query", endpoint);
        if (parts.length == 3 && parts[2].startsWith(FORM)) {
            return new EndpointTemplate(parts[0], pieces(pathText, endpoint), query, null,
                    pairs(parts[2].substring(FORM.length()), "form", endpoint));
        }
        return new EndpointTemplate(parts[0], pieces(pathText, endpoint), query,
                parts.length == 3 ? body(parts[2], endpoint) : null, null);
    }

    private static List<QueryParam> pairs(String text, String what, String endpoint) {
        List<QueryParam> pairs = new ArrayList<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw invalid(endpoint, "has a " + what + " part '" + pair + "' that is not name=value");
            }
            pairs.add(new QueryParam(pair.substring(0, eq), value(pair.substring(eq + 1), endpoint)));
        }
        return List.copyOf(pairs);
    }

    /** The names of its placeholders, caps left off ({@code limit} for {@code {limit:500}}). */
    java.util.Set<String> placeholders() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        path.stream().filter(Piece::placeholder).forEach(p -> names.add(p.text()));
        query.stream().map(QueryParam::value).filter(Piece::placeholder).forEach(p -> names.add(p.text()));
        if (form != null) {
            form.stream().map(QueryParam::value).filter(Piece::placeholder).forEach(p -> names.add(p.text()));
        }
        if (body != null) {
            body.properties().forEach(field -> {
                Matcher m = field.getValue().isTextual() ? PLACEHOLDER.matcher(field.getValue().textValue()) : null;
                if (m != null && m.matches()) {
                    names.add(m.group(1));
                }
            });
        }
        return names.stream().map(name -> name.contains(":") ? name.substring(0, name.indexOf(':')) : name)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
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
        if (form != null) {
            StringBuilder text = new StringBuilder();
            for (QueryParam param : form) {
                String value = param.value().placeholder() ? values.apply(param.value().text()) : param.value().text();
                if (value != null) {
                    text.append(text.isEmpty() ? "" : "&").append(RestCall.encode(param.name())).append('=').append(RestCall.encode(value));
                }
            }
            return new RestCall(call.verb(), call.path(), call.query(), text.toString(), Map.of("Content-Type", FORM_TYPE));
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

    private static List<Piece> pieces(String text, String endpoint) {
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
        for (Piece piece : pieces) {
            if (!piece.placeholder() && (piece.text().contains("{") || piece.text().contains("}"))) {
                throw invalid(endpoint, "has a path with a brace outside a {placeholder}: names are letters, digits and _");
            }
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
            throw invalid(endpoint, "has a value '" + text + "' that is neither one {placeholder} nor plain text");
        }
        return new Piece(text, false);
    }

    private static ObjectNode body(String text, String endpoint) {
        try {
            if (FmzJson.MAPPER.readTree(text) instanceof ObjectNode object) {
                for (Map.Entry<String, JsonNode> field : object.properties()) {
                    if (field.getValue().isTextual()) {
                        value(field.getValue().textValue(), endpoint);
                    }
                }
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
