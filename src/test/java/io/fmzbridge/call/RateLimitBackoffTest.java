package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.observe.CallMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How long a 429 holds a caller's calls: the exchange's Retry-After in either of its forms (seconds, or an
 * HTTP date), and the exchange's own pause when it sends none or one that reads as neither.
 */
class RateLimitBackoffTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    /** The exchange's own pause as the call leg passes it (fmz.exchange.&lt;id&gt;.rate-limit-pause-ms). */
    private static final long EXCHANGE_PAUSE_MS = 60_000;

    /** Exchanges to carry the call: nothing here routes, so the context is never started. */
    private final CamelContext context = new DefaultCamelContext();
    private final RateLimitBackoff backoff = new RateLimitBackoff(Clock.fixed(NOW, ZoneOffset.UTC),
            new CallMetrics(SimpleMeterRegistry::new));

    private Exchange call() {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(HttpRequestStep.RATE_KEY_PROPERTY, "coinone key:abc");
        exchange.setProperty(HttpRequestStep.EXCHANGE_PROPERTY, "coinone");
        return exchange;
    }

    /** A 429 with this Retry-After (null: none), then the pause the next call is told about. */
    private String pauseAfter429(String retryAfter) {
        Exchange refused = call();
        refused.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 429);
        if (retryAfter != null) {
            refused.getMessage().setHeader("Retry-After", retryAfter);
        }
        refused.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("too many requests"));
        assertThatThrownBy(() -> backoff.honour(refused, EXCHANGE_PAUSE_MS)).hasMessage("too many requests");
        try {
            backoff.check(call());
            return "not held";
        } catch (RuntimeException held) {
            return held.getMessage();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "7                             | 7000",
        "Sat, 21 Nov 2026 10:00:30 GMT | 30000",
        "'   '                         | 60000",
        "soon                          | 60000",
        "2026-11-21T10:00:30Z          | 60000",
    })
    void aRetryAfterInEitherFormHoldsCallsThatLongAndAnyOtherTheExchangesOwnPause(String retryAfter, long heldMs) {
        assertThat(pauseAfter429(retryAfter))
                .isEqualTo("rate limited by the exchange; the bridge holds calls for another " + heldMs + " ms");
    }

    @Test
    void noRetryAfterHoldsCallsForTheExchangesOwnPause() {
        assertThat(pauseAfter429(null))
                .isEqualTo("rate limited by the exchange; the bridge holds calls for another 60000 ms");
    }

    @Test
    void aRetryAfterDateAlreadyPastHoldsNothing() {
        assertThat(pauseAfter429("Sat, 21 Nov 2026 09:59:00 GMT")).isEqualTo("not held");
    }

    @Test
    void anotherCallersKeyIsNotHeld() {
        pauseAfter429("7");
        Exchange other = call();
        other.setProperty(HttpRequestStep.RATE_KEY_PROPERTY, "coinone key:xyz");
        assertThatCode(() -> backoff.check(other)).doesNotThrowAnyException();
    }
}
