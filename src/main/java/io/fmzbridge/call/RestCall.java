package io.fmzbridge.call;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One REST call to an exchange, exactly as it will be sent: the query string and body here are the
 * bytes a signer signs and the wire carries, so nothing downstream may re-encode them.
 *
 * @param verb    GET, POST, DELETE, PUT
 * @param path    path on the exchange's base URL, starting with {@code /}
 * @param query   the encoded query string without {@code ?}, empty when none
 * @param body    the request body, empty when none
 * @param headers extra request headers: content type, credentials, signatures
 */
public record RestCall(String verb, String path, String query, String body, Map<String, String> headers) {

    public RestCall {
        headers = Map.copyOf(headers);
    }

    /** A call from the route's endpoint declaration, {@code "GET /api/v5/market/ticker"}. */
    public static RestCall of(String endpoint) {
        int space = endpoint.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("endpoint must read 'VERB /path': " + endpoint);
        }
        return new RestCall(endpoint.substring(0, space).trim(), endpoint.substring(space + 1).trim(), "", "", Map.of());
    }

    /** Appends {@code name=value} to the query, percent-encoded; a null value adds nothing. */
    public RestCall param(String name, Object value) {
        if (value == null) {
            return this;
        }
        String pair = encode(name) + "=" + encode(String.valueOf(value));
        return new RestCall(verb, path, query.isEmpty() ? pair : query + "&" + pair, body, headers);
    }

    public RestCall body(String json) {
        return new RestCall(verb, path, query, json, headers).header("Content-Type", "application/json");
    }

    public RestCall header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RestCall(verb, path, query, body, more);
    }

    /** Path and query as the exchange's signature schemes quote them: {@code /a/b?x=1}. */
    public String pathWithQuery() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** How the call is named in errors and logs: verb and path, never headers or body. */
    public String describe() {
        return verb + " " + path;
    }

    /** RFC 3986 encoding: spaces as %20, so every exchange's signature check sees the same bytes. */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
    }

    /** Records print every component; headers hold credentials and signatures. */
    @Override
    public String toString() {
        return "RestCall[" + describe() + "]";
    }
}
