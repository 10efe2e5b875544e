package io.fmzbridge.status;

import java.util.List;

/**
 * What the status page shows, as {@code /observe/status.json} carries it. "Recent" figures cover the
 * last {@code recentSeconds} (less just after start), "total" ones the time since start. Times in
 * milliseconds; null where there is nothing to tell (no calls, no measurement, no stream).
 */
public record BridgeStatus(String at, long uptimeSeconds, long recentSeconds, Vault vault, List<ExchangeStatus> exchanges) {

    /** The key vault, bridge-wide: off, or on with each alias that was ever locked. */
    public record Vault(boolean on, List<AliasLockouts> lockouts) {
    }

    /** An alias's lock-outs since start, and how long it stays locked now (0 when it takes calls). */
    public record AliasLockouts(String alias, long total, long lockedForSeconds) {
    }

    public record ExchangeStatus(String exchange, boolean testnet, Calls calls, List<MethodCalls> methods, Latency latencyMs,
                                 List<Count> httpStatuses, String breaker, RateLimit rateLimit, Long clockOffsetMs,
                                 Long marketRulesAgeSeconds, Stream stream, List<RecentError> recentErrors,
                                 List<ChartPoint> chart) {
    }

    /** FMZ calls answered and how many with an error; errorShare is of the recent ones (null without any). */
    public record Calls(long recent, long recentErrors, Double errorShare, long total, long totalErrors) {
    }

    /** One FMZ method's calls, recent and since start. */
    public record MethodCalls(String method, long recent, long recentErrors, long total, long totalErrors) {
    }

    /** The recent FMZ calls' latency, as histogram_quantile reads the same buckets. */
    public record Latency(Double p50, Double p99) {
    }

    /** Something counted, recently and since start: an HTTP status, a refusal's reason. */
    public record Count(String name, long recent, long total) {
    }

    /**
     * The bridge's rate limiting: what is left of each of the exchange's limits (the least of any key), how
     * many recent calls waited for it and how long in all, and calls refused instead of sent.
     */
    public record RateLimit(List<Left> left, long recentWaits, double recentWaitMs, List<Count> refusals) {
    }

    public record Left(String limit, String scope, double left) {
    }

    /** An exchange's public market-data stream: each connection's state, and how old its data was when it answered. */
    public record Stream(List<String> connections, long reconnects, Latency dataAgeMs) {
    }

    public record RecentError(String at, String method, String error) {
    }

    /** One interval of the chart: its end (epoch ms), calls in it, errors, and their p99 latency. */
    public record ChartPoint(long at, long calls, long errors, Double p99Ms) {
    }
}
