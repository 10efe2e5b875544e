package io.fmzbridge.exchange.korbit;

import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.OrderRequest;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → Korbit Open API v2 parameters. The route names the endpoint ({@code "GET
 * /v2/orderbook"}); each method here fills in what Korbit expects. Parameters always go in the
 * query as built here, in the order sent; {@link KorbitSigner} moves them into the form body of a
 * POST, so the signed string and the sent string are one and the same.
 */
public final class KorbitRequests {

    static final String ENDPOINT = "endpoint";
    private static final String REQUEST = "fmz";

    /** FMZ's period in minutes → Korbit candle interval (GET /v2/candles). */
    private static final Map<Long, String> INTERVALS = Map.of(
            1L, "1", 5L, "5", 15L, "15", 30L, "30", 60L, "60", 240L, "240", 1440L, "1D", 10080L, "1W");

    /** Korbit's public market-data endpoints take no timestamp or signature. */
    private static final Pattern PUBLIC_PATH = Pattern.compile(
            "/v2/(time|tickers|orderbook|trades|candles|currencyPairs|tickSizePolicy)");

    static final int MAX_TRADES = 500;
    /** GET /v2/candles requires a limit, 1..200. */
    static final int MAX_CANDLES = 200;
    static final int MAX_ORDERS = 1000;
    /** Korbit client order ids: {@code [0-9a-zA-Z.:_-]{1,36}}, idempotent. */
    static final int CLIENT_ORDER_ID_LENGTH = 36;

    public RestCall bySymbol(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", pair(request.symbol()));
    }

    public RestCall plain(@ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint);
    }

    /** A public call on one Korbit pair ({@code btc_krw}) named by the body, as GetMarkets walks them. */
    public RestCall byPair(@Body String pair, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("symbol", pair);
    }

    public RestCall trades(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return bySymbol(request, endpoint).param("limit", request.limitUpTo(MAX_TRADES));
    }

    public RestCall records(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String interval = INTERVALS.get(request.whole("period", 0));
        if (interval == null) {
            throw new FmzError("period " + request.param("period") + " has no Korbit candle interval; periods in minutes: "
                    + INTERVALS.keySet().stream().sorted().toList());
        }
        long limit = request.whole("limit", MAX_CANDLES);
        return bySymbol(request, endpoint).param("interval", interval).param("limit", Math.min(limit, MAX_CANDLES));
    }

    /**
     * A limit order rests GTC with {@code qty} in base currency; a market buy spends {@code amt} KRW
     * and a market sell sells {@code qty}, as FMZ means its amount. The client order id makes a
     * repeat harmless: Korbit answers it with DUPLICATE_CLIENT_ORDER_ID.
     */
    public RestCall trade(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        String clientOrderId = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        RestCall call = RestCall.of(endpoint).param("symbol", pair(trade.symbol())).param("side", trade.side());
        String amount = trade.amount().toPlainString();
        if (trade.isMarket()) {
            call = call.param("orderType", "market").param(trade.amountIsQuote() ? "amt" : "qty", amount);
        } else {
            call = call.param("orderType", "limit").param("price", trade.price().toPlainString()).param("qty", amount)
                    .param("timeInForce", "gtc");
        }
        return call.param("clientOrderId", clientOrderId);
    }

    /** By the bridge's order id, or by client order id when the bridge looks up a placement. */
    public RestCall order(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientOrderId != null) {
            return bySymbol(request, endpoint).param("clientOrderId", clientOrderId);
        }
        KorbitOrderId id = KorbitOrderId.parse(request);
        return RestCall.of(endpoint).param("symbol", id.pair()).param("orderId", id.orderId());
    }

    public RestCall openOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        requireSymbol(request, "orders", "openOrders");
        return bySymbol(request, endpoint).param("limit", request.limitUpTo(MAX_ORDERS));
    }

    /** allOrders covers the last 36 hours only (Korbit's limit); {@code since} (ms) becomes startTime. */
    public RestCall historyOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        requireSymbol(request, "historyorders", "allOrders");
        long since = request.whole("since", 0);
        return bySymbol(request, endpoint).param("startTime", since > 0 ? since : null)
                .param("limit", request.limitUpTo(MAX_ORDERS));
    }

    /**
     * exchange.IO: the shared pass-through checked the verb and the path; Korbit takes form
     * parameters, never JSON, so FMZ's params become parameters in the order FMZ sent them.
     */
    public RestCall asParameters(RestCall call, @ExchangeProperty(REQUEST) FmzRequest request) {
        RestCall parameters = new RestCall(call.verb(), call.path(), "", "", Map.of());
        for (Iterator<String> names = request.params().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            parameters = parameters.param(name, request.param(name));
        }
        return parameters;
    }

    /** Whether an exchange.IO call needs a signature: all but the public market-data endpoints. */
    public boolean isSigned(RestCall call) {
        return !PUBLIC_PATH.matcher(call.path()).matches();
    }

    /** {@code BTC_KRW} → {@code btc_krw}. */
    static String pair(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("contract symbols like " + symbol + " are not served for Korbit; use a spot symbol like BTC_KRW");
        }
        return symbol.join("_").toLowerCase(Locale.ROOT);
    }

    /** {@code btc_krw} → {@code BTC_KRW}. */
    static String symbol(String pair) {
        return pair.toUpperCase(Locale.ROOT);
    }

    private static void requireSymbol(FmzRequest request, String method, String endpoint) {
        if (!request.hasSymbol()) {
            throw new FmzError(method + " needs a symbol on Korbit (its " + endpoint + " endpoint requires one), e.g. BTC_KRW");
        }
    }
}
