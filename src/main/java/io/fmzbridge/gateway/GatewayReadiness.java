package io.fmzbridge.gateway;

import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness as an FMZ docker sees it: the gateway route takes calls and every exchange route
 * behind it is started. Its message says where the gateway listens and which exchanges it serves,
 * or what is not started yet.
 */
public final class GatewayReadiness extends AbstractHealthCheck {

    /** The gateway's route id in gateway.camel.yaml. */
    static final String GATEWAY_ROUTE = "fmz-gateway";

    public GatewayReadiness() {
        super("fmz", "fmz-gateway");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CamelContext context = getCamelContext();
        Route gateway = context.getRoute(GATEWAY_ROUTE);
        if (gateway == null || !isStarted(context, GATEWAY_ROUTE)) {
            builder.down().message("the gateway route " + GATEWAY_ROUTE + " is not started");
            return;
        }
        List<String> exchanges = ExchangeRoutes.ids(context);
        List<String> stopped = exchanges.stream().filter(id -> !isStarted(context, id)).toList();
        builder.detail("exchanges", String.join(",", exchanges));
        if (!stopped.isEmpty()) {
            builder.down().message("exchange routes not started: " + String.join(", ", stopped));
        } else {
            builder.up().message("gateway on " + context.resolvePropertyPlaceholders("{{fmz.listen.host}}:{{fmz.listen.port}}")
                    + " serves " + exchanges.size() + " exchanges: " + String.join(", ", exchanges));
        }
    }

    private static boolean isStarted(CamelContext context, String routeId) {
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted();
    }
}
