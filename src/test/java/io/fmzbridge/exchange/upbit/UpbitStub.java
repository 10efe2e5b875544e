package io.fmzbridge.exchange.upbit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.fmzbridge.exchange.upbitstyle.UpbitStyleStub;
import java.util.List;
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

    // ---------------------------------------------------------------- rate limits (docs.upbit.com/kr/reference/rate-limits)

    /** Quotation groups, 10 a second each per IP. */
    private static final Limit MARKET = new Limit("market", 10, Per.IP);
    private static final Limit CANDLE = new Limit("candle", 10, Per.IP);
    private static final Limit TRADE = new Limit("trade", 10, Per.IP);
    private static final Limit TICKER = new Limit("ticker", 10, Per.IP);
    private static final Limit ORDERBOOK = new Limit("orderbook", 10, Per.IP);
    /** Exchange groups per pocket, here one per key: placing 12 a second since 2026-08-21, everything else 30. */
    private static final Limit ORDER = new Limit("order", 12, Per.KEY);
    private static final Limit DEFAULT = new Limit("default", 30, Per.KEY);

    @Override
    protected List<Limit> limitsOf(StubRequest request) {
        String path = request.path();
        if (path.startsWith("/v1/candles/")) {
            return List.of(CANDLE);
        }
        return List.of(switch (path) {
            case "/v1/market/all" -> MARKET;
            case "/v1/trades/ticks" -> TRADE;
            case "/v1/ticker" -> TICKER;
            case "/v1/orderbook" -> ORDERBOOK;
            default -> request.method().equals("POST") && path.equals("/v1/orders") ? ORDER : DEFAULT;
        });
    }

    /** Another program's calls on the key's pocket, in the default group, within this second. */
    public void defaultCallsElsewhere(String accessKey, int calls) {
        spendElsewhere(DEFAULT, accessKey, calls);
    }

    /** HTTP 429 in Upbit's error shape; Upbit sends no Retry-After. */
    @Override
    protected StubResponse overLimit(Limit limit) throws JsonProcessingException {
        return error(429, "too_many_requests", "Too many API requests.");
    }

    /** Every reply names its group and what is left of it this second ({@code min} a fixed, ignored value). */
    @Override
    protected StubResponse withRemaining(StubResponse reply, Limit limit, long left) {
        return reply.withHeader("Remaining-Req", "group=" + limit.name() + "; min=1800; sec=" + left);
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
