package io.fmzbridge.exchange.okx;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * OKX v5 spot REST as far as the bridge uses it, checked the way OKX documents it: private calls
 * must carry a known key, the right passphrase, a fresh millisecond timestamp and
 * {@code Base64(HMAC-SHA256(secret, timestamp + METHOD + path?query + body))} computed over the
 * request exactly as it arrived. Market data is fixed fixture data; orders live in memory.
 *
 * <p>Written from the OKX docs independently of the main code's signer, so the two check each other.
 * Amounts and prices stay strings end to end; nothing here goes through a double.
 */
public final class OkxStub extends StubExchange implements RateLimitedStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Duration MAX_SKEW = Duration.ofSeconds(30);
    /** Plain digits with an optional fraction: "1e-3", "+1" or " 1" are what a double leaks, so they fail. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern CL_ORD_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final long FIRST_ORD_ID = 312269865356374016L;
    private static final Set<String> BARS = Set.of("1m", "3m", "5m", "15m", "30m", "1H", "2H", "4H",
            "6H", "12H", "1D", "2D", "3D", "1W", "1M", "3M",
            "6Hutc", "12Hutc", "1Dutc", "2Dutc", "3Dutc", "1Wutc", "1Mutc", "3Mutc");
    private static final Set<String> LIMIT_TYPES = Set.of("limit", "post_only", "fok", "ioc");
    private static final Set<String> OPEN = Set.of("live", "partially_filled");
    private static final Set<String> DONE = Set.of("filled", "canceled");
    private static final String CANCEL_FAILED =
            "Order cancellation failed as the order has been filled, canceled or does not exist.";
    private static final String NO_INSTRUMENT = "Instrument ID, Instrument ID code or Spread ID doesn't exist.";

    private record Instrument(String instId, String baseCcy, String quoteCcy, String tickSz, String lotSz, String minSz) {}

    private static final Map<String, Instrument> INSTRUMENTS = Map.of(
            "BTC-USDT", new Instrument("BTC-USDT", "BTC", "USDT", "0.1", "0.00000001", "0.00001"),
            "ETH-USDT", new Instrument("ETH-USDT", "ETH", "USDT", "0.01", "0.000001", "0.001"));

    private record Account(String secret, String passphrase) {}

    /** Why OKX turned an order down: the per-item sCode and sMsg. */
    private record Rejection(String sCode, String sMsg) {
        static Rejection param(String name) {
            return new Rejection("51000", "Parameter " + name + " error");
        }
    }

    /** An order as OKX keeps it. Mutable; guarded by the {@code orders} map. */
    private static final class StoredOrder {
        final String instId;
        final String ordId;
        final String clOrdId;
        final String side;
        final String ordType;
        final String sz;
        final String px;
        final String tgtCcy;
        final long cTime;
        String state = "live";
        String accFillSz = "0";
        String avgPx = "";
        // the last fill, "" (fillSz "0") until there is one, as OKX shows them
        String fillPx = "";
        String fillSz = "0";
        String fillTime = "";
        String tradeId = "";
        long uTime;

        StoredOrder(Map<String, String> fields, String ordId, long now) {
            this.instId = fields.get("instId");
            this.ordId = ordId;
            this.clOrdId = fields.getOrDefault("clOrdId", "");
            this.side = fields.get("side");
            this.ordType = fields.get("ordType");
            this.sz = fields.get("sz");
            this.px = LIMIT_TYPES.contains(ordType) ? fields.get("px") : ""; // OKX shows market orders' px as ""
            this.tgtCcy = fields.getOrDefault("tgtCcy", "");
            this.cTime = now;
            this.uTime = now;
        }

        Map<String, Object> view() {
            Instrument instrument = INSTRUMENTS.get(instId);
            boolean buy = side.equals("buy");
            return map("instType", "SPOT", "instId", instId, "ordId", ordId, "clOrdId", clOrdId,
                    "px", px, "sz", sz, "ordType", ordType, "side", side, "tdMode", "cash", "tgtCcy", tgtCcy,
                    "state", state, "accFillSz", accFillSz, "fillPx", fillPx, "fillSz", fillSz, "fillTime", fillTime,
                    "tradeId", tradeId, "avgPx", avgPx, "fee", fee(),
                    "feeCcy", buy ? instrument.baseCcy() : instrument.quoteCcy(),
                    "cTime", String.valueOf(cTime), "uTime", String.valueOf(uTime));
        }

        /** 0.1 % of what was received, negative as OKX reports a charge: base for buys, quote for sells. */
        private String fee() {
            BigDecimal filled = new BigDecimal(accFillSz);
            if (filled.signum() == 0) {
                return "0";
            }
            BigDecimal received = side.equals("buy") ? filled : filled.multiply(new BigDecimal(avgPx));
            return received.multiply(new BigDecimal("-0.001")).stripTrailingZeros().toPlainString();
        }
    }

    /**
     * OKX's limit for each endpoint the bridge uses ("Rate Limit: N requests per 2 seconds" and "Rate limit
     * rule" on each endpoint's page of docs-v5): public ones per IP (instruments per IP and instrument type),
     * private ones per User ID, placing, reading and cancelling an order per User ID and Instrument ID.
     */
    private record EndpointLimit(int perTwoSeconds, String rule) {}

    private static final String PER_IP = "IP";
    private static final String PER_IP_AND_TYPE = "IP + Instrument Type";
    private static final String PER_USER = "User ID";
    private static final String PER_USER_AND_INSTRUMENT = "User ID + Instrument ID";
    private static final Map<String, EndpointLimit> LIMITS = Map.ofEntries(
            Map.entry("GET /api/v5/public/time", new EndpointLimit(10, PER_IP)),
            Map.entry("GET /api/v5/public/instruments", new EndpointLimit(20, PER_IP_AND_TYPE)),
            Map.entry("GET /api/v5/market/ticker", new EndpointLimit(20, PER_IP)),
            Map.entry("GET /api/v5/market/tickers", new EndpointLimit(20, PER_IP)),
            Map.entry("GET /api/v5/market/books", new EndpointLimit(40, PER_IP)),
            Map.entry("GET /api/v5/market/trades", new EndpointLimit(100, PER_IP)),
            Map.entry("GET /api/v5/market/candles", new EndpointLimit(40, PER_IP)),
            Map.entry("GET /api/v5/account/balance", new EndpointLimit(10, PER_USER)),
            Map.entry("POST /api/v5/trade/order", new EndpointLimit(60, PER_USER_AND_INSTRUMENT)),
            Map.entry("GET /api/v5/trade/order", new EndpointLimit(60, PER_USER_AND_INSTRUMENT)),
            Map.entry("POST /api/v5/trade/cancel-order", new EndpointLimit(60, PER_USER_AND_INSTRUMENT)),
            Map.entry("GET /api/v5/trade/orders-pending", new EndpointLimit(60, PER_USER)),
            Map.entry("GET /api/v5/trade/orders-history", new EndpointLimit(40, PER_USER)));

    /** Each endpoint's judge while limits are enforced, else null. */
    private volatile Map<String, RateJudge.Sliding> judges;
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, StoredOrder> orders = new LinkedHashMap<>();
    private final AtomicLong nextOrdId = new AtomicLong(FIRST_ORD_ID);
    private final AtomicLong nextTradeId = new AtomicLong(744876980L);
    private final Queue<Rejection> rejections = new ConcurrentLinkedQueue<>();
    private final List<Map<String, String>> placed = new CopyOnWriteArrayList<>();
    private final List<String> candleBars = new CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();

    private OkxStub() {
        on("GET", "/api/v5/public/time", (r, q) -> ok(List.of(map("ts", String.valueOf(now())))));
        on("GET", "/api/v5/public/instruments", this::instruments);
        on("GET", "/api/v5/market/ticker", this::ticker);
        on("GET", "/api/v5/market/tickers", this::tickers);
        on("GET", "/api/v5/market/books", this::books);
        on("GET", "/api/v5/market/trades", this::trades);
        on("GET", "/api/v5/market/candles", this::candles);
        on("GET", "/api/v5/account/balance", this::balance);
        on("POST", "/api/v5/trade/order", this::placeOrder);
        on("GET", "/api/v5/trade/order", this::getOrder);
        on("POST", "/api/v5/trade/cancel-order", this::cancelOrder);
        on("GET", "/api/v5/trade/orders-pending", this::ordersPending);
        on("GET", "/api/v5/trade/orders-history", this::ordersHistory);
    }

    public static OkxStub start() {
        return new OkxStub();
    }

    // ---------------------------------------------------------------- test controls

    /** Lets requests signed with this key, secret and passphrase through. */
    public void addAccount(String apiKey, String secret, String passphrase) {
        accounts.put(apiKey, new Account(secret, passphrase));
    }

    /** The stub's idea of now, for /public/time and the timestamp check (e.g. {@code Clock.offset(...)}). */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** The next well-formed order is refused with this sCode/sMsg, e.g. "51008" for insufficient balance. */
    public void rejectNextOrder(String sCode, String sMsg) {
        rejections.add(new Rejection(sCode, sMsg));
    }

    /** The body fields of each accepted order exactly as sent (strings untouched), oldest first. */
    public List<Map<String, String>> placedOrders() {
        return List.copyOf(placed);
    }

    /** The {@code bar} parameter of every candles request as sent, "" where it was left out. */
    public List<String> candleBars() {
        return List.copyOf(candleBars);
    }

    /** Whether the latest request carried OKX's demo-trading header {@code x-simulated-trading: 1}. */
    public boolean lastSimulated() {
        List<StubRequest> all = requests();
        return !all.isEmpty() && "1".equals(all.get(all.size() - 1).header("x-simulated-trading"));
    }

    /** Records a fill: partially_filled, or filled once {@code accFillSz} reaches the order's sz. */
    public void fill(String ordId, String accFillSz, String avgPx) {
        synchronized (orders) {
            StoredOrder order = existing(ordId);
            BigDecimal before = new BigDecimal(order.accFillSz);
            BigDecimal traded = new BigDecimal(accFillSz).subtract(before);
            if (traded.signum() > 0) {
                // the price of this last fill: what the new average adds over the old one
                BigDecimal spentBefore = order.avgPx.isEmpty() ? BigDecimal.ZERO : before.multiply(new BigDecimal(order.avgPx));
                BigDecimal spent = new BigDecimal(accFillSz).multiply(new BigDecimal(avgPx)).subtract(spentBefore);
                order.fillPx = spent.divide(traded, MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
                order.fillSz = traded.toPlainString();
                order.fillTime = String.valueOf(now());
                order.tradeId = String.valueOf(nextTradeId.getAndIncrement());
            }
            order.accFillSz = accFillSz;
            order.avgPx = avgPx;
            order.state = new BigDecimal(accFillSz).compareTo(new BigDecimal(order.sz)) >= 0 ? "filled"
                    : new BigDecimal(accFillSz).signum() > 0 ? "partially_filled" : "live";
            order.uTime = now();
        }
    }

    /** Forces a state, e.g. "filled" for a market buy whose sz is in quote currency. */
    public void setState(String ordId, String state) {
        synchronized (orders) {
            StoredOrder order = existing(ordId);
            order.state = state;
            order.uTime = now();
        }
    }

    public String stateOf(String ordId) {
        synchronized (orders) {
            return existing(ordId).state;
        }
    }

    /** The signature OKX expects: Base64(HMAC-SHA256(secret as UTF-8, prehash as UTF-8)). */
    static String expectedSign(String secret, String prehash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(prehash.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    // ---------------------------------------------------------------- authentication

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        // an unknown private path is a 404 whatever the headers, as a router in front of OKX would answer
        if (isPrivate(request.path()) && hasRoute(request.method(), request.path())) {
            Optional<StubResponse> refusal = refusal(request);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        if (!withinLimit(request, query)) {
            rateLimitRefusals.incrementAndGet();
            return new StubResponse(429, error("50011", "Too Many Requests"));
        }
        return super.respond(request, query);
    }

    /**
     * From now on each call is counted on arrival against its endpoint's limit, in any 2 s (OKX does not say
     * how its window runs: this is the strictest reading), and one over it is answered as OKX answers,
     * HTTP 429 with code 50011 "Too Many Requests". Off unless a test turns it on.
     */
    @Override
    public void enforceRateLimits() {
        Map<String, RateJudge.Sliding> each = new ConcurrentHashMap<>();
        LIMITS.forEach((endpoint, limit) -> each.put(endpoint, new RateJudge.Sliding(limit.perTwoSeconds(),
                Duration.ofSeconds(2))));
        judges = each;
    }

    /** How many calls the stub refused for a rate limit: a bridge that keeps OKX's limits causes none. */
    @Override
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /** Each endpoint's judge ("GET /api/v5/market/ticker"), while limits are enforced. */
    @Override
    public Map<String, RateJudge.Judge> rateJudges() {
        Map<String, RateJudge.Sliding> on = judges;
        return on == null ? Map.of() : Map.copyOf(on);
    }

    private boolean withinLimit(StubRequest request, Map<String, String> query) {
        Map<String, RateJudge.Sliding> on = judges;
        String endpoint = request.method() + " " + request.path();
        EndpointLimit limit = LIMITS.get(endpoint);
        if (on == null || limit == null) {
            return true;
        }
        String user = request.header("OK-ACCESS-KEY");
        String counter = switch (limit.rule()) {
            case PER_IP -> "127.0.0.1";
            case PER_IP_AND_TYPE -> "127.0.0.1 " + query.get("instType");
            case PER_USER -> user;
            default -> user + " " + (request.method().equals("GET") ? query.get("instId")
                    : bodyObject(request).map(body -> body.path("instId").asText()).orElse(""));
        };
        return on.get(endpoint).admit(counter, 1);
    }

    private static boolean isPrivate(String path) {
        return path.startsWith("/api/v5/account/") || path.startsWith("/api/v5/trade/");
    }

    /**
     * OKX's checks in the order OKX makes them, answered with the bodies OKX sends (recorded replies:
     * HTTP 401, code and msg, no data): a missing key, then the timestamp (before the key is looked
     * up), an unknown key, the passphrase, the signature.
     */
    private Optional<StubResponse> refusal(StubRequest request) {
        String apiKey = request.header("OK-ACCESS-KEY");
        if (apiKey == null || apiKey.isEmpty()) {
            return Optional.of(unauthorized("50103", "Request header OK-ACCESS-KEY can not be empty."));
        }
        String timestamp = request.header("OK-ACCESS-TIMESTAMP");
        if (!isFresh(timestamp)) {
            return Optional.of(unauthorized("50102", "Timestamp request expired"));
        }
        Account account = accounts.get(apiKey);
        if (account == null) {
            return Optional.of(unauthorized("50119", "API key doesn't exist"));
        }
        if (!account.passphrase().equals(request.header("OK-ACCESS-PASSPHRASE"))) {
            return Optional.of(unauthorized("50105", "Request header OK-ACCESS-PASSPHRASE incorrect."));
        }
        String prehash = timestamp + request.method() + request.rawPathAndQuery() + request.body();
        String sign = request.header("OK-ACCESS-SIGN");
        if (sign == null || !MessageDigest.isEqual(
                expectedSign(account.secret(), prehash).getBytes(UTF_8), sign.getBytes(UTF_8))) {
            return Optional.of(unauthorized("50113", "Invalid Sign"));
        }
        if (request.method().equals("POST") && !isJson(request.header("Content-Type"))) {
            return Optional.of(new StubResponse(400, error("50006", "Invalid Content-Type. Please use \"application/JSON\".")));
        }
        return Optional.empty();
    }

    /** Exactly yyyy-MM-dd'T'HH:mm:ss.SSS'Z' and within 30 s of the stub's clock either way. */
    private boolean isFresh(String timestamp) {
        if (timestamp == null || !TIMESTAMP.matcher(timestamp).matches()) {
            return false;
        }
        try {
            Duration skew = Duration.between(Instant.parse(timestamp), clock.instant()).abs();
            return skew.compareTo(MAX_SKEW) <= 0;
        } catch (DateTimeParseException e) {
            return false; // e.g. month 13
        }
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    // ---------------------------------------------------------------- market data

    private StubResponse instruments(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String instType = query.get("instType");
        if (instType == null) {
            return failure("51000", "Parameter instType error");
        }
        String instId = query.get("instId");
        if (instId != null && !INSTRUMENTS.containsKey(instId)) {
            return unknownInstrument();
        }
        List<Object> data = instType.equals("SPOT") ? knownIds()
                .filter(id -> instId == null || id.equals(instId))
                .map(id -> (Object) instrumentView(INSTRUMENTS.get(id)))
                .toList() : List.of();
        return ok(data);
    }

    private static Map<String, Object> instrumentView(Instrument instrument) {
        return map("instType", "SPOT", "instId", instrument.instId(), "uly", "", "instFamily", "",
                "baseCcy", instrument.baseCcy(), "quoteCcy", instrument.quoteCcy(), "settleCcy", "",
                "tickSz", instrument.tickSz(), "lotSz", instrument.lotSz(), "minSz", instrument.minSz(),
                "maxLmtSz", "9999999999", "maxMktSz", "", "maxLmtAmt", "1000000", "maxMktAmt", "1000000", "state", "live");
    }

    private StubResponse ticker(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String instId = query.get("instId");
        if (instId == null) {
            return failure("51000", "Parameter instId error");
        }
        if (!INSTRUMENTS.containsKey(instId)) {
            return unknownInstrument();
        }
        return ok(List.of(documentedTicker(instId)));
    }

    /** OKX's documented spot ticker example, for whichever instrument was asked. */
    private static Map<String, Object> documentedTicker(String instId) {
        return map("instType", "SPOT", "instId", instId, "last", "9999.99", "lastSz", "0.1",
                "askPx", "9999.99", "askSz", "11", "bidPx", "8888.88", "bidSz", "5",
                "open24h", "9000", "high24h", "10000", "low24h", "8888.88",
                "volCcy24h", "2222", "vol24h", "2222", "sodUtc0", "2222", "sodUtc8", "2222", "ts", "1597026383085");
    }

    private StubResponse tickers(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String instType = query.get("instType");
        if (instType == null) {
            return failure("51000", "Parameter instType error");
        }
        if (!instType.equals("SPOT")) {
            return ok(List.of());
        }
        Map<String, Object> eth = map("instType", "SPOT", "instId", "ETH-USDT", "last", "2500.01", "lastSz", "0.0123",
                "askPx", "2500.02", "askSz", "3.456789", "bidPx", "2500.01", "bidSz", "0.000123",
                "open24h", "2450.5", "high24h", "2555.55", "low24h", "2440", "volCcy24h", "123456789.12345",
                "vol24h", "49382.123456", "sodUtc0", "2460.1", "sodUtc8", "2470.2", "ts", "1597026383085");
        return ok(List.of(documentedTicker("BTC-USDT"), eth));
    }

    /** A fixed five-level book in OKX order: asks cheapest first, bids dearest first. */
    private static final List<List<String>> ASKS = List.of(
            List.of("41006.8", "0.60038921", "0", "1"),
            List.of("41006.9", "0.00000123", "0", "1"),
            List.of("41007.15", "1.5", "0", "3"),
            List.of("41010", "0.012", "0", "2"),
            List.of("41020.5", "12.34567891", "0", "7"));
    private static final List<List<String>> BIDS = List.of(
            List.of("41006.3", "0.30178218", "0", "2"),
            List.of("41006.2", "0.00000001", "0", "1"),
            List.of("41005", "2", "0", "4"),
            List.of("41000.05", "0.5", "0", "1"),
            List.of("40990", "7.77777777", "0", "9"));

    private StubResponse books(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String instId = query.get("instId");
        if (instId == null) {
            return failure("51000", "Parameter instId error");
        }
        if (!INSTRUMENTS.containsKey(instId)) {
            return unknownInstrument();
        }
        Integer sz = count(query.get("sz"), 1, 400);
        if (sz == null) {
            return failure("51000", "Parameter sz error");
        }
        int levels = Math.min(sz, ASKS.size());
        return ok(List.of(map("asks", ASKS.subList(0, levels), "bids", BIDS.subList(0, levels), "ts", "1629966436396")));
    }

    /** Newest first: tradeId and ts fall as the list goes on. */
    private static final List<List<String>> TRADES = List.of(
            List.of("242720720", "41006.8", "0.00000123", "buy", "1629966436396"),
            List.of("242720719", "41006.3", "0.5", "sell", "1629966436100"),
            List.of("242720718", "41006.75", "0.01", "buy", "1629966435900"),
            List.of("242720717", "41005.1", "1.23456789", "sell", "1629966435000"),
            List.of("242720716", "41004", "0.00001", "buy", "1629966434000"));

    private StubResponse trades(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String instId = query.get("instId");
        if (instId == null) {
            return failure("51000", "Parameter instId error");
        }
        if (!INSTRUMENTS.containsKey(instId)) {
            return unknownInstrument();
        }
        Integer limit = count(query.get("limit"), 100, 500);
        if (limit == null) {
            return failure("51000", "Parameter limit error");
        }
        List<Object> data = TRADES.stream().limit(limit)
                .map(t -> (Object) map("instId", instId, "tradeId", t.get(0), "px", t.get(1), "sz", t.get(2),
                        "side", t.get(3), "source", "0", "ts", t.get(4)))
                .toList();
        return ok(data);
    }

    /** Newest first, one minute apart whatever bar was asked; the newest candle is still open (confirm "0"). */
    private static final List<List<String>> CANDLES = List.of(
            List.of("1700000040000", "41006.3", "41010", "41000.1", "41006.8", "0.00000123", "0.0504", "0.0504", "0"),
            List.of("1699999980000", "41000", "41007.5", "40995.5", "41006.3", "1.5", "61509.45", "61509.45", "1"),
            List.of("1699999920000", "40990.1", "41001", "40985", "41000", "0.12345678", "5061.4", "5061.4", "1"),
            List.of("1699999860000", "40980", "40992.2", "40975.3", "40990.1", "2", "81960.2", "81960.2", "1"),
            List.of("1699999800000", "40970.5", "40985", "40960", "40980", "0.00001", "0.409", "0.409", "1"));

    private StubResponse candles(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String bar = query.get("bar");
        candleBars.add(bar == null ? "" : bar);
        String instId = query.get("instId");
        if (instId == null) {
            return failure("51000", "Parameter instId error");
        }
        if (!INSTRUMENTS.containsKey(instId)) {
            return unknownInstrument();
        }
        if (bar != null && !BARS.contains(bar)) {
            return failure("51000", "Parameter bar error");
        }
        Integer limit = count(query.get("limit"), 100, 300);
        if (limit == null) {
            return failure("51000", "Parameter limit error");
        }
        return ok(CANDLES.stream().limit(limit).map(row -> (Object) row).toList());
    }

    // ---------------------------------------------------------------- account and orders

    private StubResponse balance(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        List<Map<String, Object>> details = List.of(
                map("ccy", "USDT", "availBal", "4834.31", "frozenBal", "158.573", "cashBal", "4992.883",
                        "eq", "4992.883", "uTime", "1705449605015"),
                map("ccy", "BTC", "availBal", "0.00000001", "frozenBal", "0", "cashBal", "0.00000001",
                        "eq", "0.00000001", "uTime", "1705449605015"));
        String ccy = query.get("ccy");
        if (ccy != null) {
            Set<String> wanted = Set.of(ccy.split(","));
            details = details.stream().filter(d -> wanted.contains((String) d.get("ccy"))).toList();
        }
        return ok(List.of(map("totalEq", "55837.43", "uTime", "1705449605015", "details", details)));
    }

    private StubResponse placeOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Optional<JsonNode> body = bodyObject(request);
        if (body.isEmpty()) {
            return badJson();
        }
        Map<String, String> fields = fields(body.get());
        String clOrdId = fields.getOrDefault("clOrdId", "");
        long now = now();
        StoredOrder order;
        synchronized (orders) { // one decision at a time, so two orders cannot both claim a clOrdId
            Optional<Rejection> rejection = validate(body.get(), fields);
            if (rejection.isEmpty()) {
                rejection = Optional.ofNullable(rejections.poll());
            }
            if (rejection.isPresent()) {
                return allFailed("", clOrdId, rejection.get());
            }
            order = new StoredOrder(fields, String.valueOf(nextOrdId.getAndIncrement()), now);
            orders.put(order.ordId, order);
            placed.add(fields);
        }
        Map<String, Object> reply = map("code", "0", "msg", "", "data", List.of(map("clOrdId", clOrdId,
                "ordId", order.ordId, "sCode", "0", "sMsg", "Order placed", "tag", "", "ts", String.valueOf(now))),
                "inTime", now + "000", "outTime", now + "000");
        return StubResponse.ok(JSON.writeValueAsString(reply));
    }

    /** OKX's checks on a spot order, in the order a caller would want to hear about them. Caller holds the orders lock. */
    private Optional<Rejection> validate(JsonNode body, Map<String, String> fields) {
        // OKX documents every field as a string: a JSON number is refused, not reinterpreted
        for (String name : List.of("instId", "tdMode", "side", "ordType", "sz", "px", "tgtCcy", "clOrdId")) {
            JsonNode value = body.get(name);
            boolean required = !Set.of("px", "tgtCcy", "clOrdId").contains(name);
            if ((value == null && required) || (value != null && !value.isTextual())) {
                return Optional.of(Rejection.param(name));
            }
        }
        Instrument instrument = INSTRUMENTS.get(fields.get("instId"));
        if (instrument == null) {
            return Optional.of(new Rejection("51001", NO_INSTRUMENT));
        }
        if (!fields.get("tdMode").equals("cash")) {
            return Optional.of(Rejection.param("tdMode"));
        }
        String side = fields.get("side");
        if (!side.equals("buy") && !side.equals("sell")) {
            return Optional.of(Rejection.param("side"));
        }
        String ordType = fields.get("ordType");
        if (!ordType.equals("market") && !LIMIT_TYPES.contains(ordType)) {
            return Optional.of(Rejection.param("ordType"));
        }
        String tgtCcy = fields.getOrDefault("tgtCcy", "");
        if (!tgtCcy.isEmpty() && !tgtCcy.equals("base_ccy") && !tgtCcy.equals("quote_ccy")) {
            return Optional.of(Rejection.param("tgtCcy"));
        }
        // a market buy is sized in quote currency unless tgtCcy says base; everything else in base
        boolean sizedInBase = !ordType.equals("market") || tgtCcy.equals("base_ccy")
                || (side.equals("sell") && !tgtCcy.equals("quote_ccy"));
        String sz = fields.get("sz");
        if (!isPositive(sz) || (sizedInBase && !isMultiple(sz, instrument.lotSz()))) {
            return Optional.of(Rejection.param("sz"));
        }
        if (LIMIT_TYPES.contains(ordType)) {
            String px = fields.get("px");
            if (px == null || !isPositive(px) || !isMultiple(px, instrument.tickSz())) {
                return Optional.of(Rejection.param("px"));
            }
        }
        String clOrdId = fields.get("clOrdId");
        if (clOrdId != null) {
            if (!CL_ORD_ID.matcher(clOrdId).matches()) {
                return Optional.of(Rejection.param("clOrdId"));
            }
            if (orders.values().stream().anyMatch(o -> o.clOrdId.equals(clOrdId))) {
                return Optional.of(new Rejection("51016", "Client order ID already exists."));
            }
        }
        return Optional.empty();
    }

    private StubResponse getOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String instId = query.get("instId");
        if (instId == null) {
            return failure("51000", "Parameter instId error");
        }
        if (query.get("ordId") == null && query.get("clOrdId") == null) {
            return failure("51000", "Parameter ordId error");
        }
        synchronized (orders) {
            StoredOrder order = find(instId, query.get("ordId"), query.get("clOrdId"));
            if (order == null) {
                return failure("51603", "Order does not exist.");
            }
            return ok(List.of(order.view()));
        }
    }

    private StubResponse cancelOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Optional<JsonNode> body = bodyObject(request);
        if (body.isEmpty()) {
            return badJson();
        }
        Map<String, String> fields = fields(body.get());
        String ordId = fields.getOrDefault("ordId", "");
        String clOrdId = fields.getOrDefault("clOrdId", "");
        if (fields.get("instId") == null) {
            return allFailed(ordId, clOrdId, Rejection.param("instId"));
        }
        synchronized (orders) {
            StoredOrder order = find(fields.get("instId"), fields.get("ordId"), fields.get("clOrdId"));
            if (order == null || !OPEN.contains(order.state)) {
                return allFailed(ordId, clOrdId, new Rejection("51400", CANCEL_FAILED));
            }
            order.state = "canceled";
            order.uTime = now();
            return ok(List.of(map("clOrdId", order.clOrdId, "ordId", order.ordId, "sCode", "0", "sMsg", "",
                    "ts", String.valueOf(order.uTime))));
        }
    }

    private StubResponse ordersPending(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Integer limit = count(query.get("limit"), 100, 100);
        if (limit == null) {
            return failure("51000", "Parameter limit error");
        }
        return ok(listOrders(query, o -> OPEN.contains(o.state), limit));
    }

    private StubResponse ordersHistory(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (query.get("instType") == null) {
            return failure("51000", "Parameter instType error");
        }
        Integer limit = count(query.get("limit"), 100, 100);
        if (limit == null) {
            return failure("51000", "Parameter limit error");
        }
        Predicate<StoredOrder> wanted = o -> DONE.contains(o.state);
        String state = query.get("state");
        if (state != null) {
            wanted = wanted.and(o -> o.state.equals(state));
        }
        // begin/end bound cTime (ms); after/before page by ordId (older than / newer than)
        Long begin = longOrNull(query.get("begin"));
        Long end = longOrNull(query.get("end"));
        Long after = longOrNull(query.get("after"));
        Long before = longOrNull(query.get("before"));
        wanted = wanted.and(o -> begin == null || o.cTime >= begin)
                .and(o -> end == null || o.cTime <= end)
                .and(o -> after == null || Long.parseLong(o.ordId) < after)
                .and(o -> before == null || Long.parseLong(o.ordId) > before);
        return ok(listOrders(query, wanted, limit));
    }

    /** Spot orders matching the filter and the optional instType/instId parameters, newest first. */
    private List<Object> listOrders(Map<String, String> query, Predicate<StoredOrder> wanted, int limit) {
        String instType = query.get("instType");
        String instId = query.get("instId");
        if (instType != null && !instType.equals("SPOT")) {
            return List.of();
        }
        synchronized (orders) {
            return orders.values().stream()
                    .filter(wanted)
                    .filter(o -> instId == null || o.instId.equals(instId))
                    .sorted(Comparator.comparingLong((StoredOrder o) -> o.cTime)
                            .thenComparing(o -> Long.parseLong(o.ordId)).reversed())
                    .limit(limit)
                    .map(o -> (Object) o.view())
                    .toList();
        }
    }

    /** Caller holds the orders lock. By ordId when given, else by clOrdId; the instId must match too. */
    private StoredOrder find(String instId, String ordId, String clOrdId) {
        StoredOrder order = ordId != null ? orders.get(ordId)
                : orders.values().stream().filter(o -> o.clOrdId.equals(clOrdId)).findFirst().orElse(null);
        return order != null && order.instId.equals(instId) ? order : null;
    }

    private StoredOrder existing(String ordId) {
        StoredOrder order = orders.get(ordId);
        if (order == null) {
            throw new IllegalArgumentException("the OKX stub holds no order " + ordId);
        }
        return order;
    }

    // ---------------------------------------------------------------- helpers

    private long now() {
        return clock.millis();
    }

    private static Stream<String> knownIds() {
        return Stream.of("BTC-USDT", "ETH-USDT");
    }

    private static StubResponse ok(List<?> data) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(map("code", "0", "msg", "", "data", data)));
    }

    /**
     * OKX's error shape, with the HTTP status OKX's error table gives the code: 400 for 51000 (a
     * parameter error), 200 for the others here, so callers must read {@code code}.
     */
    private static StubResponse failure(String code, String msg) {
        return new StubResponse(code.equals("51000") ? 400 : 200, error(code, msg));
    }

    private static String error(String code, String msg) {
        return "{\"code\":" + quote(code) + ",\"msg\":" + quote(msg) + ",\"data\":[]}";
    }

    private static StubResponse unknownInstrument() {
        return failure("51001", NO_INSTRUMENT);
    }

    /** OKX's authentication refusals carry no {@code data}. */
    private static StubResponse unauthorized(String code, String msg) {
        return new StubResponse(401, "{\"msg\":" + quote(msg) + ",\"code\":" + quote(code) + "}");
    }

    private StubResponse badJson() {
        return new StubResponse(400, error("50002", "JSON syntax error"));
    }

    /** The per-item failure OKX sends with HTTP 200 and code "1". */
    private StubResponse allFailed(String ordId, String clOrdId, Rejection rejection) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(map("code", "1", "msg", "All operations failed", "data", List.of(
                map("ordId", ordId, "clOrdId", clOrdId, "sCode", rejection.sCode(), "sMsg", rejection.sMsg(),
                        "tag", "", "ts", String.valueOf(now()))))));
    }

    private static Optional<JsonNode> bodyObject(StubRequest request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Each top-level field as sent: strings as their text, anything else as its JSON text. */
    private static Map<String, String> fields(JsonNode body) {
        Map<String, String> fields = new LinkedHashMap<>();
        body.properties().forEach(e -> fields.put(e.getKey(),
                e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
        return Collections.unmodifiableMap(fields);
    }

    /** A count parameter: absent → fallback, otherwise a whole number in 1..max, else null. */
    private static Integer count(String value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (!value.matches("\\d{1,9}")) {
            return null;
        }
        int n = Integer.parseInt(value);
        return n >= 1 && n <= max ? n : null;
    }

    private static Long longOrNull(String value) {
        return value == null || !value.matches("\\d{1,19}") ? null : Long.valueOf(value);
    }

    private static boolean isPositive(String amount) {
        return PLAIN_DECIMAL.matcher(amount).matches() && new BigDecimal(amount).signum() > 0;
    }

    private static boolean isMultiple(String amount, String step) {
        return new BigDecimal(amount).remainder(new BigDecimal(step)).signum() == 0;
    }

    /** An insertion-ordered map from alternating keys and values, so replies keep OKX's field order. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
