package io.fmzbridge.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The bridge's own meters, by the names Prometheus shows ({@code fmz_calls_seconds},
 * {@code fmz_exchange_requests_seconds}, {@code fmz_rate_limit_wait_seconds},
 * {@code fmz_rate_limit_refusals_total}, {@code fmz_rate_limit_remaining}, {@code fmz_breaker_state}, {@code fmz_clock_offset_seconds}, {@code fmz_vault_refusals_total},
 * {@code fmz_vault_lockouts_total}). Callers pass tag values from closed sets (exchange ids, FMZ
 * method names, HTTP status codes, the vault's own aliases), so the number of series stays bounded. Meters are made on
 * first use and kept, so a call costs a map lookup and a timer update.
 */
public final class CallMetrics {

    /** Histogram buckets: a cached reply takes about a millisecond, an exchange's deadline ten seconds. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    private final Supplier<MeterRegistry> registrySource;
    private volatile MeterRegistry registry;
    private final Map<CallKey, Timer> calls = new ConcurrentHashMap<>();
    private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> limitWaits = new ConcurrentHashMap<>();
    private final Map<RequestKey, Counter> refusals = new ConcurrentHashMap<>();
    private final Map<AliasKey, Counter> vaultRefusals = new ConcurrentHashMap<>();
    private final Map<String, Counter> vaultLockouts = new ConcurrentHashMap<>();
    private final Map<SourceKey, Counter> marketDataAnswers = new ConcurrentHashMap<>();

    /**
     * @param registry where the meters go, asked for when the first one is made, once the context
     *                 runs: an application's own registry may be bound after the bridge's beans
     */
    public CallMetrics(Supplier<MeterRegistry> registry) {
        this.registrySource = registry;
    }

    /** An FMZ call answered: {@code ok} is false when the reply was an {@code error}. */
    public void call(String exchange, String method, boolean ok, long nanos) {
        calls.computeIfAbsent(new CallKey(exchange, method, ok), key -> histogram(Timer.builder("fmz.calls")
                        .description("FMZ calls answered, by exchange, FMZ method and outcome")
                        .tag("exchange", key.exchange()).tag("method", key.method())
                        .tag("outcome", key.ok() ? "ok" : "error")))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A market-data call ({@code ticker}, {@code depth}, {@code trades}) answered with data, and
     * from where: {@code stream} (live state) or {@code rest}.
     */
    public void marketDataAnswer(String exchange, String method, boolean fromStream) {
        marketDataAnswers.computeIfAbsent(new SourceKey(exchange, method, fromStream), key -> Counter.builder("fmz.market.data.answers")
                        .description("Market-data calls answered with data, by exchange, FMZ method and source (stream or rest)")
                        .tag("exchange", key.exchange()).tag("method", key.method())
                        .tag("source", key.fromStream() ? "stream" : "rest")
                        .register(registry()))
                .increment();
    }

    /** An HTTP request to an exchange finished; {@code status} is the HTTP status or {@code IO_ERROR}. */
    public void exchangeRequest(String exchange, String status, long nanos) {
        requests.computeIfAbsent(new RequestKey(exchange, status), key -> histogram(Timer.builder("fmz.exchange.requests")
                        .description("HTTP requests to exchanges, by exchange and HTTP status (IO_ERROR when no reply came)")
                        .tag("exchange", key.exchange()).tag("status", key.detail())))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A call waited this long for the bridge's rate limit to let it go. */
    public void rateLimitWait(String exchange, long nanos) {
        limitWaits.computeIfAbsent(exchange, id -> histogram(Timer.builder("fmz.rate.limit.wait")
                        .description("Time calls waited for the bridge's rate limit, by exchange")
                        .tag("exchange", id)))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A call answered with an error instead of being sent: {@code exchange-backoff} while an
     * exchange's 429 pause lasts, {@code bridge-limit} when the bridge's own limit refuses.
     */
    public void rateLimitRefusal(String exchange, String reason) {
        refusals.computeIfAbsent(new RequestKey(exchange, reason), key -> Counter.builder("fmz.rate.limit.refusals")
                        .description("Calls refused by rate limiting instead of sent, by exchange and reason")
                        .tag("exchange", key.exchange()).tag("reason", key.detail())
                        .register(registry()))
                .increment();
    }

    /**
     * A call naming a key-vault alias refused for its secret: {@code wrong-secret} (wrong or
     * missing), or {@code locked} while repeated wrong secrets hold the alias. Aliases are names the
     * vault holds (not secret, and as many as the vault has), never whatever a caller sent.
     */
    public void vaultRefusal(String alias, String reason) {
        vaultRefusals.computeIfAbsent(new AliasKey(alias, reason), key -> Counter.builder("fmz.vault.refusals")
                        .description("Calls naming a key-vault alias refused for its secret, by alias and reason")
                        .tag("alias", key.alias()).tag("reason", key.reason())
                        .register(registry()))
                .increment();
    }

    /** Repeated wrong secrets locked a key-vault alias. */
    public void vaultLockout(String alias) {
        vaultLockouts.computeIfAbsent(alias, key -> Counter.builder("fmz.vault.lockouts")
                        .description("Times repeated wrong secrets locked a key-vault alias")
                        .tag("alias", key)
                        .register(registry()))
                .increment();
    }

    /**
     * What is left of one of an exchange's limits in one scope, read when scraped:
     * {@code fmz_rate_limit_remaining{exchange, limit, scope}}, the least left of any counter of that scope
     * (the API key nearest its limit). Limits and scopes are the exchange's declared ones, never keys.
     */
    public void rateLimitRemaining(String exchange, String limit, String scope, Supplier<Number> remaining) {
        Gauge.builder("fmz.rate.limit.remaining", remaining)
                .description("What is left of each exchange's rate limits, by limit and scope: the least of any key")
                .tag("exchange", exchange).tag("limit", limit).tag("scope", scope)
                .register(registry());
    }

    /**
     * An exchange's circuit breaker, read when scraped: {@code fmz_breaker_state{exchange, state}}
     * is 1 for the state it is in and 0 for the others.
     */
    public void breakerState(String exchange, Supplier<String> current, List<String> states) {
        for (String state : states) {
            Gauge.builder("fmz.breaker.state", () -> state.equals(current.get()) ? 1 : 0)
                    .description("Each exchange's circuit breaker: 1 for the state it is in")
                    .tag("exchange", exchange).tag("state", state)
                    .register(registry());
        }
    }

    /**
     * How far an exchange's clock is from this host's, read when scraped:
     * {@code fmz_clock_offset_seconds{exchange}}, positive when the exchange is ahead.
     */
    public void clockOffset(String exchange, Supplier<Number> offsetSeconds) {
        Gauge.builder("fmz.clock.offset", offsetSeconds)
                .description("Each exchange's clock less this host's, as the clock-sync job last measured it")
                .baseUnit("seconds").tag("exchange", exchange)
                .register(registry());
    }

    private Timer histogram(Timer.Builder builder) {
        return builder.serviceLevelObjectives(BUCKETS).register(registry());
    }

    private MeterRegistry registry() {
        MeterRegistry resolved = registry;
        if (resolved == null) {
            resolved = registrySource.get();
            registry = resolved;
        }
        return resolved;
    }

    private record CallKey(String exchange, String method, boolean ok) {
    }

    private record SourceKey(String exchange, String method, boolean fromStream) {
    }

    private record RequestKey(String exchange, String detail) {
    }

    private record AliasKey(String alias, String reason) {
    }
}
