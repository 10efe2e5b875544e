package io.fmzbridge.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One exchange's stream meters, by the names Prometheus shows: {@code fmz_stream_messages_total},
 * {@code fmz_stream_resyncs_total}, {@code fmz_stream_reconnects_total},
 * {@code fmz_stream_data_age_seconds} (exchange event time to the answer, per FMZ method),
 * {@code fmz_stream_connections} and {@code fmz_stream_subscriptions}. Which source answered each
 * call is counted where the reply goes out ({@code fmz_market_data_answers_total}).
 */
final class StreamMeters {

    /** Data age buckets: a busy book is a few ms old, a quiet instrument's ticker seconds or minutes. */
    private static final Duration[] AGE_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofMinutes(5)};

    private final Counter messages;
    private final Counter resyncs;
    private final Counter reconnects;
    private final Map<Channel, Timer> ages = new EnumMap<>(Channel.class);

    StreamMeters(String exchange, MeterRegistry registry, Supplier<Number> connections, Supplier<Number> subscriptions) {
        messages = Counter.builder("fmz.stream.messages").description("Messages received on public market-data streams")
                .tag("exchange", exchange).register(registry);
        resyncs = Counter.builder("fmz.stream.resyncs")
                .description("Order books discarded and resynchronised (gap, checksum mismatch, message out of order)")
                .tag("exchange", exchange).register(registry);
        reconnects = Counter.builder("fmz.stream.reconnects")
                .description("Stream connections replaced after being lost, silent, or at the exchange's age limit")
                .tag("exchange", exchange).register(registry);
        for (Channel channel : Channel.values()) {
            ages.put(channel, Timer.builder("fmz.stream.data.age")
                    .description("Age of stream data when it answered a call: the exchange's event time to the answer")
                    .tag("exchange", exchange).tag("method", channel.fmzMethod())
                    .serviceLevelObjectives(AGE_BUCKETS).register(registry));
        }
        Gauge.builder("fmz.stream.connections", connections).description("Open or reconnecting stream connections")
                .tag("exchange", exchange).register(registry);
        Gauge.builder("fmz.stream.subscriptions", subscriptions).description("Topics subscribed on streams")
                .tag("exchange", exchange).register(registry);
    }

    void message() {
        messages.increment();
    }

    void resync() {
        resyncs.increment();
    }

    void reconnect() {
        reconnects.increment();
    }

    /** The exchange's clock may run a little ahead of the host's: a negative age counts as none. */
    void dataAge(Channel channel, long millis) {
        ages.get(channel).record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }
}
