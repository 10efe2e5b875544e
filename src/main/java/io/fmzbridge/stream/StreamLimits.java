package io.fmzbridge.stream;

import java.time.Duration;

/**
 * What one exchange allows per connection, so the bridge opens more connections rather than break a rule.
 *
 * @param topicsPerConnection subscriptions one connection may hold
 * @param framesPerWindow     subscribe/unsubscribe messages one connection may send per {@code window}
 *                            (kept below the exchange's limit where it counts pings and pongs too)
 * @param window              the period of {@code framesPerWindow}
 * @param topicsPerFrame      subscriptions one subscribe message may carry
 * @param lifetime            how long the exchange keeps a connection open (the bridge reconnects
 *                            before); null when it does not limit it
 * @param connectSpacing      the least time between two connection attempts to the exchange
 */
public record StreamLimits(int topicsPerConnection, int framesPerWindow, Duration window, int topicsPerFrame,
                           Duration lifetime, Duration connectSpacing) {
}
