package io.fmzbridge.exchange.bitfinex;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.RateLimitedStub;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bitfinex v2 as far as the bridge uses it, checked the way Bitfinex documents it: {@code /v2/auth/*}
 * calls are JSON POSTs with {@code bfx-apikey}, a {@code bfx-nonce} strictly above the key's last one
 * ({@code 10114 nonce: small}) and {@code bfx-signature = hex(HMAC-SHA384(secret, "/api" + path + nonce +
 * body))} over the body exactly as it arrived. Replies are positional arrays of JSON numbers; errors are
 * {@code ["error", code, "message"]} with HTTP 500. Written from Bitfinex's docs, independently of the bridge.
 */
public final class BitfinexStub extends StubExchange implements RateLimitedStub {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern SIGNED_DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Set<String> PAIRS = Set.of("tBTCUST", "tBTCUSD", "tETHUSD", "tAAVE:USD");
    private static final Pattern PUBLIC = Pattern.compile(
            "/v2/(ticker|book|trades|candles/trade:([0-9A-Za-z]+)):?/?(t[A-Z0-9:]+?)(/P0|/hist)?");
    private static final Pattern ORDERS = Pattern.compile("/v2/auth/r/orders(/(t[A-Z0-9:]+))?(/hist)?");
    private static final BigDecimal MARKET_PRICE = new BigDecimal("7617.5");
    private static final Set<String> FRAMES = Set.of("1m", "5m", "15m", "30m", "1h", "3h", "4h", "6h", "12h", "1D", "1W", "14D", "1M");

    /** An order as Bitfinex keeps it. Guarded by {@code orders}. */
    private static final class StoredOrder {
        final long id;
        final long cid;
        final String symbol;
        final long created;
        final String type;
        final BigDecimal original;
        final BigDecimal price;
        BigDecimal left;
        BigDecimal average = BigDecimal.ZERO;
        String status = "ACTIVE";

        StoredOrder(long id, long cid, String symbol, long created, String type, BigDecimal original, BigDecimal price) {
            this.id = id;
            this.cid = cid;
            this.symbol = symbol;
            this.created = created;
            this.type = type;
            this.original = original;
            this.price = price;
            this.left = original;
        }

        /** The order row of Bitfinex's examples: unused places null, FLAGS, the trailing and aux prices, NOTIFY and HIDDEN 0. */
        List<Object> row() {
            Object[] row = new Object[32];
            row[0] = id;
            row[2] = cid;
            row[3] = symbol;
            row[4] = created;
            row[5] = created;
            row[6] = left;
            row[7] = original;
            row[8] = type;
            row[12] = 0;
            row[13] = status;
            row[16] = price;
            row[17] = average;
            row[18] = 0;
            row[19] = 0;
            row[23] = 0;
            row[24] = 0;
            row[28] = "API>BFX";
            row[31] = Map.of();
            return Arrays.asList(row);
        }
    }

    /**
     * Each endpoint's requests per minute per address, the lowest figure Bitfinex's reference pages have
     * shown for it ("Rate Limit: N reqs/min"): ticker, tickers, candles 30 (also shown as 90), book 30 (also
     * 240), trades 15, platform status 30, configs 90, each authenticated endpoint 90. An endpoint named
     * nowhere here gets the lowest of "between 10 and 90".
     */
    private static final Map<String, Integer> PER_MINUTE = Map.ofEntries(
            Map.entry("ticker", 30), Map.entry("tickers", 30), Map.entry("candles", 30), Map.entry("book", 30),
            Map.entry("trades", 15), Map.entry("platform/status", 30), Map.entry("conf", 90),
            Map.entry("auth/r/wallets", 90), Map.entry("auth/w/order/submit", 90), Map.entry("auth/r/orders", 90),
            Map.entry("auth/r/orders/hist", 90), Map.entry("auth/w/order/cancel", 90));
    private static final int LEAST_PER_MINUTE = 10;
    /** The endpoint a path is counted for: its symbol, frame and precision left out. */
    private static final Pattern ENDPOINT = Pattern.compile(
            "/v2/(ticker|tickers|book|trades|candles|conf|platform/status|auth/[rw]/[a-z]+(?:/[a-z]+)?)(?:[/:].*?)?(/hist)?");

    /** Bitfinex's minute while limits are enforced (shorter in tests), else null. */
    private volatile Duration minute;
    private final Map<String, RateJudge.Sliding> judges = new ConcurrentHashMap<>();
    private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Long> lastNonce = new ConcurrentHashMap<>();
    private final List<Long> acceptedNonces = new CopyOnWriteArrayList<>();
    private final Map<Long, StoredOrder> orders = new LinkedHashMap<>();
    private final List<JsonNode> placed = new CopyOnWriteArrayList<>();
    private final Queue<String> rejections = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextId = new AtomicLong(156523558501L);

    private BitfinexStub() {
        on("GET", "/v2/platform/status", (r, q) -> StubResponse.ok("[1]"));
        on("GET", "/v2/tickers", this::tickers);
        on("GET", "/v2/conf/pub:info:pair", (r, q) -> StubResponse.ok(
                "[[[\"BTCUST\",[null,null,null,\"0.00006\",\"2000.0\",null,null,null,0.2,0.1]],"
                        + "[\"ETHUSD\",[null,null,null,\"0.0008\",\"5000.0\",null,null,null,0.2,0.1]],"
                        + "[\"AAVE:USD\",[null,null,null,\"0.02\",\"10000.0\",null,null,null,0.2,0.1]]]]"));
        on("POST", "/v2/auth/r/wallets", (r, q) -> StubResponse.ok(
                "[[\"exchange\",\"UST\",105.23,0,100.03,null,null],[\"exchange\",\"BTC\",0.01,0,0.005,null,null],"
                        + "[\"margin\",\"USD\",500,0,500,null,null],[\"exchange\",\"ETH\",2.5,0,null,null,null]]"));
        on("POST", "/v2/auth/w/order/submit", this::submit);
        on("POST", "/v2/auth/w/order/cancel", this::cancel);
    }

    public static BitfinexStub start() {
        return new BitfinexStub();
    }

    // ---------------------------------------------------------------- test controls

    public void addAccount(String apiKey, String secret) {
        secrets.put(apiKey, secret);
    }

    /**
     * From now on each request is counted on arrival against its endpoint's figure per minute from this
     * address, in any span of a minute (Bitfinex does not say how its minute runs: this is the strictest
     * reading), and one over it is answered as Bitfinex v2 answers it, {@code ["error", 11010, "ratelimit:
     * error"]} with HTTP 429, the endpoint then blocked for the address for the rest of a minute
     * ("blocked for 10-60 seconds on that endpoint"). Off unless a test turns it on.
     */
    @Override
    public void enforceRateLimits() {
        enforceRateLimits(Duration.ofMinutes(1));
    }

    /** As {@link #enforceRateLimits()}, each figure per {@code minute} instead: a test's shorter minute. */
    public void enforceRateLimits(Duration minute) {
        judges.clear();
        blockedUntil.clear();
        this.minute = minute;
    }

    /** How many requests the stub refused for a rate limit: a bridge that keeps Bitfinex's figures causes none. */
    @Override
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /**
     * Each endpoint's judge, once a request reached it, named as the bridge names its limit ("auth/r/wallets"
     * is wallets, "auth/r/orders/hist" orders-hist); while limits are enforced.
     */
    @Override
    public Map<String, RateJudge.Judge> rateJudges() {
        Map<String, RateJudge.Judge> byName = new TreeMap<>();
        if (minute != null) {
            judges.forEach((endpoint, judge) -> byName.put(
                    endpoint.replaceFirst("^auth/(r/|w/order/)", "").replace("orders/hist", "orders-hist"), judge));
        }
        return byName;
    }

    /** The next well-formed order is refused with {@code ["error", 10001, message]}. */
    public void rejectNextOrder(String message) {
        rejections.add(message);
    }

    public List<JsonNode> placedOrders() {
        return List.copyOf(placed);
    }

    public List<Long> acceptedNonces() {
        return List.copyOf(acceptedNonces);
    }

    /** A (partial) fill: {@code filled} of the order's amount, at {@code average}. */
    public void fill(long id, String filled, String average) {
        synchronized (orders) {
            StoredOrder order = orders.get(id);
            BigDecimal done = new BigDecimal(filled);
            order.left = order.original.subtract(done.multiply(BigDecimal.valueOf(order.original.signum())));
            order.average = new BigDecimal(average);
            order.status = order.left.signum() == 0 ? "EXECUTED @ " + average + "(" + order.original + ")"
                    : "PARTIALLY FILLED @ " + average + "(" + filled + ")";
        }
    }

    // ---------------------------------------------------------------- authentication

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        if (!withinLimit(request.path())) {
            rateLimitRefusals.incrementAndGet();
            return new StubResponse(429, "[\"error\",11010,\"ratelimit: error\"]");
        }
        if (request.path().startsWith("/v2/auth/")) {
            String refusal = refusal(request);
            if (refusal != null) {
                return new StubResponse(500, refusal);
            }
            Matcher orders = ORDERS.matcher(request.path());
            if (request.method().equals("POST") && orders.matches()) {
                return orders(orders.group(2), orders.group(3) != null, JSON.readTree(request.body()));
            }
        } else if (request.method().equals("GET")) {
            Matcher m = PUBLIC.matcher(request.path());
            if (m.matches()) {
                return market(m.group(1), m.group(2), m.group(3), query);
            }
        }
        return super.respond(request, query);
    }

    /** Counts the request against its endpoint's figure when limits are on; false when it is over, or blocked. */
    private boolean withinLimit(String path) {
        Duration on = minute;
        if (on == null) {
            return true;
        }
        Matcher endpoint = ENDPOINT.matcher(path);
        // an order history is an endpoint of its own; a trades or candles history is its endpoint's only form
        String name = !endpoint.matches() ? path
                : endpoint.group(1) + (endpoint.group(1).startsWith("auth/") && endpoint.group(2) != null ? "/hist" : "");
        long now = System.nanoTime();
        Long blocked = blockedUntil.get(name);
        if (blocked != null && now - blocked < 0) {
            return false;
        }
        int figure = PER_MINUTE.getOrDefault(name, LEAST_PER_MINUTE);
        if (judges.computeIfAbsent(name, n -> new RateJudge.Sliding(figure, on)).admit("127.0.0.1", 1)) {
            return true;
        }
        blockedUntil.put(name, now + on.toNanos());
        return false;
    }

    private String refusal(StubRequest request) {
        String apiKey = request.header("bfx-apikey");
        String secret = apiKey == null ? null : secrets.get(apiKey);
        if (secret == null) {
            return "[\"error\",10100,\"apikey: invalid\"]";
        }
        String nonce = request.header("bfx-nonce");
        if (nonce == null || !nonce.matches("\\d{1,16}")) {
            return "[\"error\",10114,\"nonce: invalid\"]";
        }
        String expected = expectedSignature(secret, "/api" + request.path() + nonce + request.body());
        if (!MessageDigest.isEqual(expected.getBytes(UTF_8), String.valueOf(request.header("bfx-signature")).getBytes(UTF_8))) {
            return "[\"error\",10100,\"apikey: digest invalid\"]";
        }
        if (!String.valueOf(request.header("Content-Type")).startsWith("application/json")) {
            return "[\"error\",10020,\"request: invalid content type\"]";
        }
        synchronized (lastNonce) {
            long value = Long.parseLong(nonce);
            Long last = lastNonce.get(apiKey);
            if (last != null && value <= last) {
                return "[\"error\",10114,\"nonce: small\"]";
            }
            lastNonce.put(apiKey, value);
            acceptedNonces.add(value);
        }
        return null;
    }

    static String expectedSignature(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA384");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA384"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- public

    private StubResponse market(String kind, String frame, String symbol, Map<String, String> query) throws JsonProcessingException {
        if (!PAIRS.contains(symbol)) {
            return new StubResponse(500, "[\"error\",10020,\"symbol: invalid\"]");
        }
        if (kind.equals("ticker")) {
            return StubResponse.ok("[7616.5,31.89055171,7617.5,43.358118629999986,-550.8,-0.0674,7617.1,8314.71200815,8257.8,7500]");
        }
        if (kind.equals("book")) {
            int len = Integer.parseInt(query.getOrDefault("len", "25"));
            if (!Set.of(1, 25, 100).contains(len)) {
                return new StubResponse(500, "[\"error\",10020,\"len: invalid\"]");
            }
            return StubResponse.ok(JSON.writeValueAsString(book(len)));
        }
        if (kind.equals("trades")) {
            // newest first, as Bitfinex sorts by default
            return StubResponse.ok("[[403,1574694478808,-0.005,7245.3],[402,1574694475039,0.005,7245.4],[401,1574694472000,0.00000001,7245.5]]");
        }
        if (!FRAMES.contains(frame)) {
            return new StubResponse(500, "[\"error\",10020,\"time frame: invalid\"]");
        }
        // newest first; rows [MTS, OPEN, CLOSE, HIGH, LOW, VOLUME]
        return StubResponse.ok("[[1574697600000,7379.8,7384.9,7390.1,7375.2,12.16798923],"
                + "[1574694000000,7350.1,7379.8,7386.6,7340.3,44.54129432],[1574690400000,7320,7350.1,7351.2,7301.9,20.3]]");
    }

    /**
     * {@code len} price levels a side, as Bitfinex serves P0: the docs-style levels first, then deeper ones
     * (bids 7254.4, 7254.3, … and asks 7255.4, 7255.5, …) so the book is as long as asked.
     */
    private static List<Object> book(int len) {
        List<Object> rows = new ArrayList<>(List.of(
                List.of(new BigDecimal("7254.7"), 3, new BigDecimal("3.3")), List.of(new BigDecimal("7254.6"), 1, new BigDecimal("0.5")),
                List.of(new BigDecimal("7254.5"), 1, new BigDecimal("0.00000001")), List.of(new BigDecimal("7255.1"), 2, new BigDecimal("-1.2")),
                List.of(new BigDecimal("7255.3"), 1, new BigDecimal("-0.4")), List.of(new BigDecimal("7255.2"), 1, new BigDecimal("-0.001"))));
        BigDecimal step = new BigDecimal("0.1");
        for (int i = 1; i <= len - 3; i++) {
            BigDecimal offset = step.multiply(BigDecimal.valueOf(i));
            rows.add(List.of(new BigDecimal("7254.5").subtract(offset), 1, BigDecimal.ONE));
            rows.add(List.of(new BigDecimal("7255.3").add(offset), 1, BigDecimal.ONE.negate()));
        }
        return len == 1 ? List.of(rows.get(0), rows.get(3)) : rows;
    }

    private StubResponse tickers(StubRequest request, Map<String, String> query) {
        if (!"ALL".equals(query.get("symbols"))) {
            return new StubResponse(500, "[\"error\",10020,\"symbols: invalid\"]");
        }
        return StubResponse.ok("[[\"tBTCUST\",7616.5,31.8,7617.5,43.3,-550.8,-0.0674,7617.1,8314.7,8257.8,7500],"
                + "[\"tAAVE:USD\",90.1,10,90.2,11,1.1,0.01,90.15,2000,92,88],"
                + "[\"fUSD\",0.0001,0.0002,2,1000,0.00019,30,1200,0.00001,0.1,0.00021,100000,0.0003,0.0001,null,null,500000],"
                + "[\"tBTCF0:USTF0\",7616,1,7617,1,-5,-0.001,7616.5,100,7700,7500]]");
    }

    // ---------------------------------------------------------------- orders

    private StubResponse submit(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        JsonNode body = JSON.readTree(request.body());
        String type = body.path("type").asText();
        String symbol = body.path("symbol").asText();
        boolean market = type.equals("EXCHANGE MARKET");
        if (!PAIRS.contains(symbol)) {
            return new StubResponse(500, "[\"error\",10020,\"symbol: invalid\"]");
        }
        if (!Set.of("EXCHANGE LIMIT", "EXCHANGE MARKET").contains(type) || !body.path("amount").isTextual()
                || !SIGNED_DECIMAL.matcher(body.path("amount").asText()).matches()
                || market == body.has("price")
                || (!market && !(body.path("price").isTextual() && SIGNED_DECIMAL.matcher(body.path("price").asText()).matches()))
                || !body.path("cid").canConvertToLong()) {
            return new StubResponse(500, "[\"error\",10020,\"order: invalid\"]");
        }
        String rejection = rejections.poll();
        if (rejection != null) {
            return new StubResponse(500, "[\"error\",10001," + quote(rejection) + "]");
        }
        long now = System.currentTimeMillis();
        // a market order carries the price it was sent at, the ticker's 7617.5 here, as Bitfinex's replies show
        StoredOrder order = new StoredOrder(nextId.getAndIncrement(), body.path("cid").asLong(), symbol, now, type,
                new BigDecimal(body.path("amount").asText()), market ? MARKET_PRICE : new BigDecimal(body.path("price").asText()));
        // the notification shows the order as submitted: ACTIVE, even a market order that fills at once
        List<Object> submitted = order.row();
        if (market) {
            order.left = BigDecimal.ZERO;
            order.average = MARKET_PRICE;
            order.status = "EXECUTED @ " + MARKET_PRICE + "(" + order.original + ")";
        }
        synchronized (orders) {
            orders.put(order.id, order);
        }
        placed.add(body);
        // recorded submit replies date the notification in whole seconds
        return StubResponse.ok(JSON.writeValueAsString(Arrays.asList(now / 1000, "on-req", null, null, List.of(submitted),
                null, "SUCCESS", "Submitting 1 orders.")));
    }

    private StubResponse cancel(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        long id = JSON.readTree(request.body()).path("id").asLong();
        List<Object> beforeCancel;
        synchronized (orders) {
            StoredOrder order = orders.get(id);
            if (order == null || !(order.status.startsWith("ACTIVE") || order.status.startsWith("PARTIALLY"))) {
                return new StubResponse(500, "[\"error\",10001,\"Order not found.\"]");
            }
            // the notification shows the order as it stood: the cancel is only submitted
            beforeCancel = order.row();
            order.status = order.left.compareTo(order.original) == 0 ? "CANCELED"
                    : "CANCELED was: PARTIALLY FILLED @ " + order.average + "(" + order.original.subtract(order.left) + ")";
        }
        return StubResponse.ok(JSON.writeValueAsString(Arrays.asList(System.currentTimeMillis(), "oc-req", null, null,
                beforeCancel, null, "SUCCESS", "Submitted for cancellation; waiting for confirmation (ID: " + id + ").")));
    }

    /** Retrieve orders (active) and orders history: filtered by symbol and {@code id}; history by {@code limit}. */
    private StubResponse orders(String symbol, boolean history, JsonNode filter) throws JsonProcessingException {
        List<Object> rows = new ArrayList<>();
        Set<Long> ids = new java.util.HashSet<>();
        filter.path("id").forEach(id -> ids.add(id.asLong()));
        int limit = filter.path("limit").asInt(25);
        synchronized (orders) {
            List<StoredOrder> newestFirst = new ArrayList<>(orders.values());
            java.util.Collections.reverse(newestFirst);
            for (StoredOrder order : newestFirst) {
                boolean active = order.status.startsWith("ACTIVE") || order.status.startsWith("PARTIALLY");
                if (active != history && (symbol == null || symbol.equals(order.symbol)) && (ids.isEmpty() || ids.contains(order.id))
                        && (!history || rows.size() < limit)) {
                    rows.add(order.row());
                }
            }
        }
        return StubResponse.ok(JSON.writeValueAsString(rows));
    }
}
