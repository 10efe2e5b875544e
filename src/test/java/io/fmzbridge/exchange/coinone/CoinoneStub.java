package io.fmzbridge.exchange.coinone;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.RateLimitedStub;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.math.MathContext;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Coinone public v2 and private v2.1 as far as the bridge uses them, checked as Coinone documents
 * it: a private call's {@code X-COINONE-PAYLOAD} is the base64 JSON body, {@code X-COINONE-SIGNATURE}
 * is hex HMAC-SHA512(secret, payload), the JSON names a known {@code access_token} and a UUID v4
 * {@code nonce} never seen before. Written from the notes independently of the main code.
 */
public final class CoinoneStub extends StubExchange implements RateLimitedStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Set<String> OPEN = Set.of("LIVE", "PARTIALLY_FILLED");
    static final long SERVER_TIME = 1701067923060L;
    /** completed_orders: at most 100 fills a page, and a range of at most 90 days. */
    static final int MAX_COMPLETED_ORDERS = 100;
    static final long MAX_COMPLETED_RANGE_MS = 90L * 24 * 60 * 60 * 1000;
    /** Levels per side of the stub's order book; Coinone serves at most 16 of them. */
    static final int BOOK_LEVELS = 30;
    /** KRW price ranges, {range_min, next_range_min, price_unit}: 500 KRW from 1,000,000, 1,000 from 10,000,000. */
    static final String[][] RANGE_UNITS = {
            {"0", "1", "0.0001"}, {"1", "10", "0.001"}, {"10", "100", "0.01"}, {"100", "1000", "0.1"},
            {"1000", "10000", "1"}, {"10000", "100000", "10"}, {"100000", "1000000", "50"},
            {"1000000", "10000000", "500"}, {"10000000", "100000000000", "1000"}};

    private static final class StoredOrder {
        final String orderId = UUID.randomUUID().toString();
        final Map<String, String> fields;
        String status = "LIVE";
        String executed = "0";
        String average = "0";

        StoredOrder(Map<String, String> fields) {
            this.fields = fields;
        }

        BigDecimal qty() {
            return new BigDecimal(fields.getOrDefault("qty", "0"));
        }

        BigDecimal remaining() {
            return OPEN.contains(status) ? qty().subtract(new BigDecimal(executed)) : BigDecimal.ZERO;
        }

        BigDecimal canceled() {
            return OPEN.contains(status) || status.equals("FILLED") ? BigDecimal.ZERO : qty().subtract(new BigDecimal(executed));
        }

        /** order/detail's {@code order}, as Coinone's documented example of a limit order: no user_order_id. */
        Map<String, Object> view() {
            return map("order_id", orderId, "type", fields.get("type"), "quote_currency", fields.get("quote_currency"),
                    "target_currency", fields.get("target_currency"), "status", status, "side", fields.get("side"),
                    "fee", "0", "fee_rate", "0.002", "average_executed_price", average, "updated_at", SERVER_TIME,
                    "ordered_at", SERVER_TIME, "price", fields.getOrDefault("price", "0"),
                    "original_qty", fields.getOrDefault("qty", "0"), "executed_qty", executed,
                    "canceled_qty", canceled().toPlainString(), "remain_qty", remaining().toPlainString(),
                    "limit_price", null, "traded_amount", null, "original_amount", null, "canceled_amount", null,
                    "is_triggered", null, "trigger_price", null);
        }

        /** An item of active_orders, as Coinone's documented example: no status, no updated_at. */
        Map<String, Object> activeView() {
            return map("order_id", orderId, "type", fields.get("type"), "quote_currency", fields.get("quote_currency"),
                    "target_currency", fields.get("target_currency"), "price", fields.getOrDefault("price", "0"),
                    "remain_qty", remaining().toPlainString(), "original_qty", fields.getOrDefault("qty", "0"),
                    "canceled_qty", canceled().toPlainString(), "executed_qty", executed, "side", fields.get("side"),
                    "fee", "0", "fee_rate", "0.002", "average_executed_price", average, "ordered_at", SERVER_TIME,
                    "is_triggered", null, "trigger_price", null, "triggered_at", null);
        }
    }

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final Map<String, StoredOrder> orders = new LinkedHashMap<>();
    private final List<Map<String, String>> placed = new CopyOnWriteArrayList<>();
    private volatile String[] nextRejection;
    /** Every fill in the order they came: newest first means latest timestamp, then latest to come. */
    private final List<Map<String, Object>> fillLog = new ArrayList<>();

    private CoinoneStub() {
        on("GET", "/public/v2/ticker_new/KRW/BTC", (r, q) -> publicOk("tickers", List.of(ticker("btc"))));
        on("GET", "/public/v2/ticker_new/KRW", (r, q) -> publicOk("tickers", List.of(ticker("btc"), ticker("eth"))));
        on("GET", "/public/v2/orderbook/KRW/BTC", this::orderbook);
        on("GET", "/public/v2/trades/KRW/BTC", this::trades);
        on("GET", "/public/v2/chart/KRW/BTC", (r, q) -> ok("chart", List.of(
                candle(1701064800000L, "50100000"), candle(1701061200000L, "50000000"))));
        for (String target : List.of("BTC", "ETH")) {
            on("GET", "/public/v2/range_units/KRW/" + target, (r, q) -> ok("range_price_units", rangeUnits()));
        }
        on("GET", "/public/v2/markets/KRW", (r, q) -> publicOk("markets", List.of(
                market("BTC", "1000", "0.0001", 1), market("ETH", "500", "0.0001", 1), market("OFF", "1", "1", 0))));
    }

    public static CoinoneStub start() {
        CoinoneStub stub = new CoinoneStub();
        stub.on("POST", "/v2.1/account/balance/all", stub.privately(json -> ok("balances", List.of(
                map("available", "1000000", "limit", "20000", "average_price", "0", "currency", "KRW"),
                map("available", "0.00000001", "limit", "0.1", "average_price", "50000000", "currency", "BTC")))));
        stub.on("POST", "/v2.1/order", stub.privately(stub::place));
        stub.on("POST", "/v2.1/order/detail", stub.privately(stub::detail));
        stub.on("POST", "/v2.1/order/cancel", stub.privately(stub::cancel));
        stub.on("POST", "/v2.1/order/active_orders", stub.privately(stub::activeOrders));
        stub.on("POST", "/v2.1/order/completed_orders", stub.privately(stub::completedOrders));
        return stub;
    }

    // ---------------------------------------------------------------- rate limits (docs.coinone.co.kr "API 소개 및 요청방법")

    /**
     * Coinone's public limit: {@code perMinute} in any {@code minute} (300 in 60 s), and the older page's
     * {@code perSecond} in any second (5), then every public call refused for {@code block} (a minute).
     */
    public record Limits(int perMinute, Duration minute, int perSecond, Duration block) {

        public static final Limits DOCUMENTED = new Limits(300, Duration.ofMinutes(1), 5, Duration.ofMinutes(1));
    }

    private record Judges(RateJudge.Sliding minute, RateJudge.Sliding second, Duration block) {}

    private volatile Judges judges;
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();
    private volatile long blockedUntil;

    /** {@link #enforceRateLimits(Limits)} with Coinone's own figures. */
    @Override
    public void enforceRateLimits() {
        enforceRateLimits(Limits.DOCUMENTED);
    }

    /**
     * From now on each public call is counted on arrival in any span of the minute and of a second (Coinone
     * does not say how its windows run: this is the strictest reading), per address, and one over either is
     * answered as Coinone documents it, {@code {"result":"error","errorCode":"4","errorMsg":"Blocked user
     * access."}}, as is every public call for the block after it. Coinone gives no HTTP status for it: 200, as
     * it answers its other errors in the body. Private calls have no documented limit and are not counted.
     */
    public void enforceRateLimits(Limits limits) {
        judges = new Judges(new RateJudge.Sliding(limits.perMinute(), limits.minute()),
                new RateJudge.Sliding(limits.perSecond(), Duration.ofSeconds(1)), limits.block());
    }

    /** How many calls the stub refused for a rate limit: a bridge that keeps Coinone's limits causes none. */
    @Override
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /** The public calls' minute and second, named as the bridge names them (public, public-burst), while enforced. */
    @Override
    public Map<String, RateJudge.Judge> rateJudges() {
        Judges on = judges;
        return on == null ? Map.of() : Map.of("public", on.minute(), "public-burst", on.second());
    }

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        Judges on = judges;
        if (on != null && request.method().equals("GET") && hasRoute(request.method(), request.path())) {
            long now = System.nanoTime();
            if (now < blockedUntil || !on.second().admit("127.0.0.1", 1) || !on.minute().admit("127.0.0.1", 1)) {
                rateLimitRefusals.incrementAndGet();
                blockedUntil = Math.max(blockedUntil, now + on.block().toNanos());
                return new StubResponse(200, "{\"result\":\"error\",\"errorCode\":\"4\",\"errorMsg\":\"Blocked user access.\"}");
            }
        }
        return super.respond(request, query);
    }

    // ---------------------------------------------------------------- test controls

    public void addAccount(String accessToken, String secret) {
        secrets.put(accessToken, secret);
    }

    public void rejectNextOrder(String code, String message) {
        nextRejection = new String[] {code, message};
    }

    public List<Map<String, String>> placedOrders() {
        return List.copyOf(placed);
    }

    /** Forgets every order and fill, so a test sees only its own. */
    public void forgetOrders() {
        synchronized (orders) {
            orders.clear();
            placed.clear();
            fillLog.clear();
        }
    }

    /** A fill of {@code qty} at {@code price} now; PARTIALLY_FILLED or FILLED by what remains. */
    public void fill(String orderId, String qty, String price) {
        fillAt(orderId, qty, price, System.currentTimeMillis());
    }

    /** A fill at {@code timestamp} (ms): how a test puts fills in Coinone's past. */
    public void fillAt(String orderId, String qty, String price, long timestamp) {
        synchronized (orders) {
            StoredOrder order = orders.get(orderId);
            BigDecimal before = new BigDecimal(order.executed);
            BigDecimal executed = before.add(new BigDecimal(qty));
            BigDecimal value = before.multiply(new BigDecimal(order.average)).add(new BigDecimal(qty).multiply(new BigDecimal(price)));
            order.executed = executed.toPlainString();
            order.average = value.divide(executed, MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
            order.status = executed.compareTo(order.qty()) >= 0 ? "FILLED" : "PARTIALLY_FILLED";
            fillLog.add(map("trade_id", UUID.randomUUID().toString(), "order_id", orderId, "quote_currency", "KRW",
                    "target_currency", order.fields.get("target_currency"), "order_type", "LIMIT",
                    "is_ask", order.fields.get("side").equals("SELL"), "is_maker", true, "price", price, "qty", qty,
                    "timestamp", timestamp, "fee_rate", "0.002", "fee", "0", "fee_currency", "KRW"));
        }
    }

    // ---------------------------------------------------------------- authentication

    @FunctionalInterface
    private interface PrivateHandler {
        StubResponse handle(JsonNode request) throws Exception;
    }

    /** Checks payload, signature, token and nonce, then hands the decoded JSON request on. */
    private Handler privately(PrivateHandler handler) {
        return (request, query) -> {
            String payload = request.header("X-COINONE-PAYLOAD");
            if (payload == null || !payload.equals(request.body())) {
                return error(401, "11", "Access token is missing or the payload differs from the body");
            }
            JsonNode json;
            try {
                json = JSON.readTree(Base64.getDecoder().decode(payload));
            } catch (IllegalArgumentException | java.io.IOException e) {
                return error(400, "107", "Parameter value is wrong");
            }
            String secret = secrets.get(json.path("access_token").asText());
            if (secret == null) {
                return error(401, "12", "Invalid access token");
            }
            String signature = request.header("X-COINONE-SIGNATURE");
            if (signature == null || !MessageDigest.isEqual(hmacSha512(secret, payload).getBytes(UTF_8), signature.getBytes(UTF_8))) {
                return error(401, "13", "Invalid signature");
            }
            String nonce = json.path("nonce").asText();
            if (!UUID_V4.matcher(nonce).matches() || !nonces.add(nonce)) {
                return error(401, "14", "Invalid nonce");
            }
            return handler.handle(json);
        };
    }

    static String hmacSha512(String secret, String payload) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA512"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(UTF_8)));
    }

    // ---------------------------------------------------------------- market data

    /** {@code size} levels per side (5, 10, 15 or 16; 15 when not given), best first. */
    private StubResponse orderbook(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String size = query.getOrDefault("size", "15");
        if (!Set.of("5", "10", "15", "16").contains(size)) {
            return error(400, "107", "Parameter value is wrong");
        }
        List<Object> bids = new ArrayList<>(List.of(level("50048000", "0.01080229")));
        List<Object> asks = new ArrayList<>(List.of(level("50058000", "0.00272592")));
        for (int i = 1; i < BOOK_LEVELS; i++) {
            bids.add(level(String.valueOf(50048000 - i * 1000), String.valueOf(i)));
            asks.add(level(String.valueOf(50058000 + i * 1000), String.valueOf(i)));
        }
        int levels = Integer.parseInt(size);
        Map<String, Object> book = map("result", "success", "error_code", "0", "timestamp", 1701071108673L,
                "id", "1701071108673001", "quote_currency", "KRW", "target_currency", "BTC", "order_book_unit", "0.0",
                "bids", bids.subList(0, levels), "asks", asks.subList(0, levels));
        return StubResponse.ok(JSON.writeValueAsString(book));
    }

    /**
     * Recent trades, newest first, as Coinone's documented example: {@code is_seller_maker} true for a
     * sell. {@code size} is one of 10, 50, 100, 150, 200 (200 when not given).
     */
    private StubResponse trades(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String size = query.getOrDefault("size", "200");
        if (!Set.of("10", "50", "100", "150", "200").contains(size)) {
            return error(400, "107", "Parameter value is wrong");
        }
        List<Object> transactions = List.of(
                map("id", "1701067920001003", "timestamp", 1701067920300L, "price", "50048000", "qty", "0.0001", "is_seller_maker", true),
                map("id", "1701067920001002", "timestamp", 1701067920200L, "price", "50047000", "qty", "0.00000001", "is_seller_maker", false),
                map("id", "1701067920001001", "timestamp", 1701067920100L, "price", "50046000", "qty", "2", "is_seller_maker", true));
        return StubResponse.ok(JSON.writeValueAsString(map("result", "success", "error_code", "0", "server_time", SERVER_TIME,
                "quote_currency", "KRW", "target_currency", "BTC", "transactions", transactions)));
    }

    private static List<Object> rangeUnits() {
        List<Object> ranges = new ArrayList<>();
        for (String[] range : RANGE_UNITS) {
            ranges.add(map("range_min", range[0], "next_range_min", range[1], "price_unit", range[2]));
        }
        return ranges;
    }

    // ---------------------------------------------------------------- orders

    private StubResponse place(JsonNode request) throws JsonProcessingException {
        Map<String, String> fields = new LinkedHashMap<>();
        request.properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
        fields.remove("access_token");
        fields.remove("nonce");
        for (String name : new String[] {"price", "qty", "amount"}) {
            if (fields.containsKey(name) && (!request.path(name).isTextual() || !PLAIN_DECIMAL.matcher(fields.get(name)).matches())) {
                return error(400, "107", "Parameter value is wrong");
            }
        }
        if (!"KRW".equals(fields.get("quote_currency")) || !Set.of("BTC", "ETH").contains(fields.get("target_currency"))) {
            return error(400, "108", "Unknown cryptocurrency");
        }
        String[] rejection = nextRejection;
        if (rejection != null) {
            nextRejection = null;
            return error(200, rejection[0], rejection[1]);
        }
        synchronized (orders) {
            StoredOrder order = new StoredOrder(fields);
            orders.put(order.orderId, order);
            placed.add(fields);
            return ok("order_id", order.orderId);
        }
    }

    private StubResponse detail(JsonNode request) throws JsonProcessingException {
        synchronized (orders) {
            StoredOrder order = find(request);
            return order == null ? error(200, "104", "Order id is not exist") : ok("order", order.view());
        }
    }

    private StubResponse cancel(JsonNode request) throws JsonProcessingException {
        synchronized (orders) {
            StoredOrder order = find(request);
            if (order == null || !OPEN.contains(order.status)) {
                return error(200, "104", "Order id is not exist");
            }
            order.status = new BigDecimal(order.executed).signum() > 0 ? "PARTIALLY_CANCELED" : "CANCELED";
            return StubResponse.ok(JSON.writeValueAsString(map("result", "success", "error_code", "0",
                    "order_id", order.orderId, "price", order.fields.get("price"), "qty", order.fields.get("qty"),
                    "remain_qty", "0", "side", order.fields.get("side"), "quote_currency", "KRW",
                    "target_currency", order.fields.get("target_currency"))));
        }
    }

    private StubResponse activeOrders(JsonNode request) throws JsonProcessingException {
        synchronized (orders) {
            List<Object> active = new ArrayList<>();
            for (StoredOrder order : orders.values()) {
                if (OPEN.contains(order.status) && matchesPair(request, order)) {
                    active.add(order.activeView());
                }
            }
            return ok("active_orders", active);
        }
    }

    /**
     * Fills of one market between {@code from_ts} and {@code to_ts}, newest first, at most {@code size};
     * with {@code to_trade_id}, those listed after that fill. As Coinone's reference has it: size (1 to
     * 100), from_ts, to_ts (ms) and the pair are required, the range is at most 90 days, from_ts may not
     * pass to_ts, and neither may lie in the future; anything else is error 107.
     */
    private StubResponse completedOrders(JsonNode request) throws JsonProcessingException {
        JsonNode size = request.path("size");
        JsonNode from = request.path("from_ts");
        JsonNode to = request.path("to_ts");
        long now = System.currentTimeMillis();
        if (!size.isIntegralNumber() || size.asLong() < 1 || size.asLong() > MAX_COMPLETED_ORDERS
                || !from.isIntegralNumber() || !to.isIntegralNumber() || from.asLong() > to.asLong()
                || to.asLong() - from.asLong() > MAX_COMPLETED_RANGE_MS || to.asLong() > now
                || !request.path("quote_currency").isTextual() || !request.path("target_currency").isTextual()) {
            return error(400, "107", "Parameter value is wrong");
        }
        synchronized (orders) {
            List<Map<String, Object>> fills = new ArrayList<>();
            for (Map<String, Object> fill : fillLog) {
                long time = (long) fill.get("timestamp");
                if (matchesPair(request, orders.get((String) fill.get("order_id"))) && time >= from.asLong() && time <= to.asLong()) {
                    fills.add(0, fill);
                }
            }
            fills.sort(Comparator.comparingLong(f -> -(long) f.get("timestamp")));
            String after = request.path("to_trade_id").asText(null);
            if (after != null) {
                int at = 0;
                while (at < fills.size() && !after.equals(fills.get(at).get("trade_id"))) {
                    at++;
                }
                fills = fills.subList(Math.min(at + 1, fills.size()), fills.size());
            }
            return ok("completed_orders", fills.subList(0, (int) Math.min(size.asLong(), fills.size())));
        }
    }

    private static boolean matchesPair(JsonNode request, StoredOrder order) {
        return !request.has("target_currency") || (request.path("target_currency").asText().equals(order.fields.get("target_currency"))
                && request.path("quote_currency").asText().equals(order.fields.get("quote_currency")));
    }

    /** Caller holds the lock. By order_id or user_order_id; the pair must match. */
    private StoredOrder find(JsonNode request) {
        String orderId = request.path("order_id").asText(null);
        String userOrderId = request.path("user_order_id").asText(null);
        StoredOrder order = orderId != null ? orders.get(orderId) : orders.values().stream()
                .filter(o -> userOrderId != null && userOrderId.equals(o.fields.get("user_order_id"))).findFirst().orElse(null);
        return order != null && matchesPair(request, order) && request.has("target_currency") ? order : null;
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> ticker(String target) {
        return map("quote_currency", "krw", "target_currency", target, "timestamp", 1701067920001L, "high", "50500000",
                "low", "49500000", "first", "49900000", "last", "50048000", "quote_volume", "12345678901.5",
                "target_volume", "246.12345678", "best_asks", List.of(level("50058000", "0.00272592")),
                "best_bids", List.of(level("50048000", "0.01080229")), "id", "1701067920001001");
    }

    private static Map<String, Object> candle(long timestamp, String open) {
        return map("timestamp", timestamp, "open", open, "high", "50200000", "low", "49900000", "close", "50150000",
                "target_volume", "1.23456789", "quote_volume", "61800000.5");
    }

    private static Map<String, Object> market(String target, String priceUnit, String qtyUnit, int tradeStatus) {
        return map("quote_currency", "KRW", "target_currency", target, "price_unit", priceUnit, "qty_unit", qtyUnit,
                "max_order_amount", "1000000000", "max_price", "8000000000", "max_qty", "1000",
                "min_order_amount", "5000", "min_price", "1", "min_qty", "0.0001",
                "order_book_units", List.of("0.0", "10000.0"), "maintenance_status", 0, "trade_status", tradeStatus,
                "order_types", List.of("LIMIT", "MARKET", "STOP_LIMIT"));
    }

    private static Map<String, Object> level(String price, String qty) {
        return map("price", price, "qty", qty);
    }

    /** A reply as Coinone documents the private ones, chart and range_units: without server_time. */
    private static StubResponse ok(String field, Object value) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(map("result", "success", "error_code", "0", field, value)));
    }

    /** A reply with server_time, as Coinone's ticker and trades examples have it (markets: not checked). */
    private static StubResponse publicOk(String field, Object value) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(map("result", "success", "error_code", "0",
                "server_time", SERVER_TIME, field, value)));
    }

    static StubResponse error(int status, String code, String message) {
        return new StubResponse(status, "{\"result\":\"error\",\"error_code\":" + quote(code) + ",\"error_msg\":" + quote(message) + "}");
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
