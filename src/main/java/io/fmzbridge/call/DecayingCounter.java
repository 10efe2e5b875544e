package io.fmzbridge.call;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A counter the exchange raises by each call's cost and lowers at a steady rate, refusing calls above
 * its maximum (Kraken's call counter per key, its trading counter per pair): a token bucket, Bucket4j's,
 * refilled greedily at the decay rate. It holds one less than the exchange's maximum: the exchange counts
 * a call when it arrives, a little after the bridge did, and lowers its counter in steps ("every couple
 * of seconds", Kraken), so its count can run ahead of the bucket's by a fraction of a call; the one held
 * back covers that.
 */
final class DecayingCounter implements LimitCounter {

    private final long capacity;
    private final long nanosPerToken;
    private final Bucket bucket;

    /**
     * @param maximum     the exchange's documented maximum
     * @param decayTokens how much the exchange takes off per {@code decayPeriod}
     */
    DecayingCounter(long maximum, long decayTokens, Duration decayPeriod, LongSupplier nanoClock) {
        this.capacity = capacityBelow(maximum);
        this.nanosPerToken = Math.max(1, decayPeriod.toNanos() / decayTokens);
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(decayTokens, decayPeriod))
                .withCustomTimePrecision(new TimeMeter() {
                    @Override
                    public long currentTimeNanos() {
                        return nanoClock.getAsLong();
                    }

                    @Override
                    public boolean isWallClockBased() {
                        return false;
                    }
                })
                // every use is under the owning ExchangeLimits' lock
                .withSynchronizationStrategy(SynchronizationStrategy.NONE)
                .build();
    }

    /** The most the bucket holds for an exchange maximum: one less, the margin for arrival and stepwise decay. */
    static long capacityBelow(long maximum) {
        return Math.max(1, maximum - 1);
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public boolean fits(long now, long amount) {
        return amount <= capacity && bucket.getAvailableTokens() >= amount;
    }

    @Override
    public long earliest(long now, long amount) {
        EstimationProbe probe = bucket.estimateAbilityToConsume(Math.min(amount, capacity));
        long wait = probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
        // demand beyond one full bucket (calls queued ahead) refills at the decay rate after it
        return now + wait + Math.max(0, amount - capacity) * nanosPerToken;
    }

    @Override
    public Object take(long now, long cost) {
        if (!bucket.tryConsume(cost)) {
            throw new IllegalStateException("a call was let through a counter without room for it");
        }
        return cost;
    }

    @Override
    public void replied(Object taken, long now) {
        // counted when sent; the counter decays from then on
    }

    @Override
    public void unsent(Object taken, long now) {
        bucket.addTokens((Long) taken);
    }

    @Override
    public void countUsed(long used, long now) {
        long known = capacity - bucket.getAvailableTokens();
        if (used > known) {
            bucket.consumeIgnoringRateLimits(used - known);
        }
    }

    @Override
    public long remaining(long now) {
        return Math.max(0, bucket.getAvailableTokens());
    }
}
