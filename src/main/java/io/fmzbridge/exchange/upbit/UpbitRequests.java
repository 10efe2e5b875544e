package io.fmzbridge.exchange.upbit;

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
 * FMZ parameters → Upbit REST v1 parameters. The route names the endpoint; each method fills in
 * what Upbit expects. Private GET and DELETE calls carry their parameters in the query (never a
 * JSON body on DELETE), POST /v1/orders a JSON body: the signer hashes either.
 */
public final class UpbitRequests {

    static final String ENDPOINT = "endpoint";
    static final String REQUEST = "fmz";
    static final String LABEL = "Upbit";

    /** FMZ's period in minutes → Upbit's candle path (docs: minute units 1…240, then days and weeks). */
    private static final Map<Long, String> CANDLES = new TreeMap<>(Map.ofEntries(
            Map.entry(1L, "/minutes/1"), Map.entry(3L, "/minutes/3"), Map.entry(5L, "/minutes/5"),
            Map.entry(10L, "/minutes/10"), Map.entry(15L, "/minutes/15"), Map.entry(30L, "/minutes/30"),
            Map.entry(60L, "/minutes/60"), Map.entry(240L, "/minutes/240"), Map.entry(1440L, "/days"),
            Map.entry(10080L, "/weeks")));

    static final int MAX_CANDLES = 200;
    /** Upbit documents no cap for trade ticks; 500 is Bithumb's for the same call (inferred). */
    static final int MAX_TRADES = 500;
    /** /orders/closed answers at most 1000 orders; 100 is its default (inferred: kept as the cap). */
    static final int MAX_HISTORY = 100;
    /** Upbit's identifier is free text, unique per account for ever; 32 hex-like characters. */
    static final int CLIENT_ORDER_ID_LENGTH = 32;

    public RestCall ticker(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("markets", market(request.symbol()));
    }

    /**
     * The order book: Upbit sends its levels (15 or 30) in one piece; FMZ's limit is applied to the
     * reply. Read from the property: a ticker asks for the book with its own reply in the body.
     */
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
            throw new FmzError("period " + request.param("period") + " has no Upbit candle; periods in minutes: " + CANDLES.keySet());
        }
        RestCall call = RestCall.of(endpoint);
        return new RestCall(call.verb(), call.path() + unit, "", "", Map.of())
                .param("market", market(request.symbol())).param("count", capped(request, MAX_CANDLES));
    }

    public RestCall marketList(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("is_details", "true");
    }

    /** The tickers of every market the market list (in the body) names. */
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
     * FMZ's order in Upbit's terms: a limit order gives price and volume; a market buy is
     * {@code ord_type=price} with the KRW (quote) amount to spend as {@code price}; a market sell
     * {@code ord_type=market} with the volume. {@code identifier} makes the placement findable.
     */
    public RestCall trade(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        String identifier = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, identifier);
        Map<String, String> order = new LinkedHashMap<>();
        order.put("market", market(trade.symbol()));
        order.put("side", trade.buy() ? "bid" : "ask");
        if (!trade.isMarket()) {
            order.put("volume", trade.amount().toPlainString());
            order.put("price", trade.price().toPlainString());
            order.put("ord_type", "limit");
        } else if (trade.buy()) {
            order.put("price", trade.amount().toPlainString());
            order.put("ord_type", "price");
        } else {
            order.put("volume", trade.amount().toPlainString());
            order.put("ord_type", "market");
        }
        order.put("identifier", identifier);
        return RestCall.of(endpoint).body(json(order));
    }

    /** By the bridge's order id (uuid), or by identifier when the bridge looks up a placement. */
    public RestCall order(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String identifier = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (identifier != null) {
            return RestCall.of(endpoint).param("identifier", identifier);
        }
        return RestCall.of(endpoint).param("uuid", UpbitOrderId.parse(request).uuid());
    }

    /** DELETE /v1/order?uuid=…: the uuid in the query, as Upbit reads it. */
    public RestCall cancel(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("uuid", UpbitOrderId.parse(request).uuid());
    }

    public RestCall openOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("market", request.hasSymbol() ? market(request.symbol()) : null);
    }

    /** Done and cancelled orders, newest first; {@code since} (ms) is the creation time to start from. */
    public RestCall historyOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long since = request.whole("since", 0);
        return RestCall.of(endpoint).param("market", request.hasSymbol() ? market(request.symbol()) : null)
                .param("start_time", since > 0 ? since : null)
                .param("limit", capped(request, MAX_HISTORY))
                .param("order_by", "desc");
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
