package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge's own calls (clock sync, market rules) spend only spare allowance: one takes a place in
 * the window when one is free now and never reserves one ahead, so a strategy's call never waits
 * behind it. One call per second here, as on an exchange with a tight public limit.
 */
class HousekeepingAllowanceTest {

    private CamelContext context;
    private final CallAllowance allowance = new CallAllowance(true, false, new CallBudget(Duration.ofSeconds(15)));

    @BeforeEach
    void startContext() {
        context = new DefaultCamelContext();
        Properties limit = new Properties();
        limit.setProperty("fmz.exchange.kraken.rate-limit", "1");
        limit.setProperty("fmz.exchange.kraken.rate-period-ms", "1000");
        limit.setProperty("fmz.call.rate-limit-per", "key");
        context.getPropertiesComponent().setInitialProperties(limit);
        context.start();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    /** One public Kraken call through the leg's allowance steps; returns ms from {@code since} until it may go. */
    private long take(boolean housekeeping, long since) throws InterruptedException {
        take(allowance, housekeeping);
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    private CompletableFuture<Long> housekeeping(long since) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return take(true, since);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aWaitingHousekeepingCallLetsAStrategyCallThatAsksLaterGoFirst() throws Exception {
        long start = System.nanoTime();
        take(false, start);
        CompletableFuture<Long> job = housekeeping(start);
        Thread.sleep(200);
        assertThat(job).as("the window is full: the job waits").isNotDone();

        long strategy = take(false, start);
        assertThat(strategy).as("the strategy's call goes when the first leaves the window, not a second later")
                .isBetween(800L, 1500L);
        long housekept = job.get(10, TimeUnit.SECONDS);
        assertThat(housekept).as("the job takes the next free place, after the strategy's call").isGreaterThanOrEqualTo(1900L);
    }

    @Test
    void aHousekeepingCallTakesAFreePlaceAtOnceAndCountsInTheWindow() throws Exception {
        long start = System.nanoTime();
        assertThat(take(true, start)).isLessThan(500L);
        assertThat(take(false, start)).as("the job's call was sent: it counts").isBetween(800L, 1500L);
    }

    @Test
    void aHousekeepingCallWithNoSparePlaceWithinItsBudgetIsSkippedAndHoldsNothing() throws Exception {
        CallAllowance shortBudget = new CallAllowance(true, false, new CallBudget(Duration.ofMillis(300)));
        long start = System.nanoTime();
        take(shortBudget, false);

        assertThatThrownBy(() -> take(shortBudget, true)).isInstanceOf(AllowanceRefused.class)
                .hasMessage("the bridge's own call (clock sync, market rules) found no spare allowance for this exchange "
                        + "within its time budget: skipped this round, strategy calls go first");
        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).as("no place can come free in 300 ms: "
                + "skipped at once").isLessThan(250L);
        Thread.sleep(800);
        take(shortBudget, false);
        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).as("the skipped job held no place")
                .isBetween(950L, 1500L);
    }

    private void take(CallAllowance allowance, boolean housekeeping) throws InterruptedException {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(HttpRequestStep.EXCHANGE_PROPERTY, "kraken");
        if (housekeeping) {
            exchange.setProperty(CallAllowance.HOUSEKEEPING_PROPERTY, true);
        }
        allowance.enter(exchange);
        allowance.take(exchange);
    }
}
