package io.fmzbridge.status;

import io.fmzbridge.call.ExchangeClocks;
import io.fmzbridge.call.MarketRules;
import io.fmzbridge.call.Testnets;
import io.fmzbridge.observe.Meters;
import io.fmzbridge.observe.RecentErrors;
import io.fmzbridge.status.BridgeStatus.AliasLockouts;
import io.fmzbridge.status.BridgeStatus.Calls;
import io.fmzbridge.status.BridgeStatus.ChartPoint;
import io.fmzbridge.status.BridgeStatus.Count;
import io.fmzbridge.status.BridgeStatus.ExchangeStatus;
import io.fmzbridge.status.BridgeStatus.Latency;
import io.fmzbridge.status.BridgeStatus.Left;
import io.fmzbridge.status.BridgeStatus.MethodCalls;
import io.fmzbridge.status.BridgeStatus.RateLimit;
import io.fmzbridge.status.BridgeStatus.RecentError;
import io.fmzbridge.status.BridgeStatus.Stream;
import io.fmzbridge.status.BridgeStatus.Vault;
import io.fmzbridge.status.ExchangeFigures.Outcomes;
import io.fmzbridge.stream.MarketStream;
import io.fmzbridge.vault.VaultCredentials;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Gathers the status page's figures from where the bridge already keeps them: counts and latencies
 * from the meters (two {@link Reading}s apart), gauges for breakers and limits left, and the
 * shared beans for clocks, market rules, streams, the vault and recent errors. Nothing here counts.
 */
final class StatusCollector {

    /** What "recent" means on the page. */
    static final Duration RECENT = Duration.ofMinutes(1);
    /** A wait at or under this is no wait: every call passes the limiter, and takes a moment to. */
    private static final double NO_WAIT_MS = 1;

    private final CamelContext context;
    private final StatusHistory history;

    StatusCollector(CamelContext context, StatusHistory history) {
        this.context = context;
        this.history = history;
    }

    BridgeStatus collect() {
        Reading now = history.now(context);
        Reading minuteAgo = history.atOrBefore(now.at().minus(RECENT));
        List<Reading> kept = history.kept();
        MeterRegistry meters = Meters.of(context);
        Registry beans = context.getRegistry();
        Map<String, MarketStream> streams = new TreeMap<>();
        beans.findByType(MarketStream.class).forEach(stream -> streams.put(stream.exchange(), stream));

        List<ExchangeStatus> exchanges = new ArrayList<>();
        for (String exchange : now.exchanges().keySet()) {
            // a path that named no exchange is counted as "unknown": a caller's mistake, not an exchange
            if (!"unknown".equals(exchange)) {
                exchanges.add(exchange(exchange, now, minuteAgo, kept, meters, beans, streams.get(exchange)));
            }
        }
        long recentSeconds = Duration.between(minuteAgo.at(), now.at()).toSeconds();
        return new BridgeStatus(now.at().toString(), context.getUptime().toSeconds(), recentSeconds, vault(meters, beans),
                exchanges);
    }

    private ExchangeStatus exchange(String exchange, Reading now, Reading minuteAgo, List<Reading> kept,
                                    MeterRegistry meters, Registry beans, MarketStream stream) {
        ExchangeFigures total = now.of(exchange);
        ExchangeFigures recent = total.minus(minuteAgo.of(exchange));

        Outcomes recentCalls = recent.calls();
        Outcomes totalCalls = total.calls();
        Calls calls = new Calls(recentCalls.calls(), recentCalls.errors(),
                recentCalls.calls() == 0 ? null : (double) recentCalls.errors() / recentCalls.calls(),
                totalCalls.calls(), totalCalls.errors());
        List<MethodCalls> methods = new ArrayList<>();
        total.callsByMethod().forEach((method, since) -> {
            Outcomes lately = recent.callsByMethod().getOrDefault(method, Outcomes.NONE);
            methods.add(new MethodCalls(method, lately.calls(), lately.errors(), since.calls(), since.errors()));
        });
        methods.sort(Comparator.comparingLong(MethodCalls::recent).thenComparingLong(MethodCalls::total).reversed());

        RateLimit rateLimit = new RateLimit(limitsLeft(meters, exchange), recent.limitWaits().over(NO_WAIT_MS),
                recent.limitWaits().sumMs(), counts(recent.refusals(), total.refusals()));

        ExchangeClocks clocks = beans.findSingleByType(ExchangeClocks.class);
        MarketRules rules = beans.findSingleByType(MarketRules.class);
        Instant rulesKept = rules == null ? null : rules.keptAt(exchange);
        RecentErrors errors = beans.findSingleByType(RecentErrors.class);
        Testnets testnets = beans.findSingleByType(Testnets.class);

        return new ExchangeStatus(exchange, testnets != null && testnets.isTestnet(exchange), calls, methods, latency(recent.callLatency()),
                counts(recent.httpStatuses(), total.httpStatuses()), breaker(meters, exchange), rateLimit,
                clocks == null ? null : clocks.measuredOffsetMs(exchange),
                rulesKept == null ? null : Duration.between(rulesKept, now.at()).toSeconds(),
                stream == null ? null : stream(stream, meters, recent),
                errors == null ? List.of() : errors.of(exchange).stream()
                        .map(error -> new RecentError(error.at().toString(), error.method(), error.error())).toList(),
                chart(exchange, kept, now));
    }

    /** One point per interval between readings, the last one ending now. */
    private static List<ChartPoint> chart(String exchange, List<Reading> kept, Reading now) {
        List<Reading> ends = new ArrayList<>(kept);
        ends.add(now);
        List<ChartPoint> points = new ArrayList<>();
        for (int i = 1; i < ends.size(); i++) {
            ExchangeFigures in = ends.get(i).of(exchange).minus(ends.get(i - 1).of(exchange));
            Outcomes calls = in.calls();
            points.add(new ChartPoint(ends.get(i).at().toEpochMilli(), calls.calls(), calls.errors(),
                    in.callLatency().quantileMs(0.99)));
        }
        return points;
    }

    private static Latency latency(Buckets buckets) {
        return new Latency(buckets.quantileMs(0.5), buckets.quantileMs(0.99));
    }

    private static List<Count> counts(Map<String, Long> recent, Map<String, Long> total) {
        List<Count> counts = new ArrayList<>();
        total.forEach((name, since) -> counts.add(new Count(name, recent.getOrDefault(name, 0L), since)));
        return counts;
    }

    /** The state whose gauge reads 1 (BreakerStates); null for an exchange without a breaker. */
    private static String breaker(MeterRegistry meters, String exchange) {
        for (Gauge state : meters.find("fmz.breaker.state").tag("exchange", exchange).gauges()) {
            if (state.value() == 1) {
                return state.getId().getTag("state");
            }
        }
        return null;
    }

    private static List<Left> limitsLeft(MeterRegistry meters, String exchange) {
        List<Left> left = new ArrayList<>();
        for (Gauge limit : meters.find("fmz.rate.limit.remaining").tag("exchange", exchange).gauges()) {
            left.add(new Left(limit.getId().getTag("limit"), limit.getId().getTag("scope"), limit.value()));
        }
        left.sort(Comparator.comparing(Left::limit).thenComparing(Left::scope));
        return left;
    }

    private static Stream stream(MarketStream stream, MeterRegistry meters, ExchangeFigures recent) {
        long reconnects = 0;
        for (Counter counter : meters.find("fmz.stream.reconnects").tag("exchange", stream.exchange()).counters()) {
            reconnects += (long) counter.count();
        }
        return new Stream(stream.openStreams(), reconnects, latency(recent.streamDataAge()));
    }

    private static Vault vault(MeterRegistry meters, Registry beans) {
        VaultCredentials credentials = beans.findSingleByType(VaultCredentials.class);
        if (credentials == null || credentials.vault() == null) {
            return new Vault(false, List.of());
        }
        Map<String, Duration> locked = credentials.lockedAliases();
        Map<String, Long> lockouts = new TreeMap<>();
        for (Counter counter : meters.find("fmz.vault.lockouts").counters()) {
            lockouts.merge(counter.getId().getTag("alias"), (long) counter.count(), Long::sum);
        }
        locked.keySet().forEach(alias -> lockouts.putIfAbsent(alias, 0L));
        List<AliasLockouts> aliases = new ArrayList<>();
        lockouts.forEach((alias, total) -> aliases.add(new AliasLockouts(alias, total,
                (locked.getOrDefault(alias, Duration.ZERO).toMillis() + 999) / 1000)));
        return new Vault(true, aliases);
    }
}
