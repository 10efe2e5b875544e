package io.fmzbridge.exchange.bitfinex;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ServerErrors;
import io.fmzbridge.fmz.FmzJson;
import java.io.IOException;
import java.util.Set;

/**
 * Bitfinex sends every {@code ["error", code, "message"]} with HTTP 500, a refused symbol or a short
 * balance as much as an outage. Only its unknown error (10000) and maintenance (20060) say Bitfinex
 * itself is failing; the other codes, and its rate-limit reply, are refusals the breaker must not count.
 */
public final class BitfinexRefusals implements ServerErrors.Refusals {

    private static final Set<Long> FAILING = Set.of(10000L, 20060L);

    @Override
    public boolean isRefusal(byte[] body) {
        if (body == null || body.length == 0) {
            return false;
        }
        try {
            JsonNode json = FmzJson.MAPPER.readTree(body);
            if (json.isArray() && "error".equals(json.path(0).asText())) {
                return json.path(1).canConvertToLong() && !FAILING.contains(json.path(1).asLong());
            }
            return "ERR_RATE_LIMIT".equals(json.path("error").asText());
        } catch (IOException unreadable) {
            return false;
        }
    }
}
