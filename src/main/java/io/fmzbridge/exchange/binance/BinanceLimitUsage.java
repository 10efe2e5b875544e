package io.fmzbridge.exchange.binance;

import io.fmzbridge.call.HttpRequestStep;
import io.fmzbridge.call.LimitUsageReader;
import io.fmzbridge.call.RestCall;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Message;

/**
 * What Binance says it has counted, from its reply headers: every reply carries
 * {@code X-MBX-USED-WEIGHT-1M}, "the current used weight for the IP", and a successful order's reply the
 * account's order counts in its API's intervals (spot rest-api.md "LIMITS": {@code X-MBX-ORDER-COUNT-10S}
 * and {@code -1D}; USDⓈ-M and COIN-M "General Info", "LIMITS": {@code -10S} and {@code -1M} on USDⓈ-M,
 * {@code -1M} on COIN-M). Each API counts on its own, so the headers of a reply from a futures API name
 * that API's limits. Named after the limits fmz.exchange.binance.limits declares. Another program on
 * the same address, or on the same account, shows here and nowhere else.
 */
public final class BinanceLimitUsage implements LimitUsageReader {

    private static final Map<String, String> SPOT = Map.of(
            "X-MBX-USED-WEIGHT-1M", "weight",
            "X-MBX-ORDER-COUNT-10S", "orders",
            "X-MBX-ORDER-COUNT-1D", "orders-day");
    private static final Map<String, String> USDM = Map.of(
            "X-MBX-USED-WEIGHT-1M", "fapi-weight",
            "X-MBX-ORDER-COUNT-10S", "fapi-orders",
            "X-MBX-ORDER-COUNT-1M", "fapi-orders-minute");
    private static final Map<String, String> COINM = Map.of(
            "X-MBX-USED-WEIGHT-1M", "dapi-weight",
            "X-MBX-ORDER-COUNT-1M", "dapi-orders-minute");

    @Override
    public Map<String, Long> used(Message reply) {
        Map<String, Long> used = new LinkedHashMap<>();
        headersOf(reply).forEach((header, limit) -> {
            String value = reply.getHeader(header, String.class);
            if (value != null && value.trim().matches("\\d{1,12}")) {
                used.put(limit, Long.parseLong(value.trim()));
            }
        });
        return used;
    }

    /** The headers of the API the call went to: its path, as sent, tells. */
    private static Map<String, String> headersOf(Message reply) {
        Object sent = reply.getExchange().getProperty(HttpRequestStep.CALL_PROPERTY);
        String api = sent instanceof RestCall call ? BinanceFuturesCosts.api(call.path()) : null;
        return api == null ? SPOT : api.equals("fapi") ? USDM : COINM;
    }
}
