package io.fmzbridge.exchange.bithumb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import java.math.BigDecimal;
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
 * {@code C0101…}, DELETE /v2/order?order_id=…, /v1/orders filtered by {@code state} or
 * {@code states[]}, and /v1/orders/chance with each market's price unit and order-value limits,
 * which POST /v2/orders enforces.
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
        on("GET", "/v1/orders/chance", this::orderChance);
    }

    /** A market's price unit and minimum order value (both sides alike here) and maximum order value. */
    private record OrderRule(String priceUnit, String minTotal, String maxTotal) {
    }

    private static final Map<String, OrderRule> ORDER_RULES = Map.of(
            "KRW-BTC", new OrderRule("1000", "5000", "1000000000"),
            "KRW-ETH", new OrderRule("100", "5000", "1000000000"),
            "BTC-ETH", new OrderRule("0.00000001", "0.0005", "20"));

    public static BithumbStub start() {
        return new BithumbStub();
    }

    // ---------------------------------------------------------------- rate limits (apidocs.bithumb.com "API 요청 수 제한 안내")

    /** Public categories, 150 a second each per IP. */
    private static final Limit CANDLES = new Limit("candles", 150, Per.IP);
    private static final Limit ORDERBOOK = new Limit("orderbook", 150, Per.IP);
    private static final Limit TICKER = new Limit("ticker", 150, Per.IP);
    private static final Limit TRADES = new Limit("trades", 150, Per.IP);
    private static final Limit OTHER = new Limit("other", 150, Per.IP);
    /** Private categories, 140 a second each, per IP too. */
    private static final Limit PLACE = new Limit("place", 140, Per.IP);
    private static final Limit CANCEL = new Limit("cancel", 140, Per.IP);
    private static final Limit PRIVATE = new Limit("private", 140, Per.IP);
    /** "동일 가상자산 … 초당 20회 초과": orders and cancels on one asset, here per key. */
    private static final Limit ASSET = new Limit("asset-orders", 20, Per.KEY_AND_ASSET);

    @Override
    protected List<Limit> limitsOf(StubRequest request) {
        String path = request.path();
        if (path.startsWith("/v1/candles/")) {
            return List.of(CANDLES);
        }
        return switch (request.method() + " " + path) {
            case "GET /v1/orderbook" -> List.of(ORDERBOOK);
            case "GET /v1/ticker" -> List.of(TICKER);
            case "GET /v1/trades/ticks" -> List.of(TRADES);
            case "GET /v1/market/all" -> List.of(OTHER);
            case "POST /v2/orders" -> List.of(PLACE, ASSET);
            case "DELETE /v2/order" -> List.of(CANCEL, ASSET);
            default -> List.of(PRIVATE);
        };
    }

    /**
     * Bithumb says only that the category is "temporarily restricted": its status and body are not documented.
     * HTTP 429 in the API's error shape, as this project's Bithumb tests already answer a rate limit.
     */
    @Override
    protected StubResponse overLimit(Limit limit) throws JsonProcessingException {
        return error(429, "too_many_requests", "Too many requests.");
    }

    /** An order's asset from its market; a cancel's from the order it names. */
    @Override
    protected String assetOf(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String market = request.method().equals("POST") ? JSON.readTree(request.body()).path("market").asText()
                : java.util.Optional.ofNullable(find(query.get("order_id"), query.get("client_order_id")))
                        .map(order -> order.market).orElse("unknown-order");
        return market.substring(market.indexOf('-') + 1);
    }

    @Override
    protected boolean isPrivate(String path) {
        return path.equals("/v1/accounts") || path.equals("/v1/order") || path.startsWith("/v1/orders")
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
            if (refused == null) {
                refused = offTheRules(fields);
            }
            if (refused != null) {
                return refused;
            }
            order = place(fields);
        }
        return created(map("client_order_id", order.clientId, "order_id", order.id, "market", order.market,
                "side", order.side, "order_type", order.ordType, "created_at", KST.format(Instant.ofEpochMilli(order.createdAt))));
    }

    /** Bithumb refuses a price off the market's unit and an order value under its minimum (error names as Upbit's). */
    private StubResponse offTheRules(Map<String, String> fields) throws Exception {
        OrderRule rule = ORDER_RULES.get(fields.get("market"));
        String side = fields.get("side");
        BigDecimal price = new BigDecimal(fields.get("price") == null ? "0" : fields.get("price"));
        if (fields.get("order_type").equals("limit")) {
            if (price.remainder(new BigDecimal(rule.priceUnit())).signum() != 0) {
                return error(400, "invalid_price_" + side, "주문가격 단위를 잘못 입력하셨습니다.");
            }
            price = price.multiply(new BigDecimal(fields.get("volume")));
        }
        if (!fields.get("order_type").equals("market") && price.compareTo(new BigDecimal(rule.minTotal())) < 0) {
            return error(400, "under_min_total_" + side, "최소주문금액 이상으로 주문해주세요.");
        }
        return null;
    }

    /** GET /v1/orders/chance: fees, the market's order rules, and the key's two balances. */
    private StubResponse orderChance(StubRequest request, Map<String, String> query) throws Exception {
        String market = query.get("market");
        OrderRule rule = ORDER_RULES.get(market);
        if (rule == null) {
            return error(404, "market_does_not_exist", "마켓 정보가 존재하지 않습니다.");
        }
        String quote = market.substring(0, market.indexOf('-'));
        String base = market.substring(market.indexOf('-') + 1);
        return ok(map("bid_fee", "0.0025", "ask_fee", "0.0025", "maker_bid_fee", "0.0025", "maker_ask_fee", "0.0025",
                "market", map("id", market, "name", base + "/" + quote, "order_types", List.of("limit"),
                        "ask_types", List.of("limit", "market"), "bid_types", List.of("limit", "price"),
                        "order_sides", List.of("ask", "bid"),
                        "bid", map("currency", quote, "price_unit", rule.priceUnit(), "min_total", rule.minTotal()),
                        "ask", map("currency", base, "price_unit", rule.priceUnit(), "min_total", rule.minTotal()),
                        "max_total", rule.maxTotal(), "state", "active"),
                "bid_account", map("currency", quote, "balance", "1000000.0", "locked", "5000.5", "avg_buy_price", "0",
                        "avg_buy_price_modified", false, "unit_currency", quote),
                "ask_account", map("currency", base, "balance", "0.00000001", "locked", "0.0", "avg_buy_price", "101000",
                        "avg_buy_price_modified", false, "unit_currency", quote)));
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
