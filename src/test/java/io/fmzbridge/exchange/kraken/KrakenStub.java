package io.fmzbridge.exchange.kraken;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.RateJudge;
import io.fmzbridge.stub.RateLimitedStub;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kraken spot REST as far as the bridge uses it, checked the way Kraken documents it: private calls are
 * form-encoded POSTs whose {@code nonce} must be above the last one the key used ({@code EAPI:Invalid
 * nonce}), with {@code API-Sign = Base64(HMAC-SHA512(Base64Decode(secret), path + SHA256(nonce + body)))}
 * over the body exactly as it arrived; every call needs a User-Agent. Errors come as HTTP 200
 * {@code {"error":[...],"result":{}}}. Pair and asset names are Kraken's (XXBTZUSD, XBT, ZUSD); results are
 * keyed by the pair id whatever name was sent. Written from Kraken's docs, independently of the bridge.
 */
public final class KrakenStub extends StubExchange implements RateLimitedStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern CL_ORD_ID = Pattern.compile("[\\x21-\\x7E]{1,18}");

    /** id, altname, wsname, base, quote, pair_decimals, lot_decimals, ordermin, costmin. */
    private record Pair(String id, String altname, String wsname, String base, String quote, int pairDecimals,
                        int lotDecimals, String ordermin, String costmin) {}

    private static final List<Pair> PAIRS = List.of(
            new Pair("XXBTZUSD", "XBTUSD", "XBT/USD", "XXBT", "ZUSD", 1, 8, "0.0001", "0.5"),
            new Pair("XBTUSDT", "XBTUSDT", "XBT/USDT", "XXBT", "USDT", 1, 8, "0.0001", "0.5"),
            new Pair("USDTZUSD", "USDTUSD", "USDT/USD", "USDT", "ZUSD", 5, 8, "5", "0.5"),
            new Pair("XETHZUSD", "ETHUSD", "ETH/USD", "XETH", "ZUSD", 2, 8, "0.002", "0.5"),
            // newer assets whose own names start with Z or X: no prefix to strip (ZETA is not "ETA", XTZ not "TZ")
            new Pair("ZETAUSD", "ZETAUSD", "ZETA/USD", "ZETA", "ZUSD", 4, 8, "5", "0.5"),
            new Pair("XTZUSD", "XTZUSD", "XTZ/USD", "XTZ", "ZUSD", 4, 8, "1", "0.5"),
            new Pair("XXRPZEUR", "XRPEUR", "XRP/EUR", "XXRP", "ZEUR", 5, 8, "2", "0.45"));
    private static final Map<String, String> ASSETS = Map.of("XXBT", "XBT", "ZUSD", "USD", "USDT", "USDT", "XETH", "ETH",
            "ZETA", "ZETA", "XTZ", "XTZ", "XXRP", "XRP", "ZEUR", "EUR");

    /** An order as Kraken keeps it. Guarded by {@code orders}. */
    private static final class StoredOrder {
        final String txid;
        final Map<String, String> form;
        /** An order placed outside the API (on Kraken's website), as Kraken lists it; null for API orders. */
        final Map<String, Object> placedElsewhere;
        String status = "open";
        String volExec = "0";
        String avgPrice = "0";
        final String opentm;

        StoredOrder(String txid, Map<String, String> form, long nowMs) {
            this.txid = txid;
            this.form = form;
            this.placedElsewhere = null;
            this.opentm = BigDecimal.valueOf(nowMs).movePointLeft(3).toPlainString();
        }

        StoredOrder(String txid, Map<String, Object> listed) {
            this.txid = txid;
            this.form = Map.of();
            this.placedElsewhere = listed;
            this.status = String.valueOf(listed.get("status"));
            this.opentm = String.valueOf(listed.get("opentm"));
        }

        /** As Kraken's OpenOrders/QueryOrders example shows an order: cl_ord_id only when the order has one. */
        Map<String, Object> view() {
            if (placedElsewhere != null) {
                Map<String, Object> view = new LinkedHashMap<>(placedElsewhere);
                view.put("status", status);
                return view;
            }
            Pair pair = pair(form.get("pair"));
            String price = form.getOrDefault("price", "0");
            Map<String, Object> descr = new LinkedHashMap<>();
            descr.put("pair", pair.altname());
            descr.put("type", form.get("type"));
            descr.put("ordertype", form.get("ordertype"));
            descr.put("price", price);
            descr.put("price2", "0");
            descr.put("leverage", "none");
            descr.put("order", form.get("type") + " " + new BigDecimal(form.get("volume")).setScale(8).toPlainString() + " "
                    + pair.altname() + " @ " + form.get("ordertype") + (form.containsKey("price") ? " " + price : ""));
            descr.put("close", "");
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("refid", null);
            view.put("userref", 0);
            if (form.containsKey("cl_ord_id")) {
                view.put("cl_ord_id", form.get("cl_ord_id"));
            }
            view.put("status", status);
            view.put("opentm", new BigDecimal(opentm));
            view.put("starttm", 0);
            view.put("expiretm", 0);
            view.put("descr", descr);
            view.put("vol", new BigDecimal(form.get("volume")).setScale(8).toPlainString());
            view.put("vol_exec", new BigDecimal(volExec).setScale(8).toPlainString());
            view.put("cost", new BigDecimal(volExec).multiply(new BigDecimal(avgPrice)).toPlainString());
            view.put("fee", "0.00000");
            view.put("price", avgPrice);
            view.put("stopprice", "0.00000");
            view.put("limitprice", "0.00000");
            view.put("misc", "");
            view.put("oflags", form.getOrDefault("oflags", "fciq"));
            return view;
        }
    }

    /**
     * Kraken's documented limits for one verification tier ("Spot REST Rate Limits", "Spot Trading Limits",
     * support article 360045239571): the call counter per key (its maximum and decay per second), the
     * trading counter per pair (threshold and decay; Starter's 60 and 1/s are third-party figures), and
     * public calls, about one per second per address ("1 per second (or less) would remain within").
     */
    public record Limits(double counterMax, double counterDecay, double tradingMax, double tradingDecay,
                         long publicPerSecond) {
        public static final Limits STARTER = new Limits(15, 0.33, 60, 1, 1);
        public static final Limits INTERMEDIATE = new Limits(20, 0.5, 125, 2.34, 1);
        public static final Limits PRO = new Limits(20, 1, 180, 3.75, 1);
    }

    /** Private calls that raise the call counter by 2 ("Ledger/trade history calls increase the counter by 2"). */
    private static final Set<String> COSTING_TWO = Set.of("/0/private/Ledgers", "/0/private/QueryLedgers",
            "/0/private/TradesHistory", "/0/private/QueryTrades");
    /** Public calls Kraken counts per address and pair; every other public call per address alone. */
    private static final Set<String> PER_PAIR = Set.of("/0/public/Trades", "/0/public/OHLC");

    private volatile Judges judges;
    private final AtomicInteger rateLimitRefusals = new AtomicInteger();

    private record Judges(RateJudge.Decaying counter, RateJudge.Decaying trading, RateJudge.Sliding publicCalls) {}

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Long> lastNonce = new ConcurrentHashMap<>();
    private final List<Long> acceptedNonces = new CopyOnWriteArrayList<>();
    private final Map<String, StoredOrder> orders = new LinkedHashMap<>();
    private final List<Map<String, String>> placed = new CopyOnWriteArrayList<>();
    private final Queue<String> rejections = new ConcurrentLinkedQueue<>();
    private final AtomicInteger nextTxid = new AtomicInteger(10000);

    private KrakenStub() {
        on("GET", "/0/public/Time", (r, q) -> ok(Map.of("unixtime", 1688669448, "rfc1123", "Thu, 06 Jul 23 18:50:48 +0000")));
        on("GET", "/0/public/AssetPairs", (r, q) -> ok(assetPairs()));
        on("GET", "/0/public/Assets", (r, q) -> ok(assets()));
        on("GET", "/0/public/Ticker", this::ticker);
        on("GET", "/0/public/Depth", this::depth);
        on("GET", "/0/public/Trades", this::trades);
        on("GET", "/0/public/OHLC", this::ohlc);
        on("POST", "/0/private/BalanceEx", (r, q) -> ok(balances()));
        on("POST", "/0/private/AddOrder", this::addOrder);
        on("POST", "/0/private/QueryOrders", this::queryOrders);
        on("POST", "/0/private/OpenOrders", (r, q) -> ok(Map.of("open", listOrders(form(r), true))));
        on("POST", "/0/private/ClosedOrders", (r, q) -> {
            Map<String, Object> closed = listOrders(form(r), false);
            return ok(Map.of("closed", closed, "count", closed.size()));
        });
        on("POST", "/0/private/CancelOrder", this::cancelOrder);
        // the ledger as Kraken shows an account without entries, for exchange.IO's ledger calls
        on("POST", "/0/private/Ledgers", (r, q) -> ok(Map.of("ledger", Map.of(), "count", 0)));
    }

    public static KrakenStub start() {
        return new KrakenStub();
    }

    // ---------------------------------------------------------------- test controls

    public void addAccount(String apiKey, String base64Secret) {
        secrets.put(apiKey, base64Secret);
    }

    /**
     * From now on, calls are counted as Kraken counts them, each on arrival, and a call over a limit is
     * refused as Kraken refuses it: {@code EAPI:Rate limit exceeded} over the call counter,
     * {@code EOrder:Rate limit exceeded} over a pair's trading counter, {@code EGeneral:Too many requests}
     * over the public allowance (Kraken documents no public reply; third parties report this one). Off
     * unless a test turns it on, so the other tests are not limited.
     */
    public void enforceRateLimits(Limits limits) {
        judges = new Judges(new RateJudge.Decaying(limits.counterMax(), limits.counterDecay()),
                new RateJudge.Decaying(limits.tradingMax(), limits.tradingDecay()),
                new RateJudge.Sliding(limits.publicPerSecond(), java.time.Duration.ofSeconds(1)));
    }

    /** Kraken's limits for a Starter account, the tier the bridge assumes unless told otherwise. */
    @Override
    public void enforceRateLimits() {
        enforceRateLimits(Limits.STARTER);
    }

    /** How many calls the stub refused for a rate limit: a bridge that keeps Kraken's model causes none. */
    @Override
    public int rateLimitRefusals() {
        return rateLimitRefusals.get();
    }

    /**
     * The call counter per key ("private"), the trading counter per key and pair, and the public allowance,
     * while enforced: named as the bridge names its limits.
     */
    @Override
    public Map<String, RateJudge.Judge> rateJudges() {
        Judges on = judges;
        return on == null ? Map.of() : Map.of("private", on.counter(), "trading", on.trading(), "public",
                on.publicCalls());
    }

    /** The next well-formed order is refused with this Kraken error, e.g. "EOrder:Insufficient funds". */
    public void rejectNextOrder(String error) {
        rejections.add(error);
    }

    /** Every order's form fields exactly as sent (nonce included), oldest first. */
    public List<Map<String, String>> placedOrders() {
        return List.copyOf(placed);
    }

    /** The nonces of the private calls the stub let through, in arrival order. */
    public List<Long> acceptedNonces() {
        return List.copyOf(acceptedNonces);
    }

    /**
     * An order placed outside the API (on Kraken's website or app), listed exactly as given: Kraken's
     * OpenOrders/QueryOrders/ClosedOrders show it beside the API's own, and CancelOrder takes it.
     */
    public void addOrderPlacedElsewhere(String txid, String orderJson) throws JsonProcessingException {
        @SuppressWarnings("unchecked")
        Map<String, Object> listed = JSON.readValue(orderJson, LinkedHashMap.class);
        synchronized (orders) {
            orders.put(txid, new StoredOrder(txid, listed));
        }
    }

    public void fill(String txid, String volExec, String avgPrice) {
        synchronized (orders) {
            StoredOrder order = orders.get(txid);
            order.volExec = volExec;
            order.avgPrice = avgPrice;
            if (new BigDecimal(volExec).compareTo(new BigDecimal(order.form.get("volume"))) >= 0) {
                order.status = "closed";
            }
        }
    }

    public String statusOf(String txid) {
        synchronized (orders) {
            return orders.get(txid).status;
        }
    }

    // ---------------------------------------------------------------- authentication

    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        if (request.header("User-Agent") == null) {
            return error("EGeneral:Invalid arguments:User-Agent");
        }
        if (request.path().startsWith("/0/private/") && hasRoute(request.method(), request.path())) {
            String refusal = refusal(request);
            if (refusal != null) {
                return error(refusal);
            }
        }
        String overLimit = overLimit(request, query);
        if (overLimit != null) {
            rateLimitRefusals.incrementAndGet();
            return error(overLimit);
        }
        return super.respond(request, query);
    }

    /** Counts the call as Kraken does when limits are on; the error to answer when it is over one. */
    private String overLimit(StubRequest request, Map<String, String> query) {
        Judges on = judges;
        if (on == null) {
            return null;
        }
        String path = request.path();
        if (path.startsWith("/0/public/")) {
            Pair pair = PER_PAIR.contains(path) ? pair(query.get("pair")) : null;
            return on.publicCalls().admit(pair == null ? "ip" : "ip " + pair.id(), 1) ? null : "EGeneral:Too many requests";
        }
        String key = request.header("API-Key");
        if (path.equals("/0/private/AddOrder") || path.equals("/0/private/CancelOrder")) {
            Map<String, String> form = form(request);
            Pair pair;
            double cost;
            if (path.equals("/0/private/AddOrder")) {
                pair = pair(form.get("pair"));
                cost = 1;
            } else {
                StoredOrder order;
                synchronized (orders) {
                    order = orders.get(form.get("txid"));
                }
                pair = order == null || order.placedElsewhere != null ? null : pair(order.form.get("pair"));
                cost = order == null ? 0 : cancelCost(System.currentTimeMillis() - new BigDecimal(order.opentm)
                        .movePointRight(3).longValue());
            }
            return pair == null || on.trading().admit(key + " " + pair.id(), cost) ? null : "EOrder:Rate limit exceeded";
        }
        return on.counter().admit(key, COSTING_TWO.contains(path) ? 2 : 1) ? null : "EAPI:Rate limit exceeded";
    }

    /** "Cancel Order": +8 under 5 s of the order's life, +6 under 10 s, +5, +4, +2, +1 under 300 s, then nothing. */
    private static double cancelCost(long ageMs) {
        long[] under = {5_000, 10_000, 15_000, 45_000, 90_000, 300_000};
        double[] cost = {8, 6, 5, 4, 2, 1};
        for (int i = 0; i < under.length; i++) {
            if (ageMs < under[i]) {
                return cost[i];
            }
        }
        return 0;
    }

    private String refusal(StubRequest request) {
        String secret = request.header("API-Key") == null ? null : secrets.get(request.header("API-Key"));
        if (secret == null) {
            return "EAPI:Invalid key";
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            return "EGeneral:Invalid arguments";
        }
        String nonceText = form(request).get("nonce");
        if (nonceText == null || !nonceText.matches("\\d{1,19}")) {
            return "EAPI:Invalid nonce";
        }
        if (!MessageDigest.isEqual(expectedSign(secret, request.path(), nonceText, request.body()).getBytes(UTF_8),
                String.valueOf(request.header("API-Sign")).getBytes(UTF_8))) {
            return "EAPI:Invalid signature";
        }
        long nonce = Long.parseLong(nonceText);
        synchronized (lastNonce) {
            Long last = lastNonce.get(request.header("API-Key"));
            if (last != null && nonce <= last) {
                return "EAPI:Invalid nonce";
            }
            lastNonce.put(request.header("API-Key"), nonce);
            acceptedNonces.add(nonce);
        }
        return null;
    }

    /** Kraken's scheme, as its docs give it. */
    static String expectedSign(String base64Secret, String path, String nonce, String postdata) {
        try {
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest((nonce + postdata).getBytes(UTF_8));
            byte[] message = new byte[path.getBytes(UTF_8).length + sha256.length];
            System.arraycopy(path.getBytes(UTF_8), 0, message, 0, path.getBytes(UTF_8).length);
            System.arraycopy(sha256, 0, message, path.getBytes(UTF_8).length, sha256.length);
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Secret), "HmacSHA512"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- public

    private static Map<String, Object> assetPairs() {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Pair p : PAIRS) {
            result.put(p.id(), pairView(p, p.altname()));
        }
        // the dark-pool twin Kraken lists beside a pair
        result.put("XXBTZUSD.d", pairView(PAIRS.get(0), "XBTUSD.d"));
        return result;
    }

    private static Map<String, Object> pairView(Pair p, String altname) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("altname", altname);
        view.put("wsname", p.wsname());
        view.put("base", p.base());
        view.put("quote", p.quote());
        view.put("pair_decimals", p.pairDecimals());
        view.put("cost_decimals", 5);
        view.put("lot_decimals", p.lotDecimals());
        view.put("ordermin", p.ordermin());
        view.put("costmin", p.costmin());
        view.put("tick_size", BigDecimal.ONE.movePointLeft(p.pairDecimals()).toPlainString());
        view.put("status", "online");
        return view;
    }

    private static Map<String, Object> assets() {
        Map<String, Object> result = new LinkedHashMap<>();
        ASSETS.forEach((id, altname) -> result.put(id, Map.of("aclass", "currency", "altname", altname, "decimals", 10,
                "display_decimals", 5, "status", "enabled")));
        return result;
    }

    private static Pair pair(String name) {
        return PAIRS.stream().filter(p -> p.id().equals(name) || p.altname().equals(name)).findFirst().orElse(null);
    }

    private StubResponse ticker(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Map<String, Object> result = new LinkedHashMap<>();
        if (query.containsKey("pair")) {
            Pair pair = pair(query.get("pair"));
            if (pair == null) {
                return error("EQuery:Unknown asset pair");
            }
            result.put(pair.id(), documentedTicker());
        } else {
            PAIRS.forEach(p -> result.put(p.id(), documentedTicker()));
        }
        return ok(result);
    }

    /** Kraken's documented ticker example. */
    private static Map<String, Object> documentedTicker() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("a", List.of("3537.50000", "1", "1.000"));
        t.put("b", List.of("3537.40000", "16", "16.000"));
        t.put("c", List.of("3537.50000", "0.25000000"));
        t.put("v", List.of("2945.40515179", "4009.69918350"));
        t.put("p", List.of("3537.46886", "3535.79747"));
        t.put("t", List.of(5773, 6815));
        t.put("l", List.of("3504.20000", "3504.10000"));
        t.put("h", List.of("3565.00000", "3566.00000"));
        t.put("o", "3530.60000");
        return t;
    }

    private StubResponse depth(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Pair pair = pair(query.get("pair"));
        if (pair == null) {
            return error("EQuery:Unknown asset pair");
        }
        int count = Integer.parseInt(query.getOrDefault("count", "100"));
        List<Object> asks = new ArrayList<>();
        List<Object> bids = new ArrayList<>();
        // as deep as asked, up to Kraken's 500 levels
        for (int i = 0; i < Math.min(count, 500); i++) {
            asks.add(List.of(new BigDecimal("3539.90000").add(BigDecimal.valueOf(i)).toPlainString(), "0.80" + i + "1", 1548119951));
            bids.add(List.of(new BigDecimal("3538.90000").subtract(BigDecimal.valueOf(i)).toPlainString(), "0.75" + i + "4", 1548119886));
        }
        return ok(Map.of(pair.id(), Map.of("asks", asks, "bids", bids)));
    }

    private StubResponse trades(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Pair pair = pair(query.get("pair"));
        if (pair == null) {
            return error("EQuery:Unknown asset pair");
        }
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(List.of("30243.4000" + i, "0.0010000" + i, new BigDecimal("1688671970.1234").add(BigDecimal.valueOf(i)),
                    i % 2 == 0 ? "b" : "s", "l", "", 55000 + i));
        }
        return ok(Map.of(pair.id(), rows, "last", "1688671974123400000"));
    }

    private StubResponse ohlc(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Pair pair = pair(query.get("pair"));
        if (pair == null) {
            return error("EQuery:Unknown asset pair");
        }
        if (!List.of("1", "5", "15", "30", "60", "240", "1440", "10080", "21600").contains(query.getOrDefault("interval", "1"))) {
            return error("EGeneral:Invalid arguments");
        }
        List<Object> rows = new ArrayList<>();
        long step = Long.parseLong(query.getOrDefault("interval", "1")) * 60;
        for (int i = 0; i < 6; i++) {
            rows.add(List.of(1688671200L + i * step, "30306.1", "30306.2", "30305.7", "30305.9" + i, "30306.0", "3.39243896", 23));
        }
        return ok(Map.of(pair.id(), rows, "last", 1688671200L + 5 * step));
    }

    // ---------------------------------------------------------------- private

    private static Map<String, Object> balances() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ZUSD", Map.of("balance", "25435.21", "hold_trade", "8249.76"));
        result.put("XXBT", Map.of("balance", "1.2435", "hold_trade", "0.8423"));
        result.put("USDT", Map.of("balance", "0.00000001", "hold_trade", "0"));
        result.put("ZETA", Map.of("balance", "12.5", "hold_trade", "2.5"));
        result.put("XTZ", Map.of("balance", "3", "hold_trade", "0"));
        result.put("KFEE", Map.of("balance", "1000.00", "hold_trade", "0"));
        return result;
    }

    private StubResponse addOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        Map<String, String> form = form(request);
        Pair pair = pair(form.get("pair"));
        if (pair == null) {
            return error("EQuery:Unknown asset pair");
        }
        String ordertype = form.get("ordertype");
        boolean limit = "limit".equals(ordertype);
        if (!List.of("buy", "sell").contains(form.get("type")) || !List.of("limit", "market").contains(ordertype)
                || !plain(form.get("volume")) || (limit != form.containsKey("price")) || (limit && !plain(form.get("price")))) {
            return error("EGeneral:Invalid arguments");
        }
        if (form.containsKey("oflags") && !(form.get("oflags").equals("viqc") && !limit && form.get("type").equals("buy"))) {
            return error("EGeneral:Invalid arguments:oflags");
        }
        String clOrdId = form.get("cl_ord_id");
        if (clOrdId != null && !CL_ORD_ID.matcher(clOrdId).matches()) {
            return error("EGeneral:Invalid arguments:cl_ord_id");
        }
        String rejection = rejections.poll();
        if (rejection != null) {
            return error(rejection);
        }
        String txid = "O" + nextTxid.getAndIncrement() + "-KRAKN-STUB" + String.format("%02d", nextTxid.get() % 100);
        synchronized (orders) {
            if (clOrdId != null && orders.values().stream().anyMatch(o -> clOrdId.equals(o.form.get("cl_ord_id")))) {
                return error("EOrder:Duplicate cl_ord_id");
            }
            StoredOrder order = new StoredOrder(txid, form, System.currentTimeMillis());
            if (!limit) {
                order.status = "closed";
                order.volExec = form.get("volume");
                order.avgPrice = "30000.1";
            }
            orders.put(txid, order);
        }
        placed.add(form);
        Map<String, Object> descr = Map.of("order", form.get("type") + " " + form.get("volume") + " " + pair.altname() + " @ " + ordertype);
        return ok(Map.of("descr", descr, "txid", List.of(txid)));
    }

    private StubResponse queryOrders(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String txids = form(request).get("txid");
        if (txids == null) {
            return error("EGeneral:Invalid arguments");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        synchronized (orders) {
            for (String txid : txids.split(",")) {
                StoredOrder order = orders.get(txid);
                if (order == null) {
                    return error("EOrder:Invalid order");
                }
                result.put(txid, order.view());
            }
        }
        return ok(result);
    }

    private Map<String, Object> listOrders(Map<String, String> form, boolean open) {
        Map<String, Object> result = new LinkedHashMap<>();
        String clOrdId = form.get("cl_ord_id");
        synchronized (orders) {
            List<StoredOrder> newestFirst = new ArrayList<>(orders.values());
            java.util.Collections.reverse(newestFirst);
            for (StoredOrder order : newestFirst) {
                boolean isOpen = order.status.equals("open") || order.status.equals("pending");
                if (isOpen == open && (clOrdId == null || clOrdId.equals(order.form.get("cl_ord_id")))) {
                    result.put(order.txid, order.view());
                }
            }
        }
        return result;
    }

    private StubResponse cancelOrder(StubRequest request, Map<String, String> query) throws JsonProcessingException {
        String txid = form(request).get("txid");
        synchronized (orders) {
            StoredOrder order = orders.get(txid);
            if (order == null) {
                return error("EOrder:Unknown order");
            }
            if (!order.status.equals("open")) {
                return ok(Map.of("count", 0));
            }
            order.status = "canceled";
        }
        return ok(Map.of("count", 1));
    }

    // ---------------------------------------------------------------- helpers

    private static boolean plain(String decimal) {
        return decimal != null && PLAIN_DECIMAL.matcher(decimal).matches();
    }

    static Map<String, String> form(StubRequest request) {
        return parseQuery(request.body());
    }

    private static StubResponse ok(Object result) throws JsonProcessingException {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("error", List.of());
        reply.put("result", result);
        return StubResponse.ok(JSON.writeValueAsString(reply));
    }

    private static StubResponse error(String error) {
        return StubResponse.ok("{\"error\":[" + quote(error) + "],\"result\":{}}");
    }
}
