package io.fmzbridge.stream;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.spi.PropertiesComponent;

/**
 * One exchange's stream settings, read once from the bridge's properties on first use:
 * <ul>
 * <li>{@code fmz.stream.enabled} (all streams) and {@code fmz.exchange.<id>.stream-enabled};</li>
 * <li>{@code fmz.exchange.<id>.ws-url}: the public stream, ws:// or wss://;</li>
 * <li>{@code fmz.exchange.<id>.stale-after-ms}: a connection silent for longer is not answered from, nor
 *     a book silent for longer while channels that move it went on (StreamProtocol#channelsThatMoveTheBook);</li>
 * <li>{@code fmz.exchange.<id>.first-data-wait-ms}: how long a call for a topic that has had no data yet
 *     waits for its first message (0: not at all, REST answers it); for an exchange without REST market data;</li>
 * <li>{@code fmz.stream.idle-unsubscribe-ms}: a topic nobody asked about for this long is unsubscribed;</li>
 * <li>{@code fmz.stream.reconnect-min-ms} / {@code -max-ms}: the back-off between reconnects;</li>
 * <li>{@code fmz.exchange.<id>.stream-topics-per-connection} and {@code .stream-max-connection-age-ms}:
 *     lower than the exchange's own limits, for tests or a cautious operator;</li>
 * <li>the connect timeout of the exchange's REST calls ({@code fmz.exchange.<id>.connect-timeout-ms},
 *     else {@code fmz.call.connect-timeout-ms}).</li>
 * </ul>
 */
record StreamSettings(boolean enabled, URI url, Duration staleAfter, Duration idleAfter, Duration reconnectMin,
                      Duration reconnectMax, int topicsPerConnection, Duration maxConnectionAge,
                      Duration connectTimeout, Duration pingAfter, Duration deadAfter, Duration firstDataWait) {

    static final long DEFAULT_STALE_AFTER_MS = 5000;
    static final long DEFAULT_IDLE_MS = 600_000;
    /** Reconnect this long before an exchange's own connection lifetime ends. */
    static final Duration LIFETIME_MARGIN = Duration.ofMinutes(5);

    static StreamSettings read(String exchange, StreamProtocol protocol, PropertiesComponent properties) {
        String prefix = "fmz.exchange." + exchange + ".";
        Optional<String> url = properties.resolveProperty(prefix + "ws-url").map(String::trim).filter(u -> !u.isEmpty());
        boolean enabled = flag(properties, "fmz.stream.enabled") && flag(properties, prefix + "stream-enabled")
                && url.isPresent();
        URI uri = url.map(URI::create).orElse(null);
        if (uri != null && !"ws".equalsIgnoreCase(uri.getScheme()) && !"wss".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(prefix + "ws-url must be a wss:// (or ws://) URL, not " + uri);
        }
        Duration staleAfter = millis(properties, prefix + "stale-after-ms", DEFAULT_STALE_AFTER_MS);
        StreamLimits limits = protocol.limits();
        int topics = (int) Math.min(limits.topicsPerConnection(),
                whole(properties, prefix + "stream-topics-per-connection", limits.topicsPerConnection()));
        Duration lifetime = limits.lifetime() == null ? null : limits.lifetime().minus(LIFETIME_MARGIN);
        Duration maxAge = properties.resolveProperty(prefix + "stream-max-connection-age-ms")
                .map(ms -> Duration.ofMillis(Long.parseLong(ms.trim()))).orElse(lifetime);
        Duration connectTimeout = millis(properties, prefix + "connect-timeout-ms",
                whole(properties, "fmz.call.connect-timeout-ms", 3000));
        // ping once the connection has been quiet for half the stale limit (and well inside the
        // exchange's own limit), so a quiet but healthy connection never looks stale; one that stays
        // silent past twice the stale limit, pings unanswered, is dead and replaced
        Duration pingAfter = min(staleAfter.dividedBy(2), protocol.keepAlive().longestGap().dividedBy(2));
        Duration deadAfter = staleAfter.multipliedBy(2);
        return new StreamSettings(enabled, uri, staleAfter, millis(properties, "fmz.stream.idle-unsubscribe-ms", DEFAULT_IDLE_MS),
                millis(properties, "fmz.stream.reconnect-min-ms", 250), millis(properties, "fmz.stream.reconnect-max-ms", 30_000),
                topics, maxAge, connectTimeout, pingAfter, deadAfter, millis(properties, prefix + "first-data-wait-ms", 0));
    }

    /** The pause before reconnect attempt number {@code failures}: doubling from the least to the most. */
    Duration backoff(int failures) {
        long pause = reconnectMin.toMillis() << Math.min(Math.max(failures - 1, 0), 16);
        return Duration.ofMillis(Math.min(pause, reconnectMax.toMillis()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static boolean flag(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(v -> Boolean.parseBoolean(v.trim())).orElse(true);
    }

    private static long whole(PropertiesComponent properties, String key, long fallback) {
        return properties.resolveProperty(key).map(v -> Long.parseLong(v.trim())).orElse(fallback);
    }

    private static Duration millis(PropertiesComponent properties, String key, long fallback) {
        return Duration.ofMillis(whole(properties, key, fallback));
    }
}
