package io.fmzbridge.status;

import io.fmzbridge.status.ExchangeFigures.Outcomes;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The bridge's meters read at one moment, per exchange: the figures the status page shows are
 * differences of these readings, so nothing is counted twice. The meters are the ones
 * {@code /observe/metrics} serves ({@code fmz_calls_seconds}, {@code fmz_exchange_requests_seconds},
 * {@code fmz_rate_limit_wait_seconds}, {@code fmz_rate_limit_refusals_total}, {@code fmz_stream_data_age_seconds}).
 */
record Reading(Instant at, Map<String, ExchangeFigures> exchanges) {

    /** What an exchange the bridge has not called yet has. */
    ExchangeFigures of(String exchange) {
        return exchanges.getOrDefault(exchange, ExchangeFigures.NONE);
    }

    static Reading of(MeterRegistry registry, Instant at) {
        Map<String, Map<String, Outcomes>> calls = new TreeMap<>();
        Map<String, Buckets> callLatency = new TreeMap<>();
        for (Timer timer : registry.find("fmz.calls").timers()) {
            String exchange = tag(timer, "exchange");
            boolean ok = "ok".equals(tag(timer, "outcome"));
            long count = timer.count();
            calls.computeIfAbsent(exchange, any -> new TreeMap<>())
                    .merge(tag(timer, "method"), ok ? new Outcomes(count, 0) : new Outcomes(0, count), Outcomes::plus);
            callLatency.merge(exchange, Buckets.of(timer), Buckets::plus);
        }
        Map<String, Map<String, Long>> statuses = countsBy(registry.find("fmz.exchange.requests").timers(), "status", Timer::count);
        Map<String, Map<String, Long>> refusals = countsBy(registry.find("fmz.rate.limit.refusals").counters(), "reason",
                counter -> (long) counter.count());
        Map<String, Buckets> waits = bucketsBy(registry.find("fmz.rate.limit.wait").timers());
        Map<String, Buckets> dataAges = bucketsBy(registry.find("fmz.stream.data.age").timers());

        Map<String, ExchangeFigures> exchanges = new TreeMap<>();
        calls.keySet().forEach(exchange -> exchanges.put(exchange, null));
        statuses.keySet().forEach(exchange -> exchanges.put(exchange, null));
        exchanges.replaceAll((exchange, none) -> new ExchangeFigures(calls.getOrDefault(exchange, Map.of()),
                callLatency.getOrDefault(exchange, Buckets.NONE), statuses.getOrDefault(exchange, Map.of()),
                waits.getOrDefault(exchange, Buckets.NONE), refusals.getOrDefault(exchange, Map.of()),
                dataAges.getOrDefault(exchange, Buckets.NONE)));
        return new Reading(at, exchanges);
    }

    private static <M extends Meter> Map<String, Map<String, Long>> countsBy(Iterable<M> meters, String detail,
                                                                            Function<M, Long> count) {
        Map<String, Map<String, Long>> byExchange = new TreeMap<>();
        for (M meter : meters) {
            byExchange.computeIfAbsent(tag(meter, "exchange"), any -> new TreeMap<>())
                    .merge(tag(meter, detail), count.apply(meter), Long::sum);
        }
        return byExchange;
    }

    private static Map<String, Buckets> bucketsBy(Iterable<Timer> timers) {
        Map<String, Buckets> byExchange = new TreeMap<>();
        for (Timer timer : timers) {
            byExchange.merge(tag(timer, "exchange"), Buckets.of(timer), Buckets::plus);
        }
        return byExchange;
    }

    private static String tag(Meter meter, String key) {
        String value = meter.getId().getTag(key);
        return value == null ? "-" : value;
    }
}
