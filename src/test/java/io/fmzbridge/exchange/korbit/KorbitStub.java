package io.fmzbridge.exchange.korbit;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.RateLimitedStub;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Korbit Open API v2 as far as the bridge uses it, checked as Korbit documents it: private calls
 * carry a known {@code X-KAPI-KEY}, a {@code timestamp} no older than 5 s and at most 1 s ahead,
 * and a {@code signature} appended last over the exact url-encoded parameter string before it:
 * lower-case hex HMAC-SHA256 for HMAC keys, base64 ED25519 (verified with the JDK's own Ed25519 and
 * the registered SPKI public key) for ED25519 keys. POST parameters must come as a form body.
 * Written from the notes independently of the main code. Orders live in memory.
 */
public final class KorbitStub extends StubExchange implements RateLimitedStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern CLIENT_ORDER_ID = Pattern.compile("[0-9a-zA-Z.:_-]{1,36}");
    private static final Set<String> PAIRS = Set.of("btc_krw", "eth_krw");
    private static final Set<String> OPEN = Set.of("pending", "open", "partiallyFilled");
    static final long NOW_TICKER = 1725525721041L;
    /** The documented tick size policy (notes: xrp_krw's), applied here to every pair: {priceGte, tickSize}. */
    static final String[][] TICK_POLICY = {
            {"0", "0.0001"}, {"1", "0.001"}, {"10", "0.01"}, {"100", "0.1"}, {"1000", "1"}, {"5000", "5"},
            {"10000", "10"}, {"50000", "50"}, {"100000", "100"}, {"500000", "500"}, {"1000000", "1000"}};
    /** Levels per side of the stub's order book: deeper than FMZ's default 20. */
    static final int BOOK_LEVELS = 30;

    /** A Korbit key: an HMAC secret or an ED25519 public key. */
    private record Key(String hmacSecret, PublicKey ed25519) {}

    private static final class StoredOrder {
        final long orderId;
        final Map<String, String> fields;
        final long createdAt = System.currentTimeMillis();
        String status = "open";
        String filledQty = "0";
        String avgPrice = "0";

        StoredOrder(long orderId, Map<String, String> fields) {
            this.orderId = orderId;
            this.fields = fields;
        }

        /** As GET /v2/orders and /v2/allOrders show it. */
        Map<String, Object> view() {
            return view(false);
        }

        /**
         * As Korbit shows an order; GET /v2/openOrders items (docs' example) carry no {@code symbol},
         * {@code clientOrderId} or {@code timeInForce}, and no {@code avgPrice} before a fill.
         */
        Map<String, Object> view(boolean openOrdersItem) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("orderId", orderId);
            if (!openOrdersItem) {
                view.put("clientOrderId", fields.getOrDefault("clientOrderId", ""));
                view.put("symbol", fields.get("symbol"));
            }
            view.put("orderType", fields.get("orderType"));
            view.put("side", fields.get("side"));
            if (!openOrdersItem) {
                view.put("timeInForce", fields.getOrDefault("timeInForce", "ioc"));
            }
            if (!openOrdersItem || new BigDecimal(filledQty).signum() > 0) {
                view.put("avgPrice", avgPrice);
            }
            if (fields.containsKey("price")) {
                view.put("price", fields.get("price"));
            }
            if (fields.containsKey("qty")) {
                view.put("qty", fields.get("qty"));
            }
            if (fields.containsKey("amt")) {
                view.put("amt", fields.get("amt"));
            }
            view.put("filledQty", filledQty);
            view.put("createdAt", createdAt);
            view.put("status", status);
            return view;
        }
    }

    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<Long, StoredOrder> orders = new LinkedHashMap<>();
    private final AtomicLong nextOrderId = new AtomicLong(1234);
    private final List<Map<String, String>> placed = new CopyOnWriteArrayList<>();
    private volatile String nextRejection;

    /** The stub's idea of now, for /v2/time and the timestamp window. */
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();

    private KorbitStub() {
        on("GET", "/v2/time", (r, q) -> ok(Map.of("time", clock.millis())));
        on("GET", "/v2/tickers", this::tickers);
        on("GET", "/v2/orderbook", this::orderbook);
        on("GET", "/v2/trades", this::trades);
        on("GET", "/v2/candles", this::candles);
        on("GET", "/v2/tickSizePolicy", this::tickSizePolicy);
        on("GET", "/v2/currencyPairs", (r, q) -> ok(List.of(Map.of("symbol", "btc_krw", "status", "launched"),
                Map.of("symbol", "eth_krw", "status", "launched"), Map.of("symbol", "old_krw", "status", "stopped"))));
        on("GET", "/v2/balance", (r, q) -> ok(List.of(
                balance("krw", "1000000", "900000"), balance("btc", "100", "70"), balance("eth", "0.00000001", "0.00000001"))));
        on("POST", "/v2/orders", this::place);
        on("GET", "/v2/orders", this::getOrder);
        on("DELETE", "/v2/orders", this::cancel);
        on("GET", "/v2/openOrders", (r, q) -> ok(list(q.get("symbol"), true)));
        on("GET", "/v2/allOrders", (r, q) -> ok(list(q.get("symbol"), false)));
    }

    public static KorbitStub start() {
        return new KorbitStub();
    }

    /** Moves the stub's clock, as a host clock that is off would look from Korbit's side. */
    public void useClock(java.time.Clock clock) {
        this.clock = clock;
    }

    // ---------------------------------------------------------------- test controls

    public void addHmacKey(String keyId, String secret) {
        keys.put(keyId, new Key(secret, null));
    }

    /** An ED25519 key as Korbit registers it: the SPKI public key, base64 DER. */
    public void addEd25519Key(String keyId, String spkiBase64) throws GeneralSecurityException {
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(spkiBase64)));
        keys.put(keyId, new Key(null, key));
    }

    /** The next order is refused with this Korbit code. */
    public void rejectNextOrder(String code) {
        nextRejection = code;
    }

    /** The parameters of each accepted order as sent, oldest first. */
    public List<Map<String, String>> placedOrders() {
        return List.copyOf(placed);
    }

    public void fill(long orderId, String filledQty, String avgPrice, String status) {
        synchronized (orders) {
            StoredOrder order = orders.get(orderId);
            order.filledQty = filledQty;
            order.avgPrice = avgPrice;
            order.status = status;
        }
    }

    // ---------------------------------------------------------------- authentication

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        Map<String, RateJudge.Sliding> on = judges;
        if (on == null || !hasRoute(request.method(), request.path())) {
            return answer(request, query);
        }
        String limit = limitOf(request);
        RateJudge.Sliding judge = on.get(limit);
        // public calls per address, private ones per member account: one per key here
        String counter = limit.equals("public") ? "127.0.0.1" : String.valueOf(request.header("X-KAPI-KEY"));
        if (!judge.admit(counter, 1)) {
            rateLimitRefusals.incrementAndGet();
            return error(429, "TOO_MANY_REQUESTS").withHeader("Retry-After", "1")
                    .withHeader("Ratelimit-Policy", judge.limit() + ";w=1")
                    .withHeader("Ratelimit", "limit=" + judge.limit() + ", remaining=0, reset=1");
        }
        long left = Math.max(0, judge.limit() - judge.used(counter));
        return answer(request, query).withHeader("Ratelimit-Policy", judge.limit() + ";w=1")
                .withHeader("Ratelimit", "limit=" + judge.limit() + ", remaining=" + left + ", reset=1");
    }

    // ---------------------------------------------------------------- rate limits (docs.korbit.co.kr, "요청 수 제한")

    /** Per second: public calls 50 per IP; per account placing 30, cancelling 30, other private calls 50. */
    private static final Map<String, Integer> LIMITS = Map.of("public", 50, "place", 30, "cancel", 30, "private", 50);

    /** Each limit's judge while limits are enforced, else null. */
    private volatile Map<String, RateJudge.Sliding> judges;
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();

    /**
     * From now on each call is counted on arrival against its limit in any second (Korbit's window is one
     * second, fixed or sliding it does not say: this is the strictest reading), every reply says what is left
     * in Ratelimit and Ratelimit-Policy, and a call over a limit is answered as Korbit answers: HTTP 429 with
     * Retry-After: 1 (the body is not documented; Korbit's error shape here). Off unless a test turns it on.
     */
    @Override
    public void enforceRateLimits() {
        enforceRateLimits(Map.of());
    }

    /** {@link #enforceRateLimits()} with some limits scaled down, by name, for a test's small bursts. */
    public void enforceRateLimits(Map<String, Integer> scaled) {
        Map<String, RateJudge.Sliding> each = new ConcurrentHashMap<>();
        LIMITS.forEach((name, perSecond) -> each.put(name, new RateJudge.Sliding(scaled.getOrDefault(name, perSecond),
                java.time.Duration.ofSeconds(1))));
        judges = each;
    }

    /** How many calls the stub refused for a rate limit: a bridge that keeps Korbit's limits causes none. */
    @Override
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /** Each limit's judge (public, place, cancel, private: the bridge's names), while limits are enforced. */
    @Override
    public Map<String, RateJudge.Judge> rateJudges() {
        Map<String, RateJudge.Sliding> on = judges;
        return on == null ? Map.of() : Map.copyOf(on);
    }

    /** Another program's private calls on the account, counted now: only Korbit's Ratelimit header shows them. */
    public void privateCallsElsewhere(String keyId, int calls) {
        for (int i = 0; i < calls; i++) {
            judges.get("private").admit(keyId, 1);
        }
    }

    private static String limitOf(StubRequest request) {
        if (request.path().equals("/v2/orders") && !request.method().equals("GET")) {
            return request.method().equals("POST") ? "place" : "cancel";
        }
        return isPrivate(request.path()) ? "private" : "public";
    }

    private StubResponse answer(StubRequest request, Map<String, String> query) throws Exception {
        if (isPrivate(request.path()) && hasRoute(request.method(), request.path())) {
            String params = request.method().equals("POST") ? request.body() : request.rawQuery();
            if (request.method().equals("POST")
                    && !"application/x-www-form-urlencoded".equals(request.header("Content-Type"))) {
                return error(400, "INVALID_CONTENT_TYPE");
            }
            StubResponse refusal = refusal(request.header("X-KAPI-KEY"), params);
            if (refusal != null) {
                return refusal;
            }
            return super.respond(request, parseQuery(params));
        }
        return super.respond(request, query);
    }

    private static boolean isPrivate(String path) {
        return Set.of("/v2/balance", "/v2/orders", "/v2/openOrders", "/v2/allOrders").contains(path);
    }

    private StubResponse refusal(String keyId, String params) throws GeneralSecurityException {
        Key key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            return error(401, "INVALID_API_KEY");
        }
        int at = params.lastIndexOf("&signature=");
        if (at < 0 || params.indexOf('&', at + 1) >= 0) {
            return error(401, "INVALID_SIGNATURE");
        }
        String signed = params.substring(0, at);
        String signature = URLDecoder.decode(params.substring(at + "&signature=".length()), UTF_8);
        String timestamp = parseQuery(signed).get("timestamp");
        if (timestamp == null || !timestamp.matches("\\d{13}")) {
            return error(400, "INVALID_TIMESTAMP");
        }
        long now = clock.millis();
        long sent = Long.parseLong(timestamp);
        if (sent < now - 5000 || sent > now + 1000) {
            return error(400, "EXCEED_TIME_WINDOW");
        }
        boolean valid;
        if (key.hmacSecret() != null) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.hmacSecret().getBytes(UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal(signed.getBytes(UTF_8)));
            valid = MessageDigest.isEqual(expected.getBytes(UTF_8), signature.getBytes(UTF_8));
        } else {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.ed25519());
            verifier.update(signed.getBytes(UTF_8));
            try {
                valid = verifier.verify(Base64.getDecoder().decode(signature));
            } catch (IllegalArgumentException e) {
                valid = false;
            }
        }
        return valid ? null : error(401, "INVALID_SIGNATURE");
    }

    // ---------------------------------------------------------------- market data

    private StubResponse tickers(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String symbols = query.get("symbol");
        List<Object> data = new ArrayList<>();
        for (String pair : symbols == null ? List.of("btc_krw", "eth_krw") : List.of(symbols.split(","))) {
            if (!PAIRS.contains(pair)) {
                return error(400, "INVALID_CURRENCY_PAIR");
            }
            data.add(map("symbol", pair, "open", "77060000", "high", "79650000", "low", "76550000", "close", "77136000",
                    "prevClose", "77060000", "volume", "48.73739983", "quoteVolume", "3785149733.32633",
                    "bestBidPrice", "77136000", "bestAskPrice", "77193000", "lastTradedAt", NOW_TICKER));
        }
        return ok(data);
    }

    /** Korbit's levels around 73,303,000 / 73,304,000 KRW, best first; the first two as in the docs. */
    private StubResponse orderbook(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (!PAIRS.contains(query.get("symbol"))) {
            return error(400, "INVALID_CURRENCY_PAIR");
        }
        List<Object> bids = new ArrayList<>(List.of(level("73303000", "0.00898326"), level("73302000", "0.00790837")));
        List<Object> asks = new ArrayList<>(List.of(level("73304000", "0.00985212"), level("73305000", "0.00367505")));
        for (int i = 2; i < BOOK_LEVELS; i++) {
            bids.add(level(String.valueOf(73303000 - i * 1000), "0.5"));
            asks.add(level(String.valueOf(73304000 + i * 1000), "1"));
        }
        return ok(map("timestamp", 1708057740895L, "bids", bids, "asks", asks));
    }

    /** One pair per call ({@code symbol} is required), answered as a list like the docs show. */
    private StubResponse tickSizePolicy(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (!PAIRS.contains(query.get("symbol"))) {
            return error(400, "INVALID_CURRENCY_PAIR");
        }
        List<Object> bands = new ArrayList<>();
        for (String[] band : TICK_POLICY) {
            bands.add(map("priceGte", band[0], "tickSize", band[1]));
        }
        return ok(List.of(map("symbol", query.get("symbol"), "tickSizePolicy", bands,
                "orderbookLevels", List.of("0.1", "1", "10", "100"))));
    }

    /** Korbit's own checks on a limit order: the price's band tick and the 5,000 KRW minimum value. */
    private static String refusalByRules(Map<String, String> fields) {
        if (!fields.containsKey("price") || !fields.containsKey("qty")) {
            return null;
        }
        BigDecimal price = new BigDecimal(fields.get("price"));
        BigDecimal tick = BigDecimal.ZERO;
        for (String[] band : TICK_POLICY) {
            if (price.compareTo(new BigDecimal(band[0])) >= 0) {
                tick = new BigDecimal(band[1]);
            }
        }
        if (price.remainder(tick).signum() != 0) {
            return "PRICE_TICK_SIZE_INVALID";
        }
        return price.multiply(new BigDecimal(fields.get("qty"))).compareTo(new BigDecimal("5000")) < 0 ? "ORDER_VALUE_TOO_SMALL" : null;
    }

    /** Newest first, as a feed usually lists them; the bridge must reorder. */
    private StubResponse trades(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (!PAIRS.contains(query.get("symbol"))) {
            return error(400, "INVALID_CURRENCY_PAIR");
        }
        return ok(List.of(
                map("timestamp", 1700000003000L, "price", "77136000", "qty", "0.0001", "isBuyerTaker", true, "tradeId", 3),
                map("timestamp", 1700000002000L, "price", "77135000", "qty", "0.00000001", "isBuyerTaker", false, "tradeId", 2),
                map("timestamp", 1700000001000L, "price", "77134000", "qty", "1.5", "isBuyerTaker", true, "tradeId", 1)));
    }

    private StubResponse candles(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (query.get("limit") == null) {
            return error(400, "INVALID_PARAMETER");
        }
        List<Object> bars = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t = 1700000000000L + i * 3_600_000L;
            bars.add(map("timestamp", t, "open", "7700000" + i, "high", "7800000" + i, "low", "7600000" + i,
                    "close", "7750000" + i, "volume", "12.3456789" + i));
        }
        return ok(bars);
    }

    // ---------------------------------------------------------------- orders

    private StubResponse place(StubRequest request, Map<String, String> fields) throws JsonProcessingException {
        if (!PAIRS.contains(fields.get("symbol"))) {
            return error(400, "INVALID_CURRENCY_PAIR");
        }
        String clientOrderId = fields.get("clientOrderId");
        if (clientOrderId != null && !CLIENT_ORDER_ID.matcher(clientOrderId).matches()) {
            return error(400, "INVALID_PARAMETER");
        }
        for (String name : new String[] {"price", "qty", "amt"}) {
            if (fields.containsKey(name) && !PLAIN_DECIMAL.matcher(fields.get(name)).matches()) {
                return error(400, "INVALID_PARAMETER");
            }
        }
        String rejection = nextRejection != null ? nextRejection : refusalByRules(fields);
        if (rejection != null) {
            nextRejection = null;
            return error(400, rejection);
        }
        synchronized (orders) {
            if (clientOrderId != null && orders.values().stream().anyMatch(o -> clientOrderId.equals(o.fields.get("clientOrderId")))) {
                return error(400, "DUPLICATE_CLIENT_ORDER_ID");
            }
            Map<String, String> kept = new LinkedHashMap<>(fields);
            kept.remove("timestamp");
            long orderId = nextOrderId.getAndIncrement();
            orders.put(orderId, new StoredOrder(orderId, kept));
            placed.add(kept);
            return ok(Map.of("orderId", orderId));
        }
    }

    private StubResponse getOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        synchronized (orders) {
            StoredOrder order = find(query);
            return order == null ? error(404, "ORDER_NOT_FOUND") : ok(order.view());
        }
    }

    private StubResponse cancel(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        synchronized (orders) {
            StoredOrder order = find(query);
            if (order == null) {
                return error(404, "ORDER_NOT_FOUND");
            }
            if (order.status.equals("filled")) {
                return error(400, "ORDER_ALREADY_FILLED");
            }
            if (!OPEN.contains(order.status)) {
                return error(400, "ORDER_ALREADY_CANCELED");
            }
            order.status = new BigDecimal(order.filledQty).signum() > 0 ? "partiallyFilledCanceled" : "canceled";
            return StubResponse.ok("{\"success\":true}");
        }
    }

    private List<Object> list(String symbol, boolean open) {
        synchronized (orders) {
            List<Object> listed = new ArrayList<>();
            for (StoredOrder order : orders.values()) {
                if (order.fields.get("symbol").equals(symbol) && (!open || OPEN.contains(order.status))) {
                    listed.add(0, order.view(open));
                }
            }
            return listed;
        }
    }

    /** Caller holds the lock. By orderId or clientOrderId; the symbol must match. */
    private StoredOrder find(Map<String, String> query) {
        String orderId = query.get("orderId");
        StoredOrder order = orderId != null ? (orderId.matches("\\d{1,18}") ? orders.get(Long.parseLong(orderId)) : null)
                : orders.values().stream().filter(o -> query.get("clientOrderId") != null
                        && query.get("clientOrderId").equals(o.fields.get("clientOrderId"))).findFirst().orElse(null);
        return order != null && order.fields.get("symbol").equals(query.get("symbol")) ? order : null;
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> balance(String currency, String balance, String available) {
        BigDecimal held = new BigDecimal(balance).subtract(new BigDecimal(available));
        return map("currency", currency, "balance", balance, "available", available, "tradeInUse", held.toPlainString(),
                "withdrawalInUse", "0", "avgPrice", "0");
    }

    private static Map<String, Object> level(String price, String qty) {
        return map("price", price, "qty", qty);
    }

    private static StubResponse ok(Object data) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(map("success", true, "data", data)));
    }

    static StubResponse error(int status, String code) {
        return new StubResponse(status, "{\"success\":false,\"error\":{\"message\":" + quote(code) + "}}");
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
