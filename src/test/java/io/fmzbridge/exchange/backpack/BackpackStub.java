package io.fmzbridge.exchange.backpack;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.RateLimitedStub;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Backpack's REST API as far as the bridge uses it, checked the way Backpack documents it: a private
 * call carries {@code X-API-Key} (the base64 ED25519 public key), {@code X-Timestamp} within
 * {@code X-Window} ms (default 5000, at most 60000) of the stub's clock, and an {@code X-Signature}
 * that verifies, under that public key, over {@code instruction=<the endpoint's instruction>&<query or
 * body fields sorted by key>&timestamp=…&window=…}. Errors are Backpack's {@code {"code", "message"}}.
 *
 * <p>Written from the Backpack docs independently of the main code: the signature is checked with
 * the JDK's Ed25519, the instruction comes from the stub's own endpoint table. Orders live in memory:
 * a resting order is served by {@code /api/v1/order}; once filled or cancelled it moves to
 * {@code /wapi/v1/history/orders} only, as on Backpack. Amounts stay strings; nothing is a double.
 */
public final class BackpackStub extends StubExchange implements RateLimitedStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_WINDOW = 5000;
    private static final long MAX_WINDOW = 60000;
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Set<Integer> DEPTH_LIMITS = Set.of(5, 10, 20, 50, 100, 500, 1000);
    private static final long FIRST_ORDER_ID = 4227701917L;
    private static final DateTimeFormatter KLINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HISTORY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final long MONDAY_OFFSET = 4 * 86400; // the epoch fell on a Thursday; weeks start on Monday

    /** The instruction of each private endpoint the stub serves, from Backpack's API reference. */
    private static final Map<String, String> DOCUMENTED_INSTRUCTIONS = Map.of(
            "GET /api/v1/capital", "balanceQuery",
            "POST /api/v1/order", "orderExecute",
            "GET /api/v1/order", "orderQuery",
            "DELETE /api/v1/order", "orderCancel",
            "GET /api/v1/orders", "orderQueryAll",
            "DELETE /api/v1/orders", "orderCancelAll",
            "GET /wapi/v1/history/orders", "orderHistoryQueryAll",
            "GET /wapi/v1/history/fills", "fillHistoryQueryAll");

    /** Kline intervals in seconds; weekly bars start on Monday 00:00 UTC. */
    private static final Map<String, Long> INTERVALS = Map.ofEntries(
            Map.entry("1m", 60L), Map.entry("3m", 180L), Map.entry("5m", 300L), Map.entry("15m", 900L),
            Map.entry("30m", 1800L), Map.entry("1h", 3600L), Map.entry("2h", 7200L), Map.entry("4h", 14400L),
            Map.entry("6h", 21600L), Map.entry("8h", 28800L), Map.entry("12h", 43200L), Map.entry("1d", 86400L),
            Map.entry("3d", 259200L), Map.entry("1w", 604800L));

    private record MarketRule(String symbol, String base, String quote, String type, String tickSize, String stepSize,
                              String minQuantity, String lastPrice) {}

    private static final Map<String, MarketRule> MARKETS = Map.of(
            "SOL_USDC", new MarketRule("SOL_USDC", "SOL", "USDC", "SPOT", "0.01", "0.01", "0.01", "171.25"),
            "BTC_USDC", new MarketRule("BTC_USDC", "BTC", "USDC", "SPOT", "0.1", "0.00001", "0.00001", "118318.3"),
            "SOL_USDC_PERP", new MarketRule("SOL_USDC_PERP", "SOL", "USDC", "PERP", "0.01", "0.01", "0.01", "171.3"));

    /** A key pair as Backpack shows it once when the API key is created: both base64. */
    public record ApiKey(String publicKey, String secret) {
        @Override
        public String toString() {
            return "ApiKey[" + publicKey + "]";
        }
    }

    /** An order as Backpack keeps it. Mutable; guarded by {@code this}. */
    private static final class StoredOrder {
        final String id;
        final String symbol;
        final String side;
        final String orderType;
        final String price;
        final String quantity;
        final String quoteQuantity;
        /** uint32, or null when the order was placed without one. */
        final Long clientId;
        final long createdAt;
        String executedQuantity = "0";
        String executedQuoteQuantity = "0";
        String status = "New";

        StoredOrder(String id, Map<String, String> fields, Long clientId, long createdAt) {
            this.id = id;
            this.clientId = clientId;
            this.symbol = fields.get("symbol");
            this.side = fields.get("side");
            this.orderType = fields.get("orderType");
            this.price = fields.get("price");
            this.quantity = fields.get("quantity");
            this.quoteQuantity = fields.get("quoteQuantity");
            this.createdAt = createdAt;
        }

        boolean isOpen() {
            return status.equals("New") || status.equals("PartiallyFilled");
        }

        /**
         * As Backpack's order schemas have it: a limit order has a price and postOnly but no
         * quoteQuantity, a market order neither price nor postOnly, and its quantity or quoteQuantity
         * only as placed; clientId is null when the order was placed without one.
         */
        Map<String, Object> view() {
            Map<String, Object> view = map("id", id, "clientId", clientId, "symbol", symbol, "side", side, "orderType", orderType);
            if (orderType.equals("Limit")) {
                view.put("price", price);
                view.put("quantity", quantity);
            } else {
                putIfPlaced(view, "quantity", quantity);
                putIfPlaced(view, "quoteQuantity", quoteQuantity);
            }
            view.putAll(map("executedQuantity", executedQuantity, "executedQuoteQuantity", executedQuoteQuantity,
                    "status", status, "timeInForce", "GTC", "selfTradePrevention", "RejectTaker"));
            if (orderType.equals("Limit")) {
                view.put("postOnly", false);
            }
            view.put("createdAt", createdAt);
            return view;
        }

        /** In the order history Backpack's Order schema gives createdAt as a naive UTC date-time, not ms. */
        Map<String, Object> historyView() {
            Map<String, Object> view = view();
            view.put("createdAt", HISTORY_TIME.format(Instant.ofEpochMilli(createdAt)));
            return view;
        }

        private static void putIfPlaced(Map<String, Object> view, String name, String value) {
            if (value != null) {
                view.put(name, value);
            }
        }
    }

    /**
     * Backpack's limits (support FAQ, "What are the API rate limits?"): requests per minute per subaccount
     * across the standard REST endpoints, and for the historical market data (trades, klines) beside them.
     */
    public record Limits(int perMinute, int historyPerMinute, Duration minute) {
        public static final Limits DOCUMENTED = new Limits(2000, 30, Duration.ofMinutes(1));
    }

    /** Endpoints that return time-range data: Backpack's "historical market data". */
    private static final Set<String> HISTORICAL = Set.of("/api/v1/trades", "/api/v1/klines");

    /** The standard figure's counters, the subaccounts' and the address's apart, and the historical figure's. */
    private record Judges(RateJudge.Sliding signed, RateJudge.Sliding unsigned, RateJudge.Sliding history) {}

    private volatile Judges judges;
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();

    /** Private endpoint ("GET /api/v1/capital") → the instruction its signature must name. */
    private final Map<String, String> instructions = new ConcurrentHashMap<>(DOCUMENTED_INSTRUCTIONS);
    private final Map<String, Map<String, Map<String, String>>> balances = new ConcurrentHashMap<>();
    /** Every order, resting and finished; which endpoint serves it depends on its status. */
    private final Map<String, StoredOrder> orders = new LinkedHashMap<>();
    private final AtomicLong nextOrderId = new AtomicLong(FIRST_ORDER_ID);
    private final Queue<String[]> rejections = new ConcurrentLinkedQueue<>();
    private volatile Clock clock = Clock.systemUTC();
    /** The book's update id as GET /api/v1/depth reports it (the documented sample's, until moved on). */
    private volatile long bookUpdateId = 1504999670L;

    private BackpackStub() {
        on("GET", "/api/v1/markets", (r, q) -> ok(MARKETS.values().stream()
                .sorted(Comparator.comparing(MarketRule::symbol)).map(BackpackStub::marketView).toList()));
        // the server time: a bare number of milliseconds
        on("GET", "/api/v1/time", (r, q) -> StubResponse.ok(String.valueOf(clock.millis())));
        on("GET", "/api/v1/ticker", this::ticker);
        on("GET", "/api/v1/tickers", (r, q) -> ok(MARKETS.keySet().stream().sorted().map(BackpackStub::tickerView).toList()));
        on("GET", "/api/v1/depth", this::depth);
        on("GET", "/api/v1/trades", this::trades);
        on("GET", "/api/v1/klines", this::klines);
        on("GET", "/api/v1/capital", this::capital);
        on("POST", "/api/v1/order", this::placeOrder);
        on("GET", "/api/v1/order", this::getOrder);
        on("DELETE", "/api/v1/order", this::cancelOrder);
        on("GET", "/api/v1/orders", this::openOrders);
        on("GET", "/wapi/v1/history/orders", this::orderHistory);
    }

    public static BackpackStub start() {
        return new BackpackStub();
    }

    // ---------------------------------------------------------------- test controls

    /**
     * From now on each request is counted on arrival, per subaccount (its API key) or, unsigned, per
     * address, in any span of a minute (Backpack names no window: the strictest reading), a historical one
     * against both figures; one over either is answered with HTTP 429, as the FAQ says (the body's code is
     * the API's error enum's TOO_MANY_REQUESTS; the FAQ shows none). Off unless a test turns it on.
     */
    @Override
    public void enforceRateLimits() {
        enforceRateLimits(Limits.DOCUMENTED);
    }

    /** As {@link #enforceRateLimits()}, with a test's own figures and minute. */
    public void enforceRateLimits(Limits limits) {
        judges = new Judges(new RateJudge.Sliding(limits.perMinute(), limits.minute()),
                new RateJudge.Sliding(limits.perMinute(), limits.minute()),
                new RateJudge.Sliding(limits.historyPerMinute(), limits.minute()));
    }

    /** How many requests the stub refused for a rate limit: a bridge that keeps Backpack's limits causes none. */
    @Override
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /** The standard figure's subaccount and address counters and the historical one, as the bridge names them. */
    @Override
    public Map<String, RateJudge.Judge> rateJudges() {
        Judges on = judges;
        return on == null ? Map.of() : Map.of("private", on.signed(), "public", on.unsigned(), "history", on.history());
    }

    /** A new API key pair, made by the JDK and known to the stub, with the given balances. */
    public ApiKey addAccount(Map<String, Map<String, String>> assets) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();   // 12-byte header + 32-byte key
            byte[] pkcs8 = pair.getPrivate().getEncoded(); // 16-byte header + 32-byte seed
            ApiKey key = new ApiKey(base64(Arrays.copyOfRange(x509, x509.length - 32, x509.length)),
                    base64(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)));
            addAccount(key.publicKey(), assets);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    /** Makes an existing API key (base64 public key) known to the stub. */
    public void addAccount(String publicKey, Map<String, Map<String, String>> assets) {
        balances.put(publicKey, assets);
    }

    /**
     * Serves one more private endpoint, signed with {@code instruction} and answering {@code reply}:
     * one the bridge's instruction table does not list, as when Backpack adds an endpoint.
     */
    public void addPrivateEndpoint(String verb, String path, String instruction, String reply) {
        instructions.put(verb + " " + path, instruction);
        on(verb, path, (r, q) -> StubResponse.ok(reply));
    }

    /** Whether a recorded request carries a valid signature over {@code instruction} and what it sent. */
    public boolean isSignedFor(StubRequest request, String instruction) {
        String timestamp = request.header("X-Timestamp");
        String signature = request.header("X-Signature");
        Optional<String> message = signedMessage(request, instruction, parseQuery(request.rawQuery()), timestamp, window(request));
        return timestamp != null && signature != null && message.isPresent()
                && verifies(request.header("X-API-Key"), message.get(), signature);
    }

    /** The stub's idea of now, for the timestamp check and the klines. */
    /** The update id the depth reply reports from now on, as the book moves on on the stream. */
    public void useBookUpdateId(long updateId) {
        bookUpdateId = updateId;
    }

    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** The next well-formed order is refused with this code and message, e.g. INSUFFICIENT_FUNDS. */
    public void rejectNextOrder(String code, String message) {
        rejections.add(new String[] {code, message});
    }

    /** How many orders Backpack has accepted, resting and finished. */
    public synchronized int orderCount() {
        return orders.size();
    }

    /** The client ids of the accepted orders, oldest first (null for an order placed without one). */
    public synchronized List<Long> clientIds() {
        return orders.values().stream().map(o -> o.clientId).toList();
    }

    /** Records a fill: PartiallyFilled, or Filled (and off the book) once the whole quantity traded. */
    public synchronized void fill(String orderId, String executedQuantity, String executedQuoteQuantity) {
        StoredOrder order = existing(orderId);
        order.executedQuantity = executedQuantity;
        order.executedQuoteQuantity = executedQuoteQuantity;
        order.status = new BigDecimal(executedQuantity).compareTo(new BigDecimal(order.quantity)) >= 0 ? "Filled" : "PartiallyFilled";
    }

    public synchronized String statusOf(String orderId) {
        return existing(orderId).status;
    }

    // ---------------------------------------------------------------- authentication

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        if (!withinLimits(request)) {
            rateLimitRefusals.incrementAndGet();
            return error(429, "TOO_MANY_REQUESTS", "Too many requests");
        }
        String instruction = instructions.get(request.method() + " " + request.path());
        if (instruction != null && hasRoute(request.method(), request.path())) {
            Optional<StubResponse> refusal = refusal(request, instruction, query);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        return super.respond(request, query);
    }

    /** Counts the request when limits are on: its subaccount's (or the address's) standard and historical figures. */
    private boolean withinLimits(StubRequest request) {
        Judges on = judges;
        if (on == null) {
            return true;
        }
        String apiKey = request.header("X-API-Key");
        String counter = apiKey == null ? "127.0.0.1" : apiKey;
        // a historical call counts against both figures
        RateJudge.Sliding standard = apiKey == null ? on.unsigned() : on.signed();
        return (!HISTORICAL.contains(request.path()) || on.history().admit(counter, 1)) && standard.admit(counter, 1);
    }

    /**
     * A call without a numeric X-Timestamp (an unsigned call to a private endpoint) gets the reply
     * Backpack gives it, "Invalid timestamp" (its code and status inferred); then the window, the
     * clock, the body and the signature over the endpoint's instruction. An expired request and a bad
     * signature are answered as Backpack's API FAQ lists them: INVALID_CLIENT_REQUEST "Request has
     * expired", "Invalid signature", and "Invalid X-Signature header" for one that is no ED25519
     * signature at all, each with HTTP 401.
     */
    private Optional<StubResponse> refusal(StubRequest request, String instruction, Map<String, String> query) {
        String apiKey = request.header("X-API-Key");
        String signature = request.header("X-Signature");
        String timestamp = request.header("X-Timestamp");
        String window = window(request);
        if (timestamp == null || !timestamp.matches("\\d{1,19}")) {
            return Optional.of(error(401, "INVALID_CLIENT_REQUEST", "Invalid timestamp"));
        }
        if (apiKey == null || signature == null) {
            return Optional.of(error(401, "INVALID_CLIENT_REQUEST", "Missing X-API-Key or X-Signature header"));
        }
        if (!window.matches("\\d{1,9}") || Long.parseLong(window) > MAX_WINDOW) {
            return Optional.of(error(400, "INVALID_CLIENT_REQUEST", "Invalid X-Window"));
        }
        if (Math.abs(clock.millis() - Long.parseLong(timestamp)) > Long.parseLong(window)) {
            return Optional.of(error(401, "INVALID_CLIENT_REQUEST", "Request has expired"));
        }
        if (hasBody(request) && !String.valueOf(request.header("Content-Type")).toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return Optional.of(error(400, "INVALID_CLIENT_REQUEST", "Content-Type must be application/json"));
        }
        Optional<String> message = signedMessage(request, instruction, query, timestamp, window);
        if (message.isEmpty()) {
            return Optional.of(error(400, "INVALID_CLIENT_REQUEST", "Request body must be a JSON object"));
        }
        if (!isEd25519Signature(signature)) {
            return Optional.of(error(401, "INVALID_CLIENT_REQUEST", "Invalid X-Signature header"));
        }
        if (!verifies(apiKey, message.get(), signature)) {
            return Optional.of(error(401, "INVALID_CLIENT_REQUEST", "Invalid signature"));
        }
        if (!balances.containsKey(apiKey)) {
            return Optional.of(error(401, "INVALID_CLIENT_REQUEST", "API key not found"));
        }
        return Optional.empty();
    }

    /** The window the signature covers: the header, or Backpack's default when it is left out. */
    private static String window(StubRequest request) {
        return request.header("X-Window") == null ? String.valueOf(DEFAULT_WINDOW) : request.header("X-Window");
    }

    private static boolean hasBody(StubRequest request) {
        return !request.method().equals("GET");
    }

    /**
     * {@code instruction=…&<query and body fields sorted by key>&timestamp=…&window=…}, from what the
     * request carried; empty when a body that must be a JSON object is not one.
     */
    private static Optional<String> signedMessage(StubRequest request, String instruction, Map<String, String> query,
                                                  String timestamp, String window) {
        TreeMap<String, String> signed = new TreeMap<>(query);
        if (hasBody(request)) {
            Optional<JsonNode> body = bodyObject(request);
            if (body.isEmpty()) {
                return Optional.empty();
            }
            body.get().properties().forEach(field -> signed.put(field.getKey(), signedText(field.getValue())));
        }
        StringBuilder message = new StringBuilder("instruction=").append(instruction);
        signed.forEach((name, value) -> message.append('&').append(name).append('=').append(value));
        message.append("&timestamp=").append(timestamp).append("&window=").append(window);
        return Optional.of(message.toString());
    }

    /** How Backpack puts a JSON field into the signed string: strings bare, booleans lower case. */
    private static String signedText(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }

    /** Base64 of 64 bytes, the length of every ED25519 signature. */
    private static boolean isEd25519Signature(String signature) {
        try {
            return Base64.getDecoder().decode(signature).length == 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The JDK's Ed25519 over the raw public key wrapped in its X.509 header. */
    private static boolean verifies(String publicKey, String message, String signature) {
        try {
            byte[] raw = Base64.getDecoder().decode(publicKey);
            byte[] sig = Base64.getDecoder().decode(signature);
            if (raw.length != 32 || sig.length != 64) {
                return false;
            }
            byte[] x509 = new byte[44];
            System.arraycopy(new byte[] {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, 0, x509, 0, 12);
            System.arraycopy(raw, 0, x509, 12, 32);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message.getBytes(UTF_8));
            return verifier.verify(sig);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- market data

    private static Map<String, Object> marketView(MarketRule m) {
        return map("symbol", m.symbol(), "baseSymbol", m.base(), "quoteSymbol", m.quote(), "marketType", m.type(),
                "filters", map(
                        "price", map("minPrice", m.tickSize(), "maxPrice", null, "tickSize", m.tickSize()),
                        "quantity", map("minQuantity", m.minQuantity(), "maxQuantity", null, "stepSize", m.stepSize())),
                "orderBookState", "Open", "createdAt", "2025-01-21T06:34:54.691858", "visible", true);
    }

    private StubResponse ticker(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        MarketRule market = MARKETS.get(query.get("symbol"));
        if (market == null) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid symbol");
        }
        return ok(tickerView(market.symbol()));
    }

    /** Backpack's documented ticker shape: no bid, no ask, no time. */
    private static Map<String, Object> tickerView(String symbol) {
        MarketRule m = MARKETS.get(symbol);
        return map("symbol", symbol, "firstPrice", "170.1", "lastPrice", m.lastPrice(), "high", "175.5", "low", "168.02",
                "priceChange", "1.15", "priceChangePercent", "0.006761", "volume", "65823.12345678",
                "quoteVolume", "11272113.4", "trades", "24521");
    }

    /**
     * The book around 171.25, sides deliberately out of order (Backpack promises none): asks and bids
     * as Backpack sent them in its sample, ascending, with a few levels swapped.
     */
    private StubResponse depth(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (!MARKETS.containsKey(query.get("symbol"))) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid symbol");
        }
        String limit = query.getOrDefault("limit", "1000");
        if (!limit.matches("\\d{1,4}") || !DEPTH_LIMITS.contains(Integer.parseInt(limit))) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid limit");
        }
        int n = Integer.parseInt(limit);
        List<List<String>> asks = new ArrayList<>(List.of(List.of("171.3", "2.5"), List.of("171.26", "0.00000001"),
                List.of("171.5", "10"), List.of("171.28", "1.25"), List.of("172", "40"), List.of("171.27", "3"),
                List.of("171.9", "7.1")));
        List<List<String>> bids = new ArrayList<>(List.of(List.of("170.5", "20"), List.of("171.1", "4"),
                List.of("171.2", "0.5"), List.of("170.9", "8"), List.of("171.24", "0.01"), List.of("171", "15"),
                List.of("169.99", "100")));
        asks = best(asks, n, false);
        bids = best(bids, n, true);
        long micros = clock.millis() * 1000 + 501;
        return ok(map("asks", asks, "bids", bids, "lastUpdateId", String.valueOf(bookUpdateId), "timestamp", micros));
    }

    /** The {@code n} levels nearest the spread, keeping the order they were given in. */
    private static List<List<String>> best(List<List<String>> levels, int n, boolean bids) {
        Comparator<List<String>> nearest = Comparator.comparing(l -> new BigDecimal(l.get(0)));
        List<List<String>> kept = levels.stream().sorted(bids ? nearest.reversed() : nearest).limit(n).toList();
        return levels.stream().filter(kept::contains).toList();
    }

    /** Recent trades, newest first; ids and times rise with age reversed. */
    private StubResponse trades(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (!MARKETS.containsKey(query.get("symbol"))) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid symbol");
        }
        String limitText = query.getOrDefault("limit", "100");
        if (!limitText.matches("\\d{1,4}") || Integer.parseInt(limitText) < 1 || Integer.parseInt(limitText) > 1000) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid limit");
        }
        long now = clock.millis();
        List<Object> trades = new ArrayList<>();
        for (int i = 0; i < Math.min(Integer.parseInt(limitText), 6); i++) {
            trades.add(map("id", 3_000_000L - i, "price", "171.2" + i, "quantity", "0.0" + (i + 1),
                    "quoteQuantity", "3.42", "timestamp", now - i * 1000L, "isBuyerMaker", i % 2 == 0));
        }
        return ok(trades);
    }

    /** Bars from {@code startTime} (SECONDS, required) to now, oldest first, the last one still forming. */
    private StubResponse klines(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (!MARKETS.containsKey(query.get("symbol"))) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid symbol");
        }
        Long seconds = INTERVALS.get(query.get("interval"));
        if (seconds == null) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid interval");
        }
        String startTime = query.get("startTime");
        if (startTime == null || !startTime.matches("\\d{1,19}")) {
            return error(400, "INVALID_CLIENT_REQUEST", "startTime is required (seconds)");
        }
        long offset = seconds == 604800L ? MONDAY_OFFSET : 0;
        long start = Long.parseLong(startTime);
        long now = clock.instant().getEpochSecond();
        long first = Math.floorDiv(start - offset + seconds - 1, seconds) * seconds + offset; // first bar starting at or after startTime
        if ((now - first) / seconds > 5000) {
            return error(400, "INVALID_CLIENT_REQUEST", "Too many klines requested");
        }
        List<Object> bars = new ArrayList<>();
        for (long t = first; t <= now; t += seconds) {
            long i = t / seconds % 50;
            bars.add(map("start", KLINE_TIME.format(Instant.ofEpochSecond(t)), "end", KLINE_TIME.format(Instant.ofEpochSecond(t + seconds)),
                    "open", "170." + i, "high", "172.5", "low", "169.01", "close", "171." + i, "volume", "12.00000001",
                    "quoteVolume", "2052.3", "trades", "17"));
        }
        return ok(bars);
    }

    // ---------------------------------------------------------------- account and orders

    private StubResponse capital(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        return ok(balances.get(request.header("X-API-Key")));
    }

    private synchronized StubResponse placeOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        JsonNode body = bodyObject(request).orElseThrow();
        for (String name : List.of("symbol", "side", "orderType", "price", "quantity", "quoteQuantity")) {
            JsonNode value = body.get(name);
            if (value != null && !value.isTextual()) {
                return error(400, "INVALID_CLIENT_REQUEST", "Field " + name + " must be a string");
            }
        }
        JsonNode clientId = body.get("clientId");
        if (clientId != null && (!clientId.canConvertToLong() || !clientId.isIntegralNumber()
                || clientId.asLong() < 0 || clientId.asLong() > 0xFFFFFFFFL)) {
            return error(400, "INVALID_CLIENT_REQUEST", "clientId must be a uint32");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        body.properties().forEach(f -> fields.put(f.getKey(), f.getValue().asText()));
        MarketRule market = MARKETS.get(fields.get("symbol"));
        if (market == null) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid symbol");
        }
        if (!Set.of("Bid", "Ask").contains(fields.get("side"))) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid side");
        }
        String type = fields.get("orderType");
        String quantity = fields.get("quantity");
        String quoteQuantity = fields.get("quoteQuantity");
        if (type == null || !Set.of("Limit", "Market").contains(type)) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid orderType");
        }
        if (type.equals("Limit")) {
            if (quantity == null || !isPositiveMultiple(quantity, market.stepSize())) {
                return error(400, "INVALID_QUANTITY", "Quantity is invalid");
            }
            if (fields.get("price") == null || !isPositiveMultiple(fields.get("price"), market.tickSize())) {
                return error(400, "INVALID_PRICE", "Price is invalid");
            }
            if (quoteQuantity != null) {
                return error(400, "INVALID_ORDER", "Limit orders take a quantity, not a quoteQuantity");
            }
        } else {
            if ((quantity == null) == (quoteQuantity == null)) {
                return error(400, "INVALID_ORDER", "Market orders must specify either quantity or quoteQuantity");
            }
            if (fields.get("price") != null) {
                return error(400, "INVALID_PRICE", "Market orders take no price");
            }
            if (quantity != null ? !isPositiveMultiple(quantity, market.stepSize()) : !isPositive(quoteQuantity)) {
                return error(400, "INVALID_QUANTITY", "Quantity is invalid");
            }
        }
        String[] rejection = rejections.poll();
        if (rejection != null) {
            return error(400, rejection[0], rejection[1]);
        }
        StoredOrder order = new StoredOrder(String.valueOf(nextOrderId.getAndIncrement()), fields,
                clientId == null ? null : clientId.asLong(), clock.millis());
        if (type.equals("Market")) {
            // a market order trades at once at the last price and leaves the book
            BigDecimal price = new BigDecimal(market.lastPrice());
            BigDecimal base = quantity != null ? new BigDecimal(quantity)
                    : new BigDecimal(quoteQuantity).divide(price, new BigDecimal(market.stepSize()).scale(), RoundingMode.DOWN);
            order.executedQuantity = base.toPlainString();
            order.executedQuoteQuantity = base.multiply(price).toPlainString();
            order.status = "Filled";
        }
        orders.put(order.id, order);
        return ok(order.view());
    }

    private synchronized StubResponse getOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (query.get("symbol") == null) {
            return error(400, "INVALID_CLIENT_REQUEST", "Missing symbol");
        }
        if ((query.get("orderId") == null) == (query.get("clientId") == null)) {
            return error(400, "INVALID_CLIENT_REQUEST", "Must specify either `clientId` or `orderId`");
        }
        StoredOrder order = query.get("orderId") != null ? orders.get(query.get("orderId")) : openByClientId(query.get("clientId"));
        if (order == null || !order.isOpen() || !order.symbol.equals(query.get("symbol"))) {
            return error(404, "RESOURCE_NOT_FOUND", "Order not found");
        }
        return ok(order.view());
    }

    /** The resting order with this client id (Backpack serves open orders only here), newest first. */
    private StoredOrder openByClientId(String clientId) {
        List<StoredOrder> newestFirst = new ArrayList<>(orders.values());
        Collections.reverse(newestFirst);
        return newestFirst.stream().filter(StoredOrder::isOpen)
                .filter(o -> o.clientId != null && String.valueOf(o.clientId).equals(clientId)).findFirst().orElse(null);
    }

    private synchronized StubResponse cancelOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        JsonNode body = bodyObject(request).orElseThrow();
        String symbol = body.path("symbol").asText(null);
        String orderId = body.path("orderId").asText(null);
        if (symbol == null || orderId == null) {
            return error(400, "INVALID_CLIENT_REQUEST", "Must specify either `clientId` or `orderId`");
        }
        StoredOrder order = orders.get(orderId);
        if (order == null || !order.isOpen() || !order.symbol.equals(symbol)) {
            return error(404, "RESOURCE_NOT_FOUND", "Order not found");
        }
        order.status = "Cancelled";
        return ok(order.view());
    }

    private synchronized StubResponse openOrders(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String symbol = query.get("symbol");
        return ok(orders.values().stream().filter(StoredOrder::isOpen)
                .filter(o -> symbol == null || o.symbol.equals(symbol)).map(StoredOrder::view).toList());
    }

    /** Finished orders, newest first, by symbol and orderId, {@code limit} (≤ 1000, default 100) from {@code offset}. */
    private synchronized StubResponse orderHistory(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String symbol = query.get("symbol");
        String orderId = query.get("orderId");
        String limit = query.getOrDefault("limit", "100");
        String offset = query.getOrDefault("offset", "0");
        if (!limit.matches("\\d{1,4}") || Integer.parseInt(limit) > 1000 || !offset.matches("\\d{1,9}")) {
            return error(400, "INVALID_CLIENT_REQUEST", "Invalid limit or offset");
        }
        List<StoredOrder> all = new ArrayList<>(orders.values());
        Collections.reverse(all);
        return ok(all.stream().filter(o -> !o.isOpen())
                .filter(o -> symbol == null || o.symbol.equals(symbol))
                .filter(o -> orderId == null || o.id.equals(orderId))
                .skip(Long.parseLong(offset)).limit(Long.parseLong(limit))
                .map(StoredOrder::historyView).toList());
    }

    private StoredOrder existing(String orderId) {
        StoredOrder order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("the Backpack stub holds no order " + orderId);
        }
        return order;
    }

    // ---------------------------------------------------------------- helpers

    private static StubResponse ok(Object body) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(body));
    }

    /** Backpack's error shape, always JSON since 2024-10-15. */
    private static StubResponse error(int status, String code, String message) {
        return new StubResponse(status, "{\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}");
    }

    private static Optional<JsonNode> bodyObject(StubRequest request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static boolean isPositive(String amount) {
        return PLAIN_DECIMAL.matcher(amount).matches() && new BigDecimal(amount).signum() > 0;
    }

    private static boolean isPositiveMultiple(String amount, String step) {
        return isPositive(amount) && new BigDecimal(amount).remainder(new BigDecimal(step)).signum() == 0;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** An insertion-ordered map from alternating keys and values (values may be null, as in Backpack's replies). */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
