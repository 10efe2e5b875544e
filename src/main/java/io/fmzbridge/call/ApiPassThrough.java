package io.fmzbridge.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code exchange.IO("api", verb, path, query)}: FMZ sends {@code method = "__api_" + path}, the
 * decoded query as {@code params} and the verb in the {@code Http-Method} header. GET and DELETE
 * carry the params in the query string, POST and PUT as a JSON body, as the exchanges expect.
 */
public final class ApiPassThrough {

    private static final Set<String> VERBS = Set.of("GET", "POST", "DELETE", "PUT");

    public RestCall call(FmzRequest request) {
        String verb = request.httpMethod() == null || request.httpMethod().isBlank()
                ? "GET" : request.httpMethod().trim().toUpperCase(Locale.ROOT);
        if (!VERBS.contains(verb)) {
            throw new FmzError("exchange.IO verb '" + verb + "' is not one of " + VERBS);
        }
        String path = request.apiPath();
        if (!path.startsWith("/") || path.contains("..") || path.contains("?") || path.contains("#")
                || path.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F)) {
            throw new FmzError("exchange.IO path must be a plain absolute path like /api/v5/account/balance");
        }
        RestCall call = RestCall.of(verb + " " + path);
        if (verb.equals("GET") || verb.equals("DELETE")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = request.params().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                call = call.param(field.getKey(), request.param(field.getKey()));
            }
            return call;
        }
        try {
            return call.body(FmzJson.MAPPER.writeValueAsString(request.params()));
        } catch (JsonProcessingException e) {
            throw new FmzError("exchange.IO params cannot be sent as JSON");
        }
    }
}
