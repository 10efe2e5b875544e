package io.fmzbridge.exchange.zerocap;

import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.MarketBuySizing;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.MarketBuy;
import io.fmzbridge.fmz.OrderRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → Zerocap DMA request parameters. The route names the endpoint ({@code "POST
 * /orders/create_order"}, relative to the {@code /v2} base URL); each method fills in what Zerocap
 * expects (zerocap_api SDK: {@code create_order}, {@code fetch_order}, {@code fetch_orders}).
 */
public final class ZerocapRequests {

    static final String ENDPOINT = "endpoint";
    /** fetch_orders pages hold up to 500 orders (the SDK's default {@code limit}). */
    static final int MAX_ORDERS = 500;
    static final String FETCH_ORDERS = "POST /orders/fetch_orders";
    /** Every Zerocap environment serves its API under /v2, which the base URL already ends with. */
    private static final String VERSION_PREFIX = "/v2/";

    /** Client order ids: {@code fmz} and hex, derived from the FMZ request (see ClientOrderIds). */
    static final int CLIENT_ORDER_ID_LENGTH = 35;
    /** How many recent orders a lookup by client order id looks through (fetch_orders has no such filter). */
    static final int LOOKUP_WINDOW = 50;

    public RestCall plain(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint);
    }

    /**
     * A limit order, or a market order for price -1. Zerocap's {@code amount} is always base currency
     * (its README's market buy of 101 USDT/AUD cost 301.426 AUD), so FMZ's market buy, which names the
     * quote currency to spend, goes as the base amount the route sized at the best ask (property
     * {@value MarketBuySizing#PROPERTY}). Each order carries a {@code client_order_id} derived from the
     * FMZ request, so a retried request is never sent twice.
     */
    public RestCall trade(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @ExchangeProperty(MarketBuySizing.PROPERTY) MarketBuy marketBuy,
                          @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        String clientOrderId = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("symbol", ZerocapSymbol.of(trade.symbol()));
        order.put("side", trade.side());
        order.put("type", trade.isMarket() ? "market" : "limit");
        order.put("amount", MarketBuy.baseAmountOf(trade, marketBuy).toPlainString());
        order.put("price", trade.isMarket() ? "0" : trade.price().toPlainString()); // the SDK sends "0" for market orders
        order.put("client_order_id", clientOrderId);
        return RestCall.of(endpoint).body(FmzJson.write(order));
    }

    /**
     * By the bridge's order id; or, when the bridge looks up a placement by client order id, the
     * symbol's most recent orders, from which the mapper picks it (fetch_orders has no such filter).
     */
    public RestCall order(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        if (request.param(OrderPlacements.CLIENT_ORDER_ID) != null) {
            Map<String, Object> recent = new LinkedHashMap<>();
            recent.put("symbol", ZerocapSymbol.of(request.symbol()));
            recent.put("page", 1);
            recent.put("limit", LOOKUP_WINDOW);
            recent.put("sort_order", "desc");
            return RestCall.of(FETCH_ORDERS).body(FmzJson.write(recent));
        }
        return RestCall.of(endpoint).param("id", ZerocapOrderId.parse(request.requireParam("id")).orderId());
    }

    /** Orders still open (inferred: {@code status "open"} as the websocket reports it). */
    public RestCall openOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        Map<String, Object> filter = filter(request, "open");
        filter.put("limit", MAX_ORDERS);
        filter.put("sort_order", "asc");
        return RestCall.of(endpoint).body(FmzJson.write(filter));
    }

    /**
     * Finished orders: from {@code since} (ms) onwards when given, else the latest ones; at most
     * {@code limit}, up to one page of 500. No status filter: fetch_orders takes one status, and a
     * finished order may be closed, cancelled, expired or rejected; the mapper leaves out open ones.
     */
    public RestCall historyOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        Map<String, Object> filter = filter(request, null);
        long since = request.whole("since", 0);
        if (since > 0) {
            filter.put("start_datetime", since);
        }
        filter.put("limit", Math.min(request.whole("limit", MAX_ORDERS), MAX_ORDERS));
        filter.put("sort_order", since > 0 ? "asc" : "desc");
        return RestCall.of(endpoint).body(FmzJson.write(filter));
    }

    /** Enrich step before a trade: loading the market rules leaves the trade as it was. */
    public Object unchanged(Object trade, Object rulesLoaded) {
        return trade;
    }

    /**
     * exchange.IO paths are relative to the base URL ({@code /orders/get_risk}); a path copied with
     * Zerocap's {@code /v2} in front is accepted too, since the base URL already ends with it.
     */
    public RestCall relativeToBase(RestCall call) {
        if (!call.path().startsWith(VERSION_PREFIX)) {
            return call;
        }
        return new RestCall(call.verb(), call.path().substring(VERSION_PREFIX.length() - 1), call.query(),
                call.body(), call.headers());
    }

    private static Map<String, Object> filter(FmzRequest request, String status) {
        Map<String, Object> filter = new LinkedHashMap<>();
        if (request.hasSymbol()) {
            filter.put("symbol", ZerocapSymbol.of(request.symbol()));
        }
        if (status != null) {
            filter.put("status", status);
        }
        filter.put("page", 1);
        return filter;
    }
}
