package io.fmzbridge.exchange.bithumb;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.fmzbridge.exchange.upbitstyle.UpbitStyleStub;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Bithumb's JWT API as far as the bridge uses it (apidocs.bithumb.com): HS256 tokens that must
 * carry a {@code timestamp} within 30 s of the stub's clock (the window is undocumented; 30 s is
 * this stub's choice), {@code order_type} and {@code client_order_id} on POST /v2/orders, ids like
 * {@code C0101…}, DELETE /v2/order?order_id=…, and /v1/orders filtered by {@code state} or
 * {@code states[]}.
 */
public final class BithumbStub extends UpbitStyleStub {

    private static final DateTimeFormatter KST = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
            .withZone(ZoneOffset.ofHours(9));

    private final AtomicLong nextId = new AtomicLong(1799625);
    private final java.util.List<String> rawQueries = new java.util.concurrent.CopyOnWriteArrayList<>();

    private BithumbStub() {
        super(new Dialect(Set.of(JWSAlgorithm.HS256), true, "order_type", "client_order_id"));
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
        on("POST", "/v2/orders", this::placeOrder);
        on("GET", "/v1/order", this::getOrder);
        on("DELETE", "/v2/order", this::cancelOrder);
        on("GET", "/v1/orders", this::listOrders);
    }

    public static BithumbStub start() {
        return new BithumbStub();
    }

    @Override
    protected boolean isPrivate(String path) {
        return path.equals("/v1/accounts") || path.equals("/v1/order") || path.equals("/v1/orders")
                || path.startsWith("/v2/");
    }

    @Override
    protected String newId() {
        return "C0101000000" + nextId.getAndIncrement();
    }

    private StubResponse placeOrder(StubRequest request, Map<String, String> query) throws Exception {
        JsonNode body = JSON.readTree(request.body());
        Map<String, String> fields = fields(body);
        if (fields.containsKey("ord_type")) {
            return error(400, "invalid_parameter", "order_type is required.");
        }
        StoredOrder order;
        synchronized (orders) {
            StubResponse refused = validate(body, fields);
            if (refused != null) {
                return refused;
            }
            order = place(fields);
        }
        return created(map("client_order_id", order.clientId, "order_id", order.id, "market", order.market,
                "side", order.side, "order_type", order.ordType, "created_at", KST.format(Instant.ofEpochMilli(order.createdAt))));
    }

    private StubResponse getOrder(StubRequest request, Map<String, String> query) throws Exception {
        StoredOrder order = find(query.get("uuid"), query.get("client_order_id"));
        if (order == null) {
            return error(404, "order_not_found", "주문을 찾지 못했습니다.");
        }
        synchronized (orders) {
            return ok(order.view(dialect));
        }
    }

    private StubResponse cancelOrder(StubRequest request, Map<String, String> query) throws Exception {
        if (!request.body().isEmpty()) {
            return error(400, "invalid_parameter", "DELETE carries its parameters in the query.");
        }
        StoredOrder order = cancel(query.get("order_id"), query.get("client_order_id"));
        if (order == null) {
            return error(404, "order_not_found", "주문을 찾지 못했습니다.");
        }
        return ok(map("order_id", order.id, "created_at", KST.format(Instant.ofEpochMilli(order.createdAt))));
    }

    /** {@code state=…} or {@code states[]=…&states[]=…}, read from the raw query (repeated names). */
    private StubResponse listOrders(StubRequest request, Map<String, String> query) throws Exception {
        rawQueries.add(request.rawQuery());
        Set<String> states = new java.util.HashSet<>();
        for (String pair : request.rawQuery().split("&")) {
            String decoded = java.net.URLDecoder.decode(pair, java.nio.charset.StandardCharsets.UTF_8);
            if (decoded.startsWith("states[]=") || decoded.startsWith("state=")) {
                states.add(decoded.substring(decoded.indexOf('=') + 1));
            }
        }
        if (states.isEmpty()) {
            states.add("wait");
        }
        Predicate<StoredOrder> wanted = o -> states.contains(o.state);
        int limit = query.get("limit") == null ? 100 : Integer.parseInt(query.get("limit"));
        List<Object> list = list(query.get("market"), wanted, limit);
        return ok(list);
    }
}
