package io.fmzbridge.exchange.okx;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * OKX v5 contracts (SWAP and FUTURES) as far as the bridge uses them, checked the way OKX's
 * reference documents them: private calls signed as in {@link OkxStub}; orders in contracts that
 * must be multiples of {@code lotSz}; in net mode ({@code posMode net_mode}) {@code posSide} may
 * only be {@code net} and a {@code reduceOnly} order without a position to reduce is refused
 * (51169); in long/short mode {@code posSide} is required (51000) and a close (sell long, buy short)
 * without that position is refused (51169). A market order fills at once at the ticker's last price
 * and moves the position; a limit order rests until {@link #fill}. Written from
 * https://www.okx.com/docs-v5/en/ (Place order, Get positions, Get account configuration, Set
 * leverage, Get instruments, Get funding rate, Get open interest) independently of the main code.
 * Each endpoint's rate limit is counted only once a test turns it on ({@link #enforceRateLimits}).
 */
public final class OkxFuturesStub extends StubExchange {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern CL_ORD_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final DateTimeFormatter INST_DATE = DateTimeFormatter.ofPattern("yyMMdd").withZone(ZoneOffset.UTC);
    private static final Set<String> OPEN = Set.of("live", "partially_filled");
    private static final String LAST = "43000.5";

    /** An instrument as OKX's list describes it. */
    record Instrument(String instType, String instId, String instFamily, String settleCcy, String ctType, String ctVal,
                      String ctValCcy, String tickSz, String lotSz, String minSz, String lever, String alias, long expTime) {

        Map<String, Object> view(boolean withAlias) {
            return map("alias", withAlias ? alias : "", "baseCcy", "", "category", "1", "ctMult", "1", "ctType", ctType,
                    "ctVal", ctVal, "ctValCcy", ctValCcy, "expTime", expTime == 0 ? "" : String.valueOf(expTime),
                    "instFamily", instFamily, "instId", instId, "instType", instType, "lever", lever,
                    "listTime", "1606468572000", "lotSz", lotSz, "maxLmtSz", "100000", "maxMktSz", "10000",
                    "minSz", minSz, "quoteCcy", "", "settleCcy", settleCcy, "state", "live", "tickSz", tickSz,
                    "uly", instFamily);
        }
    }

    private record Account(String secret, String passphrase) {}

    /** A position: contracts (signed in net mode) and its entry price. Guarded by {@code orders}. */
    private static final class Held {
        BigDecimal pos = BigDecimal.ZERO;
        BigDecimal avgPx = BigDecimal.ZERO;
        String lever = "10";
    }

    /** An order as OKX keeps it. Guarded by {@code orders}. */
    private static final class StoredOrder {
        final String apiKey;
        final Map<String, Object> fields;
        final String ordId;
        final long cTime;
        String state = "live";
        String accFillSz = "0";
        String avgPx = "";

        StoredOrder(String apiKey, Map<String, Object> fields, String ordId, long cTime) {
            this.apiKey = apiKey;
            this.fields = fields;
            this.ordId = ordId;
            this.cTime = cTime;
        }

        String text(String name) {
            Object value = fields.get(name);
            return value == null ? "" : value.toString();
        }

        Map<String, Object> view(Instrument instrument) {
            boolean limit = !text("ordType").equals("market");
            return map("instType", instrument.instType(), "instId", text("instId"), "ordId", ordId,
                    "clOrdId", text("clOrdId"), "px", limit ? text("px") : "", "sz", text("sz"), "ordType", text("ordType"),
                    "side", text("side"), "posSide", fields.containsKey("posSide") ? text("posSide") : "net",
                    "tdMode", text("tdMode"), "accFillSz", accFillSz, "avgPx", avgPx, "state", state, "lever", "10",
                    "reduceOnly", Boolean.TRUE.equals(fields.get("reduceOnly")) ? "true" : "false",
                    "fee", "0", "feeCcy", instrument.settleCcy(), "cTime", String.valueOf(cTime), "uTime", String.valueOf(cTime));
        }
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> longShort = new ConcurrentHashMap<>();
    private final Map<String, Held> positions = new LinkedHashMap<>();
    private final Map<String, StoredOrder> orders = new LinkedHashMap<>();
    private final List<Map<String, Object>> placed = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> leverageSet = new CopyOnWriteArrayList<>();
    private final AtomicLong nextOrdId = new AtomicLong(312269865356374016L);
    private final Map<String, Instrument> instruments = new LinkedHashMap<>();
    private volatile boolean aliases = true;

    /**
     * OKX's limit for each endpoint the bridge's contract calls use ("Rate Limit: N requests per 2 seconds"
     * and "Rate limit rule" on each endpoint's page of docs-v5).
     */
    private record EndpointLimit(int perTwoSeconds, String rule) {}

    private static final String PER_IP = "IP";
    private static final String PER_IP_AND_TYPE = "IP + Instrument Type";
    private static final String PER_IP_AND_INSTRUMENT = "IP + Instrument ID";
    private static final String PER_USER = "User ID";
    private static final String PER_USER_AND_INSTRUMENT = "User ID + Instrument ID";
    private static final Map<String, EndpointLimit> LIMITS = Map.ofEntries(
            Map.entry("GET /api/v5/public/time", new EndpointLimit(10, PER_IP)),
            Map.entry("GET /api/v5/public/instruments", new EndpointLimit(20, PER_IP_AND_TYPE)),
            Map.entry("GET /api/v5/public/open-interest", new EndpointLimit(20, PER_IP_AND_INSTRUMENT)),
            Map.entry("GET /api/v5/public/funding-rate", new EndpointLimit(10, PER_IP_AND_INSTRUMENT)),
            Map.entry("GET /api/v5/market/ticker", new EndpointLimit(20, PER_IP)),
            Map.entry("GET /api/v5/market/books", new EndpointLimit(40, PER_IP)),
            Map.entry("GET /api/v5/market/trades", new EndpointLimit(100, PER_IP)),
            Map.entry("GET /api/v5/market/candles", new EndpointLimit(40, PER_IP)),
            Map.entry("GET /api/v5/account/balance", new EndpointLimit(10, PER_USER)),
            Map.entry("GET /api/v5/account/positions", new EndpointLimit(10, PER_USER)),
            Map.entry("GET /api/v5/account/config", new EndpointLimit(5, PER_USER)),
            Map.entry("POST /api/v5/account/set-leverage", new EndpointLimit(20, PER_USER)),
            Map.entry("POST /api/v5/trade/order", new EndpointLimit(60, PER_USER_AND_INSTRUMENT)),
            Map.entry("GET /api/v5/trade/order", new EndpointLimit(60, PER_USER_AND_INSTRUMENT)),
            Map.entry("POST /api/v5/trade/cancel-order", new EndpointLimit(60, PER_USER_AND_INSTRUMENT)),
            Map.entry("GET /api/v5/trade/orders-pending", new EndpointLimit(60, PER_USER)),
            Map.entry("GET /api/v5/trade/orders-history", new EndpointLimit(40, PER_USER)));

    /** Each endpoint's judge while limits are enforced, else null. */
    private volatile Map<String, RateJudge.Sliding> judges;
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();
    private volatile Clock clock = Clock.systemUTC();

    private OkxFuturesStub() {
        listContracts();
        on("GET", "/api/v5/public/time", (r, q) -> ok(List.of(map("ts", String.valueOf(now())))));
        on("GET", "/api/v5/public/instruments", this::instruments);
        on("GET", "/api/v5/market/ticker", this::ticker);
        on("GET", "/api/v5/public/open-interest", this::openInterest);
        on("GET", "/api/v5/market/books", this::books);
        on("GET", "/api/v5/market/trades", this::trades);
        on("GET", "/api/v5/market/candles", this::candles);
        on("GET", "/api/v5/public/funding-rate", this::fundingRate);
        on("GET", "/api/v5/account/config", this::config);
        on("GET", "/api/v5/account/positions", this::positions);
        on("POST", "/api/v5/account/set-leverage", this::setLeverage);
        on("GET", "/api/v5/account/balance", this::balance);
        on("POST", "/api/v5/trade/order", this::placeOrder);
        on("GET", "/api/v5/trade/order", this::getOrder);
        on("POST", "/api/v5/trade/cancel-order", this::cancelOrder);
        on("GET", "/api/v5/trade/orders-pending", this::ordersPending);
        on("GET", "/api/v5/trade/orders-history", this::ordersHistory);
    }

    public static OkxFuturesStub start() {
        return new OkxFuturesStub();
    }

    // ---------------------------------------------------------------- test controls

    /** An account in net mode (OKX's default) until {@link #useLongShortMode}. */
    public void addAccount(String apiKey, String secret, String passphrase) {
        accounts.put(apiKey, new Account(secret, passphrase));
        longShort.put(apiKey, false);
    }

    /** Switches the account's position mode, as the website does. */
    public void useLongShortMode(String apiKey, boolean on) {
        longShort.put(apiKey, on);
    }

    /** OKX dropping the deprecated {@code alias} field from its FUTURES list. */
    public void listWithoutAliases() {
        aliases = false;
    }

    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** The instrument ID OKX gives a kind of BTC-USD delivery contract: "quarter", "this_week". */
    public String deliveryId(String family, String alias) {
        synchronized (orders) {
            return instruments.values().stream().filter(i -> i.instFamily().equals(family) && i.alias().equals(alias))
                    .findFirst().orElseThrow().instId();
        }
    }

    /** The body of each accepted order, exactly as sent (JSON types kept), oldest first. */
    public List<Map<String, Object>> placedOrders() {
        return List.copyOf(placed);
    }

    /** The body of each accepted set-leverage request. */
    public List<Map<String, Object>> leverageRequests() {
        return List.copyOf(leverageSet);
    }

    /** Sets a position directly: {@code posSide} net (signed pos), long or short. */
    public void hold(String apiKey, String instId, String posSide, String pos, String avgPx) {
        synchronized (orders) {
            Held held = positions.computeIfAbsent(apiKey + " " + instId + " " + posSide, k -> new Held());
            held.pos = new BigDecimal(pos);
            held.avgPx = new BigDecimal(avgPx);
        }
    }

    /** The position held: signed contracts in net mode, else the side's. */
    public BigDecimal position(String apiKey, String instId, String posSide) {
        synchronized (orders) {
            Held held = positions.get(apiKey + " " + instId + " " + posSide);
            return held == null ? BigDecimal.ZERO : held.pos;
        }
    }

    /** Fills a resting order in full at its price, moving the position. */
    public void fill(String ordId) {
        synchronized (orders) {
            StoredOrder order = orders.get(ordId);
            execute(order, order.text("px"));
        }
    }

    /**
     * From now on each call is counted on arrival against its endpoint's limit, in any 2 s (OKX does not say
     * how its window runs: this is the strictest reading), and one over it is answered as OKX answers,
     * HTTP 429 with code 50011 "Too Many Requests".
     */
    public void enforceRateLimits() {
        Map<String, RateJudge.Sliding> each = new ConcurrentHashMap<>();
        LIMITS.forEach((endpoint, limit) -> each.put(endpoint, new RateJudge.Sliding(limit.perTwoSeconds(), Duration.ofSeconds(2))));
        judges = each;
    }

    /** How many calls the stub refused for a rate limit: a bridge that keeps OKX's limits causes none. */
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    // ---------------------------------------------------------------- authentication

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        boolean isPrivate = request.path().startsWith("/api/v5/account/") || request.path().startsWith("/api/v5/trade/");
        if (isPrivate && hasRoute(request.method(), request.path())) {
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

    private boolean withinLimit(StubRequest request, Map<String, String> query) {
        Map<String, RateJudge.Sliding> on = judges;
        String endpoint = request.method() + " " + request.path();
        EndpointLimit limit = LIMITS.get(endpoint);
        if (on == null || limit == null) {
            return true;
        }
        String user = request.header("OK-ACCESS-KEY");
        String instId = request.method().equals("GET") ? query.get("instId")
                : bodyObject(request).map(body -> body.path("instId").asText()).orElse("");
        String counter = switch (limit.rule()) {
            case PER_IP -> "127.0.0.1";
            case PER_IP_AND_TYPE -> "127.0.0.1 " + query.get("instType");
            case PER_IP_AND_INSTRUMENT -> "127.0.0.1 " + instId;
            case PER_USER -> user;
            default -> user + " " + instId;
        };
        return on.get(endpoint).admit(counter, 1);
    }

    private Optional<StubResponse> refusal(StubRequest request) {
        String apiKey = request.header("OK-ACCESS-KEY");
        Account account = apiKey == null ? null : accounts.get(apiKey);
        if (account == null) {
            return Optional.of(new StubResponse(401, error("50111", "Invalid OK-ACCESS-KEY")));
        }
        if (!account.passphrase().equals(request.header("OK-ACCESS-PASSPHRASE"))) {
            return Optional.of(new StubResponse(401, error("50105", "Invalid OK-ACCESS-PASSPHRASE")));
        }
        String timestamp = request.header("OK-ACCESS-TIMESTAMP");
        if (!isFresh(timestamp)) {
            return Optional.of(new StubResponse(401, error("50102", "Timestamp request expired")));
        }
        String prehash = timestamp + request.method() + request.rawPathAndQuery() + request.body();
        String sign = request.header("OK-ACCESS-SIGN");
        if (sign == null || !MessageDigest.isEqual(OkxStub.expectedSign(account.secret(), prehash).getBytes(UTF_8),
                sign.getBytes(UTF_8))) {
            return Optional.of(new StubResponse(401, error("50113", "Invalid Sign")));
        }
        return Optional.empty();
    }

    private boolean isFresh(String timestamp) {
        if (timestamp == null || !TIMESTAMP.matcher(timestamp).matches()) {
            return false;
        }
        try {
            return Duration.between(Instant.parse(timestamp), clock.instant()).abs().compareTo(Duration.ofSeconds(30)) <= 0;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- public data

    /**
     * Perpetuals of BTC-USDT (linear, 0.01 BTC a contract) and BTC-USD (inverse, 100 USD a contract);
     * BTC-USD futures this week, next week, this quarter and next quarter, and a BTC-USDT quarterly,
     * each delivered on a Friday 08:00 UTC after the stub's today, dated in its ID as OKX does.
     */
    private void listContracts() {
        instruments.put("BTC-USDT-SWAP", new Instrument("SWAP", "BTC-USDT-SWAP", "BTC-USDT", "USDT", "linear", "0.01",
                "BTC", "0.1", "0.01", "0.01", "100", "", 0));
        instruments.put("BTC-USD-SWAP", new Instrument("SWAP", "BTC-USD-SWAP", "BTC-USD", "BTC", "inverse", "100",
                "USD", "0.1", "1", "1", "100", "", 0));
        LocalDate thisWeek = weekly(LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.FRIDAY)));
        LocalDate nextWeek = weekly(thisWeek.plusWeeks(1));
        LocalDate quarter = quarterEnd(nextWeek.plusWeeks(1));
        delivery("BTC-USD", "BTC", "inverse", "100", "USD", "this_week", thisWeek);
        delivery("BTC-USD", "BTC", "inverse", "100", "USD", "next_week", nextWeek);
        delivery("BTC-USD", "BTC", "inverse", "100", "USD", "quarter", quarter);
        delivery("BTC-USD", "BTC", "inverse", "100", "USD", "next_quarter", quarterEnd(quarter.plusDays(1)));
        delivery("BTC-USDT", "USDT", "linear", "0.01", "BTC", "quarter", quarter);
    }

    private void delivery(String family, String settle, String ctType, String ctVal, String ctValCcy, String alias, LocalDate day) {
        long exp = day.atTime(8, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        String instId = family + "-" + INST_DATE.format(Instant.ofEpochMilli(exp));
        instruments.put(instId, new Instrument("FUTURES", instId, family, settle, ctType, ctVal, ctValCcy, "0.1",
                ctType.equals("linear") ? "0.01" : "1", ctType.equals("linear") ? "0.01" : "1", "50", alias, exp));
    }

    /** The Friday, or the one after when it is a month's last (a monthly or quarterly delivery day). */
    private static LocalDate weekly(LocalDate friday) {
        return friday.equals(friday.with(TemporalAdjusters.lastInMonth(DayOfWeek.FRIDAY))) ? friday.plusWeeks(1) : friday;
    }

    /** The last Friday of the quarter's last month, on or after the day. */
    private static LocalDate quarterEnd(LocalDate from) {
        LocalDate month = from.withMonth(((from.getMonthValue() - 1) / 3 + 1) * 3);
        LocalDate end = month.with(TemporalAdjusters.lastInMonth(DayOfWeek.FRIDAY));
        return end.isBefore(from) ? quarterEnd(from.plusMonths(3).withDayOfMonth(1)) : end;
    }

    private StubResponse instruments(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String instType = query.get("instType");
        if (instType == null) {
            return failure("51000", "Parameter instType error");
        }
        synchronized (orders) {
            return ok(instruments.values().stream().filter(i -> i.instType().equals(instType))
                    .filter(i -> query.get("instFamily") == null || i.instFamily().equals(query.get("instFamily")))
                    .filter(i -> query.get("instId") == null || i.instId().equals(query.get("instId")))
                    .map(i -> (Object) i.view(aliases)).toList());
        }
    }

    private StubResponse ticker(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Instrument instrument = instrument(query.get("instId"));
        if (instrument == null) {
            return unknownInstrument();
        }
        return ok(List.of(map("instType", instrument.instType(), "instId", instrument.instId(), "last", LAST,
                "lastSz", "2", "askPx", "43000.6", "askSz", "120", "bidPx", "43000.4", "bidSz", "85", "open24h", "42000",
                "high24h", "43500", "low24h", "41800.1", "volCcy24h", "1234.5678", "vol24h", "123456.78",
                "sodUtc0", "42100", "sodUtc8", "42200", "ts", "1597026383085")));
    }

    private StubResponse openInterest(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String instType = query.get("instType");
        if (instType == null || !Set.of("SWAP", "FUTURES", "OPTION").contains(instType)) {
            return failure("51000", "Parameter instType error");
        }
        Instrument instrument = instrument(query.get("instId"));
        if (instrument == null || !instrument.instType().equals(instType)) {
            return unknownInstrument();
        }
        return ok(List.of(map("instType", instType, "instId", instrument.instId(), "oi", "5000.01",
                "oiCcy", "50.0001", "oiUsd", "2150052.5", "ts", "1597026383085")));
    }

    private StubResponse books(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (instrument(query.get("instId")) == null) {
            return unknownInstrument();
        }
        return ok(List.of(map("asks", List.of(List.of("43000.6", "120", "0", "3"), List.of("43000.7", "0.01", "0", "1")),
                "bids", List.of(List.of("43000.4", "85", "0", "2"), List.of("43000.3", "1", "0", "1")), "ts", "1629966436396")));
    }

    private StubResponse trades(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Instrument instrument = instrument(query.get("instId"));
        if (instrument == null) {
            return unknownInstrument();
        }
        return ok(List.of(
                map("instId", instrument.instId(), "tradeId", "130639474", "px", "43000.5", "sz", "2", "side", "buy", "ts", "1629966436396"),
                map("instId", instrument.instId(), "tradeId", "130639473", "px", "43000.4", "sz", "0.01", "side", "sell", "ts", "1629966436100")));
    }

    private StubResponse candles(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (instrument(query.get("instId")) == null) {
            return unknownInstrument();
        }
        return ok(List.of(
                List.of("1700000040000", "43000", "43010", "42990.1", "43000.5", "12", "0.12", "5160.06", "0"),
                List.of("1699999980000", "42990", "43005", "42985.5", "43000", "30", "0.3", "12900", "1")));
    }

    private StubResponse fundingRate(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String instId = query.get("instId");
        if (instId == null) {
            return failure("51000", "Parameter instId error");
        }
        List<Instrument> swaps;
        synchronized (orders) {
            swaps = instruments.values().stream().filter(i -> i.instType().equals("SWAP"))
                    .filter(i -> instId.equals("ANY") || i.instId().equals(instId)).toList();
        }
        if (swaps.isEmpty()) {
            return unknownInstrument();
        }
        return ok(swaps.stream().map(i -> (Object) map("formulaType", "noRate", "fundingRate", "0.0000792386885340",
                "fundingTime", "1703088000000", "impactValue", "", "instId", i.instId(), "instType", "SWAP",
                "interestRate", "", "maxFundingRate", "0.00375", "method", "current_period", "minFundingRate", "-0.00375",
                "nextFundingRate", "", "nextFundingTime", "1703116800000", "premium", "0.0001", "settFundingRate",
                "0.0000691531004108", "settState", "settled", "ts", "1703070685309")).toList());
    }

    // ---------------------------------------------------------------- account

    private StubResponse config(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String apiKey = request.header("OK-ACCESS-KEY");
        return ok(List.of(map("acctLv", "2", "autoLoan", false, "ctIsoMode", "automatic", "greeksType", "PA",
                "level", "Lv1", "levelTmp", "", "mgnIsoMode", "automatic",
                "posMode", longShort.get(apiKey) ? "long_short_mode" : "net_mode", "uid", "44705892343619584")));
    }

    private StubResponse balance(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        return ok(List.of(map("totalEq", "41624.32", "uTime", "1705449605015", "details", List.of(
                map("ccy", "USDT", "availBal", "4834.31", "frozenBal", "158.573", "cashBal", "4992.883", "eq", "4992.883",
                        "upl", "12.5", "uTime", "1705449605015"),
                map("ccy", "BTC", "availBal", "0.5", "frozenBal", "0", "cashBal", "0.5", "eq", "0.5", "upl", "0",
                        "uTime", "1705449605015")))));
    }

    private StubResponse positions(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String apiKey = request.header("OK-ACCESS-KEY");
        String instType = query.get("instType");
        String instId = query.get("instId");
        List<Object> data = new ArrayList<>();
        synchronized (orders) {
            positions.forEach((key, held) -> {
                String[] parts = key.split(" ");
                Instrument instrument = instruments.get(parts[1]);
                if (!parts[0].equals(apiKey) || held.pos.signum() == 0
                        || (instType != null && !instrument.instType().equals(instType))
                        || (instId != null && !instrument.instId().equals(instId))) {
                    return;
                }
                BigDecimal markPx = new BigDecimal(LAST);
                BigDecimal size = held.pos.abs();
                boolean isLong = parts[2].equals("long") || (parts[2].equals("net") && held.pos.signum() > 0);
                // OKX's formulas: linear (markPx − avgPx) × pos × ctVal, inverse (1/avgPx − 1/markPx) × pos × ctVal
                BigDecimal ctVal = new BigDecimal(instrument.ctVal());
                BigDecimal upl = instrument.ctType().equals("linear")
                        ? markPx.subtract(held.avgPx).multiply(size).multiply(ctVal)
                        : BigDecimal.ONE.divide(held.avgPx, 16, java.math.RoundingMode.DOWN)
                                .subtract(BigDecimal.ONE.divide(markPx, 16, java.math.RoundingMode.DOWN)).multiply(size).multiply(ctVal);
                data.add(map("adl", "1", "availPos", "", "avgPx", held.avgPx.toPlainString(), "cTime", "1619507758793",
                        "ccy", instrument.settleCcy(), "imr", "21.5", "instId", instrument.instId(),
                        "instType", instrument.instType(), "last", LAST, "lever", held.lever, "liqPx", "39000",
                        "margin", "", "markPx", LAST, "mgnMode", "cross", "mgnRatio", "11.7",
                        "notionalUsd", "430.005", "pos", held.pos.toPlainString(), "posCcy", "", "posId", "307173036051017730",
                        "posSide", parts[2], "uTime", "1619507761462",
                        "upl", (isLong ? upl : upl.negate()).stripTrailingZeros().toPlainString(), "uplRatio", "0.01"));
            });
        }
        return ok(data);
    }

    private StubResponse setLeverage(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Optional<JsonNode> body = bodyObject(request);
        if (body.isEmpty()) {
            return new StubResponse(400, error("50002", "Json data format error"));
        }
        Map<String, Object> fields = fields(body.get());
        Instrument instrument = instrument((String) fields.get("instId"));
        if (instrument == null) {
            return unknownInstrument();
        }
        String mgnMode = String.valueOf(fields.get("mgnMode"));
        if (!Set.of("cross", "isolated").contains(mgnMode)) {
            return failure("51000", "Parameter mgnMode error");
        }
        String apiKey = request.header("OK-ACCESS-KEY");
        boolean sideNeeded = mgnMode.equals("isolated") && longShort.get(apiKey);
        Object posSide = fields.get("posSide");
        if (sideNeeded ? !Set.of("long", "short").contains(String.valueOf(posSide)) : posSide != null && !posSide.equals("net")) {
            return failure("51000", "Parameter posSide error");
        }
        String lever = String.valueOf(fields.get("lever"));
        if (!PLAIN_DECIMAL.matcher(lever).matches() || new BigDecimal(lever).compareTo(new BigDecimal(instrument.lever())) > 0) {
            return failure("51000", "Parameter lever error");
        }
        leverageSet.add(fields);
        return ok(List.of(map("lever", lever, "mgnMode", mgnMode, "instId", instrument.instId(),
                "posSide", posSide == null ? "" : posSide)));
    }

    // ---------------------------------------------------------------- orders

    private StubResponse placeOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Optional<JsonNode> body = bodyObject(request);
        if (body.isEmpty()) {
            return new StubResponse(400, error("50002", "Json data format error"));
        }
        String apiKey = request.header("OK-ACCESS-KEY");
        Map<String, Object> fields = fields(body.get());
        String clOrdId = String.valueOf(fields.getOrDefault("clOrdId", ""));
        StoredOrder order;
        synchronized (orders) {
            String[] rejection = validate(apiKey, body.get(), fields);
            if (rejection != null) {
                return allFailed(clOrdId, rejection[0], rejection[1]);
            }
            order = new StoredOrder(apiKey, fields, String.valueOf(nextOrdId.getAndIncrement()), now());
            orders.put(order.ordId, order);
            placed.add(fields);
            if (order.text("ordType").equals("market")) {
                execute(order, LAST);
            }
        }
        return StubResponse.ok(JSON.writeValueAsString(map("code", "0", "msg", "", "data", List.of(map("clOrdId", clOrdId,
                "ordId", order.ordId, "tag", "", "ts", String.valueOf(now()), "sCode", "0", "sMsg", "Order placed",
                "subCode", "")), "inTime", now() + "000", "outTime", now() + "000")));
    }

    /** OKX's checks, in order; {sCode, sMsg} of the first that fails, or null. Caller holds the lock. */
    private String[] validate(String apiKey, JsonNode body, Map<String, Object> fields) {
        for (String name : List.of("instId", "tdMode", "side", "ordType", "sz", "px", "posSide", "clOrdId")) {
            JsonNode value = body.get(name);
            boolean required = Set.of("instId", "tdMode", "side", "ordType", "sz").contains(name);
            if ((value == null && required) || (value != null && !value.isTextual())) {
                return param(name);
            }
        }
        JsonNode reduceOnly = body.get("reduceOnly");
        if (reduceOnly != null && !reduceOnly.isBoolean()) {
            return param("reduceOnly");
        }
        Instrument instrument = instruments.get((String) fields.get("instId"));
        if (instrument == null) {
            return new String[] {"51001", "Instrument ID, Instrument ID code or Spread ID doesn't exist."};
        }
        if (!Set.of("cross", "isolated").contains((String) fields.get("tdMode"))) {
            return param("tdMode");
        }
        String side = (String) fields.get("side");
        if (!Set.of("buy", "sell").contains(side)) {
            return param("side");
        }
        String ordType = (String) fields.get("ordType");
        if (!Set.of("market", "limit").contains(ordType)) {
            return param("ordType");
        }
        String sz = (String) fields.get("sz");
        if (!PLAIN_DECIMAL.matcher(sz).matches() || new BigDecimal(sz).signum() <= 0) {
            return param("sz");
        }
        if (new BigDecimal(sz).remainder(new BigDecimal(instrument.lotSz())).signum() != 0) {
            return new String[] {"51121", "Order quantity must be a multiple of the lot size."};
        }
        if (ordType.equals("limit")) {
            String px = (String) fields.get("px");
            if (px == null || !PLAIN_DECIMAL.matcher(px).matches()
                    || new BigDecimal(px).remainder(new BigDecimal(instrument.tickSz())).signum() != 0) {
                return param("px");
            }
        }
        String clOrdId = (String) fields.get("clOrdId");
        if (clOrdId != null && !CL_ORD_ID.matcher(clOrdId).matches()) {
            return param("clOrdId");
        }
        if (clOrdId != null && orders.values().stream().anyMatch(o -> o.text("clOrdId").equals(clOrdId) && OPEN.contains(o.state))) {
            return new String[] {"51016", "Duplicated clOrdId"};
        }
        String posSide = (String) fields.get("posSide");
        BigDecimal size = new BigDecimal(sz);
        if (longShort.get(apiKey)) {
            // long/short mode: posSide required; a sell long or buy short closes, never beyond the position
            if (!Set.of("long", "short").contains(String.valueOf(posSide))) {
                return param("posSide");
            }
            boolean closes = side.equals("buy") == posSide.equals("short");
            if (closes && held(apiKey, instrument, posSide).compareTo(size) < 0) {
                return new String[] {"51169", "Order failed because you don't have any positions in this direction for this contract to reduce or close."};
            }
            return null;
        }
        if (posSide != null && !posSide.equals("net")) {
            return param("posSide");
        }
        if (Boolean.TRUE.equals(fields.get("reduceOnly"))) {
            BigDecimal net = held(apiKey, instrument, "net");
            boolean sameDirection = side.equals("buy") ? net.signum() > 0 : net.signum() < 0;
            if (sameDirection) {
                return new String[] {"51170", "Failed to place order. A reduce-only order can’t be the same trading direction as your existing positions."};
            }
            if (net.abs().compareTo(size) < 0) {
                return new String[] {"51169", "Order failed because you don't have any positions in this direction for this contract to reduce or close."};
            }
        }
        return null;
    }

    private BigDecimal held(String apiKey, Instrument instrument, String posSide) {
        Held held = positions.get(apiKey + " " + instrument.instId() + " " + posSide);
        return held == null ? BigDecimal.ZERO : held.pos;
    }

    /** Fills the order in full at the price and moves the position. Caller holds the lock. */
    private void execute(StoredOrder order, String price) {
        order.state = "filled";
        order.accFillSz = order.text("sz");
        order.avgPx = price;
        BigDecimal size = new BigDecimal(order.text("sz"));
        boolean buy = order.text("side").equals("buy");
        String posSide = order.fields.containsKey("posSide") ? order.text("posSide") : "net";
        Held held = positions.computeIfAbsent(order.apiKey + " " + order.text("instId") + " " + posSide, k -> new Held());
        BigDecimal change = posSide.equals("net") ? (buy ? size : size.negate())
                : (buy == posSide.equals("long") ? size : size.negate());
        boolean adds = held.pos.signum() == 0 || held.pos.signum() == change.signum();
        if (adds) {
            BigDecimal total = held.pos.add(change).abs();
            held.avgPx = held.avgPx.multiply(held.pos.abs()).add(new BigDecimal(price).multiply(size))
                    .divide(total, 8, java.math.RoundingMode.DOWN).stripTrailingZeros();
        }
        held.pos = held.pos.add(change);
    }

    private StubResponse getOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String instId = query.get("instId");
        if (instId == null) {
            return failure("51000", "Parameter instId error");
        }
        synchronized (orders) {
            StoredOrder order = find(request.header("OK-ACCESS-KEY"), instId, query.get("ordId"), query.get("clOrdId"));
            if (order == null) {
                return failure("51603", "Order does not exist.");
            }
            return ok(List.of(order.view(instruments.get(instId))));
        }
    }

    private StubResponse cancelOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Optional<JsonNode> body = bodyObject(request);
        if (body.isEmpty()) {
            return new StubResponse(400, error("50002", "Json data format error"));
        }
        Map<String, Object> fields = fields(body.get());
        synchronized (orders) {
            StoredOrder order = find(request.header("OK-ACCESS-KEY"), (String) fields.get("instId"),
                    (String) fields.get("ordId"), (String) fields.get("clOrdId"));
            if (order == null || !OPEN.contains(order.state)) {
                return allFailed("", "51400", "Order cancellation failed as the order has been filled, canceled or does not exist.");
            }
            order.state = "canceled";
            return ok(List.of(map("clOrdId", order.text("clOrdId"), "ordId", order.ordId, "ts", String.valueOf(now()),
                    "sCode", "0", "sMsg", "")));
        }
    }

    private StubResponse ordersPending(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        return ok(list(request, query, true));
    }

    private StubResponse ordersHistory(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        if (query.get("instType") == null) {
            return failure("51000", "Parameter instType error");
        }
        return ok(list(request, query, false));
    }

    private List<Object> list(StubRequest request, Map<String, String> query, boolean open) {
        String apiKey = request.header("OK-ACCESS-KEY");
        synchronized (orders) {
            return orders.values().stream()
                    .filter(o -> o.apiKey.equals(apiKey) && OPEN.contains(o.state) == open)
                    .filter(o -> query.get("instId") == null || o.text("instId").equals(query.get("instId")))
                    .filter(o -> query.get("instType") == null
                            || instruments.get(o.text("instId")).instType().equals(query.get("instType")))
                    .sorted(Comparator.comparingLong((StoredOrder o) -> o.cTime).reversed())
                    .map(o -> (Object) o.view(instruments.get(o.text("instId"))))
                    .toList();
        }
    }

    private StoredOrder find(String apiKey, String instId, String ordId, String clOrdId) {
        StoredOrder order = ordId != null ? orders.get(ordId)
                : orders.values().stream().filter(o -> o.text("clOrdId").equals(clOrdId)).reduce((a, b) -> b).orElse(null);
        return order != null && order.apiKey.equals(apiKey) && order.text("instId").equals(instId) ? order : null;
    }

    // ---------------------------------------------------------------- helpers

    private Instrument instrument(String instId) {
        synchronized (orders) {
            return instId == null ? null : instruments.get(instId);
        }
    }

    private long now() {
        return clock.millis();
    }

    private static String[] param(String name) {
        return new String[] {"51000", "Parameter " + name + " error"};
    }

    private static StubResponse ok(List<?> data) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(map("code", "0", "msg", "", "data", data)));
    }

    private static StubResponse failure(String code, String msg) {
        return StubResponse.ok(error(code, msg));
    }

    private static String error(String code, String msg) {
        return "{\"code\":" + quote(code) + ",\"msg\":" + quote(msg) + ",\"data\":[]}";
    }

    private static StubResponse unknownInstrument() {
        return failure("51001", "Instrument ID, Instrument ID code or Spread ID doesn't exist.");
    }

    private StubResponse allFailed(String clOrdId, String sCode, String sMsg) throws JsonProcessingException {
        return StubResponse.ok(JSON.writeValueAsString(map("code", "1", "msg", "All operations failed", "data", List.of(
                map("clOrdId", clOrdId, "ordId", "", "sCode", sCode, "sMsg", sMsg, "tag", "", "ts", String.valueOf(now()))))));
    }

    private static Optional<JsonNode> bodyObject(StubRequest request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Top-level fields with their JSON types kept: strings as String, booleans as Boolean, the rest as text. */
    private static Map<String, Object> fields(JsonNode body) {
        Map<String, Object> fields = new LinkedHashMap<>();
        body.properties().forEach(e -> fields.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue()
                : e.getValue().isBoolean() ? (Object) e.getValue().booleanValue() : e.getValue().toString()));
        return fields;
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
