package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Kraken's call counter on Bucket4j: one less than the exchange's maximum, decaying at its rate. */
class DecayingCounterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong();

    /** Kraken's Starter tier: at most 15, 0.33 off per second. */
    private LimitCounter starter() {
        return RateLimit.parse("private", "bucket 15 decay 0.33/1000 per key", "test", "test").newCounter(now::get);
    }

    @Test
    void fourteenGoAtOnceAndTheFifteenthWaitsForOneToDecay() {
        LimitCounter counter = starter();
        for (int i = 0; i < 14; i++) {
            assertThat(counter.fits(0, 1)).as("call %d", i + 1).isTrue();
            counter.take(0, 1);
        }
        assertThat(counter.fits(0, 1)).as("the fifteenth: Kraken's maximum less the one held back").isFalse();
        long oneDecayed = SECOND * 100 / 33;
        assertThat(counter.earliest(0, 1)).isBetween(oneDecayed - 1, oneDecayed + 1);
        now.set(oneDecayed + 1);
        assertThat(counter.fits(now.get(), 1)).isTrue();
        assertThat(counter.fits(now.get(), 2)).isFalse();
    }

    @Test
    void aLedgerCallCostsTwoAndAQueueBeyondTheBucketRefillsAtTheDecayRate() {
        LimitCounter counter = starter();
        counter.take(0, 14);
        assertThat(counter.earliest(0, 2)).isBetween(2 * SECOND * 100 / 33 - 1, 2 * SECOND * 100 / 33 + 1);
        assertThat(counter.earliest(0, 20)).as("more than the bucket holds: the rest at the decay rate")
                .isBetween(20 * SECOND * 100 / 33 - 20, 20 * SECOND * 100 / 33 + 20);
    }

    @Test
    void anUnsentCallIsGivenBackAndTheExchangesCountOnlyRaisesTheCounter() {
        LimitCounter counter = starter();
        Object taken = counter.take(0, 3);
        counter.unsent(taken, 0);
        assertThat(counter.remaining(0)).isEqualTo(14);
        counter.countUsed(5, 0);
        assertThat(counter.remaining(0)).isEqualTo(9);
        counter.countUsed(2, 0);
        assertThat(counter.remaining(0)).isEqualTo(9);
    }
}
