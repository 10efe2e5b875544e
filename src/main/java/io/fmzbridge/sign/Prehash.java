package io.fmzbridge.sign;

import io.fmzbridge.call.RestCall;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text a header HMAC scheme signs, written as a template of the call's parts:
 * {@code {timestamp}{verb}{path}{?query}{body}} is OKX's and Bitget's. Parsed once when the route file
 * loads; building it per call is a few appends.
 *
 * <p>Parts: {@code {timestamp}}, {@code {verb}}, {@code {path}}, {@code {query}} (without {@code ?}),
 * {@code {?query}} ({@code ?} and the query, or nothing when there is none), {@code {body}},
 * {@code {key}} (the API key); anything else is literal text, such as a path prefix the base URL holds.
 */
final class Prehash {

    private static final Pattern PART = Pattern.compile("\\{(\\??[a-z]+)}");

    private enum Part { TIMESTAMP, VERB, PATH, QUERY, QUERY_WITH_MARK, BODY, KEY, LITERAL }

    private record Piece(Part part, String literal) {
    }

    private final String template;
    private final List<Piece> pieces;

    private Prehash(String template, List<Piece> pieces) {
        this.template = template;
        this.pieces = List.copyOf(pieces);
    }

    static Prehash parse(String template) {
        List<Piece> pieces = new ArrayList<>();
        Matcher m = PART.matcher(template);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                pieces.add(new Piece(Part.LITERAL, template.substring(at, m.start())));
            }
            pieces.add(new Piece(part(m.group(1), template), null));
            at = m.end();
        }
        if (at < template.length()) {
            pieces.add(new Piece(Part.LITERAL, template.substring(at)));
        }
        return new Prehash(template, pieces);
    }

    private static Part part(String name, String template) {
        return switch (name) {
            case "timestamp" -> Part.TIMESTAMP;
            case "verb" -> Part.VERB;
            case "path" -> Part.PATH;
            case "query" -> Part.QUERY;
            case "?query" -> Part.QUERY_WITH_MARK;
            case "body" -> Part.BODY;
            case "key" -> Part.KEY;
            default -> throw new IllegalArgumentException("prehash '" + template + "' names {" + name
                    + "}; the parts are {timestamp} {verb} {path} {query} {?query} {body} {key}");
        };
    }

    String of(RestCall call, String timestamp, String key) {
        StringBuilder text = new StringBuilder(64 + call.query().length() + call.body().length());
        for (Piece piece : pieces) {
            switch (piece.part()) {
                case TIMESTAMP -> text.append(timestamp);
                case VERB -> text.append(call.verb());
                case PATH -> text.append(call.path());
                case QUERY -> text.append(call.query());
                case QUERY_WITH_MARK -> {
                    if (!call.query().isEmpty()) {
                        text.append('?').append(call.query());
                    }
                }
                case BODY -> text.append(call.body());
                case KEY -> text.append(key);
                case LITERAL -> text.append(piece.literal());
            }
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
