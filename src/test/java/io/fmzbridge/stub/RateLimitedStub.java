package io.fmzbridge.stub;

import java.util.Map;

/**
 * A stub that counts calls as its exchange documents it and refuses the ones over a limit the way the
 * exchange does: for the rate-limit tests and the benchmark of how much of each allowance the bridge uses
 * ({@code io.fmzbridge.bench.RateLimitUtilisation}).
 */
public interface RateLimitedStub extends AutoCloseable {

    /** From now on, counts each call on arrival against the exchange's documented limits, with its real figures. */
    void enforceRateLimits();

    /** How many calls the stub refused for a rate limit: a bridge that keeps the exchange's model causes none. */
    int rateLimitRefusals();

    /** Each limit's judge by a name for the benchmark's table, while limits are enforced (none by default). */
    default Map<String, RateJudge.Judge> rateJudges() {
        return Map.of();
    }

    /** Where the bridge reaches the stub, without a trailing slash. */
    String baseUrl();

    /**
     * What the bridge's {@code fmz.exchange.<id>.base-url} is set to: {@link #baseUrl()}, or below it where the
     * exchange's API sits under a path of its own (Zerocap's {@code /v2}).
     */
    default String apiUrl() {
        return baseUrl();
    }

    @Override
    void close();
}
