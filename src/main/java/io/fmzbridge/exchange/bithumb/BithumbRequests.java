package io.fmzbridge.exchange.bithumb;

import io.fmzbridge.call.CallAllowance;
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
 * FMZ parameters → Bithumb's JWT API (apidocs.bithumb.com, v1 for reading, v2 for placing and
 * cancelling): the order calls here, market data in {@link UpbitStyleRequests}. Private GET and DELETE calls carry their parameters in the query, POST /v2/orders
 * a JSON body: the signer hashes either.
 */
public final class BithumbRequests extends UpbitStyleRequests {

    static final String LABEL = "Bithumb";

    /** /v1/orders pages by 100 (inferred from the dialect's default). */
    static final int MAX_HISTORY = 100;
    /** client_order_id: 1–36 of [A-Za-z0-9_-]. */
    static final int CLIENT_ORDER_ID_LENGTH = 32;

    public BithumbRequests() {
        super(LABEL, "isDetails");
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
        String market = market(trade.symbol());
        properties.put(CallAllowance.RATE_SYMBOL_PROPERTY, assetOf(market));
        Map<String, String> order = new LinkedHashMap<>();
        order.put("market", market);
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
        return RestCall.of(endpoint).body(FmzJson.write(order));
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
    public RestCall cancel(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                           @ExchangeProperties Map<String, Object> properties) {
        BithumbOrderId id = BithumbOrderId.parse(request);
        if (id.market() != null) {
            properties.put(CallAllowance.RATE_SYMBOL_PROPERTY, assetOf(id.market()));
        }
        return RestCall.of(endpoint).param("order_id", id.orderId());
    }

    /**
     * What Bithumb's rule on orders and cancels per asset ("동일 가상자산", the same virtual asset) counts a
     * call against: the market's asset, BTC for KRW-BTC and for USDT-BTC alike.
     */
    private static String assetOf(String market) {
        return market.substring(market.indexOf('-') + 1);
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
        return call.param("limit", request.limitUpTo(MAX_HISTORY)).param("order_by", "desc");
    }
}
