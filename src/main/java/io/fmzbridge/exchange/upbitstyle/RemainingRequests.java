package io.fmzbridge.exchange.upbitstyle;

import io.fmzbridge.call.LimitUsageReader;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Message;

/**
 * What is left of a request group this second, from the {@code Remaining-Req} reply header of the dialect
 * ({@code group=default; min=1800; sec=29}: docs.upbit.com "요청 수 제한(Rate Limits)"): {@code group} names
 * the group the call counted in, {@code sec} what is left of it now; {@code min} is a fixed value Upbit says
 * to ignore. The limits are declared under the groups' own names (fmz.exchange.upbit.limits.default), so the
 * header's group is the limit it speaks of.
 */
public final class RemainingRequests implements LimitUsageReader {

    static final String HEADER = "Remaining-Req";
    private static final Pattern GROUP = Pattern.compile("(?:^|;)\\s*group=([a-z0-9-]{1,40})\\s*(?:;|$)");
    private static final Pattern SEC = Pattern.compile("(?:^|;)\\s*sec=(\\d{1,9})\\s*(?:;|$)");

    @Override
    public Map<String, Long> remaining(Message reply) {
        String header = reply.getHeader(HEADER, String.class);
        if (header == null) {
            return Map.of();
        }
        Matcher group = GROUP.matcher(header);
        Matcher sec = SEC.matcher(header);
        return group.find() && sec.find() ? Map.of(group.group(1), Long.parseLong(sec.group(1))) : Map.of();
    }
}
