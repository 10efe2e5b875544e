package io.fmzbridge.exchange.binance;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Binance's futures APIs as far as the bridge uses them, both on this one server: USDⓈ-M under
 * {@code /fapi} (quantity in base asset, MIN_NOTIONAL) and COIN-M under {@code /dapi} (quantity in
 * contracts of a contract size in USD). SIGNED calls are checked as {@link BinanceStub} checks them
 * (key, timestamp within recvWindow, HMAC over the query as sent) and every endpoint refuses
 * parameters it does not read (-1104). Orders follow the account's position mode on each API, as
 * the New Order reference documents it: in one-way mode {@code positionSide} may only be BOTH
 * (-4061) and a {@code reduceOnly} order that would not reduce is refused (-2022); in hedge mode
 * {@code positionSide} LONG or SHORT is required (-4061), {@code reduceOnly} may not be sent (-1106)
 * and a close (SELL LONG, BUY SHORT) beyond the position is refused (-2022, inferred: Binance's
 * reference names no code of its own for it). A market order fills at once at the last price and
 * moves the position; a limit order rests. Replies follow Binance's documented examples. Rate limits
 * are counted only once a test turns them on ({@link #enforceRateLimits}).
 */
public final class BinanceFuturesStub extends StubExchange {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d{1,20}(\\.\\d{1,20})?");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{13}");
    private static final Pattern CLIENT_ORDER_ID = Pattern.compile("[.A-Z:/a-z0-9_-]{1,36}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyMMdd");
    private static final Set<String> SIGNED = Set.of("timestamp", "recvWindow", "signature");
    private static final Set<String> OPEN = Set.of("NEW", "PARTIALLY_FILLED");

    /** One contract as exchangeInfo lists it. */
    record Listing(String api, String symbol, String pair, String contractType, long deliveryDate, String baseAsset,
                   String quoteAsset, String marginAsset, String contractSize, String tickSize, String stepSize,
                   String minQty, String minNotional, String lastPrice) {

        boolean coin() {
            return api.equals("dapi");
        }
    }

    /** An order as Binance keeps it. Guarded by {@code orders}. */
    private static final class StoredOrder {
        final String apiKey;
        final Map<String, String> p;
        final long orderId;
        final long time;
        String status = "NEW";
        String executedQty = "0";
        String avgPrice = "0";

        StoredOrder(String apiKey, Map<String, String> p, long orderId, long time) {
            this.apiKey = apiKey;
            this.p = p;
            this.orderId = orderId;
            this.time = time;
        }

        Map<String, Object> view(Listing listing) {
            Map<String, Object> view = map("avgPrice", avgPrice, "clientOrderId", p.get("newClientOrderId"),
                    listing.coin() ? "cumBase" : "cumQuote", "0", "executedQty", executedQty, "orderId", orderId,
                    "origQty", p.get("quantity"), "origType", p.get("type"), "price", p.getOrDefault("price", "0"),
                    "reduceOnly", "true".equals(p.get("reduceOnly")), "side", p.get("side"),
                    "positionSide", p.getOrDefault("positionSide", "BOTH"), "status", status, "stopPrice", "0",
                    "closePosition", false, "symbol", p.get("symbol"));
            if (listing.coin()) {
                view.put("pair", listing.pair());
            }
            view.putAll(map("time", time, "timeInForce", p.getOrDefault("timeInForce", "GTC"), "type", p.get("type"),
                    "updateTime", time, "workingType", "CONTRACT_PRICE", "priceProtect", false, "priceMatch", "NONE",
                    "selfTradePreventionMode", "NONE"));
            return view;
        }
    }

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Boolean> hedge = new ConcurrentHashMap<>();
    private final Map<String, Listing> listings = new LinkedHashMap<>();
    private final Map<String, BigDecimal> positions = new LinkedHashMap<>();
    private final Map<Long, StoredOrder> orders = new LinkedHashMap<>();
    private final List<Map<String, String>> placed = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> leverage = new CopyOnWriteArrayList<>();
    private final AtomicLong nextOrderId = new AtomicLong(22542179);

    /**
     * One API's limits (its "General Info", "LIMITS", and exchangeInfo's rateLimits): request weight per IP
     * per interval, and the account's new orders per interval, USDⓈ-M with a shorter interval beside
     * ({@code ordersShort} 0 for none, as on COIN-M). Each is counted in intervals aligned to the clock.
     */
    public record Limits(long weight, Duration weightInterval, long ordersShort, Duration shortInterval,
                         long orders, Duration ordersInterval) {
        /** USDⓈ-M: 2400 weight a minute, 300 orders per 10 s and 1200 a minute ("Rate Limits on Binance Futures"). */
        public static final Limits USDM = new Limits(2400, Duration.ofMinutes(1), 300, Duration.ofSeconds(10), 1200,
                Duration.ofMinutes(1));
        /** COIN-M: 2400 weight and 1200 orders a minute. */
        public static final Limits COINM = new Limits(2400, Duration.ofMinutes(1), 0, Duration.ofSeconds(10), 1200,
                Duration.ofMinutes(1));
    }

    /** One API's judges; {@code ordersShort} null where the API has no shorter interval. */
    private record Judges(RateJudge.Aligned weight, RateJudge.Aligned ordersShort, RateJudge.Aligned orders) {}

    /** Each API's judges while its limits are enforced, by "fapi" / "dapi". */
    private final Map<String, Judges> judges = new ConcurrentHashMap<>();
    private final Object orderCount = new Object();
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();

    private BinanceFuturesStub() {
        LocalDate quarter = quarterEnd(LocalDate.now(ZoneOffset.UTC).plusWeeks(2));
        LocalDate nextQuarter = quarterEnd(quarter.plusDays(1));
        list(new Listing("fapi", "BTCUSDT", "BTCUSDT", "PERPETUAL", 4133404800000L, "BTC", "USDT", "USDT", null,
                "0.10", "0.001", "0.001", "100", "43000.50"));
        list(new Listing("fapi", "ETHUSDT", "ETHUSDT", "PERPETUAL", 4133404800000L, "ETH", "USDT", "USDT", null,
                "0.01", "0.001", "0.001", "20", "2300.10"));
        list(delivery("fapi", "BTCUSDT", "CURRENT_QUARTER", quarter, "BTC", "USDT", "USDT", null, "0.001", "0.001", "43500.10"));
        list(new Listing("dapi", "BTCUSD_PERP", "BTCUSD", "PERPETUAL", 4133404800000L, "BTC", "USD", "BTC", "100",
                "0.1", "1", "1", null, "43000.5"));
        list(delivery("dapi", "BTCUSD", "CURRENT_QUARTER", quarter, "BTC", "USD", "BTC", "100", "1", "1", "43600.1"));
        list(delivery("dapi", "BTCUSD", "NEXT_QUARTER", nextQuarter, "BTC", "USD", "BTC", "100", "1", "1", "44100.9"));

        for (String api : List.of("fapi", "dapi")) {
            String v = "/" + api + "/v1/";
            on("GET", v + "time", (r, q) -> reply(map("serverTime", System.currentTimeMillis()), q, Set.of()));
            on("GET", v + "exchangeInfo", (r, q) -> exchangeInfo(api, q));
            on("GET", v + "ticker/24hr", (r, q) -> ticker24hr(api, q));
            on("GET", v + "ticker/bookTicker", (r, q) -> bookTicker(api, q));
            on("GET", v + "openInterest", (r, q) -> openInterest(api, q));
            on("GET", v + "depth", (r, q) -> depth(api, q));
            on("GET", v + "trades", (r, q) -> trades(api, q));
            on("GET", v + "klines", (r, q) -> klines(api, q));
            on("GET", v + "premiumIndex", (r, q) -> premiumIndex(api, q));
            on("GET", v + "fundingInfo", (r, q) -> fundingInfo(api, q));
            on("GET", v + "positionSide/dual", (r, q) -> reply(map("dualSidePosition", hedge.get(key(r) + " " + api)), q, SIGNED));
            on("GET", (api.equals("fapi") ? "/fapi/v2/" : v) + "positionRisk", (r, q) -> positionRisk(api, r, q));
            on("GET", (api.equals("fapi") ? "/fapi/v2/" : v) + "balance", (r, q) -> balance(api, q));
            on("POST", v + "leverage", (r, q) -> leverage(api, q));
            on("POST", v + "order", (r, q) -> newOrder(api, r, q));
            on("GET", v + "order", (r, q) -> queryOrder(api, r, q, false));
            on("DELETE", v + "order", (r, q) -> queryOrder(api, r, q, true));
            on("GET", v + "openOrders", (r, q) -> listOrders(api, r, q, true));
            on("GET", v + "allOrders", (r, q) -> listOrders(api, r, q, false));
        }
    }

    public static BinanceFuturesStub start() {
        return new BinanceFuturesStub();
    }

    // ---------------------------------------------------------------- test controls

    /** An account in one-way mode on both APIs until {@link #useHedgeMode}. */
    public void addAccount(String apiKey, String secret) {
        secrets.put(apiKey, secret);
        hedge.put(apiKey + " fapi", false);
        hedge.put(apiKey + " dapi", false);
    }

    public void useHedgeMode(String apiKey, String api, boolean on) {
        hedge.put(apiKey + " " + api, on);
    }

    /** The symbol Binance gives a contract type of a pair, e.g. ("BTCUSD", "CURRENT_QUARTER", "dapi"). */
    public String symbolOf(String pair, String contractType, String api) {
        return listings.values().stream().filter(l -> l.pair().equals(pair) && l.contractType().equals(contractType)
                && l.api().equals(api)).findFirst().orElseThrow().symbol();
    }

    public List<Map<String, String>> placedOrders() {
        return List.copyOf(placed);
    }

    public List<Map<String, String>> leverageRequests() {
        return List.copyOf(leverage);
    }

    /** Sets a position: positionSide BOTH (signed), LONG or SHORT (positive). */
    public void hold(String apiKey, String symbol, String positionSide, String amount) {
        synchronized (orders) {
            positions.put(apiKey + " " + symbol + " " + positionSide, new BigDecimal(amount));
        }
    }

    public BigDecimal position(String apiKey, String symbol, String positionSide) {
        synchronized (orders) {
            return positions.getOrDefault(apiKey + " " + symbol + " " + positionSide, BigDecimal.ZERO);
        }
    }

    /**
     * From now on each request to {@code api} ("fapi" or "dapi") is counted on arrival against that API's
     * weight per IP, and each new order against its account's order counts on that API, in intervals aligned
     * to the clock; one over a limit is answered as Binance answers: HTTP 429 with -1003 (weight) or -1015
     * (orders) and a Retry-After in seconds. Every reply of that API carries X-MBX-USED-WEIGHT-1M and an
     * order's reply its X-MBX-ORDER-COUNT-10S (USDⓈ-M) and -1M (named so whatever the test's intervals).
     * Every order that arrives counts, accepted or not: Binance does not say a refused one is free.
     */
    public void enforceRateLimits(String api, Limits limits) {
        judges.put(api, new Judges(new RateJudge.Aligned(limits.weight(), limits.weightInterval(), System::currentTimeMillis),
                limits.ordersShort() > 0
                        ? new RateJudge.Aligned(limits.ordersShort(), limits.shortInterval(), System::currentTimeMillis) : null,
                new RateJudge.Aligned(limits.orders(), limits.ordersInterval(), System::currentTimeMillis)));
    }

    /** How many requests the stub refused for a rate limit: a bridge that keeps Binance's model causes none. */
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /** Another program on the same address spends this much of the API's weight now. */
    public void weightUsedElsewhere(String api, long weight) {
        judges.get(api).weight().admit("ip", weight);
    }

    /** Another program places this many orders on the account of {@code apiKey} on the API now. */
    public void ordersPlacedElsewhere(String api, String apiKey, long count) {
        Judges on = judges.get(api);
        if (on.ordersShort() != null) {
            on.ordersShort().admit(apiKey, count);
        }
        on.orders().admit(apiKey, count);
    }

    // ---------------------------------------------------------------- authentication

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        String api = request.path().startsWith("/dapi/") ? "dapi" : "fapi";
        Judges on = judges.get(api);
        if (on == null) {
            return served(request, query);
        }
        // weight counts on arrival, whatever becomes of the request
        if (!on.weight().admit("ip", weight(api, request, query))) {
            rateLimitRefusals.incrementAndGet();
            return tooMuch(on.weight(), -1003, "Too many requests; current limit is %s requests per %s. Please use the "
                    + "websocket for live updates to avoid polling the API.")
                    .withHeader("X-MBX-USED-WEIGHT-1M", String.valueOf(on.weight().used("ip")));
        }
        StubResponse response;
        if (request.method().equals("POST") && request.path().endsWith("/v1/order")) {
            String account = String.valueOf(request.header("X-MBX-APIKEY"));
            synchronized (orderCount) {
                for (RateJudge.Aligned limit : on.ordersShort() == null ? List.of(on.orders())
                        : List.of(on.ordersShort(), on.orders())) {
                    if (limit.used(account) + 1 > limit.limit()) {
                        rateLimitRefusals.incrementAndGet();
                        return tooMuch(limit, -1015, "Too many new orders; current limit is %s orders per %s.");
                    }
                }
                if (on.ordersShort() != null) {
                    on.ordersShort().admit(account, 1);
                }
                on.orders().admit(account, 1);
            }
            response = served(request, query);
            if (on.ordersShort() != null) {
                response = response.withHeader("X-MBX-ORDER-COUNT-10S", String.valueOf(on.ordersShort().used(account)));
            }
            response = response.withHeader("X-MBX-ORDER-COUNT-1M", String.valueOf(on.orders().used(account)));
        } else {
            response = served(request, query);
        }
        return response.withHeader("X-MBX-USED-WEIGHT-1M", String.valueOf(on.weight().used("ip")));
    }

    /** HTTP 429 as Binance sends it over a limit: its code, the message with the limit, and Retry-After in seconds. */
    private static StubResponse tooMuch(RateJudge.Aligned limit, int code, String message) throws JsonProcessingException {
        Duration length = limit.interval();
        String interval = length.toMinutes() >= 1 && length.toSecondsPart() == 0 ? length.toMinutes() + " MINUTE"
                : length.toSeconds() + " SECOND";
        return error(429, code, String.format(message, limit.limit(), interval))
                .withHeader("Retry-After", String.valueOf(limit.secondsLeft()));
    }

    /**
     * Each request's weight on its API as the endpoint's page gives it (USDⓈ-M and COIN-M "Request Weight"),
     * for the endpoints the stub serves; written from the pages apart from the bridge's table.
     */
    private static long weight(String api, StubRequest request, Map<String, String> q) {
        String endpoint = request.method() + " " + request.path().replaceFirst("^/[fd]api/v\\d/", "");
        boolean symbol = q.containsKey("symbol");
        long limit = q.containsKey("limit") && q.get("limit").matches("\\d{1,9}") ? Long.parseLong(q.get("limit")) : 500;
        boolean coin = api.equals("dapi");
        return switch (endpoint) {
            case "GET depth" -> limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
            case "GET klines" -> limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
            case "GET trades" -> 5;
            case "GET ticker/24hr" -> symbol ? 1 : 40;
            case "GET ticker/bookTicker" -> symbol ? 2 : 5;
            case "GET premiumIndex" -> coin ? 10 : symbol ? 1 : 10;
            case "GET fundingInfo" -> coin ? 1 : 0;
            case "GET balance", "GET positionRisk" -> coin ? 1 : 5;
            case "GET positionSide/dual" -> 30;
            case "GET allOrders" -> coin ? 20 : 5;
            case "GET openOrders" -> symbol ? 1 : 40;
            case "POST order" -> 0;
            default -> 1; // time, exchangeInfo, openInterest, leverage, an order's query or cancel
        };
    }

    private StubResponse served(StubRequest request, Map<String, String> query) throws Exception {
        String path = request.path();
        boolean signed = path.endsWith("/positionSide/dual") || path.endsWith("/positionRisk") || path.endsWith("/balance")
                || path.endsWith("/leverage") || path.endsWith("/order") || path.endsWith("/openOrders")
                || path.endsWith("/allOrders");
        if (signed && hasRoute(request.method(), path)) {
            Optional<StubResponse> refusal = refusal(request, query);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        return super.respond(request, query);
    }

    private Optional<StubResponse> refusal(StubRequest request, Map<String, String> q) throws JsonProcessingException {
        String secret = secrets.get(String.valueOf(request.header("X-MBX-APIKEY")));
        if (secret == null) {
            return Optional.of(error(401, -2015, "Invalid API-key, IP, or permissions for action."));
        }
        String timestamp = q.get("timestamp");
        if (timestamp == null || !TIMESTAMP.matcher(timestamp).matches()) {
            return Optional.of(mandatory("timestamp"));
        }
        long recvWindow = Long.parseLong(q.getOrDefault("recvWindow", "5000"));
        long server = System.currentTimeMillis();
        long sent = Long.parseLong(timestamp);
        if (sent >= server + 1000 || server - sent > recvWindow) {
            return Optional.of(error(400, -1021, "Timestamp for this request is outside of the recvWindow."));
        }
        String query = request.rawQuery();
        int at = query.lastIndexOf("&signature=");
        if (at < 0) {
            return Optional.of(mandatory("signature"));
        }
        byte[] expected = BinanceStub.expectedSignature(secret, query.substring(0, at)).getBytes(UTF_8);
        if (!MessageDigest.isEqual(expected, query.substring(at + 11).toLowerCase(Locale.ROOT).getBytes(UTF_8))) {
            return Optional.of(error(400, -1022, "Signature for this request is not valid."));
        }
        return Optional.empty();
    }

    private static String key(StubRequest request) {
        return request.header("X-MBX-APIKEY");
    }

    // ---------------------------------------------------------------- market data

    private void list(Listing listing) {
        listings.put(listing.symbol(), listing);
    }

    private static Listing delivery(String api, String pair, String type, LocalDate day, String base, String quote,
                                    String margin, String size, String step, String minQty, String last) {
        long date = day.atTime(8, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        return new Listing(api, pair + "_" + DATE.format(day), pair, type, date, base, quote, margin, size,
                api.equals("fapi") ? "0.10" : "0.1", step, minQty, api.equals("fapi") ? "100" : null, last);
    }

    private static LocalDate quarterEnd(LocalDate from) {
        LocalDate month = from.withMonth(((from.getMonthValue() - 1) / 3 + 1) * 3);
        LocalDate end = month.with(TemporalAdjusters.lastInMonth(DayOfWeek.FRIDAY));
        return end.isBefore(from) ? quarterEnd(from.plusMonths(3).withDayOfMonth(1)) : end;
    }

    private List<Listing> of(String api) {
        return listings.values().stream().filter(l -> l.api().equals(api)).toList();
    }

    private StubResponse exchangeInfo(String api, Map<String, String> q) throws JsonProcessingException {
        List<Object> symbols = new ArrayList<>();
        for (Listing l : of(api)) {
            List<Object> filters = new ArrayList<>(List.of(
                    map("filterType", "PRICE_FILTER", "maxPrice", "4529764", "minPrice", "556.80", "tickSize", l.tickSize()),
                    map("filterType", "LOT_SIZE", "maxQty", "1000", "minQty", l.minQty(), "stepSize", l.stepSize()),
                    map("filterType", "MARKET_LOT_SIZE", "maxQty", "120", "minQty", l.minQty(), "stepSize", l.stepSize())));
            if (l.minNotional() != null) {
                filters.add(map("filterType", "MIN_NOTIONAL", "notional", l.minNotional()));
            }
            Map<String, Object> s = map("symbol", l.symbol(), "pair", l.pair(), "contractType", l.contractType(),
                    "deliveryDate", l.deliveryDate(), "onboardDate", 1569398400000L);
            if (l.coin()) {
                s.putAll(map("contractStatus", "TRADING", "contractSize", Integer.parseInt(l.contractSize())));
            } else {
                s.put("status", "TRADING");
            }
            s.putAll(map("baseAsset", l.baseAsset(), "quoteAsset", l.quoteAsset(), "marginAsset", l.marginAsset(),
                    "pricePrecision", 2, "quantityPrecision", 3, "baseAssetPrecision", 8, "quotePrecision", 8,
                    "underlyingType", "COIN", "triggerProtect", "0.0500", "filters", filters,
                    "orderTypes", List.of("LIMIT", "MARKET"), "timeInForce", List.of("GTC", "IOC", "FOK", "GTX"),
                    "liquidationFee", "0.012500", "marketTakeBound", "0.05"));
            symbols.add(s);
        }
        return reply(map("timezone", "UTC", "serverTime", System.currentTimeMillis(), "rateLimits", List.of(
                map("rateLimitType", "REQUEST_WEIGHT", "interval", "MINUTE", "intervalNum", 1, "limit", 2400)),
                "exchangeFilters", List.of(), "symbols", symbols), q, Set.of());
    }

    /** USDⓈ-M answers one symbol with an object; COIN-M always with an array. */
    private StubResponse ticker24hr(String api, Map<String, String> q) throws JsonProcessingException {
        Listing l = listing(api, q.get("symbol"));
        if (l == null) {
            return invalidSymbol();
        }
        Map<String, Object> t = map("symbol", l.symbol());
        if (l.coin()) {
            t.put("pair", l.pair());
        }
        t.putAll(map("priceChange", "136.6", "priceChangePercent", "1.436", "weightedAvgPrice", "9547.3",
                "lastPrice", l.lastPrice(), "lastQty", "1", "openPrice", "42000.0", "highPrice", "43687.0",
                "lowPrice", "41499.5", "volume", "494109", l.coin() ? "baseVolume" : "quoteVolume", "5192.94797687",
                "openTime", 1591170300000L, "closeTime", 1591256718418L, "firstId", 600507, "lastId", 697803, "count", 97297));
        return reply(l.coin() ? List.of(t) : t, q, Set.of("symbol", "pair"));
    }

    private StubResponse bookTicker(String api, Map<String, String> q) throws JsonProcessingException {
        Listing l = listing(api, q.get("symbol"));
        if (l == null) {
            return invalidSymbol();
        }
        BigDecimal last = new BigDecimal(l.lastPrice());
        BigDecimal tick = new BigDecimal(l.tickSize());
        Map<String, Object> b = map("lastUpdateId", 1027024, "symbol", l.symbol());
        if (l.coin()) {
            b.put("pair", l.pair());
        }
        b.putAll(map("bidPrice", last.subtract(tick).toPlainString(), "bidQty", "16",
                "askPrice", last.add(tick).toPlainString(), "askQty", "7", "time", 1591257300345L));
        return reply(l.coin() ? List.of(b) : b, q, Set.of("symbol", "pair"));
    }

    private StubResponse openInterest(String api, Map<String, String> q) throws JsonProcessingException {
        Listing l = listing(api, q.get("symbol"));
        if (l == null) {
            return invalidSymbol();
        }
        Map<String, Object> oi = l.coin()
                ? map("symbol", l.symbol(), "pair", l.pair(), "openInterest", "15004", "contractType", l.contractType(),
                "time", 1591261042378L)
                : map("openInterest", "10659.509", "symbol", l.symbol(), "time", 1589437530011L);
        return reply(oi, q, Set.of("symbol"));
    }

    private StubResponse depth(String api, Map<String, String> q) throws JsonProcessingException {
        if (listing(api, q.get("symbol")) == null) {
            return invalidSymbol();
        }
        if (q.get("limit") != null && !Set.of("5", "10", "20", "50", "100", "500", "1000").contains(q.get("limit"))) {
            return error(400, -1100, "Illegal characters found in parameter 'limit'; legal range is '5, 10, 20, 50, 100, 500, 1000'.");
        }
        return reply(map("lastUpdateId", 1027024, "E", 1589436922972L, "T", 1589436922959L,
                "bids", List.of(List.of("43000.40", "431.000"), List.of("43000.30", "1.500")),
                "asks", List.of(List.of("43000.60", "12.000"), List.of("43000.70", "0.001"))), q, Set.of("symbol", "limit"));
    }

    private StubResponse trades(String api, Map<String, String> q) throws JsonProcessingException {
        if (listing(api, q.get("symbol")) == null) {
            return invalidSymbol();
        }
        return reply(List.of(map("id", 28457, "price", "43000.50", "qty", "12.000", "quoteQty", "516006", "time", 1499865549590L,
                "isBuyerMaker", true)), q, Set.of("symbol", "limit"));
    }

    private StubResponse klines(String api, Map<String, String> q) throws JsonProcessingException {
        if (listing(api, q.get("symbol")) == null) {
            return invalidSymbol();
        }
        if (q.get("interval") == null) {
            return mandatory("interval");
        }
        return reply(List.of(List.of(1499040000000L, "43000.10", "43800.00", "42575.80", "43577.10", "148976.114",
                1499644799999L, "2434.19055334", 308, "1756.874", "28.46694368", "0")), q,
                Set.of("symbol", "interval", "limit", "startTime", "endTime"));
    }

    /** The Mark Price example: an object for one USDⓈ-M symbol, else an array; funding only on perpetuals. */
    private StubResponse premiumIndex(String api, Map<String, String> q) throws JsonProcessingException {
        String symbol = q.get("symbol");
        if (symbol != null && listing(api, symbol) == null) {
            return invalidSymbol();
        }
        List<Object> items = new ArrayList<>();
        for (Listing l : of(api)) {
            if (symbol == null || l.symbol().equals(symbol)) {
                boolean perpetual = l.contractType().equals("PERPETUAL");
                Map<String, Object> p = map("symbol", l.symbol());
                if (l.coin()) {
                    p.put("pair", l.pair());
                }
                p.putAll(map("markPrice", "11793.63104562", "indexPrice", "11781.80495970",
                        "estimatedSettlePrice", "11781.16138815", "lastFundingRate", perpetual ? "0.00038246" : "",
                        "interestRate", perpetual ? "0.00010000" : "", "nextFundingTime", perpetual ? 1597392000000L : 0L,
                        "time", 1597370495002L));
                items.add(p);
            }
        }
        return reply(symbol != null && !api.equals("dapi") ? items.get(0) : items, q, Set.of("symbol", "pair"));
    }

    /** Only the symbols whose cap, floor or interval Binance adjusted: here ETHUSDT, funded every 4 hours. */
    private StubResponse fundingInfo(String api, Map<String, String> q) throws JsonProcessingException {
        return reply(api.equals("fapi") ? List.of(map("symbol", "ETHUSDT", "adjustedFundingRateCap", "0.02500000",
                "adjustedFundingRateFloor", "-0.02500000", "fundingIntervalHours", 4, "disclaimer", false)) : List.of(), q, Set.of());
    }

    // ---------------------------------------------------------------- account

    private StubResponse positionRisk(String api, StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Set<String> readable = new HashSet<>(SIGNED);
        readable.addAll(api.equals("fapi") ? Set.of("symbol") : Set.of("marginAsset", "pair"));
        Optional<StubResponse> unread = unread(q, readable);
        if (unread.isPresent()) {
            return unread.get();
        }
        String apiKey = key(request);
        boolean dual = hedge.get(apiKey + " " + api);
        List<Object> data = new ArrayList<>();
        synchronized (orders) {
            for (Listing l : of(api)) {
                if (q.get("symbol") != null && !l.symbol().equals(q.get("symbol"))) {
                    continue;
                }
                for (String side : dual ? List.of("LONG", "SHORT") : List.of("BOTH")) {
                    BigDecimal held = positions.getOrDefault(apiKey + " " + l.symbol() + " " + side, BigDecimal.ZERO);
                    // Binance reports a hedge-mode short as a negative amount
                    BigDecimal amount = side.equals("SHORT") ? held.negate() : held;
                    BigDecimal mark = new BigDecimal(l.lastPrice());
                    Map<String, Object> p = map("symbol", l.symbol(), "positionAmt", amount.toPlainString(),
                            "entryPrice", "42000.5", "breakEvenPrice", "42010.0", "markPrice", mark.toPlainString(),
                            "unRealizedProfit", amount.signum() == 0 ? "0.00000000" : "12.34500000",
                            "liquidationPrice", "0", "leverage", "10");
                    if (l.coin()) {
                        p.putAll(map("maxQty", "50", "marginType", "cross", "isolatedMargin", "0.00000000",
                                "isAutoAddMargin", "false", "positionSide", side, "updateTime", 0));
                    } else {
                        p.putAll(map("maxNotionalValue", "20000000", "marginType", "cross", "isolatedMargin", "0.00000000",
                                "isAutoAddMargin", "false", "positionSide", side,
                                "notional", amount.multiply(mark).toPlainString(), "isolatedWallet", "0",
                                "updateTime", 1625474304765L));
                    }
                    data.add(p);
                }
            }
        }
        return ok(data);
    }

    private StubResponse balance(String api, Map<String, String> q) throws JsonProcessingException {
        Object body = api.equals("fapi")
                ? List.of(map("accountAlias", "SgsR", "asset", "USDT", "balance", "122607.35137903",
                        "crossWalletBalance", "23.72469206", "crossUnPnl", "0.00000000", "availableBalance", "23.72469206",
                        "maxWithdrawAmount", "23.72469206", "marginAvailable", true, "updateTime", 1617939110373L),
                map("accountAlias", "SgsR", "asset", "BTC", "balance", "0.10000000", "crossWalletBalance", "0.10000000",
                        "crossUnPnl", "0.00000000", "availableBalance", "0.10000000", "maxWithdrawAmount", "0.10000000",
                        "marginAvailable", true, "updateTime", 1617939110373L))
                : List.of(map("accountAlias", "SgsR", "asset", "BTC", "balance", "0.00250000", "withdrawAvailable", "0.00250000",
                        "crossWalletBalance", "0.00241969", "crossUnPnl", "0.00000000", "availableBalance", "0.00241969",
                        "updateTime", 1592468353979L));
        return reply(body, q, SIGNED);
    }

    private StubResponse leverage(String api, Map<String, String> q) throws JsonProcessingException {
        Set<String> readable = new HashSet<>(SIGNED);
        readable.addAll(Set.of("symbol", "leverage"));
        Optional<StubResponse> unread = unread(q, readable);
        if (unread.isPresent()) {
            return unread.get();
        }
        Listing l = listing(api, q.get("symbol"));
        if (l == null) {
            return invalidSymbol();
        }
        String value = q.get("leverage");
        if (value == null || !value.matches("\\d{1,3}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 125) {
            return error(400, -4028, "Leverage " + value + " is not valid");
        }
        leverage.add(Map.copyOf(q));
        return ok(l.coin() ? map("leverage", Integer.parseInt(value), "maxQty", "1000", "symbol", l.symbol())
                : map("leverage", Integer.parseInt(value), "maxNotionalValue", "1000000", "symbol", l.symbol()));
    }

    // ---------------------------------------------------------------- orders

    private StubResponse newOrder(String api, StubRequest request, Map<String, String> q) throws JsonProcessingException {
        Set<String> readable = new HashSet<>(SIGNED);
        readable.addAll(Set.of("symbol", "side", "positionSide", "type", "timeInForce", "quantity", "price", "reduceOnly",
                "newClientOrderId", "newOrderRespType"));
        Optional<StubResponse> unread = unread(q, readable);
        if (unread.isPresent()) {
            return unread.get();
        }
        String apiKey = key(request);
        StoredOrder order;
        synchronized (orders) {
            Optional<StubResponse> refused = validate(api, apiKey, q);
            if (refused.isPresent()) {
                return refused.get();
            }
            Map<String, String> p = new LinkedHashMap<>(q);
            SIGNED.forEach(p::remove);
            order = new StoredOrder(apiKey, p, nextOrderId.getAndIncrement(), System.currentTimeMillis());
            orders.put(order.orderId, order);
            placed.add(p);
            if (p.get("type").equals("MARKET")) {
                Listing l = listings.get(p.get("symbol"));
                order.status = "FILLED";
                order.executedQty = p.get("quantity");
                order.avgPrice = l.lastPrice();
                move(apiKey, l, p);
            }
        }
        return ok(order.view(listings.get(order.p.get("symbol"))));
    }

    /** Binance's checks on a futures order, in the order a caller would want to hear of them. Caller holds the lock. */
    private Optional<StubResponse> validate(String api, String apiKey, Map<String, String> q) throws JsonProcessingException {
        for (String name : List.of("symbol", "side", "type", "quantity")) {
            if (q.get(name) == null) {
                return Optional.of(mandatory(name));
            }
        }
        Listing l = listing(api, q.get("symbol"));
        if (l == null) {
            return Optional.of(invalidSymbol());
        }
        if (!Set.of("BUY", "SELL").contains(q.get("side"))) {
            return Optional.of(error(400, -1117, "Invalid side."));
        }
        String type = q.get("type");
        if (!Set.of("LIMIT", "MARKET").contains(type)) {
            return Optional.of(error(400, -1116, "Invalid orderType."));
        }
        String quantity = q.get("quantity");
        if (!PLAIN_DECIMAL.matcher(quantity).matches() || new BigDecimal(quantity).signum() <= 0) {
            return Optional.of(error(400, -4003, "Quantity less than or equal to zero."));
        }
        if (new BigDecimal(quantity).remainder(new BigDecimal(l.stepSize())).signum() != 0) {
            return Optional.of(error(400, -1111, "Precision is over the maximum defined for this asset."));
        }
        if (type.equals("LIMIT")) {
            for (String name : List.of("timeInForce", "price")) {
                if (q.get(name) == null) {
                    return Optional.of(mandatory(name));
                }
            }
            if (new BigDecimal(q.get("price")).remainder(new BigDecimal(l.tickSize())).signum() != 0) {
                return Optional.of(error(400, -4014, "Price not increased by tick size."));
            }
        } else if (q.containsKey("price") || q.containsKey("timeInForce")) {
            return Optional.of(error(400, -1106, "Parameter '" + (q.containsKey("price") ? "price" : "timeInForce")
                    + "' sent when not required."));
        }
        String clientOrderId = q.get("newClientOrderId");
        if (clientOrderId != null && !CLIENT_ORDER_ID.matcher(clientOrderId).matches()) {
            return Optional.of(error(400, -1100, "Illegal characters found in parameter 'newClientOrderId'."));
        }
        boolean buy = q.get("side").equals("BUY");
        BigDecimal size = new BigDecimal(quantity);
        String positionSide = q.getOrDefault("positionSide", "BOTH");
        boolean reduces;
        if (hedge.get(apiKey + " " + api)) {
            if (!Set.of("LONG", "SHORT").contains(positionSide)) {
                return Optional.of(error(400, -4061, "Order's position side does not match user's setting."));
            }
            if (q.containsKey("reduceOnly")) {
                return Optional.of(error(400, -1106, "Parameter 'reduceOnly' sent when not required."));
            }
            reduces = buy == positionSide.equals("SHORT");
            if (reduces && positions.getOrDefault(apiKey + " " + l.symbol() + " " + positionSide, BigDecimal.ZERO).compareTo(size) < 0) {
                return Optional.of(error(400, -2022, "ReduceOnly Order is rejected."));
            }
        } else {
            if (!positionSide.equals("BOTH")) {
                return Optional.of(error(400, -4061, "Order's position side does not match user's setting."));
            }
            reduces = "true".equals(q.get("reduceOnly"));
            BigDecimal net = positions.getOrDefault(apiKey + " " + l.symbol() + " BOTH", BigDecimal.ZERO);
            if (reduces && (buy ? net.negate() : net).compareTo(size) < 0) {
                return Optional.of(error(400, -2022, "ReduceOnly Order is rejected."));
            }
        }
        if (l.minNotional() != null && !reduces) {
            BigDecimal price = new BigDecimal(type.equals("LIMIT") ? q.get("price") : l.lastPrice());
            if (price.multiply(size).compareTo(new BigDecimal(l.minNotional())) < 0) {
                return Optional.of(error(400, -4164, "Order's notional must be no smaller than " + l.minNotional()
                        + " (unless you choose reduce only)"));
            }
        }
        return Optional.empty();
    }

    /** A fill moves the position: BOTH signed, LONG/SHORT each counted up from zero. Caller holds the lock. */
    private void move(String apiKey, Listing l, Map<String, String> p) {
        BigDecimal size = new BigDecimal(p.get("quantity"));
        boolean buy = p.get("side").equals("BUY");
        String side = p.getOrDefault("positionSide", "BOTH");
        BigDecimal change = side.equals("BOTH") ? (buy ? size : size.negate())
                : (buy == side.equals("LONG") ? size : size.negate());
        positions.merge(apiKey + " " + l.symbol() + " " + side, change, BigDecimal::add);
    }

    private StubResponse queryOrder(String api, StubRequest request, Map<String, String> q, boolean cancel)
            throws JsonProcessingException {
        Set<String> readable = new HashSet<>(SIGNED);
        readable.addAll(Set.of("symbol", "orderId", "origClientOrderId"));
        Optional<StubResponse> unread = unread(q, readable);
        if (unread.isPresent()) {
            return unread.get();
        }
        Listing l = listing(api, q.get("symbol"));
        if (l == null) {
            return invalidSymbol();
        }
        synchronized (orders) {
            StoredOrder order = orders.values().stream()
                    .filter(o -> o.apiKey.equals(key(request)) && o.p.get("symbol").equals(l.symbol()))
                    .filter(o -> q.get("orderId") != null ? String.valueOf(o.orderId).equals(q.get("orderId"))
                            : o.p.get("newClientOrderId").equals(q.get("origClientOrderId")))
                    .findFirst().orElse(null);
            if (order == null || (cancel && !OPEN.contains(order.status))) {
                return cancel ? error(400, -2011, "Unknown order sent.") : error(400, -2013, "Order does not exist.");
            }
            if (cancel) {
                order.status = "CANCELED";
            }
            return ok(order.view(l));
        }
    }

    private StubResponse listOrders(String api, StubRequest request, Map<String, String> q, boolean open)
            throws JsonProcessingException {
        Set<String> readable = new HashSet<>(SIGNED);
        readable.addAll(open ? Set.of("symbol", "pair") : Set.of("symbol", "pair", "orderId", "startTime", "endTime", "limit"));
        Optional<StubResponse> unread = unread(q, readable);
        if (unread.isPresent()) {
            return unread.get();
        }
        if (!open && q.get("symbol") == null) {
            return mandatory("symbol");
        }
        if (q.get("symbol") != null && listing(api, q.get("symbol")) == null) {
            return invalidSymbol();
        }
        synchronized (orders) {
            return ok(orders.values().stream()
                    .filter(o -> o.apiKey.equals(key(request)) && listings.get(o.p.get("symbol")).api().equals(api))
                    .filter(o -> q.get("symbol") == null || o.p.get("symbol").equals(q.get("symbol")))
                    .filter(o -> !open || OPEN.contains(o.status))
                    .map(o -> (Object) o.view(listings.get(o.p.get("symbol")))).toList());
        }
    }

    // ---------------------------------------------------------------- helpers

    private Listing listing(String api, String symbol) {
        Listing l = symbol == null ? null : listings.get(symbol);
        return l != null && l.api().equals(api) ? l : null;
    }

    private static Optional<StubResponse> unread(Map<String, String> q, Set<String> readable) throws JsonProcessingException {
        long read = q.keySet().stream().filter(readable::contains).count();
        return read == q.size() ? Optional.empty() : Optional.of(error(400, -1104,
                "Not all sent parameters were read; read '" + read + "' parameter(s) but was sent '" + q.size() + "'."));
    }

    private static StubResponse reply(Object body, Map<String, String> q, Set<String> readable) throws JsonProcessingException {
        Optional<StubResponse> unread = unread(q, readable);
        return unread.isPresent() ? unread.get() : ok(body);
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

    private static StubResponse invalidSymbol() throws JsonProcessingException {
        return error(400, -1121, "Invalid symbol.");
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
