package io.fmzbridge.exchange.coinbase;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.RateLimitedStub;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coinbase Advanced Trade v3 as far as the bridge uses it. Every private call must carry
 * {@code Authorization: Bearer <JWT>} that Coinbase would accept (notes §1.2): a registered key
 * name in {@code kid} and {@code sub}, {@code iss} cdp, a nonce, the algorithm of the key (ES256 for
 * EC, EdDSA for Ed25519) with a signature that verifies with its public key, {@code nbf}/{@code exp}
 * around the stub's clock at most 120 s apart, a {@code uri} claim naming exactly this request's verb,
 * host and path, and a token never seen before. Anything else is HTTP 401 with the plain-text body
 * {@code Unauthorized}, as Coinbase answers. Checked with the JDK and BouncyCastle ({@link CoinbaseJwt}),
 * never with the bridge's code. Orders live in memory; amounts stay strings.
 */
public final class CoinbaseStub extends StubExchange implements RateLimitedStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/v3/brokerage";
    private static final Pattern PRODUCT_PATH = Pattern.compile(API + "/market/products/([^/]+)/(ticker|candles)");
    private static final Pattern ORDER_PATH = Pattern.compile(API + "/orders/historical/([^/]+)");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Map<String, Long> GRANULARITIES = Map.of("ONE_MINUTE", 60L, "FIVE_MINUTE", 300L,
            "FIFTEEN_MINUTE", 900L, "THIRTY_MINUTE", 1800L, "ONE_HOUR", 3600L, "TWO_HOUR", 7200L,
            "FOUR_HOUR", 14400L, "SIX_HOUR", 21600L, "ONE_DAY", 86400L);
    private static final Set<String> OPEN = Set.of("OPEN", "PENDING", "QUEUED");
    private static final long LEEWAY_SECONDS = 5;
    private static final int ACCOUNTS_PER_PAGE = 2;
    private static final String CURSOR = "3f9c1a7e-after-";

    record Product(String id, String base, String quote, String tick, String lot, String minBase, String minQuote) {}

    static final Map<String, Product> PRODUCTS = Map.of(
            "BTC-USD", new Product("BTC-USD", "BTC", "USD", "0.01", "0.00000001", "0.00000001", "1"),
            "ETH-USD", new Product("ETH-USD", "ETH", "USD", "0.01", "0.00000001", "0.00001", "1"));

    private record Key(PublicKey ec, byte[] ed) {}

    private static final class StoredOrder {
        final String orderId = UUID.randomUUID().toString();
        final JsonNode request;
        final Instant created;
        String status = "OPEN";
        String filledSize = "0";
        String averageFilledPrice = "0";
        Instant lastFill;

        StoredOrder(JsonNode request, Instant created) {
            this.request = request;
            this.created = created;
        }

        /**
         * The Get Order shape of Coinbase's reference: every field, numbers as strings; a market order is
         * IMMEDIATE_OR_CANCEL and a market buy sized in quote; last_fill_time null until something fills.
         */
        Map<String, Object> view() {
            boolean limit = request.path("order_configuration").has("limit_limit_gtc");
            JsonNode sizes = request.path("order_configuration").elements().next();
            boolean inQuote = sizes.has("quote_size");
            BigDecimal filled = new BigDecimal(filledSize);
            BigDecimal filledValue = filled.multiply(new BigDecimal(averageFilledPrice));
            BigDecimal ordered = new BigDecimal(sizes.path(inQuote ? "quote_size" : "base_size").asText());
            BigDecimal done = inQuote ? filledValue : filled;
            return map("order_id", orderId, "product_id", request.path("product_id").asText(), "user_id", "u1",
                    "order_configuration", request.path("order_configuration"), "side", request.path("side").asText(),
                    "client_order_id", request.path("client_order_id").asText(), "status", status,
                    "time_in_force", limit ? "GOOD_UNTIL_CANCELLED" : "IMMEDIATE_OR_CANCEL", "created_time", created.toString(),
                    "completion_percentage", done.multiply(BigDecimal.valueOf(100)).divide(ordered, 2, RoundingMode.DOWN).toPlainString(),
                    "filled_size", filledSize, "average_filled_price", averageFilledPrice,
                    "number_of_fills", filled.signum() > 0 ? "1" : "0", "filled_value", filledValue.toPlainString(),
                    "pending_cancel", false, "size_in_quote", inQuote, "total_fees", "0", "size_inclusive_of_fees", false,
                    "total_value_after_fees", filledValue.toPlainString(), "trigger_status", "INVALID_ORDER_TYPE",
                    "order_type", limit ? "LIMIT" : "MARKET", "reject_reason", "REJECT_REASON_UNSPECIFIED",
                    "settled", status.equals("FILLED"), "product_type", "SPOT", "reject_message", "", "cancel_message", "",
                    "order_placement_source", "RETAIL_ADVANCED", "outstanding_hold_amount", holdLeft(limit, filled),
                    "is_liquidation", false, "last_fill_time", lastFill == null ? null : lastFill.toString(),
                    "edit_history", List.of());
        }

        /** What the order still holds while it rests: quote for a buy, base for a sell. */
        private String holdLeft(boolean limit, BigDecimal filled) {
            if (!limit || !OPEN.contains(status)) {
                return "0";
            }
            JsonNode gtc = request.path("order_configuration").path("limit_limit_gtc");
            BigDecimal left = new BigDecimal(gtc.path("base_size").asText()).subtract(filled);
            return (request.path("side").asText().equals("BUY") ? left.multiply(new BigDecimal(gtc.path("limit_price").asText())) : left)
                    .toPlainString();
        }
    }

    private record Rejection(String error, String message, String reason) {}

    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Set<String> seenTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, StoredOrder> orders = new LinkedHashMap<>();
    private final List<JsonNode> placed = new CopyOnWriteArrayList<>();
    private final Queue<Rejection> rejections = new ConcurrentLinkedQueue<>();
    private volatile Clock clock = Clock.systemUTC();

    CoinbaseStub() {
        on("GET", API + "/time", (r, q) -> ok(map("iso", clock.instant().toString(),
                "epochSeconds", String.valueOf(clock.instant().getEpochSecond()), "epochMillis", String.valueOf(clock.millis()))));
        on("GET", API + "/market/products", this::products);
        on("GET", API + "/market/product_book", this::productBook);
        on("GET", API + "/accounts", this::accounts);
        on("GET", API + "/best_bid_ask", this::bestBidAsk);
        on("POST", API + "/orders", this::placeOrder);
        on("POST", API + "/orders/batch_cancel", this::cancel);
    }

    /**
     * Advanced Trade's limits as cited from its "REST API Rate Limits": public endpoints 10 requests a
     * second per address, private ones 30 a second per user (here, per API key).
     */
    private static final int PUBLIC_PER_SECOND = 10;
    private static final int PRIVATE_PER_SECOND = 30;

    private record Judges(RateJudge.Sliding publicCalls, RateJudge.Sliding privateCalls) {}

    private volatile Judges judges;
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();

    // ---------------------------------------------------------------- test controls

    /**
     * From now on each request is counted on arrival, public ones per address and private ones per user,
     * in any span of a second (the strictest reading of "per second"); one over is answered with HTTP 429
     * and the body Coinbase documents for its App API's rate limit (Advanced Trade shows none). A private
     * reply carries {@code x-ratelimit-limit}, {@code x-ratelimit-remaining} (what the last second left)
     * and {@code x-ratelimit-reset} (the epoch second it frees, inferred). Off unless a test turns it on.
     */
    @Override
    public void enforceRateLimits() {
        enforceRateLimits(Duration.ofSeconds(1));
    }

    /** As {@link #enforceRateLimits()}, each figure per {@code second} instead: a test's longer second. */
    public void enforceRateLimits(Duration second) {
        judges = new Judges(new RateJudge.Sliding(PUBLIC_PER_SECOND, second),
                new RateJudge.Sliding(PRIVATE_PER_SECOND, second));
    }

    /** How many requests the stub refused for a rate limit: a bridge that keeps Coinbase's limits causes none. */
    @Override
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /** The public and private figures' judges, as the bridge names its limits, while enforced. */
    @Override
    public Map<String, RateJudge.Judge> rateJudges() {
        Judges on = judges;
        return on == null ? Map.of() : Map.of("public", on.publicCalls(), "private", on.privateCalls());
    }

    /** Another program spends {@code requests} of this key's private allowance now. */
    public void privateCallsElsewhere(String keyName, int requests) {
        for (int i = 0; i < requests; i++) {
            judges.privateCalls().admit(keyName, 1);
        }
    }

    /** Also forgets the placements recorded so far; the orders themselves stay. */
    @Override
    public void clear() {
        super.clear();
        placed.clear();
    }

    void addEcKey(String keyName, PublicKey publicKey) {
        keys.put(keyName, new Key(publicKey, null));
    }

    void addEd25519Key(String keyName, byte[] publicKey) {
        keys.put(keyName, new Key(null, publicKey));
    }

    /** For tests outside this package that need Coinbase's public market data only. */
    public static CoinbaseStub start() {
        return new CoinbaseStub();
    }

    /** FMZ's Access Key (the key name) and Secret Key (its PEM on one line) for a key this stub knows. */
    public record ApiKey(String name, String secret) {
        @Override
        public String toString() {
            return "ApiKey[" + name + "]";
        }
    }

    /** For tests outside this package that sign calls: registers the suite's EC test key. */
    public ApiKey addTestKey() throws Exception {
        return addTestKey(CoinbaseTestKeys.EC_KEY_NAME);
    }

    /** As {@link #addTestKey()}, under another key name: a user of its own, for the limits counted per user. */
    public ApiKey addTestKey(String keyName) throws Exception {
        addEcKey(keyName, CoinbaseTestKeys.ecPublicKey());
        return new ApiKey(keyName, CoinbaseTestKeys.oneLine(CoinbaseTestKeys.EC_PEM));
    }

    /** As {@link #addTestKey(String)}, for the suite's Ed25519 key (base64 {@code seed||public}, EdDSA). */
    public ApiKey addTestEd25519Key(String keyName) {
        addEd25519Key(keyName, CoinbaseTestKeys.edPublicKey());
        return new ApiKey(keyName, CoinbaseTestKeys.ED_SECRET);
    }

    void useClock(Clock clock) {
        this.clock = clock;
    }

    /** The next well-formed order is refused as Coinbase does: HTTP 200, {@code success: false}. */
    void rejectNextOrder(String error, String message, String failureReason) {
        rejections.add(new Rejection(error, message, failureReason));
    }

    /** The body of every order placement that was accepted, oldest first. */
    List<JsonNode> placedOrders() {
        return List.copyOf(placed);
    }

    void fill(String orderId, String filledSize, String averagePrice, String status) {
        synchronized (orders) {
            StoredOrder order = orders.get(orderId);
            order.filledSize = filledSize;
            order.averageFilledPrice = averagePrice;
            order.status = status;
            order.lastFill = new BigDecimal(filledSize).signum() > 0 ? clock.instant() : order.lastFill;
        }
    }

    // ---------------------------------------------------------------- authentication

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        boolean open = request.path().startsWith(API + "/market/") || request.path().equals(API + "/time");
        if (!open && !authorized(request)) {
            return new StubResponse(401, "Unauthorized");
        }
        Judges on = judges;
        if (on == null) {
            return answer(request, query);
        }
        String user = open ? null : CoinbaseJwt.parse(request.header("Authorization").substring("Bearer ".length()))
                .header().path("kid").asText();
        if (!(open ? on.publicCalls().admit("127.0.0.1", 1) : on.privateCalls().admit(user, 1))) {
            rateLimitRefusals.incrementAndGet();
            return new StubResponse(429, "{\"errors\":[{\"id\":\"rate_limit_exceeded\",\"message\":\"Too many requests\"}]}");
        }
        StubResponse reply = answer(request, query);
        if (open) {
            return reply;
        }
        long left = Math.max(0, PRIVATE_PER_SECOND - on.privateCalls().used(user));
        return reply.withHeader("x-ratelimit-limit", String.valueOf(PRIVATE_PER_SECOND))
                .withHeader("x-ratelimit-remaining", String.valueOf(left))
                .withHeader("x-ratelimit-reset", String.valueOf(clock.instant().getEpochSecond() + 1));
    }

    private StubResponse answer(StubRequest request, Map<String, String> query) throws Exception {
        Matcher product = PRODUCT_PATH.matcher(request.path());
        if (request.method().equals("GET") && product.matches()) {
            return product.group(2).equals("ticker") ? ticker(product.group(1), query) : candles(product.group(1), query);
        }
        Matcher order = ORDER_PATH.matcher(request.path());
        if (request.method().equals("GET") && order.matches()) {
            return order.group(1).equals("batch") ? listOrders(request.rawQuery()) : getOrder(order.group(1));
        }
        return super.respond(request, query);
    }

    private boolean authorized(StubRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String token = authorization.substring("Bearer ".length());
        CoinbaseJwt jwt = CoinbaseJwt.parse(token);
        if (jwt == null) {
            return false;
        }
        JsonNode h = jwt.header();
        JsonNode c = jwt.claims();
        Key key = keys.get(h.path("kid").asText());
        if (key == null || !c.path("sub").asText().equals(h.path("kid").asText())
                || !"JWT".equals(h.path("typ").asText()) || h.path("nonce").asText("").isEmpty()
                || !"cdp".equals(c.path("iss").asText())) {
            return false;
        }
        boolean signed = key.ec() != null
                ? "ES256".equals(h.path("alg").asText()) && jwt.verifiesEs256(key.ec())
                : "EdDSA".equals(h.path("alg").asText()) && jwt.verifiesEdDsa(key.ed());
        long now = clock.instant().getEpochSecond();
        long nbf = c.path("nbf").asLong(-1);
        long exp = c.path("exp").asLong(-1);
        boolean inWindow = c.path("nbf").isIntegralNumber() && c.path("exp").isIntegralNumber()
                && nbf <= now + LEEWAY_SECONDS && exp > now && exp - nbf <= 120 && exp > nbf;
        String expectedUri = request.method() + " " + baseUrl().substring("http://".length()) + request.path();
        return signed && inWindow && expectedUri.equals(c.path("uri").asText()) && seenTokens.add(token);
    }

    // ---------------------------------------------------------------- market data

    private StubResponse products(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        List<Object> products = new ArrayList<>();
        for (String id : List.of("BTC-USD", "ETH-USD")) {
            Product p = PRODUCTS.get(id);
            products.add(map("product_id", id, "price", id.equals("BTC-USD") ? "66363.03" : "3100.5",
                    "price_percentage_change_24h", "-1.2", "volume_24h", id.equals("BTC-USD") ? "7654.32100001" : "1000",
                    "base_increment", p.lot(), "quote_increment", "0.01", "price_increment", p.tick(),
                    "quote_min_size", p.minQuote(), "quote_max_size", "150000000", "base_min_size", p.minBase(),
                    "base_max_size", "3400", "base_currency_id", p.base(), "quote_currency_id", p.quote(),
                    "status", "online", "trading_disabled", false, "is_disabled", false, "product_type", "SPOT"));
        }
        return ok(map("products", products, "num_products", products.size()));
    }

    private StubResponse ticker(String productId, Map<String, String> query) throws JsonProcessingException {
        if (!PRODUCTS.containsKey(productId)) {
            return invalidProduct();
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "0"));
        if (limit < 1 || limit > 1000) {
            return new StubResponse(400, error("INVALID_ARGUMENT", "limit must be between 1 and 1000"));
        }
        List<Object> trades = new ArrayList<>();
        Instant newest = Instant.parse("2024-04-24T09:56:38.063595Z");
        for (int i = 0; i < limit; i++) {
            trades.add(map("trade_id", String.valueOf(635541194 - i), "product_id", productId,
                    "price", i == 0 ? "66363.03" : "66360." + i, "size", i == 0 ? "0.03720194" : "0.0000000" + (i % 9 + 1),
                    "time", newest.minusSeconds(i).toString(), "side", i % 2 == 0 ? "BUY" : "SELL", "bid", "", "ask", ""));
        }
        return ok(map("trades", trades, "best_bid", "66367.58", "best_ask", "66367.59"));
    }

    private StubResponse candles(String productId, Map<String, String> query) throws JsonProcessingException {
        if (!PRODUCTS.containsKey(productId)) {
            return invalidProduct();
        }
        Long seconds = GRANULARITIES.get(query.get("granularity"));
        if (seconds == null || query.get("start") == null || query.get("end") == null) {
            return new StubResponse(400, error("INVALID_ARGUMENT", "start, end and a valid granularity are required"));
        }
        long start = Long.parseLong(query.get("start"));
        long end = Long.parseLong(query.get("end"));
        long first = (start + seconds - 1) / seconds * seconds;
        if ((end - first) / seconds + 1 > 350) {
            return new StubResponse(400, error("INVALID_ARGUMENT", "number of candles requested should be less than 350"));
        }
        List<Object> rows = new ArrayList<>();
        for (long t = end / seconds * seconds; t >= first; t -= seconds) { // newest first
            long n = t / seconds % 7;
            rows.add(map("start", String.valueOf(t), "low", "100." + n, "high", "110." + n, "open", "105." + n,
                    "close", "106." + n, "volume", "0.00000001"));
        }
        int limit = query.get("limit") == null ? 350 : Integer.parseInt(query.get("limit"));
        return ok(map("candles", rows.subList(0, Math.min(limit, rows.size()))));
    }

    private StubResponse productBook(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String productId = query.get("product_id");
        if (productId == null || !PRODUCTS.containsKey(productId)) {
            return invalidProduct();
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        List<Object> bids = new ArrayList<>();
        List<Object> asks = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, 10); i++) {
            bids.add(map("price", new BigDecimal("30757.85").subtract(new BigDecimal(i)).toPlainString(), "size", "0.00" + (i + 1)));
            asks.add(map("price", new BigDecimal("30759.07").add(new BigDecimal(i)).toPlainString(), "size", "0.0487765" + i));
        }
        return ok(map("pricebook", map("product_id", productId, "bids", bids, "asks", asks,
                "time", "2023-06-30T04:02:40.533606Z")));
    }

    private StubResponse bestBidAsk(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        return ok(map("pricebooks", List.of(
                map("product_id", "BTC-USD", "bids", List.of(map("price", "66367.58", "size", "0.1")),
                        "asks", List.of(map("price", "66367.59", "size", "0.2")), "time", "2024-04-24T09:56:38.063595Z"),
                map("product_id", "ETH-USD", "bids", List.of(map("price", "3100.4", "size", "1")),
                        "asks", List.of(map("price", "3100.6", "size", "2")), "time", "2024-04-24T09:56:38.063595Z"))));
    }

    // ---------------------------------------------------------------- account

    /**
     * The wallets, {@value #ACCOUNTS_PER_PAGE} a page whatever the limit (Coinbase may answer fewer than
     * asked): the next page is named by the opaque {@code cursor} of the one before, while {@code has_next}.
     */
    private StubResponse accounts(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        int limit = Integer.parseInt(query.getOrDefault("limit", "49"));
        if (limit > 250) {
            return new StubResponse(400, error("INVALID_ARGUMENT", "limit must be at most 250"));
        }
        List<Map<String, Object>> all = List.of(
                account("USD", "4834.31", "158.573"), account("BTC", "0.00000001", "0"),
                account("USDC", "0.0000000000000000", "0.0000000000000000"));
        int from = 0;
        String cursor = query.getOrDefault("cursor", "");
        if (!cursor.isEmpty()) {
            if (!cursor.startsWith(CURSOR)) {
                return new StubResponse(400, error("INVALID_ARGUMENT", "invalid cursor"));
            }
            from = Integer.parseInt(cursor.substring(CURSOR.length()));
        }
        int to = Math.min(all.size(), from + Math.min(limit, ACCOUNTS_PER_PAGE));
        boolean hasNext = to < all.size();
        return ok(map("accounts", all.subList(from, to), "has_next", hasNext, "cursor", hasNext ? CURSOR + to : "",
                "size", to - from));
    }

    private static Map<String, Object> account(String currency, String available, String hold) {
        return map("uuid", UUID.nameUUIDFromBytes(currency.getBytes(UTF_8)).toString(), "name", currency + " Wallet",
                "currency", currency, "available_balance", map("value", available, "currency", currency),
                "type", "ACCOUNT_TYPE_CRYPTO", "hold", map("value", hold, "currency", currency));
    }

    // ---------------------------------------------------------------- orders

    private StubResponse placeOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        JsonNode body = JSON.readTree(request.body());
        String invalid = invalidOrder(body);
        if (invalid != null) {
            return StubResponse.ok(JSON.writeValueAsString(map("success", false, "failure_reason", "UNKNOWN_FAILURE_REASON",
                    "order_id", "", "error_response", map("error", "INVALID_ARGUMENT", "message", invalid,
                            "new_order_failure_reason", "UNKNOWN_FAILURE_REASON"))));
        }
        Rejection rejection = rejections.poll();
        if (rejection != null) {
            return StubResponse.ok(JSON.writeValueAsString(map("success", false, "failure_reason", rejection.reason(),
                    "order_id", "", "error_response", map("error", rejection.error(), "message", rejection.message(),
                            "new_order_failure_reason", rejection.error()))));
        }
        StoredOrder order = new StoredOrder(body, clock.instant());
        synchronized (orders) {
            orders.put(order.orderId, order);
        }
        placed.add(body);
        return ok(map("success", true, "order_id", order.orderId, "success_response", map("order_id", order.orderId,
                "product_id", body.path("product_id").asText(), "side", body.path("side").asText(),
                "client_order_id", body.path("client_order_id").asText())));
    }

    /** What Coinbase would refuse in a placement body, or null. Sizes must be plain decimal strings. */
    private static String invalidOrder(JsonNode body) {
        if (body.path("client_order_id").asText("").isEmpty()) {
            return "client_order_id is required";
        }
        if (!PRODUCTS.containsKey(body.path("product_id").asText())) {
            return "invalid product_id";
        }
        String side = body.path("side").asText();
        if (!side.equals("BUY") && !side.equals("SELL")) {
            return "side must be BUY or SELL";
        }
        JsonNode configuration = body.path("order_configuration");
        if (configuration.size() != 1) {
            return "exactly one order_configuration is required";
        }
        JsonNode limit = configuration.path("limit_limit_gtc");
        JsonNode market = configuration.path("market_market_ioc");
        if (limit.isObject()) {
            return plainSize(limit.path("base_size")) && plainSize(limit.path("limit_price"))
                    && limit.path("post_only").isBoolean() && limit.size() == 3 ? null : "invalid limit_limit_gtc";
        }
        if (market.isObject() && market.size() == 1) {
            // market buys are sized in quote, sells in base (notes §1.3)
            String field = side.equals("BUY") ? "quote_size" : "base_size";
            return plainSize(market.path(field)) ? null : "market " + side + " needs " + field;
        }
        return "unsupported order_configuration";
    }

    private static boolean plainSize(JsonNode value) {
        return value.isTextual() && PLAIN_DECIMAL.matcher(value.asText()).matches() && new BigDecimal(value.asText()).signum() > 0;
    }

    private StubResponse getOrder(String orderId) throws JsonProcessingException {
        synchronized (orders) {
            StoredOrder order = orders.get(orderId);
            if (order == null) {
                return new StubResponse(404, error("NOT_FOUND", "order with this orderID was not found"));
            }
            return ok(map("order", order.view()));
        }
    }

    /** Repeated keys are lists here (order_status=FILLED&order_status=CANCELLED), as Coinbase reads them. */
    private StubResponse listOrders(String rawQuery) throws JsonProcessingException {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String pair : rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            query.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), UTF_8));
        }
        List<String> statuses = query.getOrDefault("order_status", List.of());
        if (statuses.contains("OPEN") && statuses.size() > 1) {
            return new StubResponse(400, error("INVALID_ARGUMENT", "OPEN cannot be combined with other statuses"));
        }
        List<String> products = query.getOrDefault("product_ids", List.of());
        Instant since = query.containsKey("start_date") ? Instant.parse(query.get("start_date").get(0)) : Instant.EPOCH;
        int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit").get(0)) : 100;
        List<Object> found;
        synchronized (orders) {
            found = orders.values().stream()
                    // an order Coinbase cannot place in any state shows up whatever states are asked (inferred)
                    .filter(o -> statuses.isEmpty() || statuses.contains(o.status) || statuses.contains("OPEN") && OPEN.contains(o.status)
                            || o.status.equals("UNKNOWN_ORDER_STATUS"))
                    .filter(o -> products.isEmpty() || products.contains(o.request.path("product_id").asText()))
                    .filter(o -> !o.created.isBefore(since))
                    .sorted(Comparator.comparing((StoredOrder o) -> o.created).reversed())
                    .limit(limit)
                    .map(o -> (Object) o.view())
                    .toList();
        }
        return ok(map("orders", found, "sequence", "0", "has_next", false, "cursor", ""));
    }

    private StubResponse cancel(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        JsonNode ids = JSON.readTree(request.body()).path("order_ids");
        List<Object> results = new ArrayList<>();
        synchronized (orders) {
            for (JsonNode id : ids) {
                StoredOrder order = orders.get(id.asText());
                boolean cancellable = order != null && OPEN.contains(order.status);
                if (cancellable) {
                    order.status = "CANCELLED";
                }
                results.add(map("success", cancellable,
                        "failure_reason", cancellable ? "UNKNOWN_CANCEL_FAILURE_REASON" : "UNKNOWN_CANCEL_ORDER",
                        "order_id", id.asText()));
            }
        }
        return ok(map("results", results));
    }

    // ---------------------------------------------------------------- helpers

    /** Coinbase's recorded reply to a product id it does not know. */
    private static StubResponse invalidProduct() {
        return new StubResponse(400, error("INVALID_ARGUMENT", "ProductID is invalid"));
    }

    /** grpc-gateway's error shape, which Coinbase uses for 4xx/5xx. */
    static String error(String error, String message) {
        return "{\"error\":" + quote(error) + ",\"error_details\":" + quote(message) + ",\"message\":" + quote(message) + "}";
    }

    private static StubResponse ok(Object body) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(body));
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
