package io.fmzbridge.exchange.korbit;

import io.fmzbridge.call.HttpRequestStep;
import io.fmzbridge.call.LimitUsageReader;
import io.fmzbridge.call.RestCall;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Message;

/**
 * What Korbit says is spent of the limit a call counted against, from its {@code Ratelimit} reply header
 * ({@code limit=50, remaining=48, reset=1}: the endpoint's figure, what is left, seconds until it resets;
 * docs.korbit.co.kr REST overview, "요청 수 제한"). The header does not name its limit, so the call's own
 * endpoint does, as fmz.exchange.korbit.limits declares them: placing, cancelling, any other private call
 * (signed, with X-KAPI-KEY), or a public one. Spent is the header's figure less what it says is left, so a
 * figure that differs from the bridge's own does not skew it.
 */
public final class KorbitLimitUsage implements LimitUsageReader {

    private static final Pattern LIMIT = Pattern.compile("(?:^|,)\\s*limit=(\\d{1,9})\\s*(?:,|$)");
    private static final Pattern REMAINING = Pattern.compile("(?:^|,)\\s*remaining=(\\d{1,9})\\s*(?:,|$)");

    @Override
    public Map<String, Long> used(Message reply) {
        String header = reply.getHeader("Ratelimit", String.class);
        RestCall call = reply.getExchange().getProperty(HttpRequestStep.CALL_PROPERTY, RestCall.class);
        if (header == null || call == null) {
            return Map.of();
        }
        Matcher limit = LIMIT.matcher(header);
        Matcher remaining = REMAINING.matcher(header);
        if (!limit.find() || !remaining.find()) {
            return Map.of();
        }
        long used = Math.max(0, Long.parseLong(limit.group(1)) - Long.parseLong(remaining.group(1)));
        return Map.of(limitOf(call), used);
    }

    /** The limit Korbit counts this call against. */
    private static String limitOf(RestCall call) {
        if (call.path().equals("/v2/orders") && call.verb().equals("POST")) {
            return "place";
        }
        if (call.path().equals("/v2/orders") && call.verb().equals("DELETE")) {
            return "cancel";
        }
        return call.headers().containsKey("X-KAPI-KEY") ? "private" : "public";
    }
}
