package io.fmzbridge.exchange.upbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.fmzbridge.exchange.upbitstyle.UpbitStyleStub;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Upbit REST v1 as far as the bridge uses it (docs.upbit.com/kr/reference): JWTs signed HS512 or
 * HS256 (both accepted, as Upbit does), no timestamp claim, {@code identifier} as client order id,
 * DELETE /v1/order with the uuid in the query and no body.
 */
public final class UpbitStub extends UpbitStyleStub {

    private UpbitStub() {
        super(new Dialect(Set.of(JWSAlgorithm.HS512, JWSAlgorithm.HS256), false, "ord_type", "identifier"));
        on("GET", "/v1/market/all", this::marketAll);
        on("GET", "/v1/ticker", this::ticker);
        on("GET", "/v1/orderbook", this::orderbook);
        on("GET", "/v1/trades/ticks", this::trades);
        for (String unit : new String[] {"1", "3", "5", "10", "15", "30", "60", "240"}) {
            on("GET", "/v1/candles/minutes/" + unit, this::candles);
        }
        on("GET", "/v1/candles/days", this::candles);
        on("GET", "/v1/candles/weeks", this::candles);
        on("GET", "/v1/accounts", this::accounts);
        on("POST", "/v1/orders", this::placeOrder);
        on("GET", "/v1/order", this::getOrder);
        on("DELETE", "/v1/order", this::cancelOrder);
        on("GET", "/v1/orders/open", (r, q) -> ok(list(q.get("market"), UpbitStyleStub::isOpen, limit(q))));
        on("GET", "/v1/orders/closed", (r, q) -> ok(list(q.get("market"),
                o -> !isOpen(o) && (q.get("start_time") == null || o.createdAt >= Long.parseLong(q.get("start_time"))),
                limit(q))));
    }

    public static UpbitStub start() {
        return new UpbitStub();
    }

    @Override
    protected boolean isPrivate(String path) {
        return path.equals("/v1/accounts") || path.equals("/v1/order") || path.startsWith("/v1/orders");
    }

    @Override
    protected String newId() {
        return UUID.randomUUID().toString();
    }

    private StubResponse placeOrder(StubRequest request, Map<String, String> query) throws Exception {
        if (!request.header("Content-Type").startsWith("application/json")) {
            return error(400, "validation_error", "form POST is not supported since 2022-03-01.");
        }
        JsonNode body = JSON.readTree(request.body());
        Map<String, String> fields = fields(body);
        StoredOrder order;
        synchronized (orders) {
            StubResponse refused = validate(body, fields);
            if (refused != null) {
                return refused;
            }
            order = place(fields);
        }
        return created(order.accepted(dialect));
    }

    private StubResponse getOrder(StubRequest request, Map<String, String> query) throws Exception {
        StoredOrder order = find(query.get("uuid"), query.get("identifier"));
        if (order == null) {
            return error(404, "order_not_found", "주문을 찾지 못했습니다.");
        }
        synchronized (orders) {
            return ok(order.view(dialect));
        }
    }

    /** Upbit reads the uuid from the query; a JSON body on DELETE is refused. */
    private StubResponse cancelOrder(StubRequest request, Map<String, String> query) throws Exception {
        if (!request.body().isEmpty()) {
            return error(400, "invalid_query_payload", "DELETE carries its parameters in the query.");
        }
        synchronized (orders) {
            StoredOrder order = cancel(query.get("uuid"), query.get("identifier"));
            if (order == null) {
                return error(404, "order_not_found", "주문을 찾지 못했습니다.");
            }
            Map<String, Object> view = order.accepted(dialect);
            view.put("state", "wait"); // the order as it was when the cancel was accepted
            return ok(view);
        }
    }

    private static int limit(Map<String, String> query) {
        return query.get("limit") == null ? 100 : Integer.parseInt(query.get("limit"));
    }
}
