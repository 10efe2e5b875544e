package io.fmzbridge.exchange.binance;

import io.fmzbridge.call.CallAllowance;
import io.fmzbridge.call.RestCall;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperties;

/**
 * What a call to Binance's futures APIs spends, as each endpoint's "Request Weight" on Binance's
 * derivatives pages states it (developers.binance.com/docs/derivatives, USDⓈ-M and COIN-M): the request
 * weight of its own API, USDⓈ-M's {@code fapi-weight} or COIN-M's {@code dapi-weight}, each a budget per
 * IP apart from spot's; and, a new order, the account's order counts of that API (USDⓈ-M per 10 s and
 * per minute, COIN-M per minute), where its IP weight is 0. Named after the limits
 * {@code fmz.exchange.binance.limits.*} declares. The table is keyed by the endpoint the call goes to,
 * so a COIN-M call weighs what COIN-M says, not what its USDⓈ-M twin does.
 */
public final class BinanceFuturesCosts {

    /** Weight by API, from the endpoint's page; where it depends on the call, on its parameters. */
    private static final Map<String, ToLongFunction<RestCall>> WEIGHTS = Map.ofEntries(
            Map.entry("GET /fapi/v1/time", call -> 1),
            Map.entry("GET /fapi/v1/exchangeInfo", call -> 1),
            Map.entry("GET /fapi/v1/depth", BinanceFuturesCosts::depth),
            Map.entry("GET /fapi/v1/trades", call -> 5),
            Map.entry("GET /fapi/v1/klines", BinanceFuturesCosts::klines),
            Map.entry("GET /fapi/v1/ticker/24hr", call -> bySymbol(call, 1, 40)),
            Map.entry("GET /fapi/v1/ticker/bookTicker", call -> bySymbol(call, 2, 5)),
            Map.entry("GET /fapi/v1/openInterest", call -> 1),
            // Mark Price: 1 for a symbol; without one the higher figure Binance has given for all symbols, 10
            Map.entry("GET /fapi/v1/premiumIndex", call -> bySymbol(call, 1, 10)),
            // 0, with a limit of its own (500 per 5 min per IP, shared with fundingRate)
            Map.entry("GET /fapi/v1/fundingInfo", call -> 0),
            Map.entry("GET /fapi/v1/fundingRate", call -> 0),
            Map.entry("GET /fapi/v2/balance", call -> 5),
            Map.entry("GET /fapi/v2/positionRisk", call -> 5),
            Map.entry("GET /fapi/v1/positionSide/dual", call -> 30),
            Map.entry("POST /fapi/v1/leverage", call -> 1),
            // New Order: "0 on IP rate limit", 1 on each order count
            Map.entry("POST /fapi/v1/order", call -> 0),
            Map.entry("GET /fapi/v1/order", call -> 1),
            Map.entry("DELETE /fapi/v1/order", call -> 1),
            Map.entry("GET /fapi/v1/openOrders", call -> bySymbol(call, 1, 40)),
            Map.entry("GET /fapi/v1/allOrders", call -> 5),

            Map.entry("GET /dapi/v1/time", call -> 1),
            Map.entry("GET /dapi/v1/exchangeInfo", call -> 1),
            Map.entry("GET /dapi/v1/depth", BinanceFuturesCosts::depth),
            Map.entry("GET /dapi/v1/trades", call -> 5),
            Map.entry("GET /dapi/v1/klines", BinanceFuturesCosts::klines),
            Map.entry("GET /dapi/v1/ticker/24hr", call -> bySymbol(call, 1, 40)),
            Map.entry("GET /dapi/v1/ticker/bookTicker", call -> bySymbol(call, 2, 5)),
            Map.entry("GET /dapi/v1/openInterest", call -> 1),
            Map.entry("GET /dapi/v1/premiumIndex", call -> 10),
            Map.entry("GET /dapi/v1/fundingRate", call -> 1),
            Map.entry("GET /dapi/v1/balance", call -> 1),
            Map.entry("GET /dapi/v1/positionRisk", call -> 1),
            Map.entry("GET /dapi/v1/positionSide/dual", call -> 30),
            Map.entry("POST /dapi/v1/leverage", call -> 1),
            Map.entry("POST /dapi/v1/order", call -> 0),
            Map.entry("GET /dapi/v1/order", call -> 1),
            Map.entry("DELETE /dapi/v1/order", call -> 1),
            Map.entry("GET /dapi/v1/openOrders", call -> bySymbol(call, 1, 40)),
            // 20 with a symbol (the bridge always names one), 40 with a pair
            Map.entry("GET /dapi/v1/allOrders", call -> call.query().contains("pair=") ? 40 : 20));

    /** What a new order adds to its account's order counts, by API. */
    private static final Map<String, String> ORDER_COUNTS = Map.of(
            "POST /fapi/v1/order", "fapi-orders 1, fapi-orders-minute 1",
            "POST /dapi/v1/order", "dapi-orders-minute 1");

    /**
     * Declares the call's {@code endpointCost}, beside whatever the route declared: its API's weight and
     * order counts. Nothing for a call that is not to a futures API (spot's own default applies), nor for a
     * call Binance weighs 0 whose route declares the endpoint's own limit instead; an endpoint the table
     * lacks (exchange.IO) weighs 1, as does a weight-0 one without a limit of its own, so it is never free.
     */
    public void declare(@Body RestCall call, @ExchangeProperties Map<String, Object> properties) {
        String cost = cost(call, properties.get(CallAllowance.ENDPOINT_LIMIT_PROPERTY) != null);
        if (cost != null) {
            properties.put(CallAllowance.ENDPOINT_COST_PROPERTY, cost);
        }
    }

    /** What the call spends, as an endpointCost declaration; null for nothing of the futures APIs'. */
    static String cost(RestCall call, boolean ownLimit) {
        String api = api(call.path());
        if (api == null) {
            return null;
        }
        String endpoint = call.verb() + " " + call.path();
        ToLongFunction<RestCall> rule = WEIGHTS.get(endpoint);
        long weight = rule == null ? 1 : rule.applyAsLong(call);
        String orders = ORDER_COUNTS.get(endpoint);
        if (weight == 0 && orders == null && !ownLimit) {
            weight = 1;
        }
        String cost = weight > 0 ? api + "-weight " + weight : null;
        if (orders != null) {
            cost = cost == null ? orders : cost + ", " + orders;
        }
        return cost;
    }

    /** {@code fapi} or {@code dapi} for a path of either futures API, else null. */
    static String api(String path) {
        return path.startsWith("/fapi/") ? "fapi" : path.startsWith("/dapi/") ? "dapi" : null;
    }

    /** Order Book: "5, 10, 20, 50" weigh 2, 100 weighs 5, 500 weighs 10, 1000 weighs 20 (Binance's default is 500). */
    private static long depth(RestCall call) {
        long limit = number(call, "limit", 500);
        return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
    }

    /** Kline/Candlestick Data: [1,100) 1, [100,500) 2, [500,1000] 5, above 1000 10 (default 500). */
    private static long klines(RestCall call) {
        long limit = number(call, "limit", 500);
        return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
    }

    private static long bySymbol(RestCall call, long withSymbol, long without) {
        return param(call, "symbol") != null ? withSymbol : without;
    }

    private static long number(RestCall call, String name, long otherwise) {
        String value = param(call, name);
        return value != null && value.matches("\\d{1,9}") ? Long.parseLong(value) : otherwise;
    }

    private static String param(RestCall call, String name) {
        for (String pair : call.query().split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
