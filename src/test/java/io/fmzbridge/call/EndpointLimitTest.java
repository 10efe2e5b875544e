package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.LegCalls.Call;
import io.fmzbridge.fmz.FmzError;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** An endpoint's own limit, declared beside it in its route: its calls wait for it, or are refused past their budget. */
class EndpointLimitTest {

    private static final String BALANCE = "GET /api/v5/account/balance";
    private static final String TICKER = "GET /api/v5/market/ticker";
    private static final Map<String, String> EXCHANGE_WIDE = Map.of(
            "fmz.exchange.okx.rate-limit", "5", "fmz.exchange.okx.rate-period-ms", "60000");

    private static Call balance(String limit) {
        return Call.of("okx", BALANCE).signedBy("key-a").limit(limit);
    }

    @Test
    void overItsEndpointsLimitACallWaitsForTheWindowWithinItsBudgetAndIsRefusedBeyondIt() throws Exception {
        try (LegCalls legs = new LegCalls(EXCHANGE_WIDE, false, Duration.ofSeconds(15))) {
            legs.call(balance("1/300"));
            long start = System.nanoTime();
            legs.call(balance("1/300"));
            assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).as("held until the first's reply is a period old")
                    .isBetween(250L, 2000L);
        }
        try (LegCalls shortBudget = new LegCalls(EXCHANGE_WIDE, false, Duration.ofMillis(100))) {
            shortBudget.call(balance("1/60000"));
            long start = System.nanoTime();
            assertThat(shortBudget.refusal(balance("1/60000"))).startsWith("the bridge's limit for " + BALANCE
                    + " (1 call per 60000 ms) would hold this call ").endsWith(" ms, longer than its time budget allows "
                    + "(fmz.call.total-timeout-ms); call again later");
            assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).as("refused at once").isLessThan(100L);
        }
    }

    @Test
    void aCallUnderWayHoldsItsPlaceUntilItsReplyAndAPeriodAfter() throws Exception {
        try (LegCalls legs = new LegCalls(EXCHANGE_WIDE, false, Duration.ofSeconds(15))) {
            Exchange slow = legs.take(balance("1/200"));
            long start = System.nanoTime();
            Thread waiter = new Thread(() -> {
                try {
                    legs.call(balance("1/200"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            waiter.join(400);
            assertThat(waiter.isAlive()).as("the first is still under way after twice the period").isTrue();
            legs.allowance.done(slow);
            waiter.join(2000);
            assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).as("its reply at 400 ms, then 200 ms")
                    .isGreaterThanOrEqualTo(600L);
        }
    }

    @Test
    void limitsSwitchedOffLeaveEndpointLimitsOffToo() throws Exception {
        try (LegCalls legs = new LegCalls(EXCHANGE_WIDE, true, Duration.ofSeconds(15))) {
            CallAllowance off = new CallAllowance(false, true, new CallBudget(Duration.ofSeconds(15)), null);
            for (int i = 0; i < 20; i++) {
                Exchange exchange = new DefaultExchange(legs.context);
                exchange.setProperty(HttpRequestStep.EXCHANGE_PROPERTY, "okx");
                exchange.setProperty(CallAllowance.ENDPOINT_PROPERTY, BALANCE);
                exchange.setProperty(CallAllowance.ENDPOINT_LIMIT_PROPERTY, "1/60000");
                off.enter(exchange);
                off.take(exchange);
                off.done(exchange);
            }
        }
    }

    @Test
    void aDeclaredLimitAppliesToTheNextCallOnlyNotToLaterCallsOfTheSameRequest() throws Exception {
        try (LegCalls legs = new LegCalls(EXCHANGE_WIDE, true, Duration.ofSeconds(15))) {
            Exchange exchange = legs.take(balance("1/60000"));
            legs.allowance.done(exchange);
            assertThat(exchange.getProperty(CallAllowance.ENDPOINT_LIMIT_PROPERTY)).isNull();
            // a second call of the same FMZ request (a look-up after a lost reply) names another endpoint
            exchange.setProperty(CallAllowance.ENDPOINT_PROPERTY, TICKER);
            for (int i = 0; i < 2; i++) {
                legs.allowance.enter(exchange);
                legs.allowance.take(exchange);
                legs.allowance.done(exchange);
            }
        }
    }

    @Test
    void aMalformedLimitIsAConfigurationErrorThatSaysWhatIsExpected() {
        for (String declared : new String[] {"10", "10/2s", "0/2000", "10/-1", "/2000", "10/2000 per"}) {
            assertThatThrownBy(() -> EndpointLimit.parse(BALANCE, declared)).as(declared)
                    .isInstanceOf(FmzError.class)
                    .hasMessage("endpointLimit of " + BALANCE + " must read <calls>/<period in ms> or bucket <max> decay "
                            + "<amount>/<period in ms>, then per ip, key, key+symbol, ip+symbol or public where the caller's own scope "
                            + "is not meant, all positive (10/2000 per ip; bucket 15 decay 0.33/1000 per key), not " + declared);
        }
        assertThatThrownBy(() -> EndpointLimit.parse(null, "10/2000")).hasMessageContaining("without an endpoint");
        RateLimit limit = EndpointLimit.parse(BALANCE, " 10 / 2000 per key+symbol ");
        assertThat(limit.figure()).isEqualTo(10);
        assertThat(limit.periodMs()).isEqualTo(2000);
        assertThat(limit.scope()).isEqualTo(LimitScope.KEY_SYMBOL);
    }
}
