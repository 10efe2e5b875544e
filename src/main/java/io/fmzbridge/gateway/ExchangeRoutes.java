package io.fmzbridge.gateway;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * Which routes are exchanges: a route in group {@code exchange} whose id is the exchange id and
 * which listens on {@code direct:<id>}. A route file that follows this is served at {@code /<id>}
 * with no Java; the exchange's helper routes stay out of the group and so are never reachable.
 * An exchange's futures service address ({@code /OKXFutures}) is a route in group {@code futures}
 * named {@code <exchange id>futures}, likewise on {@code direct:<id>}: served, but the same
 * exchange, so not counted as one.
 */
public final class ExchangeRoutes {

    static final String GROUP = "exchange";
    static final String FUTURES_GROUP = "futures";
    private static final String FUTURES_SUFFIX = "futures";

    private ExchangeRoutes() {
    }

    static boolean isExchangeRoute(Route route) {
        return GROUP.equals(route.getGroup())
                && route.getEndpoint().getEndpointUri().equals("direct://" + route.getRouteId());
    }

    /** A futures service address of an exchange the context serves. */
    static boolean isFuturesAddress(Route route, CamelContext context) {
        String id = route.getRouteId();
        if (!FUTURES_GROUP.equals(route.getGroup()) || !id.endsWith(FUTURES_SUFFIX)
                || !route.getEndpoint().getEndpointUri().equals("direct://" + id)) {
            return false;
        }
        Route exchange = context.getRoute(exchangeOf(id));
        return exchange != null && isExchangeRoute(exchange);
    }

    /** The exchange a futures service address belongs to: {@code okxfutures} → {@code okx}. */
    static String exchangeOf(String futuresAddress) {
        return futuresAddress.substring(0, futuresAddress.length() - FUTURES_SUFFIX.length());
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
