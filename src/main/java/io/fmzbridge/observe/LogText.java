package io.fmzbridge.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bridge's log lines may hold of a request or a reply: one line of printable text, cut
 * to a bounded length, with every credential left out. Secrets are removed by name (the FMZ
 * envelope's {@code secret_key}, signature and token parameters) and a body that cannot be read
 * as JSON or a form is never printed, since it may carry them in a shape no name reveals
 * (Coinone's base64 payload holds the access token).
 */
public final class LogText {

    /** Longest excerpt of a body a DEBUG line prints. */
    static final int MAX_BODY = 2000;
    private static final String REDACTED = "***";
    /** Parameter and field names whose values are credentials or signatures, in any case. */
    private static final Set<String> CREDENTIALS = Set.of("secret_key", "secret", "secretkey", "api_secret",
            "passphrase", "password", "signature", "sign", "access_token", "api_key", "apikey", "token");

    /** Longest error text the status page shows. */
    static final int MAX_ERROR = 300;
    /** Credentials that stand in error text as {@code name=value}, {@code name: value} or {@code "name":"value"}. */
    private static final Pattern CREDENTIAL_PAIR = Pattern.compile("(?i)(?<![A-Za-z0-9_-])("
            + String.join("|", CREDENTIALS) + "|authorization|x-mbx-apikey|ok-access-key|ok-access-sign|ok-access-passphrase)"
            + "(\"?\\s*[:=]\\s*\"?)(?:bearer\\s+)?([^\"&\\s,;]+)");
    /** A credential shorter than this is not looked for in text: it would match ordinary words. */
    private static final int SHORTEST_CREDENTIAL = 6;

    private LogText() {
    }

    /**
     * An error a strategy was answered with, for the status page: one line of at most {@value #MAX_ERROR}
     * characters, credential pairs redacted by the names above, and the call's own credentials (an access
     * key, a secret, each part of a {@code secret,passphrase}) wherever an exchange's message echoed them.
     */
    public static String error(String text, Collection<String> credentials) {
        if (text == null) {
            return "";
        }
        String shown = text;
        for (String credential : credentials) {
            for (String part : credential == null ? new String[0] : credential.split(",")) {
                if (part.trim().length() >= SHORTEST_CREDENTIAL) {
                    shown = shown.replace(part.trim(), REDACTED);
                }
            }
        }
        Matcher pair = CREDENTIAL_PAIR.matcher(shown);
        shown = pair.replaceAll(found -> Matcher.quoteReplacement(found.group(1) + found.group(2) + REDACTED));
        shown = oneLine(shown);
        return shown.length() > MAX_ERROR ? shown.substring(0, MAX_ERROR) + "…" : shown;
    }

    /** User-supplied text (a method, a symbol) as one printable word of at most {@code max} characters. */
    public static String word(String text, int max) {
        if (text == null || text.isEmpty()) {
            return "-";
        }
        int length = Math.min(text.length(), max);
        // written once per call: the usual word passes through without a copy
        if (length == text.length() && isPrintable(text)) {
            return text;
        }
        StringBuilder word = new StringBuilder(length + 1);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            word.append(c >= 0x21 && c <= 0x7E ? c : '?');
        }
        return length < text.length() ? word.append('…').toString() : word.toString();
    }

    private static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** The FMZ envelope: secret_key never, access_key by its first characters only. */
    public static String envelope(JsonNode envelope) {
        JsonNode copy = envelope.deepCopy();
        if (copy instanceof ObjectNode object) {
            if (object.has("access_key")) {
                object.put("access_key", keyStart(object.path("access_key").asText()));
            }
        }
        return excerpt(redactJson(copy).toString());
    }

    /** An exchange request: verb, path, query and body, signature parameters and unreadable bodies left out. */
    public static String request(String verb, String path, String query, String body, String contentType) {
        StringBuilder line = new StringBuilder(verb).append(' ').append(path);
        if (!query.isEmpty()) {
            line.append('?').append(form(query));
        }
        if (!body.isEmpty()) {
            line.append(" body ").append(body(body, contentType));
        }
        return excerpt(line.toString());
    }

    /** A reply body, JSON from an exchange or to FMZ: printed as it came, cut to length. */
    public static String reply(byte[] body) {
        if (body == null) {
            return "(none)";
        }
        String start = new String(body, 0, Math.min(body.length, MAX_BODY * 4), StandardCharsets.UTF_8);
        return start.length() > MAX_BODY ? oneLine(start.substring(0, MAX_BODY)) + "…(" + body.length + " bytes)" : oneLine(start);
    }

    /** An API key's first four characters, enough to tell keys apart; a short one not at all. */
    static String keyStart(String key) {
        return key.length() < 12 ? REDACTED : key.substring(0, 4) + "…";
    }

    private static String body(String body, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("x-www-form-urlencoded")) {
            return form(body);
        }
        if (type.contains("json")) {
            try {
                JsonNode json = FmzJson.MAPPER.readTree(body);
                if (json != null && json.isContainerNode()) {
                    return redactJson(json).toString();
                }
            } catch (JsonProcessingException e) {
                // not JSON after all: not shown below
            }
        }
        return "(" + body.length() + " characters, not shown)";
    }

    /** name=value pairs with credential values replaced; written so the log's signature guard lets the line pass. */
    private static String form(String pairs) {
        StringJoiner shown = new StringJoiner("&");
        for (String pair : pairs.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (isCredential(URLDecoder.decode(name, StandardCharsets.UTF_8))) {
                shown.add("<" + name + " redacted>");
            } else {
                shown.add(pair);
            }
        }
        return shown.toString();
    }

    private static JsonNode redactJson(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (isCredential(field.getKey())) {
                    field.setValue(object.textNode(REDACTED));
                } else {
                    redactJson(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(LogText::redactJson);
        }
        return node;
    }

    private static boolean isCredential(String name) {
        return CREDENTIALS.contains(name.toLowerCase(Locale.ROOT));
    }

    private static String excerpt(String text) {
        return text.length() > MAX_BODY ? oneLine(text.substring(0, MAX_BODY)) + "…(" + text.length() + " characters)" : oneLine(text);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }
}
