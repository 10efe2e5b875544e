package io.fmzbridge.call;

import io.fmzbridge.observe.CallMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.component.resilience4j.ResilienceProcessor;

/**
 * Shows each exchange's circuit breaker as a metric once the routes are built: the breaker in the
 * call leg {@code direct:<exchange>-call} (exchange-call.camel.yaml) is that exchange's.
 */
public final class BreakerStates implements StartupListener {

    private static final String LEG_PREFIX = "direct://";
    private static final String LEG_SUFFIX = "-call";
    private static final List<String> STATES = Arrays.stream(CircuitBreaker.State.values())
            .map(state -> state.name().toLowerCase(Locale.ROOT)).toList();

    private final CallMetrics metrics;

    public BreakerStates(CallMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the breakers exist once the routes have started: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        for (Route route : context.getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            if (!uri.startsWith(LEG_PREFIX) || !uri.endsWith(LEG_SUFFIX)) {
                continue;
            }
            String exchange = uri.substring(LEG_PREFIX.length(), uri.length() - LEG_SUFFIX.length());
            for (Processor processor : route.filter("*")) {
                if (processor instanceof ResilienceProcessor breaker) {
                    metrics.breakerState(exchange, () -> state(breaker), STATES);
                }
            }
        }
    }

    private static String state(ResilienceProcessor breaker) {
        CircuitBreaker circuitBreaker = breaker.getCircuitBreaker();
        return circuitBreaker == null ? "" : circuitBreaker.getState().name().toLowerCase(Locale.ROOT);
    }
}
