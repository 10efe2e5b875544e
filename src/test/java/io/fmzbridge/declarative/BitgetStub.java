package io.fmzbridge.declarative;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bitget spot API v2 as far as the example route file uses it, with the replies Bitget documents
 * (www.bitget.com/api-doc/spot: Get Ticker Information, Get OrderBook Depth, Get Recent Trades, Get
 * Candlestick Data, Get Symbol Info, Get Account Assets, Place Order, Get Order Info, Get Current
 * Orders, Get History Orders, Cancel Order), optional fields left out where Bitget's examples leave
 * them out. Account and trade calls must carry the known key and passphrase, a millisecond timestamp
 * within 30 s, and {@code ACCESS-SIGN = Base64(HMAC-SHA256(secret, timestamp + METHOD + path + ("?" +
 * query when there is one) + body))} over the request as it arrived. Written from Bitget's
 * documentation, not from the main code's signer, so the two check each other. Orders live in memory.
 */
final class BitgetStub extends StubExchange {

    static final String KEY = "bg_6f1e2d3c4b5a";
    static final String SECRET = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f";
    static final String PASSPHRASE = "my passphrase,2";
    private static final long MAX_SKEW_MS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Get Candlestick Data's granularity list. */
    private static final Set<String> GRANULARITIES = Set.of("1min", "5min", "15min", "30min", "1h", "4h", "6h", "12h",
            "1day", "3day", "1week", "1M", "6Hutc", "12Hutc", "1Dutc", "3Dutc", "1Wutc", "1Mutc");

    /** One order as Bitget keeps it: sizes as the strings it was sent with. */
    static final class BitgetOrder {
        final String orderId;
        final String clientOid;
        final String symbol;
        final String side;
        final String orderType;
        final String price;
        final String size;
        volatile String status = "live";
        volatile String filled = "0";
        volatile String priceAvg = "0";

        BitgetOrder(String orderId, String clientOid, String symbol, String side, String orderType, String price, String size) {
            this.orderId = orderId;
            this.clientOid = clientOid;
            this.symbol = symbol;
            this.side = side;
            this.orderType = orderType;
            this.price = price;
            this.size = size;
        }
    }

    private final AtomicLong nextOrderId = new AtomicLong(1001);
    final Map<String, BitgetOrder> orders = new ConcurrentHashMap<>();

    BitgetStub() {
        on("GET", "/api/v2/spot/market/tickers", (request, query) -> {
            String symbol = query.get("symbol");
            if (symbol != null && !symbol.equals("BTCUSDT")) {
                return unknownSymbol(symbol);
            }
            String btc = """
                    {"symbol": "BTCUSDT", "high24h": "37775.65", "open": "35134.2", "low24h": "34413.1",
                     "lastPr": "34413.1", "quoteVolume": "98765.4321", "baseVolume": "2.00000001",
                     "usdtVolume": "98765.4321", "bidPr": "34413.09999999", "askPr": "34413.10000001",
                     "bidSz": "0.0663", "askSz": "0.0119", "openUtc": "23856.72", "ts": "1625125755277",
                     "changeUtc24h": "0.00301", "change24h": "0.00069"}""";
            String other = """
                    {"symbol": "NEWUSDT", "high24h": "1.2", "open": "1", "low24h": "0.9", "lastPr": "1.1",
                     "quoteVolume": "10", "baseVolume": "9", "usdtVolume": "10", "bidPr": "1.09", "askPr": "1.11",
                     "bidSz": "5", "askSz": "5", "openUtc": "1", "ts": "1625125755277", "changeUtc24h": "0.1",
                     "change24h": "0.1"}""";
            return StubResponse.ok(success(symbol != null ? "[" + btc + "]" : "[" + btc + "," + other + "]"));
        });
        // Get OrderBook Depth: limit at most 150
        on("GET", "/api/v2/spot/market/orderbook", (request, query) -> limitOver(query, 150) != null ? limitOver(query, 150) : StubResponse.ok(success("""
                {"asks": [["34567.25", "0.0144"], ["34567.15", "0.0131"], ["34570", "1.5"], ["34580.5", "0.00000001"]],
                 "bids": [["34566.85", "0.0145"], ["34567", "0.2917"], ["34560", "3"], ["34550.1", "12.345"]],
                 "ts": "1698303884584"}""")));
        // Get Recent Trades: newest first; limit at most 500
        on("GET", "/api/v2/spot/market/fills", (request, query) -> {
            if (query.get("symbol") == null) {
                return failure("40019", "Parameter symbol cannot be empty");
            }
            if (limitOver(query, 500) != null) {
                return limitOver(query, 500);
            }
            return StubResponse.ok(success("""
                    [{"symbol": "BFTUSDT", "tradeId": "1", "side": "buy", "price": "2.38735", "size": "2470.6224", "ts": "1622097282536"},
                     {"symbol": "BFTUSDT", "tradeId": "2", "side": "sell", "price": "2.38649", "size": "3239.7976", "ts": "1622097280642"}]"""));
        });
        // Get Candlestick Data: [ts, open, high, low, close, base volume, USDT volume, quote volume]; limit at most 1000
        on("GET", "/api/v2/spot/market/candles", (request, query) -> {
            if (!GRANULARITIES.contains(String.valueOf(query.get("granularity")))) {
                return failure("40019", "Parameter granularity cannot be empty");
            }
            if (limitOver(query, 1000) != null) {
                return limitOver(query, 1000);
            }
            return StubResponse.ok(success("""
                    [["1654012800000", "39270.4", "39270.4", "37834.5", "37834.5", "42.444", "1619934.779", "1619934.779"],
                     ["1656604800000", "37834.5", "37849.5", "37773.5", "37773.5", "428.3462", "16198849.1079", "16198849.1079"]]"""));
        });
        // Get Symbol Info: decimals, not steps; an offline pair is listed too
        on("GET", "/api/v2/spot/public/symbols", (request, query) -> StubResponse.ok(success("""
                [{"symbol": "BTCUSDT", "baseCoin": "BTC", "quoteCoin": "USDT", "minTradeAmount": "0.0001",
                  "maxTradeAmount": "10000", "takerFeeRate": "0.001", "makerFeeRate": "0.001", "pricePrecision": "4",
                  "quantityPrecision": "8", "quotePrecision": "4", "minTradeUSDT": "5", "status": "online",
                  "buyLimitPriceRatio": "0.05", "sellLimitPriceRatio": "0.05", "orderQuantity": "100", "areaSymbol": "no"},
                 {"symbol": "OLDUSDT", "baseCoin": "OLD", "quoteCoin": "USDT", "minTradeAmount": "1",
                  "maxTradeAmount": "10000", "takerFeeRate": "0.001", "makerFeeRate": "0.001", "pricePrecision": "2",
                  "quantityPrecision": "2", "quotePrecision": "2", "minTradeUSDT": "5", "status": "offline",
                  "buyLimitPriceRatio": "0.05", "sellLimitPriceRatio": "0.05", "orderQuantity": "100", "areaSymbol": "no"}]""")));
        on("GET", "/api/v2/spot/account/assets", (request, query) -> StubResponse.ok(success("""
                [{"coin": "usdt", "available": "1234.56789012", "frozen": "100.5", "locked": "0",
                  "limitAvailable": "0", "uTime": "1622697148"},
                 {"coin": "btc", "available": "0.00000001", "frozen": "0", "locked": "0.1",
                  "limitAvailable": "0", "uTime": "1622697148"}]""")));
        on("POST", "/api/v2/spot/trade/place-order", (request, query) -> place(JSON.readTree(request.body())));
        on("GET", "/api/v2/spot/trade/orderInfo", (request, query) -> {
            BitgetOrder order = query.containsKey("orderId") ? orders.get(query.get("orderId"))
                    : orders.values().stream().filter(o -> o.clientOid.equals(query.get("clientOid"))).findFirst().orElse(null);
            if (!query.containsKey("orderId") && !query.containsKey("clientOid")) {
                return failure("40019", "Parameter orderId cannot be empty");
            }
            return StubResponse.ok(success(order == null ? "[]" : "[" + detail(order) + "]"));
        });
        // Get Current Orders: the order's price is priceAvg, the fill price basePrice; symbol in lower case; limit at most 100
        on("GET", "/api/v2/spot/trade/unfilled-orders", (request, query) -> {
            if (limitOver(query, 100) != null) {
                return limitOver(query, 100);
            }
            List<String> rows = new ArrayList<>();
            for (BitgetOrder o : orders.values()) {
                if (Set.of("live", "partially_filled").contains(o.status)
                        && (query.get("symbol") == null || o.symbol.equals(query.get("symbol")))) {
                    rows.add("{\"userId\": \"**********\", \"symbol\": " + quote(o.symbol.toLowerCase()) + ", \"orderId\": "
                            + quote(o.orderId) + ", \"clientOid\": " + quote(o.clientOid) + ", \"priceAvg\": " + quote(o.price)
                            + ", \"size\": " + quote(o.size) + ", \"orderType\": " + quote(o.orderType) + ", \"side\": "
                            + quote(o.side) + ", \"status\": " + quote(o.status) + ", \"basePrice\": " + quote(o.priceAvg)
                            + ", \"baseVolume\": " + quote(o.filled) + ", \"quoteVolume\": \"0\", \"enterPointSource\": \"API\","
                            + " \"cTime\": \"1622697148\"}");
                }
            }
            return StubResponse.ok(success("[" + String.join(",", rows) + "]"));
        });
        // Get History Orders: Bitget's example, a filled market buy of ETHUSDT; limit at most 100
        on("GET", "/api/v2/spot/trade/history-orders", (request, query) -> limitOver(query, 100) != null ? limitOver(query, 100) : StubResponse.ok(success("""
                [{"userId": "*********", "symbol": "ETHUSDT", "orderId": "1098394041043034112", "clientOid": "fmz0a1b2c3d4e5f60718293a4b5c6d7e8",
                  "price": "0", "size": "20.0000000000000000", "orderType": "market", "side": "buy", "status": "filled",
                  "priceAvg": "1598.1000000000000000", "baseVolume": "0.0125000000000000", "quoteVolume": "19.9762500000000000",
                  "enterPointSource": "WEB", "orderSource": "market", "cTime": "1698736299656", "uTime": "1698736300363"}]""")));
        on("POST", "/api/v2/spot/trade/cancel-order", (request, query) -> {
            JsonNode body = JSON.readTree(request.body());
            BitgetOrder order = orders.get(body.path("orderId").asText());
            if (body.path("symbol").asText().isEmpty()) {
                return failure("40019", "Parameter symbol cannot be empty");
            }
            if (order == null || !order.symbol.equals(body.path("symbol").asText()) || !Set.of("live", "partially_filled").contains(order.status)) {
                return failure("43001", "The order does not exist");
            }
            order.status = "cancelled";
            return StubResponse.ok(success("{\"orderId\": " + quote(order.orderId) + ", \"clientOid\": " + quote(order.clientOid) + "}"));
        });
    }

    /** Place Order: symbol, side, orderType, force and size required; a limit order needs its price. */
    private StubResponse place(JsonNode body) {
        for (String required : List.of("symbol", "side", "orderType", "force", "size")) {
            if (body.path(required).asText().isEmpty()) {
                return failure("40019", "Parameter " + required + " cannot be empty");
            }
        }
        if (!body.path("symbol").asText().equals("BTCUSDT")) {
            return unknownSymbol(body.path("symbol").asText());
        }
        if (body.path("orderType").asText().equals("limit") && body.path("price").asText().isEmpty()) {
            return failure("40019", "Parameter price cannot be empty");
        }
        new BigDecimal(body.path("size").asText()); // Bitget takes decimal strings only
        String orderId = Long.toString(nextOrderId.getAndIncrement());
        orders.put(orderId, new BitgetOrder(orderId, body.path("clientOid").asText(), body.path("symbol").asText(),
                body.path("side").asText(), body.path("orderType").asText(), body.path("price").asText("0"),
                body.path("size").asText()));
        return StubResponse.ok(success("{\"orderId\": " + quote(orderId) + ", \"clientOid\": " + quote(body.path("clientOid").asText()) + "}"));
    }

    /** Get Order Info's row. */
    private static String detail(BitgetOrder o) {
        return "{\"userId\": \"**********\", \"symbol\": " + quote(o.symbol) + ", \"orderId\": " + quote(o.orderId)
                + ", \"clientOid\": " + quote(o.clientOid) + ", \"price\": " + quote(o.price) + ", \"size\": " + quote(o.size)
                + ", \"orderType\": " + quote(o.orderType) + ", \"side\": " + quote(o.side) + ", \"status\": " + quote(o.status)
                + ", \"priceAvg\": " + quote(o.priceAvg) + ", \"baseVolume\": " + quote(o.filled)
                + ", \"quoteVolume\": \"0\", \"enterPointSource\": \"API\", \"orderSource\": \"normal\","
                + " \"cTime\": \"1695865232127\", \"uTime\": \"1695865233051\"}";
    }

    /** The market trades part of an order (a test's doing): Bitget says partially_filled. */
    void fill(String orderId, String amount, String averagePrice) {
        BitgetOrder order = orders.get(orderId);
        order.filled = amount;
        order.priceAvg = averagePrice;
        order.status = new BigDecimal(amount).compareTo(new BigDecimal(order.size)) < 0 ? "partially_filled" : "filled";
    }

    @Override
    public void clear() {
        super.clear();
        orders.clear();
        nextOrderId.set(1001);
    }

    /** Private endpoints answer only correctly signed requests, with Bitget's error codes otherwise. */
    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        if (request.path().startsWith("/api/v2/spot/account/") || request.path().startsWith("/api/v2/spot/trade/")) {
            if (!KEY.equals(request.header("ACCESS-KEY"))) {
                return failure("40006", "Invalid ACCESS_KEY");
            }
            if (!PASSPHRASE.equals(request.header("ACCESS-PASSPHRASE"))) {
                return failure("40012", "apikey/password is incorrect");
            }
            String timestamp = request.header("ACCESS-TIMESTAMP");
            if (timestamp == null || !timestamp.matches("\\d{13}")
                    || Math.abs(System.currentTimeMillis() - Long.parseLong(timestamp)) > MAX_SKEW_MS) {
                return failure("40008", "Request timestamp expired");
            }
            String prehash = timestamp + request.method() + request.path()
                    + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()) + request.body();
            if (!signature(prehash).equals(request.header("ACCESS-SIGN"))) {
                return failure("40009", "sign signature error");
            }
        }
        return super.respond(request, query);
    }

    private static String signature(String prehash) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(prehash.getBytes(UTF_8)));
    }

    private static String success(String data) {
        return "{\"code\": \"00000\", \"msg\": \"success\", \"requestTime\": 1695808949356, \"data\": " + data + "}";
    }

    /**
     * A {@code limit} above the endpoint's documented maximum, refused with Bitget's code for a request that
     * fails its parameter checks (40808, HTTP 400); null when the limit is absent or within it. The message
     * after the code's text is this stub's: Bitget documents the maximum, not its wording for the refusal.
     */
    private static StubResponse limitOver(Map<String, String> query, int maximum) {
        String limit = query.get("limit");
        if (limit == null) {
            return null;
        }
        if (!limit.matches("[1-9][0-9]{0,9}") || Long.parseLong(limit) > maximum) {
            return failure("40808", "Parameter verification exception limit must be 1 to " + maximum + ", not " + limit);
        }
        return null;
    }

    private static StubResponse unknownSymbol(String symbol) {
        return failure("40034", "Parameter " + symbol + " does not exist");
    }

    /** Bitget refuses with HTTP 400 and its code in the body. */
    private static StubResponse failure(String code, String msg) {
        return new StubResponse(400, "{\"code\": " + quote(code) + ", \"msg\": " + quote(msg)
                + ", \"requestTime\": 1695808949356, \"data\": null}");
    }
}
