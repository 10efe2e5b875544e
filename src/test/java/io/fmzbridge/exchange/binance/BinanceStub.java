package io.fmzbridge.exchange.binance;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.RateLimitedStub;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
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
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binance Spot {@code /api/v3} as far as the bridge uses it, checked the way rest-api.md documents it.
 * SIGNED calls must carry a known {@code X-MBX-APIKEY}, a {@code timestamp} that passes Binance's rule
 * {@code timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow} (else -1021), and
 * {@code signature = hex(HMAC-SHA256(secret, totalParams))} where totalParams is the query string as it
 * arrived concatenated with the form body, without the signature parameter itself (else -1022).
 * Every endpoint refuses parameters it does not read (-1104), as Binance does. Market data is fixture
 * data; orders live in memory.
 *
 * <p>Written from Binance's documentation independently of the main code's signer, so the two check each
 * other. Amounts and prices stay strings or BigDecimal end to end; nothing here goes through a double.
 */
public final class BinanceStub extends StubExchange implements RateLimitedStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d{1,20}(\\.\\d{1,20})?");
    private static final Pattern CLIENT_ORDER_ID = Pattern.compile("[a-zA-Z0-9_-]{1,36}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{13}|\\d{16}");
    private static final Pattern RECV_WINDOW = Pattern.compile("\\d{1,5}(\\.\\d{1,3})?");
    private static final Set<String> INTERVALS = Set.of("1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h",
            "6h", "8h", "12h", "1d", "3d", "1w", "1M");
    private static final Set<String> OPEN = Set.of("NEW", "PARTIALLY_FILLED");
    private static final Set<String> SIGNED_PARAMS = Set.of("timestamp", "recvWindow", "signature");
    private static final long FIRST_ORDER_ID = 4293153L;

    /** One trading pair as exchangeInfo lists it. */
    public record Listing(String symbol, String baseAsset, String quoteAsset, String status,
                         String tickSize, String stepSize, String minQty, String minNotional, String lastPrice) {}

    private record Rejection(int httpStatus, int code, String msg) {}

    /** An order as Binance keeps it. Mutable; guarded by the {@code orders} map. */
    private static final class StoredOrder {
        final String symbol;
        final long orderId;
        final String clientOrderId;
        final String side;
        final String type;
        final String timeInForce;
        final String price;
        final String origQuoteOrderQty;
        final long time;
        String origQty;
        String executedQty = "0";
        String cummulativeQuoteQty = "0";
        String status = "NEW";
        long updateTime;

        StoredOrder(Map<String, String> p, long orderId, String clientOrderId, long now) {
            this.symbol = p.get("symbol");
            this.orderId = orderId;
            this.clientOrderId = clientOrderId;
            this.side = p.get("side");
            this.type = p.get("type");
            this.timeInForce = p.getOrDefault("timeInForce", "GTC");
            this.price = p.getOrDefault("price", "0");
            this.origQty = p.getOrDefault("quantity", "0");
            this.origQuoteOrderQty = p.getOrDefault("quoteOrderQty", "0");
            this.time = now;
            this.updateTime = now;
        }

        /**
         * The query-order shape (rest-api.md "Query order"); Binance prints decimals with 8 places. No
         * stopPrice or icebergQty: rest-api.md's "Conditional fields in Order Responses" shows them only
         * for stop orders and orders sent with an icebergQty, which a LIMIT or MARKET order here is not.
         */
        Map<String, Object> view() {
            return map("symbol", symbol, "orderId", orderId, "orderListId", -1, "clientOrderId", clientOrderId,
                    "price", eight(price), "origQty", eight(origQty), "executedQty", eight(executedQty),
                    "cummulativeQuoteQty", eight(cummulativeQuoteQty), "status", status,
                    "timeInForce", timeInForce, "type", type, "side", side,
                    "time", time, "updateTime", updateTime, "isWorking", true,
                    "workingTime", time, "origQuoteOrderQty", eight(origQuoteOrderQty),
                    "selfTradePreventionMode", "EXPIRE_MAKER");
        }

        /** The RESULT shape of a new order or a cancel. */
        Map<String, Object> result(long transactTime) {
            return map("symbol", symbol, "orderId", orderId, "orderListId", -1, "clientOrderId", clientOrderId,
                    "transactTime", transactTime, "price", eight(price), "origQty", eight(origQty),
                    "executedQty", eight(executedQty), "origQuoteOrderQty", eight(origQuoteOrderQty),
                    "cummulativeQuoteQty", eight(cummulativeQuoteQty), "status", status,
                    "timeInForce", timeInForce, "type", type, "side", side, "workingTime", time,
                    "selfTradePreventionMode", "EXPIRE_MAKER");
        }
    }

    /**
     * Binance's limits (rest-api.md "LIMITS"; exchangeInfo's rateLimits): request weight per IP per interval,
     * the account's new orders per interval and per day, each counted in intervals aligned to Binance's clock.
     */
    public record Limits(long weight, Duration weightInterval, long orders, Duration ordersInterval, long ordersPerDay) {
        /** 6000 weight a minute (since 2023-08-25), and the 50 orders per 10 s and 160,000 a day Binance's examples show. */
        public static final Limits DOCUMENTED = new Limits(6000, Duration.ofMinutes(1), 50, Duration.ofSeconds(10), 160_000);
    }

    private record Judges(RateJudge.Aligned weight, RateJudge.Aligned orders, RateJudge.Aligned ordersPerDay) {}

    private volatile Judges judges;
    private final Object orderCount = new Object();
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final Map<Long, StoredOrder> orders = new LinkedHashMap<>();
    private final AtomicLong nextOrderId = new AtomicLong(FIRST_ORDER_ID);
    private final AtomicLong nextTradeId = new AtomicLong(28457);
    private final Queue<Rejection> rejections = new ConcurrentLinkedQueue<>();
    private final List<Map<String, String>> placed = new CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    /** The book's update id, as GET /api/v3/depth's lastUpdateId answers it (rest-api.md's example by default). */
    private volatile long bookUpdateId = 1027024;

    private BinanceStub() {
        // USDTTRY and BNBFDUSD defeat any guess of where the quote asset starts; LUNAUSDT is delisted
        list(new Listing("BTCUSDT", "BTC", "USDT", "TRADING", "0.01000000", "0.00001000", "0.00001000", "5.00000000", "30000.00"));
        list(new Listing("ETHBTC", "ETH", "BTC", "TRADING", "0.00001000", "0.00010000", "0.00010000", "0.00010000", "0.05"));
        list(new Listing("USDTTRY", "USDT", "TRY", "TRADING", "0.01000000", "1.00000000", "1.00000000", "10.00000000", "34.12"));
        list(new Listing("BNBFDUSD", "BNB", "FDUSD", "TRADING", "0.01000000", "0.00100000", "0.00100000", "5.00000000", "600.5"));
        list(new Listing("LUNAUSDT", "LUNA", "USDT", "BREAK", "0.01000000", "0.01000000", "0.01000000", "5.00000000", "0.42"));

        on("GET", "/api/v3/ping", (r, q) -> reply(Map.of(), q, Set.of()));
        on("GET", "/api/v3/time", (r, q) -> reply(map("serverTime", now()), q, Set.of()));
        on("GET", "/api/v3/exchangeInfo", this::exchangeInfo);
        on("GET", "/api/v3/ticker/24hr", this::ticker24hr);
        on("GET", "/api/v3/depth", this::depth);
        on("GET", "/api/v3/trades", this::trades);
        on("GET", "/api/v3/klines", this::klines);
        on("GET", "/api/v3/account", this::account);
        on("POST", "/api/v3/order", this::newOrder);
        on("GET", "/api/v3/order", this::queryOrder);
        on("DELETE", "/api/v3/order", this::cancelOrder);
        on("GET", "/api/v3/openOrders", this::openOrders);
        on("GET", "/api/v3/allOrders", this::allOrders);
    }

    public static BinanceStub start() {
        return new BinanceStub();
    }

    // ---------------------------------------------------------------- test controls

    /** The lastUpdateId the book answers from now on: the book has moved on as a stream's updates say. */
    public void bookUpdateId(long lastUpdateId) {
        bookUpdateId = lastUpdateId;
    }

    /** Lets requests with this API key through when signed with this secret. */
    public void addAccount(String apiKey, String secret) {
        secrets.put(apiKey, secret);
    }

    /** Adds a trading pair, as a new listing does. */
    public void list(Listing listing) {
        listings.put(listing.symbol(), listing);
    }

    /**
     * From now on each request's weight is counted on arrival against the address's allowance, and each
     * successful new order against its account's (one less again at its first fill), in intervals aligned
     * to the stub's clock; a request over a limit is answered as Binance answers it: HTTP 429 with code -1003
     * (weight) or -1015 (orders) and a Retry-After in seconds. Every reply carries X-MBX-USED-WEIGHT-1M, a
     * successful order's X-MBX-ORDER-COUNT-10S and -1D (named so whatever the test's intervals). Off unless
     * a test turns it on.
     */
    public void enforceRateLimits(Limits limits) {
        judges = new Judges(new RateJudge.Aligned(limits.weight(), limits.weightInterval(), () -> clock.millis()),
                new RateJudge.Aligned(limits.orders(), limits.ordersInterval(), () -> clock.millis()),
                new RateJudge.Aligned(limits.ordersPerDay(), Duration.ofDays(1), () -> clock.millis()));
    }

    /** Binance's documented limits ({@link Limits#DOCUMENTED}). */
    @Override
    public void enforceRateLimits() {
        enforceRateLimits(Limits.DOCUMENTED);
    }

    /** How many requests the stub refused for a rate limit: a bridge that keeps Binance's model causes none. */
    @Override
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /** The address's request weight and the account's new orders per interval and per day, while enforced. */
    @Override
    public Map<String, RateJudge.Judge> rateJudges() {
        Judges on = judges;
        return on == null ? Map.of() : Map.of("weight", on.weight(), "orders", on.orders(), "orders-day",
                on.ordersPerDay());
    }

    /** Another program on the same address spends this much weight now. */
    public void weightUsedElsewhere(long weight) {
        judges.weight().admit("ip", weight);
    }

    /** Another program places this many orders on the account of {@code apiKey} now (none fills). */
    public void ordersPlacedElsewhere(String apiKey, long count) {
        judges.orders().admit(apiKey, count);
        judges.ordersPerDay().admit(apiKey, count);
    }

    /** The stub's idea of now, for /time and the timestamp check (e.g. {@code Clock.offset(...)}). */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** The next well-formed order is refused with this HTTP status, code and message. */
    public void rejectNextOrder(int httpStatus, int code, String msg) {
        rejections.add(new Rejection(httpStatus, code, msg));
    }

    /** The parameters of each accepted order exactly as sent (decoded, untouched), oldest first. */
    public List<Map<String, String>> placedOrders() {
        return List.copyOf(placed);
    }

    /** Records fills: PARTIALLY_FILLED, or FILLED once executedQty reaches origQty. */
    public void fill(long orderId, String executedQty, String cummulativeQuoteQty) {
        synchronized (orders) {
            StoredOrder order = existing(orderId);
            order.executedQty = executedQty;
            order.cummulativeQuoteQty = cummulativeQuoteQty;
            order.status = new BigDecimal(executedQty).compareTo(new BigDecimal(order.origQty)) >= 0 ? "FILLED"
                    : new BigDecimal(executedQty).signum() > 0 ? "PARTIALLY_FILLED" : "NEW";
            order.updateTime = now();
        }
    }

    /** Ends an order the way Binance's rules do: EXPIRED, EXPIRED_IN_MATCH, REJECTED. */
    public void end(long orderId, String status) {
        synchronized (orders) {
            StoredOrder order = existing(orderId);
            order.status = status;
            order.updateTime = now();
        }
    }

    public String statusOf(long orderId) {
        synchronized (orders) {
            return existing(orderId).status;
        }
    }

    /** The signature Binance expects: lower-case hex of HMAC-SHA256(secret, payload), both as UTF-8. */
    static String expectedSignature(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    // ---------------------------------------------------------------- authentication

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        Map<String, String> params = new LinkedHashMap<>(query);
        // a parameter sent in both the query string and the body: the query string's wins
        formBody(request).forEach(params::putIfAbsent);
        Judges on = judges;
        if (on != null) {
            // weight counts on arrival, whatever becomes of the request
            if (!on.weight().admit("ip", weight(request, params))) {
                rateLimitRefusals.incrementAndGet();
                return tooMuch(on.weight(), -1003, "Too much request weight used; current limit is %s request weight per %s. "
                        + "Please use WebSocket Streams for live updates to avoid polling the API.")
                        .withHeader("X-MBX-USED-WEIGHT-1M", String.valueOf(on.weight().used("ip")));
            }
        }
        StubResponse response;
        if (isSigned(request.path()) && hasRoute(request.method(), request.path())) {
            Optional<StubResponse> refusal = refusal(request, params);
            response = refusal.isPresent() ? refusal.get()
                    : on != null && request.method().equals("POST") && request.path().equals("/api/v3/order")
                    ? counted(on, request, params) : super.respond(request, params);
        } else {
            response = super.respond(request, params);
        }
        return on == null ? response : response.withHeader("X-MBX-USED-WEIGHT-1M", String.valueOf(on.weight().used("ip")));
    }

    /** A new order against its account's unfilled order count: +1 when it is placed, -1 again when it fills at once. */
    private StubResponse counted(Judges on, StubRequest request, Map<String, String> params) throws Exception {
        String account = request.header("X-MBX-APIKEY");
        synchronized (orderCount) {
            for (RateJudge.Aligned limit : List.of(on.orders(), on.ordersPerDay())) {
                if (limit.used(account) + 1 > limit.limit()) {
                    rateLimitRefusals.incrementAndGet();
                    return tooMuch(limit, -1015, "Too many new orders; current limit is %s orders per %s.");
                }
            }
            StubResponse response = super.respond(request, params);
            if (response.status() != 200) {
                return response;
            }
            on.orders().admit(account, 1);
            on.ordersPerDay().admit(account, 1);
            String status = JSON.readTree(response.body()).path("status").asText();
            if (status.equals("FILLED") || status.equals("PARTIALLY_FILLED")) {
                // "When an order is filled for the first time ... decremented by one order for all intervals"
                on.orders().release(account, 1);
                on.ordersPerDay().release(account, 1);
            }
            return response.withHeader("X-MBX-ORDER-COUNT-10S", String.valueOf(on.orders().used(account)))
                    .withHeader("X-MBX-ORDER-COUNT-1D", String.valueOf(on.ordersPerDay().used(account)));
        }
    }

    /** HTTP 429 as Binance sends it over a limit: its code, the message with the limit, and Retry-After in seconds. */
    private static StubResponse tooMuch(RateJudge.Aligned limit, int code, String message) throws JsonProcessingException {
        return error(429, code, String.format(message, limit.limit(), interval(limit)))
                .withHeader("Retry-After", String.valueOf(limit.secondsLeft()));
    }

    private static String interval(RateJudge.Aligned limit) {
        Duration length = limit.interval();
        return length.toDays() >= 1 ? length.toDays() + " DAY" : length.toMinutes() >= 1 && length.toSecondsPart() == 0
                ? length.toMinutes() + " MINUTE" : length.toSeconds() + " SECOND";
    }

    /** Each request's weight as rest-api.md gives it for the endpoints the stub serves. */
    private static long weight(StubRequest request, Map<String, String> params) {
        String endpoint = request.method() + " " + request.path();
        return switch (endpoint) {
            case "GET /api/v3/exchangeInfo", "GET /api/v3/account", "GET /api/v3/allOrders" -> 20;
            case "GET /api/v3/ticker/24hr" -> params.containsKey("symbol") ? 2 : params.containsKey("symbols")
                    ? symbolsWeight(params.get("symbols")) : 80;
            case "GET /api/v3/depth" -> depthWeight(params.get("limit"));
            case "GET /api/v3/trades" -> 25;
            case "GET /api/v3/klines" -> 2;
            case "GET /api/v3/order" -> 4;
            case "GET /api/v3/openOrders" -> params.containsKey("symbol") ? 6 : 80;
            default -> 1; // ping, time, a new order, a cancel
        };
    }

    private static long depthWeight(String limit) {
        long levels = limit == null || !limit.matches("\\d{1,9}") ? 100 : Long.parseLong(limit);
        return levels <= 100 ? 5 : levels <= 500 ? 25 : levels <= 1000 ? 50 : 250;
    }

    private static long symbolsWeight(String symbols) {
        long count = symbols.chars().filter(c -> c == ',').count() + 1;
        return count <= 20 ? 2 : count <= 100 ? 40 : 80;
    }

    private static boolean isSigned(String path) {
        return Set.of("/api/v3/account", "/api/v3/order", "/api/v3/openOrders", "/api/v3/allOrders").contains(path);
    }

    private Optional<StubResponse> refusal(StubRequest request, Map<String, String> params) throws JsonProcessingException {
        String apiKey = request.header("X-MBX-APIKEY");
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.of(error(401, -2014, "API-key format invalid."));
        }
        String secret = secrets.get(apiKey);
        if (secret == null) {
            return Optional.of(error(401, -2015, "Invalid API-key, IP, or permissions for action."));
        }
        String timestamp = params.get("timestamp");
        if (timestamp == null || !TIMESTAMP.matcher(timestamp).matches()) {
            return Optional.of(mandatory("timestamp"));
        }
        String recvWindow = params.getOrDefault("recvWindow", "5000");
        if (!RECV_WINDOW.matcher(recvWindow).matches() || new BigDecimal(recvWindow).compareTo(new BigDecimal(60000)) > 0) {
            return Optional.of(error(400, -1130, "Data sent for parameter 'recvWindow' is not valid."));
        }
        // timestamps may be ms or µs; compare in µs so neither loses precision
        long sentMicros = timestamp.length() == 13 ? Long.parseLong(timestamp) * 1000 : Long.parseLong(timestamp);
        long serverMicros = clock.millis() * 1000;
        if (sentMicros >= serverMicros + 1_000_000) {
            return Optional.of(error(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."));
        }
        if (BigDecimal.valueOf(serverMicros - sentMicros).compareTo(new BigDecimal(recvWindow).movePointRight(3)) > 0) {
            return Optional.of(error(400, -1021, "Timestamp for this request is outside of the recvWindow."));
        }
        Optional<String> payload = payloadWithoutSignature(request);
        String signature = params.get("signature");
        if (signature == null || payload.isEmpty()) {
            return Optional.of(mandatory("signature"));
        }
        byte[] expected = expectedSignature(secret, payload.get()).getBytes(UTF_8);
        byte[] sent = signature.toLowerCase(Locale.ROOT).getBytes(UTF_8);
        if (!MessageDigest.isEqual(expected, sent)) {
            return Optional.of(error(400, -1022, "Signature for this request is not valid."));
        }
        return Optional.empty();
    }

    /**
     * totalParams as Binance defines it: the query string exactly as sent, then the form body, with the one
     * {@code signature=...} pair taken out of whichever part carries it. Empty when there is no single one.
     */
    private static Optional<String> payloadWithoutSignature(StubRequest request) {
        String query = request.rawQuery();
        String body = isForm(request) ? request.body() : "";
        long count = Stream.concat(pairs(query).stream(), pairs(body).stream())
                .filter(pair -> pair.startsWith("signature=")).count();
        if (count != 1) {
            return Optional.empty();
        }
        return Optional.of(withoutSignature(query) + withoutSignature(body));
    }

    private static String withoutSignature(String part) {
        return String.join("&", pairs(part).stream().filter(pair -> !pair.startsWith("signature=")).toList());
    }

    private static List<String> pairs(String part) {
        return part.isEmpty() ? List.of() : List.of(part.split("&", -1));
    }

    private static boolean isForm(StubRequest request) {
        String type = request.header("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static Map<String, String> formBody(StubRequest request) {
        return isForm(request) ? parseQuery(request.body()) : Map.of();
    }

    // ---------------------------------------------------------------- market data

    private StubResponse exchangeInfo(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, Set.of("symbol", "symbols", "permissions", "showPermissionSets", "symbolStatus"));
        if (unread.isPresent()) {
            return unread.get();
        }
        String only = q.get("symbol");
        if (only != null && !listings.containsKey(only)) {
            return invalidSymbol();
        }
        boolean permissionSets = !"false".equals(q.get("showPermissionSets"));
        List<Object> symbols = sortedListings()
                .filter(l -> only == null || l.symbol().equals(only))
                .filter(l -> q.get("symbolStatus") == null || l.status().equals(q.get("symbolStatus")))
                .map(l -> (Object) map("symbol", l.symbol(), "status", l.status(), "baseAsset", l.baseAsset(),
                        "baseAssetPrecision", 8, "quoteAsset", l.quoteAsset(), "quotePrecision", 8,
                        "quoteAssetPrecision", 8, "orderTypes", List.of("LIMIT", "LIMIT_MAKER", "MARKET"),
                        "icebergAllowed", true, "ocoAllowed", true, "quoteOrderQtyMarketAllowed", true,
                        "isSpotTradingAllowed", true, "isMarginTradingAllowed", false,
                        "filters", List.of(
                                map("filterType", "PRICE_FILTER", "minPrice", l.tickSize(), "maxPrice", "1000000.00000000",
                                        "tickSize", l.tickSize()),
                                map("filterType", "LOT_SIZE", "minQty", l.minQty(), "maxQty", "9000.00000000",
                                        "stepSize", l.stepSize()),
                                map("filterType", "NOTIONAL", "minNotional", l.minNotional(), "applyMinToMarket", true,
                                        "maxNotional", "9000000.00000000", "applyMaxToMarket", false, "avgPriceMins", 5)),
                        "permissions", List.of(),
                        "permissionSets", permissionSets ? List.of(List.of("SPOT", "MARGIN")) : List.of(),
                        "defaultSelfTradePreventionMode", "EXPIRE_MAKER",
                        "allowedSelfTradePreventionModes", List.of("EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH")))
                .toList();
        return ok(map("timezone", "UTC", "serverTime", now(), "rateLimits", List.of(
                map("rateLimitType", "REQUEST_WEIGHT", "interval", "MINUTE", "intervalNum", 1, "limit", 6000)),
                "exchangeFilters", List.of(), "symbols", symbols));
    }

    private StubResponse ticker24hr(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, Set.of("symbol", "symbols", "type", "symbolStatus"));
        if (unread.isPresent()) {
            return unread.get();
        }
        String symbol = q.get("symbol");
        if (symbol != null) {
            Listing listing = listings.get(symbol);
            return listing == null ? invalidSymbol() : ok(ticker(listing));
        }
        String status = q.get("symbolStatus");
        return ok(sortedListings().filter(l -> status == null || l.status().equals(status))
                .map(l -> (Object) ticker(l)).toList());
    }

    /** rest-api.md's FULL 24hr example, around the pair's last price. */
    private static Map<String, Object> ticker(Listing l) {
        BigDecimal last = new BigDecimal(l.lastPrice());
        return map("symbol", l.symbol(), "priceChange", "-94.99999800", "priceChangePercent", "-95.960",
                "weightedAvgPrice", "0.29628482", "prevClosePrice", "0.10002000",
                "lastPrice", last.toPlainString(), "lastQty", "200.00000000",
                "bidPrice", last.subtract(new BigDecimal(l.tickSize())).stripTrailingZeros().toPlainString(),
                "bidQty", "100.00000000", "askPrice", last.add(new BigDecimal(l.tickSize())).stripTrailingZeros().toPlainString(),
                "askQty", "0.00000001", "openPrice", "99.00000000", "highPrice", "100000.00000000",
                "lowPrice", "0.10000000", "volume", "8913.30000000", "quoteVolume", "15.30000000",
                "openTime", 1499783499040L, "closeTime", 1499869899040L, "firstId", 28385, "lastId", 28460, "count", 76);
    }

    /** A fixed five-level book in Binance's order: bids dearest first, asks cheapest first. */
    private static final List<List<String>> BIDS = List.of(
            List.of("29999.99000000", "0.43100000"), List.of("29999.98000000", "0.00000001"),
            List.of("29999.50000000", "1.50000000"), List.of("29990.00000000", "2.00000000"),
            List.of("29900.00000000", "7.77777777"));
    private static final List<List<String>> ASKS = List.of(
            List.of("30000.01000000", "0.12000000"), List.of("30000.02000000", "0.00000123"),
            List.of("30000.50000000", "3.00000000"), List.of("30010.00000000", "0.01200000"),
            List.of("30100.00000000", "12.34567891"));

    private StubResponse depth(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> bad = marketCheck(q, Set.of("symbol", "limit", "symbolStatus"));
        if (bad.isPresent()) {
            return bad.get();
        }
        Integer limit = count(q.get("limit"), 100, 5000);
        if (limit == null) {
            return error(400, -1100, "Illegal characters found in parameter 'limit'; legal range is '1..5000'.");
        }
        int levels = Math.min(limit, ASKS.size());
        return ok(map("lastUpdateId", bookUpdateId, "bids", BIDS.subList(0, levels), "asks", ASKS.subList(0, levels)));
    }

    /** Oldest first, as Binance sends them. */
    private static final List<Map<String, Object>> TRADES = List.of(
            map("id", 28453, "price", "29999.00000000", "qty", "0.00001000", "quoteQty", "0.29999", "time", 1699999990000L,
                    "isBuyerMaker", false, "isBestMatch", true),
            map("id", 28454, "price", "29998.50000000", "qty", "1.23456789", "quoteQty", "37035.41", "time", 1699999991000L,
                    "isBuyerMaker", true, "isBestMatch", true),
            map("id", 28455, "price", "30000.00000000", "qty", "0.01000000", "quoteQty", "300", "time", 1699999992500L,
                    "isBuyerMaker", false, "isBestMatch", true),
            map("id", 28456, "price", "30000.01000000", "qty", "0.50000000", "quoteQty", "15000.005", "time", 1699999993000L,
                    "isBuyerMaker", true, "isBestMatch", true),
            map("id", 28457, "price", "30000.02000000", "qty", "0.00000123", "quoteQty", "0.0369", "time", 1699999994000L,
                    "isBuyerMaker", false, "isBestMatch", true));

    private StubResponse trades(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> bad = marketCheck(q, Set.of("symbol", "limit"));
        if (bad.isPresent()) {
            return bad.get();
        }
        Integer limit = count(q.get("limit"), 500, 1000);
        if (limit == null) {
            return error(400, -1100, "Illegal characters found in parameter 'limit'; legal range is '1..1000'.");
        }
        // the most recent trades, still oldest first
        return ok(TRADES.subList(Math.max(0, TRADES.size() - limit), TRADES.size()));
    }

    /** Oldest first, one minute apart whatever the interval; the newest is still open. */
    private static final List<List<Object>> KLINES = List.of(
            List.of(1699999800000L, "30070.50", "30085.00", "30060.00", "30080.00", "0.00001000", 1699999859999L, "0.30", 3, "0", "0", "0"),
            List.of(1699999860000L, "30080.00", "30092.20", "30075.30", "30090.10", "2.00000000", 1699999919999L, "60180.2", 40, "1", "30090", "0"),
            List.of(1699999920000L, "30090.10", "30101.00", "30085.00", "30100.00", "0.12345678", 1699999979999L, "3716.1", 12, "0.1", "3010", "0"),
            List.of(1699999980000L, "30100.00", "30107.50", "30095.50", "30106.30", "1.50000000", 1700000039999L, "45150.45", 30, "0.7", "21070", "0"),
            List.of(1700000040000L, "30106.30", "30110.00", "30100.10", "30106.80", "0.00000123", 1700000099999L, "0.037", 1, "0", "0", "0"));

    private StubResponse klines(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> bad = marketCheck(q, Set.of("symbol", "interval", "startTime", "endTime", "timeZone", "limit"));
        if (bad.isPresent()) {
            return bad.get();
        }
        String interval = q.get("interval");
        if (interval == null) {
            return mandatory("interval");
        }
        if (!INTERVALS.contains(interval)) {
            return error(400, -1120, "Invalid interval.");
        }
        Integer limit = count(q.get("limit"), 500, 1000);
        if (limit == null) {
            return error(400, -1100, "Illegal characters found in parameter 'limit'; legal range is '1..1000'.");
        }
        return ok(KLINES.subList(Math.max(0, KLINES.size() - limit), KLINES.size()));
    }

    // ---------------------------------------------------------------- account and orders

    private StubResponse account(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, signed("omitZeroBalances"));
        if (unread.isPresent()) {
            return unread.get();
        }
        List<Map<String, Object>> balances = List.of(
                map("asset", "BTC", "free", "0.00000001", "locked", "0.00000000"),
                map("asset", "USDT", "free", "4834.31000000", "locked", "158.57300000"),
                map("asset", "LTC", "free", "0.00000000", "locked", "0.00000000"));
        if ("true".equals(q.get("omitZeroBalances"))) {
            balances = balances.stream().filter(b -> new BigDecimal((String) b.get("free")).signum() > 0
                    || new BigDecimal((String) b.get("locked")).signum() > 0).toList();
        }
        return ok(map("makerCommission", 15, "takerCommission", 15, "buyerCommission", 0, "sellerCommission", 0,
                "commissionRates", map("maker", "0.00150000", "taker", "0.00150000", "buyer", "0.00000000",
                        "seller", "0.00000000"),
                "canTrade", true, "canWithdraw", true, "canDeposit", true, "brokered", false,
                "requireSelfTradePrevention", false, "preventSor", false, "updateTime", 123456789,
                "accountType", "SPOT", "balances", balances, "permissions", List.of("SPOT"), "uid", 354937868));
    }

    private StubResponse newOrder(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, signed("symbol", "side", "type", "timeInForce", "quantity",
                "quoteOrderQty", "price", "newClientOrderId", "newOrderRespType"));
        if (unread.isPresent()) {
            return unread.get();
        }
        long now = now();
        StoredOrder order;
        synchronized (orders) { // one decision at a time, so two orders cannot both claim a client order id
            Optional<StubResponse> refusal = validate(q);
            if (refusal.isPresent()) {
                return refusal.get();
            }
            Rejection rejection = rejections.poll();
            if (rejection != null) {
                return error(rejection.httpStatus(), rejection.code(), rejection.msg());
            }
            String clientOrderId = q.getOrDefault("newClientOrderId", "web_" + Long.toHexString(now));
            order = new StoredOrder(q, nextOrderId.getAndIncrement(), clientOrderId, now);
            if (order.type.equals("MARKET")) {
                fillAtMarket(order);
            }
            orders.put(order.orderId, order);
            placed.add(Map.copyOf(q));
        }
        String respType = q.getOrDefault("newOrderRespType", "FULL");
        if (respType.equals("ACK")) {
            return ok(map("symbol", order.symbol, "orderId", order.orderId, "orderListId", -1,
                    "clientOrderId", order.clientOrderId, "transactTime", now));
        }
        Map<String, Object> result = order.result(now);
        if (respType.equals("FULL")) {
            // the trades that filled it at once: a market order's one fill here, none for a resting order
            result.put("fills", order.status.equals("FILLED") ? List.of(fillOf(order)) : List.of());
        }
        return ok(result);
    }

    /** Binance's checks on a LIMIT or MARKET order. Caller holds the orders lock. */
    private Optional<StubResponse> validate(Map<String, String> q) throws JsonProcessingException {
        for (String name : List.of("symbol", "side", "type")) {
            if (q.get(name) == null || q.get(name).isEmpty()) {
                return Optional.of(mandatory(name));
            }
        }
        Listing listing = listings.get(q.get("symbol"));
        if (listing == null) {
            return Optional.of(invalidSymbol());
        }
        if (!Set.of("BUY", "SELL").contains(q.get("side"))) {
            return Optional.of(error(400, -1117, "Invalid side."));
        }
        String type = q.get("type");
        if (!Set.of("LIMIT", "MARKET").contains(type)) {
            return Optional.of(error(400, -1116, "Invalid orderType."));
        }
        String respType = q.get("newOrderRespType");
        if (respType != null && !Set.of("ACK", "RESULT", "FULL").contains(respType)) {
            return Optional.of(error(400, -1130, "Data sent for parameter 'newOrderRespType' is not valid."));
        }
        for (String name : List.of("quantity", "quoteOrderQty", "price")) {
            String value = q.get(name);
            if (value != null && !PLAIN_DECIMAL.matcher(value).matches()) {
                return Optional.of(error(400, -1100, "Illegal characters found in parameter '" + name
                        + "'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'."));
            }
            if (value != null && new BigDecimal(value).stripTrailingZeros().scale() > 8) {
                return Optional.of(error(400, -1111, "Parameter '" + name + "' has too much precision."));
            }
        }
        if (type.equals("LIMIT")) {
            for (String name : List.of("timeInForce", "quantity", "price")) {
                if (q.get(name) == null) {
                    return Optional.of(mandatory(name));
                }
            }
            if (!Set.of("GTC", "IOC", "FOK").contains(q.get("timeInForce"))) {
                return Optional.of(error(400, -1115, "Invalid timeInForce."));
            }
            if (q.containsKey("quoteOrderQty")) {
                return Optional.of(notRequired("quoteOrderQty"));
            }
        } else {
            if (q.containsKey("timeInForce")) {
                return Optional.of(notRequired("timeInForce"));
            }
            if (q.containsKey("price")) {
                return Optional.of(notRequired("price"));
            }
            if (q.get("quantity") == null && q.get("quoteOrderQty") == null) {
                return Optional.of(error(400, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!"));
            }
            if (q.get("quantity") != null && q.get("quoteOrderQty") != null) {
                return Optional.of(notRequired("quoteOrderQty"));
            }
        }
        String quantity = q.get("quantity");
        if (quantity != null && !fitsStep(quantity, listing.minQty(), listing.stepSize())) {
            return Optional.of(filterFailure("LOT_SIZE"));
        }
        String price = q.get("price");
        if (price != null && !fitsStep(price, listing.tickSize(), listing.tickSize())) {
            return Optional.of(filterFailure("PRICE_FILTER"));
        }
        BigDecimal notional = quantity == null ? new BigDecimal(q.get("quoteOrderQty"))
                : new BigDecimal(quantity).multiply(new BigDecimal(price != null ? price : listing.lastPrice()));
        if (notional.compareTo(new BigDecimal(listing.minNotional())) < 0) {
            return Optional.of(filterFailure("NOTIONAL"));
        }
        String clientOrderId = q.get("newClientOrderId");
        if (clientOrderId != null) {
            if (!CLIENT_ORDER_ID.matcher(clientOrderId).matches()) {
                return Optional.of(error(400, -1100, "Illegal characters found in parameter 'newClientOrderId';"
                        + " legal range is '^[a-zA-Z0-9-_]{1,36}$'."));
            }
            if (orders.values().stream().anyMatch(o -> OPEN.contains(o.status) && o.clientOrderId.equals(clientOrderId))) {
                return Optional.of(error(400, -2010, "Duplicate order sent."));
            }
        }
        return Optional.empty();
    }

    /** rest-api.md's FULL fill: the price and quantity traded, the commission in the asset received. */
    private Map<String, Object> fillOf(StoredOrder order) {
        Listing listing = listings.get(order.symbol);
        return map("price", eight(listing.lastPrice()), "qty", eight(order.executedQty), "commission", "0.00000000",
                "commissionAsset", order.side.equals("BUY") ? listing.baseAsset() : listing.quoteAsset(),
                "tradeId", nextTradeId.getAndIncrement());
    }

    /** A market order fills at once at the pair's last price; a quote amount buys whole steps only. */
    private void fillAtMarket(StoredOrder order) {
        Listing listing = listings.get(order.symbol);
        BigDecimal price = new BigDecimal(listing.lastPrice());
        BigDecimal quantity;
        if (new BigDecimal(order.origQuoteOrderQty).signum() > 0) {
            BigDecimal step = new BigDecimal(listing.stepSize());
            quantity = new BigDecimal(order.origQuoteOrderQty).divide(price, 20, RoundingMode.DOWN)
                    .divide(step, 0, RoundingMode.DOWN).multiply(step);
            order.origQty = quantity.toPlainString();
        } else {
            quantity = new BigDecimal(order.origQty);
        }
        order.executedQty = quantity.toPlainString();
        order.cummulativeQuoteQty = quantity.multiply(price).toPlainString();
        order.status = "FILLED";
    }

    private StubResponse queryOrder(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, signed("symbol", "orderId", "origClientOrderId"));
        if (unread.isPresent()) {
            return unread.get();
        }
        Optional<StubResponse> bad = orderReference(q);
        if (bad.isPresent()) {
            return bad.get();
        }
        synchronized (orders) {
            StoredOrder order = find(q);
            return order == null ? error(400, -2013, "Order does not exist.") : ok(order.view());
        }
    }

    private StubResponse cancelOrder(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, signed("symbol", "orderId", "origClientOrderId", "newClientOrderId",
                "cancelRestrictions"));
        if (unread.isPresent()) {
            return unread.get();
        }
        Optional<StubResponse> bad = orderReference(q);
        if (bad.isPresent()) {
            return bad.get();
        }
        synchronized (orders) {
            StoredOrder order = find(q);
            if (order == null || !OPEN.contains(order.status)) {
                return error(400, -2011, "Unknown order sent.");
            }
            order.status = "CANCELED";
            order.updateTime = now();
            Map<String, Object> result = order.result(order.updateTime);
            result.remove("workingTime"); // rest-api.md's cancel reply has none
            result.put("origClientOrderId", order.clientOrderId);
            result.put("clientOrderId", q.getOrDefault("newClientOrderId", "cancel" + order.orderId));
            return ok(result);
        }
    }

    private StubResponse openOrders(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, signed("symbol"));
        if (unread.isPresent()) {
            return unread.get();
        }
        String symbol = q.get("symbol");
        if (symbol != null && !listings.containsKey(symbol)) {
            return invalidSymbol();
        }
        return ok(listOrders(o -> OPEN.contains(o.status) && (symbol == null || o.symbol.equals(symbol)), 1000));
    }

    /** All of a symbol's orders, open or not, oldest first; with startTime, the oldest from then on. */
    private StubResponse allOrders(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, signed("symbol", "orderId", "startTime", "endTime", "limit"));
        if (unread.isPresent()) {
            return unread.get();
        }
        String symbol = q.get("symbol");
        if (symbol == null) {
            return mandatory("symbol");
        }
        if (!listings.containsKey(symbol)) {
            return invalidSymbol();
        }
        Integer limit = count(q.get("limit"), 500, 1000);
        Long startTime = longOrNull(q.get("startTime"));
        Long endTime = longOrNull(q.get("endTime"));
        Long fromId = longOrNull(q.get("orderId"));
        if (limit == null) {
            return error(400, -1100, "Illegal characters found in parameter 'limit'; legal range is '1..1000'.");
        }
        Predicate<StoredOrder> wanted = o -> o.symbol.equals(symbol)
                && (startTime == null || o.time >= startTime) && (endTime == null || o.time <= endTime)
                && (fromId == null || o.orderId >= fromId);
        List<Object> all = listOrders(wanted, Integer.MAX_VALUE);
        boolean fromStart = startTime != null || fromId != null;
        // without a start, the most recent `limit` orders; still oldest first
        return ok(fromStart ? all.subList(0, Math.min(limit, all.size()))
                : all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    private List<Object> listOrders(Predicate<StoredOrder> wanted, int limit) {
        synchronized (orders) {
            return orders.values().stream().filter(wanted).limit(limit).map(o -> (Object) o.view()).toList();
        }
    }

    private Optional<StubResponse> orderReference(Map<String, String> q) throws JsonProcessingException {
        if (q.get("symbol") == null) {
            return Optional.of(mandatory("symbol"));
        }
        if (!listings.containsKey(q.get("symbol"))) {
            return Optional.of(invalidSymbol());
        }
        if (q.get("orderId") == null && q.get("origClientOrderId") == null) {
            return Optional.of(error(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"));
        }
        if (q.get("orderId") != null && longOrNull(q.get("orderId")) == null) {
            return Optional.of(error(400, -1100, "Illegal characters found in parameter 'orderId'; legal range is '^[0-9]{1,20}$'."));
        }
        return Optional.empty();
    }

    /** Caller holds the orders lock. By orderId when given, else by client order id; the symbol must match. */
    private StoredOrder find(Map<String, String> q) {
        String orderId = q.get("orderId");
        StoredOrder order = orderId != null ? orders.get(Long.parseLong(orderId))
                : orders.values().stream().filter(o -> o.clientOrderId.equals(q.get("origClientOrderId"))).findFirst().orElse(null);
        return order != null && order.symbol.equals(q.get("symbol")) ? order : null;
    }

    private StoredOrder existing(long orderId) {
        StoredOrder order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("the Binance stub holds no order " + orderId);
        }
        return order;
    }

    // ---------------------------------------------------------------- helpers

    private long now() {
        return clock.millis();
    }

    private Stream<Listing> sortedListings() {
        return listings.values().stream().sorted(java.util.Comparator.comparing(Listing::symbol));
    }

    /** symbol is mandatory and must be listed; no parameter beyond those the endpoint reads. */
    private Optional<StubResponse> marketCheck(Map<String, String> q, Set<String> readable) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, readable);
        if (unread.isPresent()) {
            return unread;
        }
        if (q.get("symbol") == null) {
            return Optional.of(mandatory("symbol"));
        }
        return listings.containsKey(q.get("symbol")) ? Optional.empty() : Optional.of(invalidSymbol());
    }

    /** -1104: Binance refuses a request carrying parameters the endpoint does not read. */
    private static Optional<StubResponse> unread(Map<String, String> q, Set<String> readable) throws JsonProcessingException {
        long read = q.keySet().stream().filter(readable::contains).count();
        if (read == q.size()) {
            return Optional.empty();
        }
        return Optional.of(error(400, -1104, "Not all sent parameters were read; read '" + read
                + "' parameter(s) but was sent '" + q.size() + "'."));
    }

    private static Set<String> signed(String... names) {
        Set<String> all = new java.util.HashSet<>(SIGNED_PARAMS);
        all.addAll(List.of(names));
        return all;
    }

    private static boolean fitsStep(String value, String min, String step) {
        BigDecimal amount = new BigDecimal(value);
        return amount.compareTo(new BigDecimal(min)) >= 0 && amount.remainder(new BigDecimal(step)).signum() == 0;
    }

    private static Integer count(String value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (!value.matches("\\d{1,9}")) {
            return null;
        }
        int n = Integer.parseInt(value);
        return n >= 1 ? Math.min(n, max) : null;
    }

    private static Long longOrNull(String value) {
        return value == null || !value.matches("\\d{1,19}") ? null : Long.valueOf(value);
    }

    /** Binance prints decimals with eight places: "0.001" → "0.00100000". */
    private static String eight(String value) {
        return new BigDecimal(value).setScale(8, RoundingMode.DOWN).toPlainString();
    }

    private static StubResponse ok(Object body) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(body));
    }

    private static StubResponse error(int status, int code, String msg) throws JsonProcessingException {
        return new StubResponse(status, JSON.writeValueAsString(map("code", code, "msg", msg)));
    }

    private static StubResponse mandatory(String name) throws JsonProcessingException {
        return error(400, -1102, "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.");
    }

    private static StubResponse notRequired(String name) throws JsonProcessingException {
        return error(400, -1106, "Parameter '" + name + "' sent when not required.");
    }

    private static StubResponse invalidSymbol() throws JsonProcessingException {
        return error(400, -1121, "Invalid symbol.");
    }

    private static StubResponse filterFailure(String filter) throws JsonProcessingException {
        return error(400, -1013, "Filter failure: " + filter);
    }

    private static StubResponse reply(Object body, Map<String, String> q, Set<String> readable) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, readable);
        return unread.isPresent() ? unread.get() : ok(body);
    }

    /** An insertion-ordered map from alternating keys and values, so replies keep Binance's field order. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
