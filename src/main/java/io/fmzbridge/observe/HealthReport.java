package io.fmzbridge.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzJson;
import java.util.Collection;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * GET /observe/health/live, /observe/health/ready and /observe/health (all checks): Camel's health
 * checks as JSON, {@code {"status": "UP", "checks": [{"name", "status", "message"}]}}, with HTTP
 * 200 when UP and 503 when DOWN, so a probe needs only the status code.
 */
public final class HealthReport implements Processor {

    /** Camel's exposure level that lists every check, not only those that are down. */
    private static final String ALL = "full";

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        String path = message.getHeader(Exchange.HTTP_PATH, "", String.class);
        CamelContext context = exchange.getContext();
        boolean readiness = path.endsWith("/ready");
        Collection<HealthCheck.Result> results = path.endsWith("/live") ? HealthCheckHelper.invokeLiveness(context, ALL)
                : readiness ? HealthCheckHelper.invokeReadiness(context, ALL) : HealthCheckHelper.invoke(context, ALL);
        boolean up = HealthCheckHelper.isResultsUp(results, readiness);

        ObjectNode report = FmzJson.MAPPER.createObjectNode().put("status", up ? "UP" : "DOWN");
        ArrayNode checks = report.putArray("checks");
        for (HealthCheck.Result result : results) {
            ObjectNode check = checks.addObject().put("name", result.getCheck().getId()).put("status", result.getState().name());
            result.getMessage().ifPresent(text -> check.put("message", text));
        }
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(FmzJson.MAPPER.writeValueAsBytes(report));
    }
}
