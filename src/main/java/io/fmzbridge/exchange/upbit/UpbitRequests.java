package io.fmzbridge.exchange.upbit;

import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.exchange.upbitstyle.UpbitStyleRequests;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.OrderRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → Upbit REST v1 parameters: the order calls here, market data in
 * {@link UpbitStyleRequests}. The route names the endpoint; each method fills in what Upbit expects. Private GET and DELETE calls carry their parameters in the query (never a
 * JSON body on DELETE), POST /v1/orders a JSON body: the signer hashes either.
 */
public final class UpbitRequests extends UpbitStyleRequests {

    static final String LABEL = "Upbit";

    /** /orders/closed answers at most 1000 orders; 100 is its default (inferred: kept as the cap). */
    static final int MAX_HISTORY = 100;
    /** Upbit's identifier is free text, unique per account for ever; 32 hex-like characters. */
    static final int CLIENT_ORDER_ID_LENGTH = 32;

    public UpbitRequests() {
        super(LABEL, "is_details");
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
        return RestCall.of(endpoint).body(FmzJson.write(order));
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
                .param("limit", request.limitUpTo(MAX_HISTORY))
                .param("order_by", "desc");
    }
}
