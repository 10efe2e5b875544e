package io.fmzbridge.gateway;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * Which routes are exchanges: a route in group {@code exchange} whose id is the exchange id and
 * which listens on {@code direct:<id>}. A route file that follows this is served at {@code /<id>}
 * with no Java; the exchange's helper routes stay out of the group and so are never reachable.
 */
public final class ExchangeRoutes {

    static final String GROUP = "exchange";

    private ExchangeRoutes() {
    }

    static boolean isExchangeRoute(Route route) {
        return GROUP.equals(route.getGroup())
                && route.getEndpoint().getEndpointUri().equals("direct://" + route.getRouteId());
    }

    /** The ids of the exchanges served, in order. */
    public static List<String> ids(CamelContext context) {
        return context.getRoutes().stream()
                .filter(ExchangeRoutes::isExchangeRoute)
                .map(Route::getRouteId)
                .sorted()
                .toList();
    }
}
