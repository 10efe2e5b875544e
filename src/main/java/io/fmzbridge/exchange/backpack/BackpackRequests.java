package io.fmzbridge.exchange.backpack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.call.ApiPassThrough;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.OrderRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → Backpack request parameters. The route names the endpoint ({@code "GET
 * /api/v1/depth"}) and, for signed calls, the instruction; each method here fills in what Backpack
 * expects from what FMZ sent. The FMZ request is read from its exchange property, not the body,
 * because the book-top call of {@code ticker} and the history fallback of {@code order} run after
 * the body has become an exchange reply.
 */
public final class BackpackRequests {

    static final String ENDPOINT = "endpoint";
    static final String REQUEST = FmzCall.REQUEST_PROPERTY;

    /** FMZ's period in minutes → Backpack kline interval. */
    static final Map<Long, String> INTERVALS = Map.ofEntries(
            Map.entry(1L, "1m"), Map.entry(3L, "3m"), Map.entry(5L, "5m"), Map.entry(15L, "15m"),
            Map.entry(30L, "30m"), Map.entry(60L, "1h"), Map.entry(120L, "2h"), Map.entry(240L, "4h"),
            Map.entry(360L, "6h"), Map.entry(480L, "8h"), Map.entry(720L, "12h"), Map.entry(1440L, "1d"),
            Map.entry(4320L, "3d"), Map.entry(10080L, "1w"));

    /** The only depth sizes Backpack serves; the bridge asks for the smallest that covers FMZ's limit. */
    static final List<Integer> DEPTH_LIMITS = List.of(5, 10, 20, 50, 100, 500, 1000);
    static final int DEFAULT_DEPTH = 20;
    /** Enough of the book for the best bid and ask of a ticker. */
    static final int BOOK_TOP = 5;
    static final int MAX_TRADES = 1000;
    /** Backpack has no bar count, only a start time: this many bars when FMZ names no limit (inferred). */
    static final int DEFAULT_RECORDS = 100;
    static final int MAX_RECORDS = 1000;
    static final int MAX_HISTORY = 1000;

    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final Clock clock;
    private final BackpackClientIds clientIds;
    private final ApiPassThrough apiPassThrough = new ApiPassThrough();

    public BackpackRequests() {
        this(new BackpackClientIds());
    }

    /** With the client ids the mapper checks found orders against. */
    public BackpackRequests(BackpackClientIds clientIds) {
        this(Clock.systemUTC(), clientIds);
    }

    BackpackRequests(Clock clock) {
        this(clock, new BackpackClientIds());
    }

    BackpackRequests(Clock clock, BackpackClientIds clientIds) {
        this.clock = clock;
        this.clientIds = clientIds;
    }

    public RestCall ticker(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", symbol(request.symbol()));
    }

    /** The few best levels of the book that give a ticker its bid and ask. */
    public RestCall bookTop(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", symbol(request.symbol())).param("limit", BOOK_TOP);
    }

    public RestCall depth(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", symbol(request.symbol()))
                .param("limit", depthLimit(depthLevels(request)));
    }

    public RestCall trades(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long limit = request.whole("limit", 0);
        return RestCall.of(endpoint).param("symbol", symbol(request.symbol()))
                .param("limit", limit == 0 ? null : Math.min(limit, MAX_TRADES));
    }

    /**
     * Backpack returns the bars from {@code startTime} (in SECONDS) on, and takes no count: starting
     * {@code limit} periods back, just after a bar boundary, gives exactly {@code limit} bars whatever
     * the boundaries are aligned to, the last one still forming.
     */
    public RestCall records(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long period = request.whole("period", 0);
        String interval = INTERVALS.get(period);
        if (interval == null) {
            throw new FmzError("period " + request.param("period") + " has no Backpack interval; periods in minutes: "
                    + INTERVALS.keySet().stream().sorted().toList());
        }
        long startTime = clock.instant().getEpochSecond() - recordsLimit(request) * period * 60 + 1;
        return RestCall.of(endpoint).param("symbol", symbol(request.symbol())).param("interval", interval)
                .param("startTime", startTime);
    }

    public RestCall plain(@ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint);
    }

    public RestCall trade(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        String symbol = symbol(trade.symbol());
        // Backpack client ids are uint32: the guard gets a key of its own that no two requests share
        BackpackClientIds.Placement placement = clientIds.assign(request, trade, symbol);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, placement.key());
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("symbol", symbol);
        order.put("clientId", placement.clientId());
        order.put("side", trade.buy() ? "Bid" : "Ask");
        order.put("orderType", trade.isMarket() ? "Market" : "Limit");
        order.put(trade.amountIsQuote() ? "quoteQuantity" : "quantity", trade.amount().toPlainString());
        if (!trade.isMarket()) {
            order.put("price", trade.price().toPlainString());
        }
        return RestCall.of(endpoint).body(FmzJson.write(order)).header("Content-Type", JSON_UTF8);
    }

    /**
     * One order by market and id: the open-order lookup and its history fallback take the same
     * query. When the bridge looks up a placement by client id, history has no such filter: the
     * market's recent orders are asked and the mapper picks the client id out.
     */
    public RestCall order(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String clientKey = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientKey != null) {
            RestCall call = RestCall.of(endpoint).param("symbol", symbol(request.symbol()));
            return endpoint.contains("/history/") ? call.param("limit", MAX_HISTORY)
                    : call.param("clientId", BackpackClientIds.clientIdOf(clientKey));
        }
        BackpackOrderId id = BackpackOrderId.parse(request);
        return RestCall.of(endpoint).param("orderId", id.orderId()).param("symbol", id.symbol());
    }

    public RestCall cancel(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        BackpackOrderId id = BackpackOrderId.parse(request);
        Map<String, String> cancel = new LinkedHashMap<>();
        cancel.put("orderId", id.orderId());
        cancel.put("symbol", id.symbol());
        return RestCall.of(endpoint).body(FmzJson.write(cancel)).header("Content-Type", JSON_UTF8);
    }

    public RestCall openOrders(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", request.hasSymbol() ? symbol(request.symbol()) : null);
    }

    public RestCall historyOrders(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long limit = request.whole("limit", 0);
        return RestCall.of(endpoint)
                .param("limit", limit == 0 ? null : Math.min(limit, MAX_HISTORY))
                .param("symbol", request.hasSymbol() ? symbol(request.symbol()) : null);
    }

    /**
     * {@code exchange.IO("api", verb, path, query)}: the query's params go in the query string of a
     * GET and in the JSON body of any other verb, DELETE included, as every Backpack DELETE takes its
     * params. An {@code instruction=} in the query names what to sign with and is not sent.
     */
    public RestCall api(@ExchangeProperty(REQUEST) FmzRequest request) {
        ObjectNode params = request.params().deepCopy();
        params.remove(BackpackInstructions.API_OVERRIDE);
        RestCall call = apiPassThrough.call(new FmzRequest(request.exchange(), request.method(), params,
                request.accessKey(), request.secretKey(), request.httpMethod()));
        if (call.verb().equals("DELETE")) {
            call = RestCall.of("DELETE " + call.path()).body(FmzJson.write(params));
        }
        return call.body().isEmpty() ? call : call.header("Content-Type", JSON_UTF8);
    }

    static String symbol(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("contract symbols like " + symbol + " are not served for Backpack yet; use a spot symbol like SOL_USDC");
        }
        return symbol.toString();
    }

    static int depthLevels(FmzRequest request) {
        return (int) Math.min(request.whole("limit", DEFAULT_DEPTH), DEPTH_LIMITS.get(DEPTH_LIMITS.size() - 1));
    }

    static int recordsLimit(FmzRequest request) {
        return (int) Math.min(request.whole("limit", DEFAULT_RECORDS), MAX_RECORDS);
    }

    private static int depthLimit(int levels) {
        return DEPTH_LIMITS.stream().filter(size -> size >= levels).findFirst().orElseThrow();
    }
}
