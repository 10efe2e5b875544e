package io.fmzbridge.call;

import io.fmzbridge.observe.CallMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each exchange's clock as the bridge last measured it: the offset between the exchange's server
 * time and the host's, so signatures carry the time the exchange expects even when the host
 * clock is seconds off. Kept up to date by the clock-sync job (jobs.camel.yaml).
 */
public final class ExchangeClocks {

    static final String EXCHANGE = "clockExchange";
    static final String SENT_AT = "clockSentAt";

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeClocks.class);

    private final Clock host;
    private final CallMetrics metrics;
    private final Map<String, Clock> clocks = new ConcurrentHashMap<>();

    public ExchangeClocks(Clock host) {
        this(host, null);
    }

    /** With {@code metrics}, each exchange's offset is shown once measured ({@code fmz_clock_offset_seconds}). */
    public ExchangeClocks(Clock host, CallMetrics metrics) {
        this.host = host;
        this.metrics = metrics;
    }

    /** The exchange's time; the host's until a measurement has come in. */
    public Clock clockOf(String exchange) {
        return exchange == null ? host : clocks.getOrDefault(exchange, host);
    }

    /** Job step: the server-time call, and when it left. */
    public RestCall request(@ExchangeProperty(EXCHANGE) String exchange, @Body String endpoint, Exchange job) {
        job.setProperty(SENT_AT, host.millis());
        return RestCall.of(endpoint);
    }

    /**
     * Job step: the exchange's time (ms) read from its reply. The reply left the exchange about
     * halfway through the round trip, which is the best estimate without more samples.
     */
    public void update(@ExchangeProperty(EXCHANGE) String exchange, @ExchangeProperty(SENT_AT) long sentAt, @Body Long serverMs) {
        long now = host.millis();
        long offset = serverMs - (sentAt + now) / 2;
        Clock previous = clocks.put(exchange, Clock.offset(host, Duration.ofMillis(offset)));
        if (previous == null && metrics != null) {
            metrics.clockOffset(exchange, () -> offsetMs(exchange) / 1000.0);
        }
        if (previous == null || Math.abs(Duration.between(host.instant(), previous.instant()).toMillis() - offset) > 500) {
            LOG.info("{} clock is {} ms from this host's (round trip {} ms)", exchange, offset, now - sentAt);
        }
    }

    /** For tests and diagnostics: the current offset in ms. */
    public long offsetMs(String exchange) {
        return Duration.between(host.instant(), clockOf(exchange).instant()).toMillis();
    }

    /** The offset in ms the last measurement found, or null before the first (when the host's clock is used). */
    public Long measuredOffsetMs(String exchange) {
        return clocks.containsKey(exchange) ? offsetMs(exchange) : null;
    }

    Instant now(String exchange) {
        return clockOf(exchange).instant();
    }
}
