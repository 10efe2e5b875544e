package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An endpoint's own limit, counted together with its exchange's: a call must fit both windows. */
class EndpointLimitTest {

    private static final String BALANCE = "GET /api/v5/account/balance";
    private static final String TICKER = "GET /api/v5/market/ticker";

    private CamelContext context;

    @BeforeEach
    void startContext() {
        context = new DefaultCamelContext();
        Properties exchangeWide = new Properties();
        exchangeWide.setProperty("fmz.exchange.okx.rate-limit", "5");
        exchangeWide.setProperty("fmz.exchange.okx.rate-period-ms", "60000");
        context.getPropertiesComponent().setInitialProperties(exchangeWide);
        context.start();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    private static CallAllowance allowance(boolean limited, boolean refuse, Duration budget) {
        return new CallAllowance(limited, refuse, new CallBudget(budget));
    }

    /** One public OKX call through the leg's first two steps, as exchange-call.camel.yaml runs them. */
    private Exchange take(CallAllowance allowance, String endpoint, String endpointLimit) throws InterruptedException {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(HttpRequestStep.EXCHANGE_PROPERTY, "okx");
        exchange.setProperty(CallAllowance.ENDPOINT_PROPERTY, endpoint);
        exchange.setProperty(CallAllowance.ENDPOINT_LIMIT_PROPERTY, endpointLimit);
        allowance.enter(exchange);
        allowance.take(exchange);
        return exchange;
    }

    private String refusal(CallAllowance allowance, String endpoint, String endpointLimit) {
        try {
            take(allowance, endpoint, endpointLimit);
            return "";
        } catch (AllowanceRefused refused) {
            return refused.getMessage();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anEndpointsCallsStopAtItsOwnLimitWhileOthersGoOnToTheExchangesAndAllCountTowardIt() {
        CallAllowance allowance = allowance(true, true, Duration.ofSeconds(15));
        assertThat(refusal(allowance, BALANCE, "2/60000")).isEmpty();
        assertThat(refusal(allowance, BALANCE, "2/60000")).isEmpty();
        assertThat(refusal(allowance, BALANCE, "2/60000")).isEqualTo("the bridge's limit for " + BALANCE
                + " (2 calls per 60000 ms) is reached (its route's endpointLimit); call again shortly");
        assertThat(refusal(allowance, TICKER, null)).as("the endpoint's window holds its own calls only").isEmpty();
        assertThat(refusal(allowance, TICKER, null)).isEmpty();
        assertThat(refusal(allowance, TICKER, null)).as("2 balance calls + 3 tickers fill the exchange's 5").isEmpty();
        assertThat(refusal(allowance, TICKER, null))
                .isEqualTo("the bridge's rate limit for this exchange is reached (fmz.exchange.<id>.rate-limit); call again shortly");
    }

    @Test
    void aFullExchangeWindowHoldsACallItsEndpointWouldAllow() {
        CallAllowance allowance = allowance(true, true, Duration.ofSeconds(15));
        for (int i = 0; i < 5; i++) {
            assertThat(refusal(allowance, TICKER, null)).isEmpty();
        }
        assertThat(refusal(allowance, BALANCE, "2/60000")).contains("rate limit for this exchange is reached");
    }

    @Test
    void overItsEndpointsLimitACallWaitsForTheWindowWithinItsBudgetAndIsRefusedBeyondIt() throws Exception {
        CallAllowance allowance = allowance(true, false, Duration.ofSeconds(15));
        take(allowance, BALANCE, "1/300");
        long start = System.nanoTime();
        take(allowance, BALANCE, "1/300");
        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).as("held until the first leaves the window")
                .isBetween(250L, 2000L);

        CallAllowance shortBudget = allowance(true, false, Duration.ofMillis(100));
        take(shortBudget, BALANCE, "1/60000");
        assertThat(refusal(shortBudget, BALANCE, "1/60000")).startsWith("the bridge's limit for " + BALANCE
                + " (1 call per 60000 ms) would hold this call ").endsWith(" ms, longer than its time budget allows "
                + "(fmz.call.total-timeout-ms); call again later");
    }

    @Test
    void limitsSwitchedOffLeaveEndpointLimitsOffToo() {
        CallAllowance allowance = allowance(false, true, Duration.ofSeconds(15));
        for (int i = 0; i < 20; i++) {
            assertThat(refusal(allowance, BALANCE, "1/60000")).isEmpty();
        }
    }

    @Test
    void aDeclaredLimitAppliesToTheNextCallOnlyNotToLaterCallsOfTheSameRequest() throws Exception {
        CallAllowance allowance = allowance(true, true, Duration.ofSeconds(15));
        Exchange exchange = take(allowance, BALANCE, "1/60000");
        assertThat(exchange.getProperty(CallAllowance.ENDPOINT_LIMIT_PROPERTY)).isNull();
        // a second call of the same FMZ request (a look-up after a lost reply) names another endpoint
        exchange.setProperty(CallAllowance.ENDPOINT_PROPERTY, TICKER);
        allowance.enter(exchange);
        allowance.take(exchange);
        allowance.enter(exchange);
        allowance.take(exchange);
    }

    @Test
    void aMalformedLimitIsAConfigurationErrorThatSaysWhatIsExpected() {
        for (String declared : new String[] {"10", "10/2s", "0/2000", "10/-1", "/2000"}) {
            assertThatThrownBy(() -> EndpointLimit.parse(BALANCE, declared)).as(declared)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("endpointLimit of " + BALANCE + " must be <calls>/<period in ms>, both positive (10/2000), not "
                            + declared);
        }
        assertThatThrownBy(() -> EndpointLimit.parse(null, "10/2000")).hasMessageContaining("without an endpoint");
        assertThat(EndpointLimit.parse(BALANCE, " 10 / 2000 ")).isEqualTo(new EndpointLimit(BALANCE, " 10 / 2000 ", 10, 2000));
    }
}
