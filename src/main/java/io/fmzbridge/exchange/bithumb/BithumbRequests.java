package io.fmzbridge.exchange.bithumb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.exchange.upbitstyle.MarketCodes;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.OrderRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → Bithumb's JWT API (apidocs.bithumb.com, v1 for reading, v2 for placing and
 * cancelling). Private GET and DELETE calls carry their parameters in the query, POST /v2/orders
 * a JSON body: the signer hashes either.
 */
public final class BithumbRequests {

    static final String ENDPOINT = "endpoint";
    static final String REQUEST = "fmz";
    static final String LABEL = "Bithumb";

    /** FMZ's period in minutes → Bithumb's candle path (minute units 1…240, then days and weeks). */
    private static final Map<Long, String> CANDLES = new TreeMap<>(Map.ofEntries(
            Map.entry(1L, "/minutes/1"), Map.entry(3L, "/minutes/3"), Map.entry(5L, "/minutes/5"),
            Map.entry(10L, "/minutes/10"), Map.entry(15L, "/minutes/15"), Map.entry(30L, "/minutes/30"),
            Map.entry(60L, "/minutes/60"), Map.entry(240L, "/minutes/240"), Map.entry(1440L, "/days"),
            Map.entry(10080L, "/weeks")));

    static final int MAX_CANDLES = 200;
    static final int MAX_TRADES = 500;
    /** /v1/orders pages by 100 (inferred from the dialect's default). */
    static final int MAX_HISTORY = 100;
    /** client_order_id: 1–36 of [A-Za-z0-9_-]. */
    static final int CLIENT_ORDER_ID_LENGTH = 32;

    public RestCall ticker(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("markets", market(request.symbol()));
    }

    /** The order book (up to 30 levels); FMZ's limit is applied to the reply. */
    public RestCall depth(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("markets", market(request.symbol()));
    }

    public RestCall trades(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("market", market(request.symbol())).param("count", capped(request, MAX_TRADES));
    }

    public RestCall records(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long period = request.whole("period", 0);
        String unit = CANDLES.get(period);
        if (unit == null) {
            throw new FmzError("period " + request.param("period") + " has no Bithumb candle; periods in minutes: " + CANDLES.keySet());
        }
        RestCall call = RestCall.of(endpoint);
        return new RestCall(call.verb(), call.path() + unit, "", "", Map.of())
                .param("market", market(request.symbol())).param("count", capped(request, MAX_CANDLES));
    }

    public RestCall marketList(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("isDetails", "true");
    }

    /** Bithumb has no all-tickers call: the tickers of every market the market list (the body) names. */
    public RestCall tickersOf(JsonNode marketList, @ExchangeProperty(ENDPOINT) String endpoint) {
        List<String> markets = new ArrayList<>();
        for (JsonNode m : marketList) {
            if (MarketCodes.isCode(m.path("market").asText())) {
                markets.add(m.path("market").asText());
            }
        }
        return RestCall.of(endpoint).param("markets", String.join(",", markets));
    }

    public RestCall plain(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint);
    }

    /**
     * FMZ's order in Bithumb's v2 terms ({@code order_type}, not Upbit's {@code ord_type}): limit
     * with price and volume; a market buy {@code price} with the KRW to spend; a market sell
     * {@code market} with the volume. {@code client_order_id} makes the placement findable.
     */
    public RestCall trade(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        String clientOrderId = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        Map<String, String> order = new LinkedHashMap<>();
        order.put("market", market(trade.symbol()));
        order.put("side", trade.buy() ? "bid" : "ask");
        if (!trade.isMarket()) {
            order.put("order_type", "limit");
            order.put("price", trade.price().toPlainString());
            order.put("volume", trade.amount().toPlainString());
        } else if (trade.buy()) {
            order.put("order_type", "price");
            order.put("price", trade.amount().toPlainString());
        } else {
            order.put("order_type", "market");
            order.put("volume", trade.amount().toPlainString());
        }
        order.put("client_order_id", clientOrderId);
        return RestCall.of(endpoint).body(json(order));
    }

    /** GET /v1/order by the bridge's order id ({@code uuid}), or by client_order_id for a lost placement. */
    public RestCall order(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientOrderId != null) {
            return RestCall.of(endpoint).param("client_order_id", clientOrderId);
        }
        return RestCall.of(endpoint).param("uuid", BithumbOrderId.parse(request).orderId());
    }

    /** DELETE /v2/order?order_id=…: the id in the query. */
    public RestCall cancel(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("order_id", BithumbOrderId.parse(request).orderId());
    }

    public RestCall openOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("market", request.hasSymbol() ? market(request.symbol()) : null)
                .param("state", "wait");
    }

    /** Done and cancelled orders, newest first; FMZ's {@code since} is applied to the reply (no time filter). */
    public RestCall historyOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        RestCall call = RestCall.of(endpoint).param("market", request.hasSymbol() ? market(request.symbol()) : null);
        // array parameters as Bithumb writes them, brackets unencoded on the wire and in the hash
        String states = "states[]=done&states[]=cancel";
        call = new RestCall(call.verb(), call.path(), call.query().isEmpty() ? states : call.query() + "&" + states,
                call.body(), call.headers());
        return call.param("limit", capped(request, MAX_HISTORY)).param("order_by", "desc");
    }

    static String market(FmzSymbol symbol) {
        return MarketCodes.of(symbol, LABEL);
    }

    private static Long capped(FmzRequest request, int max) {
        long limit = request.whole("limit", 0);
        return limit == 0 ? null : Math.min(limit, max);
    }

    private static String json(Map<String, String> fields) {
        try {
            return FmzJson.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
