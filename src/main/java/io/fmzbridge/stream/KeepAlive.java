package io.fmzbridge.stream;

import java.time.Duration;

/**
 * How a connection proves it is alive when no data flows: a text message the exchange answers
 * (OKX: "ping", answered "pong") or WebSocket ping frames (answered with pong frames by any server).
 *
 * @param pingText   the text to send, or null for a ping frame
 * @param longestGap the longest silence the exchange allows before it closes the connection; the
 *                   bridge pings well before (never later than the stale limit allows either)
 */
public record KeepAlive(String pingText, Duration longestGap) {

    public static KeepAlive text(String ping, Duration longestGap) {
        return new KeepAlive(ping, longestGap);
    }

    public static KeepAlive pingFrames(Duration longestGap) {
        return new KeepAlive(null, longestGap);
    }
}
