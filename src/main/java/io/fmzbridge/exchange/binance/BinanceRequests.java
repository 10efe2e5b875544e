package io.fmzbridge.exchange.binance;

import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.OrderRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → Binance Spot {@code /api/v3} request parameters. The route names the endpoint
 * ({@code "GET /api/v3/depth"}); each method here fills in what Binance expects. Every parameter goes in
 * the query string, whatever the verb: rest-api.md allows it for POST and DELETE, and it keeps the
 * signed bytes and the sent bytes one and the same string.
 */
public final class BinanceRequests {

    static final String ENDPOINT = "endpoint";
    private static final String REQUEST = "fmz";

    /** FMZ's period in minutes → Binance kline interval (rest-api.md "Kline/Candlestick data"; 1M has no fixed length). */
    private static final Map<Long, String> INTERVALS = Map.ofEntries(
            Map.entry(1L, "1m"), Map.entry(3L, "3m"), Map.entry(5L, "5m"), Map.entry(15L, "15m"),
            Map.entry(30L, "30m"), Map.entry(60L, "1h"), Map.entry(120L, "2h"), Map.entry(240L, "4h"),
            Map.entry(360L, "6h"), Map.entry(480L, "8h"), Map.entry(720L, "12h"), Map.entry(1440L, "1d"),
            Map.entry(4320L, "3d"), Map.entry(10080L, "1w"));

    /** Public market-data endpoints (security type NONE): they take no timestamp or signature. */
    private static final Pattern PUBLIC_PATH = Pattern.compile(
            "/api/v3/(ping|time|exchangeInfo|depth|trades|aggTrades|klines|uiKlines|avgPrice|ticker(/[A-Za-z0-9]+)?)");

    static final int DEFAULT_DEPTH = 20;
    static final int MAX_DEPTH = 5000;
    static final int MAX_TRADES = 1000;
    static final int MAX_KLINES = 1000;
    static final int MAX_ORDERS = 1000;

    public RestCall ticker(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", symbol(request.symbol()));
    }

    /** Every symbol's 24 h ticker, without the delisted ones Binance still answers for. */
    public RestCall tickers(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbolStatus", "TRADING");
    }

    public RestCall depth(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", symbol(request.symbol())).param("limit", depthLimit(request));
    }

    /** The order book's request weight by its depth (rest-api.md "Order book": 1-100 5, -500 25, -1000 50, -5000 250). */
    public String depthCost(FmzRequest request) {
        long limit = depthLimit(request);
        return "weight " + (limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250);
    }

    private static long depthLimit(FmzRequest request) {
        return Math.min(request.whole("limit", DEFAULT_DEPTH), MAX_DEPTH);
    }

    public RestCall trades(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", symbol(request.symbol()))
                .param("limit", request.limitUpTo(MAX_TRADES));
    }

    public RestCall records(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", symbol(request.symbol())).param("interval", interval(request))
                .param("limit", request.limitUpTo(MAX_KLINES));
    }

    /** FMZ's {@code period} (minutes) as Binance's kline interval, or an error listing the periods Binance has. */
    static String interval(FmzRequest request) {
        String interval = INTERVALS.get(request.whole("period", 0));
        if (interval == null) {
            throw new FmzError("period " + request.param("period") + " has no Binance kline interval; periods in minutes: "
                    + INTERVALS.keySet().stream().sorted().toList());
        }
        return interval;
    }

    /** All symbols' rules without the per-symbol permission sets, which are most of exchangeInfo's size. */
    public RestCall exchangeInfo(@ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("showPermissionSets", "false");
    }

    public RestCall account(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("omitZeroBalances", "true");
    }

    /**
     * A limit order rests GTC; a market buy spends {@code amount} of the quote asset ({@code quoteOrderQty}),
     * a market sell sells {@code amount} of the base asset ({@code quantity}), as FMZ defines them. The
     * client order id lets a strategy find the order if Binance's reply is lost.
     */
    /** Binance client order ids: up to 36 of {@code [.A-Z:/a-z0-9_-]}. */
    static final int CLIENT_ORDER_ID_LENGTH = 35;

    public RestCall trade(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        String clientOrderId = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        RestCall call = RestCall.of(endpoint).param("symbol", symbol(trade.symbol()))
                .param("side", trade.side().toUpperCase(Locale.ROOT))
                .param("type", trade.isMarket() ? "MARKET" : "LIMIT");
        String amount = trade.amount().toPlainString();
        if (trade.isMarket()) {
            call = call.param(trade.amountIsQuote() ? "quoteOrderQty" : "quantity", amount);
        } else {
            call = call.param("timeInForce", "GTC").param("quantity", amount).param("price", trade.price().toPlainString());
        }
        return call.param("newClientOrderId", clientOrderId).param("newOrderRespType", "RESULT");
    }

    /** By the bridge's order id, or by client order id when the bridge looks up a placement. */
    public RestCall order(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientOrderId != null) {
            return RestCall.of(endpoint).param("symbol", symbol(request.symbol())).param("origClientOrderId", clientOrderId);
        }
        BinanceOrderId id = BinanceOrderId.parse(request);
        return RestCall.of(endpoint).param("symbol", id.symbol()).param("orderId", id.orderId());
    }

    /** Current open orders weigh 6 for one symbol, 80 for all (rest-api.md "Current open orders"). */
    public String openOrdersCost(FmzRequest request) {
        return request.hasSymbol() ? "weight 6" : "weight 80";
    }

    public RestCall openOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", request.hasSymbol() ? symbol(request.symbol()) : null);
    }

    /** allOrders requires a symbol (rest-api.md "All orders"); {@code since} (ms) becomes startTime. */
    public RestCall historyOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        if (!request.hasSymbol()) {
            throw new FmzError("historyorders needs a symbol on Binance (its allOrders endpoint requires one), e.g. BTC_USDT");
        }
        long since = request.whole("since", 0);
        return RestCall.of(endpoint).param("symbol", symbol(request.symbol()))
                .param("startTime", since > 0 ? since : null)
                .param("limit", request.limitUpTo(MAX_ORDERS));
    }

    /**
     * exchange.IO: the shared pass-through checked the verb and the path; Binance takes no JSON bodies,
     * so whatever the verb, FMZ's params go into the query string, in the order FMZ sent them.
     */
    public RestCall inQuery(RestCall call, @ExchangeProperty(REQUEST) FmzRequest request) {
        RestCall query = new RestCall(call.verb(), call.path(), "", "", Map.of());
        for (Iterator<String> names = request.params().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            query = query.param(name, request.param(name));
        }
        return query;
    }

    /**
     * Whether an exchange.IO call needs a signature: everything but the public market-data endpoints,
     * which are sent without timestamp and signature, as Binance documents them (security type NONE).
     */
    public boolean isSigned(RestCall call) {
        return !PUBLIC_PATH.matcher(call.path()).matches();
    }

    /** {@code BTC_USDT} → {@code BTCUSDT}. */
    static String symbol(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("contract symbols like " + symbol + " are not served for Binance; use a spot symbol like BTC_USDT");
        }
        return symbol.join("");
    }

    /** Binance: {@code ^[a-zA-Z0-9-_]{1,36}$}, unique among open orders. */
}
