package io.fmzbridge.exchange.coinbase;

import io.fmzbridge.call.HttpRequestStep;
import io.fmzbridge.call.LimitUsageReader;
import java.util.Map;
import org.apache.camel.Message;

/**
 * What Coinbase says it has counted of a user's private limit, from the reply headers its own SDK reads
 * (coinbase-advanced-py, "Rate Limit Response Headers", after the private endpoints of Advanced Trade's
 * "REST API Rate Limits"): {@code x-ratelimit-limit} and {@code x-ratelimit-remaining}, their difference
 * spent. Counted for fmz.exchange.coinbase.limits.private, and only for a signed call's reply: the headers
 * are documented for the private endpoints. {@code x-ratelimit-reset} is left alone, its unit unstated;
 * the bridge holds what is spent a period from the reply instead.
 */
public final class CoinbaseLimitUsage implements LimitUsageReader {

    private static final String LIMIT = "x-ratelimit-limit";
    private static final String REMAINING = "x-ratelimit-remaining";

    @Override
    public Map<String, Long> used(Message reply) {
        String limit = reply.getHeader(LIMIT, String.class);
        String remaining = reply.getHeader(REMAINING, String.class);
        String rateKey = reply.getExchange().getProperty(HttpRequestStep.RATE_KEY_PROPERTY, String.class);
        boolean signed = rateKey != null && rateKey.contains(" key:");
        if (!signed || !whole(limit) || !whole(remaining)) {
            return Map.of();
        }
        return Map.of("private", Math.max(0, Long.parseLong(limit.trim()) - Long.parseLong(remaining.trim())));
    }

    private static boolean whole(String value) {
        return value != null && value.trim().matches("\\d{1,9}");
    }
}
