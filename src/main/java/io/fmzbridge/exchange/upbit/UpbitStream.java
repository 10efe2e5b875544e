package io.fmzbridge.exchange.upbit;

import io.fmzbridge.exchange.upbitstyle.UpbitStyleStream;
import io.fmzbridge.stream.StreamLimits;
import java.time.Duration;

/**
 * Upbit's public stream, {@code wss://api.upbit.com/websocket/v1}, in the dialect's format
 * ({@link UpbitStyleStream}); its orderbook messages carry 30 units unless asked for fewer.
 * Limits (Rate Limits, WebSocket): 5 connection requests a second per IP; 5 data requests a second
 * and 100 a minute per connection, so at most one request a second here. Upbit states no limit on
 * the codes of one request: the bridge puts at most 150 topics on a connection and opens more beyond.
 */
public final class UpbitStream extends UpbitStyleStream {

    static final int TOPICS_PER_CONNECTION = 150;
    private static final StreamLimits LIMITS = new StreamLimits(TOPICS_PER_CONNECTION, 1, Duration.ofSeconds(1),
            TOPICS_PER_CONNECTION, null, Duration.ofMillis(250));

    public UpbitStream() {
        super(UpbitRequests.LABEL, LIMITS, 30);
    }
}
