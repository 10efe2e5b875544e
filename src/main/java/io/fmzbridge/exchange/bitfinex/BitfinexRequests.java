package io.fmzbridge.exchange.bitfinex;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fmzbridge.call.MarketBuySizing;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.MarketBuy;
import io.fmzbridge.fmz.OrderRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → Bitfinex v2 requests. The route names the endpoint with Bitfinex's path parameters
 * in braces ({@code "GET /v2/ticker/{symbol}"}); each method here fills them in and adds the query or
 * the JSON body. Authenticated calls are POSTs with a JSON body, which {@link BitfinexSigner} signs.
 */
public final class BitfinexRequests {

    static final String ENDPOINT = "endpoint";

    /** FMZ period in minutes → Bitfinex candle time frame. */
    static final Map<Long, String> FRAMES = new TreeMap<>(Map.ofEntries(
            Map.entry(1L, "1m"), Map.entry(5L, "5m"), Map.entry(15L, "15m"), Map.entry(30L, "30m"),
            Map.entry(60L, "1h"), Map.entry(180L, "3h"), Map.entry(240L, "4h"), Map.entry(360L, "6h"),
            Map.entry(720L, "12h"), Map.entry(1440L, "1D"), Map.entry(10080L, "1W"), Map.entry(20160L, "14D")));
    /** The book lengths Bitfinex serves (P0 precision). */
    static final List<Integer> BOOK_LENGTHS = List.of(1, 25, 100);
    /** Levels per side FMZ gets without a limit (Bitfinex's own default is 25). */
    static final int DEFAULT_DEPTH = 20;
    static final int MAX_ROWS = 10_000;
    static final int MAX_HISTORY = 2500;
    /** How many recent orders are searched for a client order id among the pair's history. */
    static final int RECENT_ORDERS = 100;

    private final Clock clock;

    public BitfinexRequests() {
        this(Clock.systemUTC());
    }

    BitfinexRequests(Clock clock) {
        this.clock = clock;
    }

    public RestCall plain(@ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint);
    }

    public RestCall ticker(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(withSymbol(endpoint, request));
    }

    public RestCall depth(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long limit = request.whole("limit", DEFAULT_DEPTH);
        int len = BOOK_LENGTHS.stream().filter(l -> l >= limit).findFirst().orElse(BOOK_LENGTHS.get(BOOK_LENGTHS.size() - 1));
        return RestCall.of(withSymbol(endpoint, request)).param("len", len);
    }

    public RestCall trades(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(withSymbol(endpoint, request)).param("limit", request.limitUpTo(MAX_ROWS));
    }

    public RestCall records(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String frame = FRAMES.get(request.whole("period", 0));
        if (frame == null) {
            throw new FmzError("period " + request.param("period") + " has no Bitfinex candle frame; periods in minutes: " + FRAMES.keySet());
        }
        return RestCall.of(withSymbol(endpoint, request).replace("{frame}", frame)).param("limit", request.limitUpTo(MAX_ROWS));
    }

    public RestCall tickers(@ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbols", "ALL");
    }

    /** An authenticated call with an empty body. */
    public RestCall authenticated(@ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).body("{}");
    }

    /**
     * EXCHANGE LIMIT / EXCHANGE MARKET (the EXCHANGE types trade the spot wallet; the others are margin).
     * The amount is base currency, positive to buy and negative to sell; a market order has no price.
     * FMZ's market buy, which names the quote currency to spend, goes as the base amount the route
     * sized at the best ask (property {@value MarketBuySizing#PROPERTY}).
     */
    public RestCall trade(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @ExchangeProperty(MarketBuySizing.PROPERTY) MarketBuy marketBuy,
                          @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        BigDecimal amount = MarketBuy.baseAmountOf(trade, marketBuy);
        BitfinexClientOrderId clientOrderId = new BitfinexClientOrderId(BitfinexClientOrderId.cidOf(request),
                LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId.toString());
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("type", trade.isMarket() ? "EXCHANGE MARKET" : "EXCHANGE LIMIT");
        order.put("symbol", BitfinexSymbol.of(trade.symbol()));
        order.put("amount", (trade.buy() ? "" : "-") + amount.toPlainString());
        if (!trade.isMarket()) {
            order.put("price", trade.price().toPlainString());
        }
        order.put("cid", clientOrderId.cid());
        return RestCall.of(endpoint).body(FmzJson.write(order));
    }

    /**
     * One order, among the pair's active orders ({@code /v2/auth/r/orders/{symbol}}) or its history
     * ({@code …/hist}): by id, Bitfinex filters; by client order id, Bitfinex has no filter, so the
     * active ones or the most recent ones come back and the mapper picks it out.
     */
    public RestCall orderLookup(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        Map<String, Object> filter = new LinkedHashMap<>();
        String pair;
        if (clientOrderId != null) {
            BitfinexClientOrderId.parse(clientOrderId);
            pair = BitfinexSymbol.of(request.symbol());
            if (endpoint.endsWith("/hist")) {
                filter.put("limit", RECENT_ORDERS);
            }
        } else {
            BitfinexOrderId id = BitfinexOrderId.parse(request);
            pair = id.pair();
            filter.put("id", List.of(id.id()));
        }
        return RestCall.of(endpoint.replace("{symbol}", pair)).body(FmzJson.write(filter));
    }

    /** Active orders: the pair's, or all of them when FMZ names no symbol. */
    public RestCall openOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(optionalSymbol(endpoint, request)).body("{}");
    }

    public RestCall historyOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        Map<String, Object> filter = new LinkedHashMap<>();
        long since = request.whole("since", 0);
        if (since > 0) {
            filter.put("start", since);
        }
        filter.put("limit", request.limitUpTo(MAX_HISTORY));
        filter.values().removeIf(java.util.Objects::isNull);
        return RestCall.of(optionalSymbol(endpoint, request)).body(FmzJson.write(filter));
    }

    public RestCall cancel(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).body(FmzJson.write(Map.of("id", BitfinexOrderId.parse(request).id())));
    }

    /** exchange.IO: {@code /v2/auth/...} paths are signed POSTs with the params as JSON body; the rest are GETs. */
    public RestCall api(@Body RestCall validated, @ExchangeProperty("fmz") FmzRequest request) {
        if (!isAuthenticated(validated)) {
            return new RestCall("GET", validated.path(), validated.query(), "", Map.of());
        }
        try {
            return RestCall.of("POST " + validated.path()).body(FmzJson.MAPPER.writeValueAsString(request.params()));
        } catch (JsonProcessingException e) {
            throw new FmzError("exchange.IO params cannot be sent as JSON");
        }
    }

    public boolean isAuthenticated(@Body RestCall call) {
        return call.path().startsWith("/v2/auth/");
    }

    private static String withSymbol(String endpoint, FmzRequest request) {
        return endpoint.replace("{symbol}", BitfinexSymbol.of(request.symbol()));
    }

    private static String optionalSymbol(String endpoint, FmzRequest request) {
        return request.hasSymbol() ? withSymbol(endpoint, request) : endpoint.replace("/{symbol}", "");
    }
}
