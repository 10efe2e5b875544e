package io.fmzbridge.exchange.upbitstyle;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.RateLimitedStub;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The REST dialect Upbit defined and Bithumb's JWT API follows, as a local exchange: fixture market
 * data and in-memory orders, and every private call checked the way the exchanges document it:
 * {@code Authorization: Bearer <JWT>} verified with nimbus-jose-jwt against the account's secret,
 * the claims ({@code access_key}, a UUID {@code nonce} never seen before, {@code timestamp} where
 * the exchange requires it) and {@code query_hash} = SHA-512 hex of the parameters exactly as
 * received (decoded query, or a POST's JSON fields as {@code k=v}), with {@code query_hash_alg}.
 *
 * <p>Written from the exchanges' docs, independently of the bridge's signer. Amounts and prices
 * stay strings; nothing goes through a double.
 */
public abstract class UpbitStyleStub extends StubExchange implements RateLimitedStub {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    protected static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final DateTimeFormatter KST = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
            .withZone(ZoneOffset.ofHours(9));

    /** What differs between the exchanges that speak the dialect. */
    public record Dialect(Set<JWSAlgorithm> algorithms, boolean timestampRequired, String orderTypeField,
                             String clientIdField) {
    }

    /** An order as the exchange keeps it. Guarded by {@code orders}. */
    public static final class StoredOrder {
        public final String id;
        public final String market;
        public final String side;
        public final String ordType;
        public final String price;
        public final String volume;
        public final String clientId;
        public final long createdAt;
        public String state = "wait";
        public BigDecimal executed = BigDecimal.ZERO;
        public final List<Map<String, Object>> trades = new ArrayList<>();

        StoredOrder(String id, Map<String, String> fields, Dialect dialect, long now) {
            this.id = id;
            this.market = fields.get("market");
            this.side = fields.get("side");
            this.ordType = fields.get(dialect.orderTypeField());
            this.price = fields.get("price");
            this.volume = fields.get("volume");
            this.clientId = fields.get(dialect.clientIdField());
            this.createdAt = now;
        }

        BigDecimal funds() {
            return trades.stream().map(t -> new BigDecimal((String) t.get("funds"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /**
         * As a list (GET /v1/orders/open, /closed, /v1/orders) shows the order: {@code executed_funds}
         * but no {@code trades}, which only the single-order lookup carries (Upbit's list reference).
         */
        public Map<String, Object> listed(Dialect dialect) {
            Map<String, Object> view = view(dialect);
            view.remove("trades");
            view.put("executed_funds", funds().toPlainString());
            return view;
        }

        /** As a placement or cancel reply shows the order: no {@code trades}. */
        public Map<String, Object> accepted(Dialect dialect) {
            Map<String, Object> view = view(dialect);
            view.remove("trades");
            return view;
        }

        /** The dialect's order view (single-order lookup): ord_type on the reading side for both exchanges. */
        public Map<String, Object> view(Dialect dialect) {
            BigDecimal remaining = volume == null ? null : new BigDecimal(volume).subtract(executed);
            Map<String, Object> view = map("uuid", id, "side", side, "ord_type", ordType, "price", price, "state", state,
                    "market", market, "created_at", KST.format(Instant.ofEpochMilli(createdAt)), "volume", volume,
                    "remaining_volume", remaining == null ? null : remaining.toPlainString(),
                    "reserved_fee", "0", "remaining_fee", "0", "paid_fee", "0", "locked", "0",
                    "executed_volume", executed.toPlainString(), "trades_count", trades.size());
            if (dialect.clientIdField().equals("identifier")) {
                view.put("identifier", clientId);
            } else {
                view.put("client_order_id", clientId);
                view.put("executed_funds", funds().toPlainString());
            }
            view.put("trades", trades);
            return view;
        }
    }

    protected final Dialect dialect;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final List<JWTClaimsSet> verified = new CopyOnWriteArrayList<>();
    private final List<String> algorithmsSeen = new CopyOnWriteArrayList<>();
    protected final Map<String, StoredOrder> orders = new LinkedHashMap<>();
    protected final List<Map<String, String>> placed = new CopyOnWriteArrayList<>();
    private final Queue<String[]> rejections = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong(1);
    protected volatile Clock clock = Clock.systemUTC();
    private volatile Duration timestampWindow = Duration.ofSeconds(30);

    protected UpbitStyleStub(Dialect dialect) {
        this.dialect = dialect;
    }

    // ---------------------------------------------------------------- test controls

    public void addAccount(String accessKey, String secret) {
        secrets.put(accessKey, secret);
    }

    /** The stub's idea of now, for the timestamp check. */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** How far a token's timestamp may be from the stub's clock (undocumented by the exchange; 30 s unless set). */
    public void useTimestampWindow(Duration window) {
        this.timestampWindow = window;
    }

    /** The claims of every token that passed, oldest first. */
    public List<JWTClaimsSet> verifiedClaims() {
        return List.copyOf(verified);
    }

    /**
     * The claims of the token a request carried, once the stub has verified that token: read from
     * the request itself, so a token of some other call that passed later cannot stand in for it.
     */
    public JWTClaimsSet verifiedClaimsOf(StubRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new AssertionError("the request carried no token: " + request.rawPathAndQuery());
        }
        try {
            JWTClaimsSet claims = SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet();
            Object nonce = claims.getClaim("nonce");
            if (verified.stream().noneMatch(seen -> nonce != null && nonce.equals(seen.getClaim("nonce")))) {
                throw new AssertionError("the stub did not verify the token of " + request.rawPathAndQuery());
            }
            return claims;
        } catch (java.text.ParseException e) {
            throw new AssertionError("the request's token is not a JWT", e);
        }
    }

    public List<String> algorithmsSeen() {
        return List.copyOf(algorithmsSeen);
    }

    /** The fields of every accepted order as sent, oldest first. */
    public List<Map<String, String>> placedOrders() {
        return List.copyOf(placed);
    }

    /** The next well-formed order is refused with this HTTP status, error name and message. */
    public void rejectNextOrder(int status, String name, String message) {
        rejections.add(new String[] {String.valueOf(status), name, message});
    }

    /** A trade against the order: partly filled, or done once the volume is filled. */
    public void fill(String id, String volume, String price) {
        synchronized (orders) {
            StoredOrder order = existing(id);
            BigDecimal v = new BigDecimal(volume);
            order.executed = order.executed.add(v);
            order.trades.add(map("uuid", "T" + sequence.getAndIncrement(), "price", price, "volume", volume,
                    "funds", v.multiply(new BigDecimal(price)).toPlainString(), "side", order.side));
            if (order.volume != null && order.executed.compareTo(new BigDecimal(order.volume)) >= 0) {
                order.state = "done";
            }
        }
    }

    /** Ends an order in this state, as the exchange's engine would (a market buy's leftover: "cancel"). */
    public void finish(String id, String state) {
        synchronized (orders) {
            existing(id).state = state;
        }
    }

    public int orderCount() {
        synchronized (orders) {
            return orders.size();
        }
    }

    // ---------------------------------------------------------------- authentication

    /** Private paths: everything that is not market data. */
    protected abstract boolean isPrivate(String path);

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        if (isPrivate(request.path())) {
            StubResponse refused = authenticate(request);
            if (refused != null) {
                return refused;
            }
        }
        if (!enforcing || !hasRoute(request.method(), request.path())) {
            return super.respond(request, query);
        }
        List<Limit> limits = limitsOf(request);
        for (Limit limit : limits) {
            if (!judgeOf(limit).admit(counterOf(limit, request, query), 1)) {
                rateLimitRefusals.incrementAndGet();
                return overLimit(limit);
            }
        }
        Limit first = limits.get(0);
        RateJudge.Sliding judge = judgeOf(first);
        // the handler's own reply, then what is left of the call's first limit as it stands after the call
        StubResponse reply = super.respond(request, query);
        return withRemaining(reply, first, Math.max(0, judge.limit() - judge.used(counterOf(first, request, query))));
    }

    // ---------------------------------------------------------------- rate limits

    /** Whose calls one counter of a limit holds, as the exchange says. */
    public enum Per { IP, KEY, KEY_AND_ASSET }

    /**
     * One of the exchange's documented limits: at most {@code perSecond} calls in any second, by arrival (the
     * strictest reading: neither exchange says how its second runs), one counter {@code per} address, key, or
     * key and asset.
     */
    public record Limit(String name, int perSecond, Per per) {
    }

    private final Map<Limit, RateJudge.Sliding> judges = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();
    private volatile boolean enforcing;
    private volatile Map<String, Integer> scaled = Map.of();

    /**
     * From now on each call is counted on arrival against the limits its exchange documents for it
     * ({@link #limitsOf}), and one over any of them is answered as the exchange answers ({@link #overLimit}).
     * Off unless a test turns it on.
     */
    @Override
    public void enforceRateLimits() {
        enforceRateLimits(Map.of());
    }

    /** {@link #enforceRateLimits()} with some limits scaled down, by name, for a test's small bursts. */
    public void enforceRateLimits(Map<String, Integer> scaled) {
        this.scaled = Map.copyOf(scaled);
        judges.clear();
        enforcing = true;
    }

    /** How many calls the stub refused for a rate limit: a bridge that keeps the exchange's model causes none. */
    @Override
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /** Each limit's judge by its name (the group or category, as the bridge names its limits), once a call spent it. */
    @Override
    public Map<String, RateJudge.Judge> rateJudges() {
        Map<String, RateJudge.Judge> byName = new TreeMap<>();
        if (enforcing) {
            judges.forEach((limit, judge) -> byName.put(limit.name(), judge));
        }
        return byName;
    }

    /**
     * Another program's calls on the same address or key, counted now: they show in no request the bridge
     * makes, only in what the exchange says is left. {@code counter} is the access key for a limit per key.
     */
    protected void spendElsewhere(Limit limit, String counter, int calls) {
        for (int i = 0; i < calls; i++) {
            judgeOf(limit).admit(counter, 1);
        }
    }

    /** The limits a call counts against, its own group or category first. */
    protected abstract List<Limit> limitsOf(StubRequest request);

    /** The reply to a call over {@code limit}, as the exchange gives it. */
    protected abstract StubResponse overLimit(Limit limit) throws JsonProcessingException;

    /** A reply with what the exchange says is left of its call's limit (Upbit's Remaining-Req); unchanged where it says nothing. */
    protected StubResponse withRemaining(StubResponse reply, Limit limit, long left) {
        return reply;
    }

    /** The asset an order or cancel is about, for a limit per key and asset; none in the dialect itself. */
    protected String assetOf(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " counts nothing per asset");
    }

    private RateJudge.Sliding judgeOf(Limit limit) {
        return judges.computeIfAbsent(limit, l -> new RateJudge.Sliding(scaled.getOrDefault(l.name(), l.perSecond()),
                Duration.ofSeconds(1)));
    }

    private String counterOf(Limit limit, StubRequest request, Map<String, String> query) throws JsonProcessingException {
        return switch (limit.per()) {
            case IP -> "127.0.0.1";
            case KEY -> accessKeyOf(request);
            case KEY_AND_ASSET -> accessKeyOf(request) + " " + assetOf(request, query);
        };
    }

    /** The access key of a call that passed {@link #authenticate}. */
    private static String accessKeyOf(StubRequest request) {
        try {
            return text(SignedJWT.parse(request.header("Authorization").substring("Bearer ".length())).getJWTClaimsSet(),
                    "access_key");
        } catch (ParseException e) {
            throw new IllegalStateException("an authenticated call's token no longer parses", e);
        }
    }

    private StubResponse authenticate(StubRequest request) throws JsonProcessingException {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return error(401, "jwt_verification", "Authorization header is missing or not a Bearer token.");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return error(401, "jwt_verification", "Failed to verify Jwt token.");
        }
        if (!dialect.algorithms().contains(jwt.getHeader().getAlgorithm())) {
            return error(401, "jwt_verification", "Unsupported algorithm.");
        }
        String accessKey = text(claims, "access_key");
        String secret = accessKey == null ? null : secrets.get(accessKey);
        if (secret == null) {
            return error(401, "invalid_access_key", "잘못된 엑세스 키입니다.");
        }
        try {
            if (!jwt.verify(new MACVerifier(secret.getBytes(UTF_8)))) {
                return error(401, "jwt_verification", "Failed to verify Jwt token.");
            }
        } catch (JOSEException e) {
            return error(401, "jwt_verification", "Failed to verify Jwt token.");
        }
        String nonce = text(claims, "nonce");
        if (nonce == null || !UUID_TEXT.matcher(nonce).matches()) {
            return error(401, "jwt_verification", "nonce must be a UUID.");
        }
        if (!nonces.add(nonce)) {
            return error(401, "nonce_used", "이미 요청한 nonce값이 다시 사용되었습니다.");
        }
        if (dialect.timestampRequired()) {
            Object timestamp = claims.getClaim("timestamp");
            if (!(timestamp instanceof Number ms) || Math.abs(ms.longValue() - clock.millis()) > timestampWindow.toMillis()) {
                return error(401, "invalid_timestamp", "timestamp is missing or too far from the server's time.");
            }
        }
        String params = receivedParams(request);
        String hash = text(claims, "query_hash");
        if (params.isEmpty() ? hash != null : !(sha512Hex(params).equals(hash) && "SHA512".equals(text(claims, "query_hash_alg")))) {
            return error(401, "invalid_query_payload", "JWT 토큰의 쿼리 해시가 요청과 일치하지 않습니다.");
        }
        verified.add(claims);
        algorithmsSeen.add(jwt.getHeader().getAlgorithm().getName());
        return null;
    }

    /** The parameters as the exchange rebuilds them: the decoded query, then a JSON body's fields. */
    private static String receivedParams(StubRequest request) throws JsonProcessingException {
        List<String> pairs = new ArrayList<>();
        for (String pair : request.rawQuery().split("&")) {
            if (!pair.isEmpty()) {
                pairs.add(URLDecoder.decode(pair, UTF_8));
            }
        }
        if (!request.body().isEmpty()) {
            JsonNode body = JSON.readTree(request.body());
            body.properties().forEach(field -> {
                if (field.getValue().isArray()) {
                    field.getValue().forEach(item -> pairs.add(field.getKey() + "[]=" + item.asText()));
                } else {
                    pairs.add(field.getKey() + "=" + field.getValue().asText());
                }
            });
        }
        return String.join("&", pairs);
    }

    private static String text(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    private static String sha512Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(text.getBytes(UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- market data (fixtures)

    protected static final List<String> MARKETS = List.of("KRW-BTC", "KRW-ETH", "BTC-ETH");

    protected StubResponse marketAll(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        return ok(List.of(
                map("market", "KRW-BTC", "korean_name", "비트코인", "english_name", "Bitcoin", "market_warning", "NONE"),
                map("market", "KRW-ETH", "korean_name", "이더리움", "english_name", "Ethereum", "market_warning", "NONE"),
                map("market", "BTC-ETH", "korean_name", "이더리움", "english_name", "Ethereum", "market_warning", "NONE")));
    }

    private static Map<String, Object> tickerOf(String market) {
        boolean btc = market.equals("KRW-BTC");
        boolean krw = market.startsWith("KRW-");
        return map("market", market, "trade_date", "20180418", "trade_time", "102340", "trade_timestamp", 1524047020000L,
                "opening_price", btc ? 8450000 : krw ? 350000 : new BigDecimal("0.05"),
                "high_price", btc ? 8679000 : krw ? 360000 : new BigDecimal("0.051"),
                "low_price", btc ? 8445000 : krw ? 340000 : new BigDecimal("0.049"),
                "trade_price", btc ? 8621000 : krw ? 355000 : new BigDecimal("0.05012345"),
                "prev_closing_price", 8450000, "change", "RISE", "change_rate", new BigDecimal("0.0202366864"),
                "acc_trade_volume_24h", new BigDecimal("27181.31137002"), "timestamp", 1524047026072L);
    }

    protected StubResponse ticker(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String markets = query.get("markets");
        if (markets == null || markets.isEmpty()) {
            return error(400, "validation_error", "markets is missing.");
        }
        List<Object> tickers = new ArrayList<>();
        for (String market : markets.split(",")) {
            if (!MARKETS.contains(market)) {
                return codeNotFound();
            }
            tickers.add(tickerOf(market));
        }
        return ok(tickers);
    }

    /** One book per market: 30 levels a side, as the exchanges give for a single market. */
    protected static final int BOOK_LEVELS = 30;

    protected StubResponse orderbook(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String market = query.get("markets");
        if (!MARKETS.contains(market)) {
            return codeNotFound();
        }
        List<Object> units = new ArrayList<>(List.of(
                map("ask_price", 6956000, "bid_price", 6954000, "ask_size", new BigDecimal("0.24078656"), "bid_size", new BigDecimal("0.00718341")),
                map("ask_price", 6958000, "bid_price", 6953000, "ask_size", new BigDecimal("1.12919"), "bid_size", new BigDecimal("0.11500074")),
                map("ask_price", 6960000, "bid_price", 6952000, "ask_size", new BigDecimal("0.00000001"), "bid_size", new BigDecimal("2.5"))));
        for (int level = units.size(); level < BOOK_LEVELS; level++) {
            units.add(map("ask_price", 6960000 + (level - 2) * 1000, "bid_price", 6952000 - (level - 2) * 1000,
                    "ask_size", new BigDecimal("0.1"), "bid_size", new BigDecimal("0.2")));
        }
        return ok(List.of(map("market", market, "timestamp", 1529910247984L, "total_ask_size", new BigDecimal("8.83621228"),
                "total_bid_size", new BigDecimal("2.43976741"), "orderbook_units", units)));
    }

    /** {@code count} as the exchanges read it: 1 when left out (their documented default), at most {@code max}. */
    private static int count(Map<String, String> query, int max) {
        return query.get("count") == null ? 1 : Math.min(Integer.parseInt(query.get("count")), max);
    }

    protected StubResponse trades(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (!MARKETS.contains(query.get("market"))) {
            return codeNotFound();
        }
        List<Object> ticks = new ArrayList<>();
        for (int i = 0; i < count(query, 500); i++) { // newest first
            ticks.add(map("market", query.get("market"), "trade_date_utc", "2018-04-18", "trade_time_utc", "10:19:5" + (8 - i % 9),
                    "timestamp", 1524046798000L - i * 1000, "trade_price", 8616000 - i, "trade_volume", new BigDecimal("0.0300000" + i % 10),
                    "prev_closing_price", 8450000, "change_price", 166000, "ask_bid", i == 0 ? "ASK" : "BID",
                    "sequential_id", 15240467980000000L - i));
        }
        return ok(ticks);
    }

    /** Bars of the path's unit (minutes/N, days, weeks), newest first, the newest starting 2018-04-18T13:00Z. */
    protected StubResponse candles(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (!MARKETS.contains(query.get("market"))) {
            return codeNotFound();
        }
        if (query.get("count") != null && Integer.parseInt(query.get("count")) > 200) {
            return error(400, "validation_error", "count must be at most 200.");
        }
        String path = request.path();
        long unitMinutes = path.endsWith("/days") ? 1440 : path.endsWith("/weeks") ? 10080
                : Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        LocalDateTime newest = LocalDateTime.of(2018, 4, 18, 13, 0);
        List<Object> bars = new ArrayList<>();
        for (int i = 0; i < count(query, 200); i++) {
            LocalDateTime start = newest.minusMinutes(unitMinutes * i);
            bars.add(map("market", query.get("market"), "candle_date_time_utc", start.toString() + ":00",
                    "candle_date_time_kst", start.plusHours(9).toString() + ":00", "opening_price", 8615000,
                    "high_price", 8618000, "low_price", 8611000, "trade_price", 8616000 + i,
                    "timestamp", 1524046650532L, "candle_acc_trade_price", new BigDecimal("60018891.90054"),
                    "candle_acc_trade_volume", new BigDecimal("6.9667566" + i % 10)));
        }
        return ok(bars);
    }

    // ---------------------------------------------------------------- account and orders

    protected StubResponse accounts(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        return ok(List.of(
                map("currency", "KRW", "balance", "1000000.0", "locked", "5000.5", "avg_buy_price", "0",
                        "avg_buy_price_modified", false, "unit_currency", "KRW"),
                map("currency", "BTC", "balance", "0.00000001", "locked", "0.0", "avg_buy_price", "101000",
                        "avg_buy_price_modified", false, "unit_currency", "KRW")));
    }

    /** Places an order from the JSON body; the reply is the exchange's own (see subclasses). */
    protected StoredOrder place(Map<String, String> fields) {
        synchronized (orders) {
            StoredOrder order = new StoredOrder(newId(), fields, dialect, clock.millis());
            orders.put(order.id, order);
            placed.add(fields);
            return order;
        }
    }

    protected abstract String newId();

    /** The dialect's checks on an order, or the refusal; null when it may be placed. Caller holds the lock. */
    protected StubResponse validate(JsonNode body, Map<String, String> fields) throws JsonProcessingException {
        for (String name : List.of("market", "side", dialect.orderTypeField(), "price", "volume", dialect.clientIdField())) {
            if (body.has(name) && !body.get(name).isTextual()) {
                return error(400, "validation_error", name + " must be a string.");
            }
        }
        String market = fields.get("market");
        if (!MARKETS.contains(market)) {
            return error(400, "market_does_not_exist", "마켓 정보가 존재하지 않습니다.");
        }
        String side = fields.getOrDefault("side", "");
        String type = fields.getOrDefault(dialect.orderTypeField(), "");
        String price = fields.get("price");
        String volume = fields.get("volume");
        boolean ok = switch (type) {
            case "limit" -> isPositive(price) && isPositive(volume);
            case "price" -> side.equals("bid") && isPositive(price) && volume == null;
            case "market" -> side.equals("ask") && isPositive(volume) && price == null;
            default -> false;
        };
        if (!ok || !(side.equals("bid") || side.equals("ask"))) {
            return error(400, "validation_error", "잘못된 파라미터입니다.");
        }
        String clientId = fields.get(dialect.clientIdField());
        if (clientId != null && orders.values().stream().anyMatch(o -> clientId.equals(o.clientId))) {
            return error(400, "duplicate_" + dialect.clientIdField(), "이미 사용된 주문 식별자입니다.");
        }
        String[] rejection = rejections.poll();
        if (rejection != null) {
            return error(Integer.parseInt(rejection[0]), rejection[1], rejection[2]);
        }
        return null;
    }

    protected StoredOrder find(String id, String clientId) {
        synchronized (orders) {
            if (id != null) {
                return orders.get(id);
            }
            return orders.values().stream().filter(o -> clientId != null && clientId.equals(o.clientId)).findFirst().orElse(null);
        }
    }

    /** Cancels an open order; null when there is none to cancel. */
    protected StoredOrder cancel(String id, String clientId) {
        synchronized (orders) {
            StoredOrder order = find(id, clientId);
            if (order == null || !(order.state.equals("wait") || order.state.equals("watch"))) {
                return null;
            }
            order.state = "cancel";
            return order;
        }
    }

    /** Orders in these states, for an optional market, newest first, at most {@code limit}. */
    protected List<Object> list(String market, Predicate<StoredOrder> wanted, int limit) {
        synchronized (orders) {
            return orders.values().stream()
                    .filter(wanted)
                    .filter(o -> market == null || o.market.equals(market))
                    .sorted(Comparator.comparingLong((StoredOrder o) -> o.createdAt).thenComparing(o -> o.id).reversed())
                    .limit(limit)
                    .map(o -> (Object) o.listed(dialect))
                    .toList();
        }
    }

    protected static boolean isOpen(StoredOrder o) {
        return o.state.equals("wait") || o.state.equals("watch");
    }

    private StoredOrder existing(String id) {
        StoredOrder order = orders.get(id);
        if (order == null) {
            throw new IllegalArgumentException("the stub holds no order " + id);
        }
        return order;
    }

    // ---------------------------------------------------------------- helpers

    protected static Map<String, String> fields(JsonNode body) {
        Map<String, String> fields = new LinkedHashMap<>();
        body.properties().forEach(e -> fields.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
        return Collections.unmodifiableMap(fields);
    }

    protected static StubResponse ok(Object reply) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(reply));
    }

    protected static StubResponse created(Object reply) throws JsonProcessingException {
        return new StubResponse(201, JSON.writeValueAsString(reply));
    }

    protected static StubResponse error(int status, Object name, String message) throws JsonProcessingException {
        return new StubResponse(status, JSON.writeValueAsString(Map.of("error", map("name", name, "message", message))));
    }

    /** The quotation API's shape for an unknown market: a numeric name. */
    private static StubResponse codeNotFound() throws JsonProcessingException {
        return error(404, 404, "Code not found");
    }

    protected static boolean isPositive(String amount) {
        return amount != null && PLAIN_DECIMAL.matcher(amount).matches() && new BigDecimal(amount).signum() > 0;
    }

    protected static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
