package io.fmzbridge.exchange.binance;

import io.fmzbridge.call.LimitUsageReader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Message;

/**
 * What Binance says it has counted, from its reply headers (rest-api.md "LIMITS"): every reply carries
 * {@code X-MBX-USED-WEIGHT-1M}, "the current used weight for the IP", and a successful order's reply
 * {@code X-MBX-ORDER-COUNT-10S} and {@code X-MBX-ORDER-COUNT-1D}, the account's unfilled orders in those
 * intervals. Named after the limits fmz.exchange.binance.limits declares (weight, orders, orders-day).
 * Another program on the same address, or on the same account, shows here and nowhere else.
 */
public final class BinanceLimitUsage implements LimitUsageReader {

    private static final Map<String, String> HEADERS = Map.of(
            "X-MBX-USED-WEIGHT-1M", "weight",
            "X-MBX-ORDER-COUNT-10S", "orders",
            "X-MBX-ORDER-COUNT-1D", "orders-day");

    @Override
    public Map<String, Long> used(Message reply) {
        Map<String, Long> used = new LinkedHashMap<>();
        HEADERS.forEach((header, limit) -> {
            String value = reply.getHeader(header, String.class);
            if (value != null && value.trim().matches("\\d{1,12}")) {
                used.put(limit, Long.parseLong(value.trim()));
            }
        });
        return used;
    }
}
