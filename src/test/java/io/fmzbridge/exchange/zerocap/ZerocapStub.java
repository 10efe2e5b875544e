package io.fmzbridge.exchange.zerocap;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.RateLimitedStub;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Zerocap DMA REST (v2) as far as the bridge uses it, served under {@code /v2} like the real base
 * URL, and checked the way the zerocap_api SDK authenticates: every call carries a known
 * {@code api-key}, a {@code timestamp} in Unix seconds close to now, and {@code signature =
 * hex(HMAC-SHA256(secret, timestamp))}. Written from the exchange notes independently of the main
 * code's signer. Orders follow the README's ccxt-style shape and live in memory; amounts and prices
 * must arrive as plain decimal strings, so a double leaking ("1.0E-3") is refused.
 *
 * <p>Undocumented by Zerocap, chosen here (inferred): the error body of a refused call is FastAPI's
 * {@code {"detail": …}}; balances come in ccxt's balance structure and instruments as ccxt markets.
 */
public final class ZerocapStub extends StubExchange implements RateLimitedStub {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final long MAX_SKEW_SECONDS = 30;
    private static final Pattern SECONDS = Pattern.compile("\\d{9,11}");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Set<String> SYMBOLS = Set.of("USDT/AUD", "BTC/AUD");
    private static final long FIRST_TIMESTAMP = 1692346145000L;

    /** An order as Zerocap keeps it. Mutable; guarded by the {@code orders} map. */
    private static final class StoredOrder {
        final String id;
        final String clientOrderId;
        final String symbol;
        final String side;
        final String type;
        final BigDecimal price;
        final BigDecimal amount;
        final long timestamp;
        String status;
        BigDecimal filled = BigDecimal.ZERO;
        BigDecimal average = BigDecimal.ZERO;
        String errorMessage = "";

        StoredOrder(String id, Map<String, String> fields, long timestamp) {
            this.id = id;
            this.clientOrderId = fields.getOrDefault("client_order_id", "");
            this.symbol = fields.get("symbol");
            this.side = fields.get("side");
            this.type = fields.get("type");
            this.price = new BigDecimal(fields.get("price"));
            this.amount = new BigDecimal(fields.get("amount"));
            this.timestamp = timestamp;
        }

        Map<String, Object> view() {
            return map("id", id, "timestamp", timestamp, "last_trade_timestamp", timestamp, "status", status,
                    "symbol", symbol, "type", type, "time_in_force", "FOK", "side", side, "price", price,
                    "average", average, "amount", amount, "filled", filled, "remaining", amount.subtract(filled),
                    "cost", filled.multiply(average), "fee", 0, "error_message", errorMessage,
                    "client_order_id", clientOrderId, "trades", List.of());
        }
    }

    private final Map<String, String> accounts = new ConcurrentHashMap<>();
    private final Map<String, StoredOrder> orders = new LinkedHashMap<>();
    private final AtomicLong nextOrder = new AtomicLong(1);
    private final Queue<String> rejections = new ConcurrentLinkedQueue<>();
    private final Queue<String> nextStatuses = new ConcurrentLinkedQueue<>();
    private final List<Map<String, String>> placed = new CopyOnWriteArrayList<>();
    private final List<JsonNode> orderQueries = new CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();

    private ZerocapStub() {
        on("GET", "/v2/systems/get_time", (r, q) -> ok(map("timestamp", clock.millis())));
        on("GET", "/v2/orders/get_instruments", (r, q) -> ok(INSTRUMENTS));
        on("GET", "/v2/orders/get_balances", (r, q) -> ok(BALANCES));
        on("GET", "/v2/orders/get_risk", (r, q) -> ok(map("risk_limit", new BigDecimal("100000.5"), "query", q)));
        on("POST", "/v2/orders/create_order", this::createOrder);
        on("GET", "/v2/orders/fetch_order", this::fetchOrder);
        on("POST", "/v2/orders/fetch_orders", this::fetchOrders);
    }

    public static ZerocapStub start() {
        return new ZerocapStub();
    }

    /** The REST base URL as configured in the bridge: with Zerocap's {@code /v2}. */
    public String restUrl() {
        return baseUrl() + "/v2";
    }

    /** The bridge's base URL for Zerocap ends in the API's version, as Zerocap's own does. */
    @Override
    public String apiUrl() {
        return restUrl();
    }

    // ---------------------------------------------------------------- test controls

    public void addAccount(String apiKey, String secret) {
        accounts.put(apiKey, secret);
    }

    /**
     * From now on each request is counted on arrival per API key, at most 5 in any second, and one over is
     * answered with HTTP 429. Zerocap documents no limit at all: this is the bridge's stated guess, checked
     * from the other side (counting on arrival, which the bridge cannot see), not Zerocap's behaviour.
     * Off unless a test turns it on.
     */
    @Override
    public void enforceRateLimits() {
        judge = new RateJudge.Sliding(5, Duration.ofSeconds(1));
    }

    /** How many requests the stub refused for the stated limit. */
    @Override
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /** The stated limit's judge, named as the bridge names it (calls), while enforced. */
    @Override
    public Map<String, RateJudge.Judge> rateJudges() {
        RateJudge.Sliding on = judge;
        return on == null ? Map.of() : Map.of("calls", on);
    }

    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** The next well-formed order comes back HTTP 200 with status "rejected" and this error_message. */
    public void rejectNextOrder(String errorMessage) {
        rejections.add(errorMessage);
    }

    /** The next well-formed order is left in this status ("open", "canceled", …) instead of filling. */
    public void nextOrderStatus(String status) {
        nextStatuses.add(status);
    }

    /** The body fields of each order request exactly as sent (strings untouched), oldest first. */
    public List<Map<String, String>> placedOrders() {
        return List.copyOf(placed);
    }

    /** The JSON body of each fetch_orders request, oldest first. */
    public List<JsonNode> orderQueries() {
        return List.copyOf(orderQueries);
    }

    public void fill(String id, String filled, String average, String status) {
        synchronized (orders) {
            StoredOrder order = orders.get(id);
            order.filled = new BigDecimal(filled);
            order.average = new BigDecimal(average);
            order.status = status;
        }
    }

    /** The signature Zerocap expects: hex(HMAC-SHA256(secret as UTF-8, timestamp as UTF-8)). */
    static String expectedSignature(String secret, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(timestamp.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Why a call or handshake with these headers is refused, or empty when it is let through. */
    static Optional<String> refusal(Map<String, String> accounts, Clock clock, String apiKey, String timestamp,
                                    String signature) {
        String secret = apiKey == null ? null : accounts.get(apiKey);
        if (secret == null) {
            return Optional.of("Invalid API key");
        }
        if (timestamp == null || !SECONDS.matcher(timestamp).matches()
                || Math.abs(Long.parseLong(timestamp) - clock.instant().getEpochSecond()) > MAX_SKEW_SECONDS) {
            return Optional.of("Timestamp expired");
        }
        if (signature == null || !MessageDigest.isEqual(expectedSignature(secret, timestamp).getBytes(UTF_8),
                signature.getBytes(UTF_8))) {
            return Optional.of("Invalid signature");
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- authentication

    private volatile RateJudge.Sliding judge;
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        RateJudge.Sliding on = judge;
        if (on != null && !on.admit(String.valueOf(request.header("api-key")), 1)) {
            rateLimitRefusals.incrementAndGet();
            return new StubResponse(429, JSON.writeValueAsString(map("detail", "Too Many Requests")));
        }
        if (hasRoute(request.method(), request.path())) {
            Optional<String> refused = refusal(accounts, clock, request.header("api-key"), request.header("timestamp"),
                    request.header("signature"));
            if (refused.isPresent()) {
                return new StubResponse(401, JSON.writeValueAsString(map("detail", refused.get())));
            }
        }
        return super.respond(request, query);
    }

    // ---------------------------------------------------------------- orders

    private StubResponse createOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Optional<JsonNode> body = bodyObject(request);
        if (body.isEmpty()) {
            return invalid("body", "value is not a valid dict");
        }
        Map<String, String> fields = fields(body.get());
        placed.add(fields);
        for (String name : List.of("symbol", "side", "type", "amount", "price")) {
            if (!fields.containsKey(name)) {
                return invalid(name, "field required");
            }
        }
        if (!Set.of("buy", "sell").contains(fields.get("side"))) {
            return invalid("side", "value is not a valid enumeration member; permitted: 'buy', 'sell'");
        }
        if (!Set.of("limit", "market").contains(fields.get("type"))) {
            return invalid("type", "value is not a valid enumeration member; permitted: 'limit', 'market'");
        }
        for (String name : List.of("amount", "price")) {
            if (!body.get().path(name).isTextual() || !PLAIN_DECIMAL.matcher(fields.get(name)).matches()) {
                return invalid(name, "must be a decimal string");
            }
        }
        String id = String.format("d8dabfbd-e541-4262-b6c2-%012d", nextOrder.getAndIncrement());
        StoredOrder order = new StoredOrder(id, fields, FIRST_TIMESTAMP + nextOrder.get() * 1000);
        String rejection = !SYMBOLS.contains(order.symbol) ? "Symbol " + order.symbol + " is not supported"
                : new BigDecimal(fields.get("amount")).signum() <= 0 ? "Amount must be positive"
                : rejections.poll();
        if (rejection != null) {
            order.status = "rejected";
            order.errorMessage = rejection;
        } else {
            String status = nextStatuses.poll();
            order.status = status == null ? "closed" : status;
            if (status == null) { // fill-or-kill, filled at once at the limit (or a fixed market) price
                order.filled = order.amount;
                order.average = order.type.equals("market") ? new BigDecimal("1.48249") : order.price;
            }
        }
        synchronized (orders) {
            orders.put(id, order);
            return ok(order.view());
        }
    }

    private StubResponse fetchOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String id = query.get("id");
        if (id == null || id.isEmpty()) {
            return invalid("id", "field required");
        }
        synchronized (orders) {
            StoredOrder order = orders.get(id);
            return order == null ? new StubResponse(404, JSON.writeValueAsString(map("detail", "Order not found")))
                    : ok(order.view());
        }
    }

    private StubResponse fetchOrders(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Optional<JsonNode> body = bodyObject(request);
        if (body.isEmpty()) {
            return invalid("body", "value is not a valid dict");
        }
        JsonNode filter = body.get();
        orderQueries.add(filter);
        String symbol = filter.path("symbol").asText("");
        String status = filter.path("status").asText("");
        long start = filter.path("start_datetime").asLong(0);
        int limit = filter.path("limit").asInt(500);
        int page = Math.max(1, filter.path("page").asInt(1));
        boolean ascending = filter.path("sort_order").asText("desc").equals("asc");
        List<Map<String, Object>> matching = new ArrayList<>();
        synchronized (orders) {
            List<StoredOrder> sorted = new ArrayList<>(orders.values());
            sorted.sort(Comparator.comparingLong((StoredOrder o) -> o.timestamp));
            if (!ascending) {
                Collections.reverse(sorted);
            }
            for (StoredOrder order : sorted) {
                if ((symbol.isEmpty() || order.symbol.equals(symbol)) && (status.isEmpty() || order.status.equals(status))
                        && order.timestamp >= start) {
                    matching.add(order.view());
                }
            }
        }
        int from = Math.min(matching.size(), (page - 1) * limit);
        List<Map<String, Object>> pageOf = matching.subList(from, Math.min(matching.size(), from + limit));
        return ok(map("order_list", pageOf, "status", "success", "total", matching.size(), "page", page));
    }

    // ---------------------------------------------------------------- fixtures

    /** ccxt's market structure (Zerocap does not document its own). */
    private static final List<Object> INSTRUMENTS = List.of(
            map("id", "USDTAUD", "symbol", "USDT/AUD", "base", "USDT", "quote", "AUD", "active", true,
                    "precision", map("amount", new BigDecimal("0.01"), "price", new BigDecimal("0.00001")),
                    "limits", map("amount", map("min", new BigDecimal("10"), "max", new BigDecimal("1000000")),
                            "cost", map("min", new BigDecimal("10"), "max", null))),
            map("id", "BTCAUD", "symbol", "BTC/AUD", "base", "BTC", "quote", "AUD", "active", true,
                    "precision", map("amount", new BigDecimal("0.00000001"), "price", new BigDecimal("0.01")),
                    "limits", map("amount", map("min", new BigDecimal("0.0001"), "max", null))));

    /** ccxt's balance structure (Zerocap does not document its own). */
    private static final Map<String, Object> BALANCES = map(
            "info", map("account", "stub"),
            "AUD", map("free", new BigDecimal("1000.5"), "used", new BigDecimal("0"), "total", new BigDecimal("1000.5")),
            "USDT", map("free", new BigDecimal("0.00000001"), "used", new BigDecimal("2"), "total", new BigDecimal("2.00000001")),
            "free", map("AUD", new BigDecimal("1000.5"), "USDT", new BigDecimal("0.00000001")),
            "used", map("AUD", new BigDecimal("0"), "USDT", new BigDecimal("2")),
            "total", map("AUD", new BigDecimal("1000.5"), "USDT", new BigDecimal("2.00000001")));

    // ---------------------------------------------------------------- helpers

    private static StubResponse ok(Object body) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(body));
    }

    /** FastAPI's validation failure (inferred: the API documents itself with redoc, a FastAPI default). */
    private static StubResponse invalid(String field, String message) throws JsonProcessingException {
        return new StubResponse(422, JSON.writeValueAsString(map("detail", List.of(
                map("loc", List.of("body", field), "msg", message, "type", "value_error")))));
    }

    private static Optional<JsonNode> bodyObject(StubRequest request) {
        if (!String.valueOf(request.header("Content-Type")).toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return Optional.empty();
        }
        try {
            JsonNode body = JSON.readTree(request.body());
            return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> fields(JsonNode body) {
        Map<String, String> fields = new LinkedHashMap<>();
        body.properties().forEach(e -> fields.put(e.getKey(),
                e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
        return Collections.unmodifiableMap(fields);
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
