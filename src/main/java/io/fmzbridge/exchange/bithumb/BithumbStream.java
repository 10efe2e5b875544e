package io.fmzbridge.exchange.bithumb;

import io.fmzbridge.exchange.upbitstyle.UpbitStyleStream;
import io.fmzbridge.stream.StreamLimits;
import java.time.Duration;

/**
 * Bithumb's public stream, {@code wss://ws-api.bithumb.com/websocket/v1}, which follows Upbit's
 * format ({@link UpbitStyleStream}): the same requests, replies, errors and 120 s idle limit.
 * Limits (WebSocket, basic information): 10 connection requests a second per IP, beyond which Bithumb
 * answers 429 and may block the address for 10 minutes; it states no limit on the requests of one
 * connection, so the bridge sends at most one a second, and at most 150 topics on a connection.
 * The pages do not say how many units its orderbook messages carry (its REST book has 15, 30 for a
 * single market): the book keeps 15 per side, so a deeper {@code depth} goes to REST.
 */
public final class BithumbStream extends UpbitStyleStream {

    static final int TOPICS_PER_CONNECTION = 150;
    static final int BOOK_UNITS = 15;
    private static final StreamLimits LIMITS = new StreamLimits(TOPICS_PER_CONNECTION, 1, Duration.ofSeconds(1),
            TOPICS_PER_CONNECTION, null, Duration.ofMillis(200));

    public BithumbStream() {
        super(BithumbRequests.LABEL, LIMITS, BOOK_UNITS);
    }
}
