package io.fmzbridge.call;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.observe.CallMetrics;
import io.fmzbridge.sign.RequestSigner;
import io.fmzbridge.sign.SigningStep;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Calls through the call leg's allowance steps (enter, take, done) as exchange-call.camel.yaml runs them,
 * in a bare context with the given properties: the limits without HTTP, for the mechanism's own tests.
 */
final class LegCalls implements AutoCloseable {

    /** Leaves the call as it is: the leg only needs to know it is signed, and with which key. */
    private static final RequestSigner UNSIGNED = (call, accessKey, secretKey, now) -> call;

    final CamelContext context = new DefaultCamelContext();
    final MeterRegistry meters = new SimpleMeterRegistry();
    final CallAllowance allowance;

    /** A call as a route leaves it for the leg. */
    record Call(String exchangeId, String endpoint, String accessKey, String endpointLimit, Object endpointCost,
                String symbol, boolean housekeeping) {

        static Call of(String exchangeId, String endpoint) {
            return new Call(exchangeId, endpoint, null, null, null, null, false);
        }

        Call signedBy(String key) {
            return new Call(exchangeId, endpoint, key, endpointLimit, endpointCost, symbol, housekeeping);
        }

        Call limit(String declared) {
            return new Call(exchangeId, endpoint, accessKey, declared, endpointCost, symbol, housekeeping);
        }

        /** Its cost: text ("trading 2") or a {@link TimedCost}. */
        Call cost(Object declared) {
            return new Call(exchangeId, endpoint, accessKey, endpointLimit, declared, symbol, housekeeping);
        }

        Call symbol(String fmzSymbol) {
            return new Call(exchangeId, endpoint, accessKey, endpointLimit, endpointCost, fmzSymbol, housekeeping);
        }

        Call asHousekeeping() {
            return new Call(exchangeId, endpoint, accessKey, endpointLimit, endpointCost, symbol, true);
        }
    }

    LegCalls(Map<String, String> properties, boolean refuse, Duration budget) {
        Properties initial = new Properties();
        initial.putAll(properties);
        context.getPropertiesComponent().setInitialProperties(initial);
        context.start();
        allowance = new CallAllowance(true, refuse, new CallBudget(budget), new CallMetrics(() -> meters));
    }

    /** Through enter and take: the call may be sent. Its places are held until {@link #done}. */
    Exchange take(Call call) throws InterruptedException {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(HttpRequestStep.EXCHANGE_PROPERTY, call.exchangeId());
        exchange.setProperty(CallAllowance.ENDPOINT_PROPERTY, call.endpoint());
        exchange.setProperty(CallAllowance.ENDPOINT_LIMIT_PROPERTY, call.endpointLimit());
        exchange.setProperty(CallAllowance.ENDPOINT_COST_PROPERTY, call.endpointCost());
        if (call.accessKey() != null) {
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            if (call.symbol() != null) {
                params.put("symbol", call.symbol());
            }
            FmzRequest request = new FmzRequest(call.exchangeId(), "test", params, call.accessKey(), "secret", null);
            exchange.setProperty(FmzCall.REQUEST_PROPERTY, request);
            new SigningStep(UNSIGNED, Clock.systemUTC()).process(exchange);
        }
        if (call.housekeeping()) {
            exchange.setProperty(CallAllowance.HOUSEKEEPING_PROPERTY, true);
        }
        allowance.enter(exchange);
        allowance.take(exchange);
        return exchange;
    }

    /** Sent and replied at once. */
    void call(Call call) throws InterruptedException {
        allowance.done(take(call));
    }

    /** Sent and replied at once with HTTP 200 and these reply headers. */
    void call(Call call, Map<String, Object> replyHeaders) throws InterruptedException {
        Exchange exchange = take(call);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        replyHeaders.forEach(exchange.getMessage()::setHeader);
        allowance.done(exchange);
    }

    /** "" when the call may go (it is replied at once), else the refusal. */
    String refusal(Call call) throws InterruptedException {
        try {
            call(call);
            return "";
        } catch (AllowanceRefused refused) {
            return refused.getMessage();
        }
    }

    /** The metric's value, or null when there is none. */
    Double remaining(String exchangeId, String limit, String scope) {
        var gauge = meters.find("fmz.rate.limit.remaining").tag("exchange", exchangeId).tag("limit", limit)
                .tag("scope", scope).gauge();
        return gauge == null ? null : gauge.value();
    }

    @Override
    public void close() {
        context.stop();
    }
}
