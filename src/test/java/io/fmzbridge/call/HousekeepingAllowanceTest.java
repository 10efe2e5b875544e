package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.LegCalls.Call;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bridge's own calls (clock sync, market rules) spend only spare allowance: one takes a place when
 * one is free now and no strategy call waits for it, so a strategy's call never waits behind it. One
 * public call per second here, as Kraken's public budget.
 */
class HousekeepingAllowanceTest {

    private static final Map<String, String> ONE_PER_SECOND = Map.of("fmz.exchange.kraken.limits.public", "1/1000 per public");
    private static final Call TICKER = Call.of("kraken", "GET /0/public/Ticker");

    /** Milliseconds from {@code since} until the call could go; it is replied at once. */
    private static long take(LegCalls legs, Call call, long since) throws InterruptedException {
        legs.call(call);
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    private static CompletableFuture<Long> housekeeping(LegCalls legs, long since) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return take(legs, TICKER.asHousekeeping(), since);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aWaitingHousekeepingCallLetsAStrategyCallThatAsksLaterGoFirst() throws Exception {
        try (LegCalls legs = new LegCalls(ONE_PER_SECOND, false, Duration.ofSeconds(15))) {
            long start = System.nanoTime();
            take(legs, TICKER, start);
            CompletableFuture<Long> job = housekeeping(legs, start);
            Thread.sleep(200);
            assertThat(job).as("the window is full: the job waits").isNotDone();

            long strategy = take(legs, TICKER, start);
            assertThat(strategy).as("the strategy's call goes when the first's period is over, not a second later")
                    .isBetween(1000L, 1500L);
            long housekept = job.get(10, TimeUnit.SECONDS);
            assertThat(housekept).as("the job takes the next free place, after the strategy's call").isGreaterThanOrEqualTo(2000L);
        }
    }

    @Test
    void aHousekeepingCallTakesAFreePlaceAtOnceAndCountsInTheWindow() throws Exception {
        try (LegCalls legs = new LegCalls(ONE_PER_SECOND, false, Duration.ofSeconds(15))) {
            long start = System.nanoTime();
            assertThat(take(legs, TICKER.asHousekeeping(), start)).isLessThan(500L);
            assertThat(take(legs, TICKER, start)).as("the job's call was sent: it counts").isBetween(1000L, 1500L);
        }
    }

    @Test
    void aHousekeepingCallWithNoSparePlaceWithinItsBudgetIsSkippedAndHoldsNothing() throws Exception {
        try (LegCalls legs = new LegCalls(ONE_PER_SECOND, false, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            take(legs, TICKER, start);

            assertThatThrownBy(() -> take(legs, TICKER.asHousekeeping(), start)).isInstanceOf(AllowanceRefused.class)
                    .hasMessage("the bridge's own call (clock sync, market rules) found no spare allowance for this exchange "
                            + "within its time budget: skipped this round, strategy calls go first");
            assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).as("no place can come free in 300 ms: "
                    + "skipped at once").isLessThan(250L);
            Thread.sleep(800);
            assertThat(take(legs, TICKER, start)).as("the skipped job held no place").isBetween(1000L, 1500L);
        }
    }
}
