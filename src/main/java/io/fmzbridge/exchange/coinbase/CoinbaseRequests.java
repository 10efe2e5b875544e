package io.fmzbridge.exchange.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.OrderRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

/**
 * FMZ parameters → Coinbase Advanced Trade v3 requests. The route names the endpoint, with
 * {@code {product_id}} or {@code {order_id}} where Coinbase puts them in the path
 * ({@code "GET /api/v3/brokerage/market/products/{product_id}/ticker"}); each method fills it in.
 */
public final class CoinbaseRequests {

    static final String ENDPOINT = "endpoint";
    private static final String REQUEST = FmzCall.REQUEST_PROPERTY;

    /** FMZ's period in minutes → Coinbase granularity (notes §1.3; FOUR_HOUR from third-party code). */
    static final Map<Long, String> GRANULARITIES = new TreeMap<>(Map.of(
            1L, "ONE_MINUTE", 5L, "FIVE_MINUTE", 15L, "FIFTEEN_MINUTE", 30L, "THIRTY_MINUTE",
            60L, "ONE_HOUR", 120L, "TWO_HOUR", 240L, "FOUR_HOUR", 360L, "SIX_HOUR", 1440L, "ONE_DAY"));

    static final int DEFAULT_DEPTH = 20;
    static final int MAX_DEPTH = 500;
    static final int DEFAULT_TRADES = 100;
    static final int MAX_TRADES = 1000;
    /** Coinbase answers at most 350 candles; ccxt asks 300. */
    static final int MAX_CANDLES = 300;
    static final int DEFAULT_HISTORY = 100;
    static final int MAX_HISTORY = 100;
    /** Orders of the product searched for a client order id: the newest this many. */
    static final int CLIENT_ID_SEARCH = 100;
    /** Coinbase's largest page of accounts (notes §1.3). */
    static final int ACCOUNTS_PAGE = 250;
    /** Coinbase requires a client_order_id; the SDK sends a uuid4 hex, 32 characters. */
    static final int CLIENT_ORDER_ID_LENGTH = 32;

    private final Clock clock;

    public CoinbaseRequests() {
        this(Clock.systemUTC());
    }

    CoinbaseRequests(Clock clock) {
        this.clock = clock;
    }

    // --- market data ---

    public RestCall ticker(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return product(endpoint, request.symbol()).param("limit", 1);
    }

    /** The last 24 hours as hourly bars, which give the ticker's open, high, low and volume exactly. */
    public RestCall dayBars(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long end = clock.instant().getEpochSecond();
        return product(endpoint, request.symbol()).param("start", end - 24 * 3600).param("end", end)
                .param("granularity", "ONE_HOUR");
    }

    public RestCall depth(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("product_id", productId(request.symbol()))
                .param("limit", Math.min(request.whole("limit", DEFAULT_DEPTH), MAX_DEPTH));
    }

    public RestCall trades(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return product(endpoint, request.symbol()).param("limit", Math.min(request.whole("limit", DEFAULT_TRADES), MAX_TRADES));
    }

    /** Coinbase wants a time window in seconds: the last {@code limit} bars up to now. */
    public RestCall records(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long period = request.whole("period", 0);
        String granularity = GRANULARITIES.get(period);
        if (granularity == null) {
            throw new FmzError("period " + request.param("period") + " has no Coinbase granularity; periods in minutes: "
                    + GRANULARITIES.keySet());
        }
        long limit = Math.min(request.whole("limit", MAX_CANDLES), MAX_CANDLES);
        long end = clock.instant().getEpochSecond();
        // the bar in progress starts before end - limit * period only when limit bars fit: ask one period less
        long start = end - (limit - 1) * period * 60;
        start -= start % (period * 60);
        return product(endpoint, request.symbol()).param("start", start).param("end", end)
                .param("granularity", granularity).param("limit", limit);
    }

    /** Endpoints whose only parameter is the product type: products (tickers, markets). */
    public RestCall spot(@ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("product_type", "SPOT");
    }

    public RestCall plain(@ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint);
    }

    // --- account ---

    /** A page of accounts: the first, or the one after the cursor of those read so far. */
    public RestCall accounts(@ExchangeProperty(ENDPOINT) String endpoint,
                             @Variable(CoinbaseMapper.ACCOUNT_PAGES) JsonNode readSoFar) {
        return RestCall.of(endpoint).param("limit", ACCOUNTS_PAGE)
                .param("cursor", readSoFar == null ? null : readSoFar.path("cursor").asText());
    }

    // --- orders ---

    /**
     * FMZ's order → {@code POST /orders}. Limit orders rest until cancelled ({@code limit_limit_gtc});
     * market buys spend {@code quote_size}, market sells sell {@code base_size} (notes §1.3).
     */
    public RestCall trade(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        String clientOrderId = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        Map<String, Object> configuration = new LinkedHashMap<>();
        if (trade.isMarket()) {
            configuration.put("market_market_ioc", Map.of(trade.amountIsQuote() ? "quote_size" : "base_size",
                    trade.amount().toPlainString()));
        } else {
            Map<String, Object> limit = new LinkedHashMap<>();
            limit.put("base_size", trade.amount().toPlainString());
            limit.put("limit_price", trade.price().toPlainString());
            limit.put("post_only", false);
            configuration.put("limit_limit_gtc", limit);
        }
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("client_order_id", clientOrderId);
        order.put("product_id", productId(trade.symbol()));
        order.put("side", trade.buy() ? "BUY" : "SELL");
        order.put("order_configuration", configuration);
        return RestCall.of(endpoint).body(FmzJson.write(order));
    }

    /**
     * By the bridge's order id ({@code GET /orders/historical/{order_id}}), or, when the bridge looks
     * a placement up by client order id, the product's newest orders, which the mapper searches:
     * Coinbase lists orders by order id but not by client order id.
     */
    public RestCall order(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        if (request.param(OrderPlacements.CLIENT_ORDER_ID) != null) {
            return RestCall.of(endpoint.replace("{order_id}", "batch"))
                    .param("product_ids", productId(request.symbol())).param("limit", CLIENT_ID_SEARCH);
        }
        return RestCall.of(endpoint.replace("{order_id}", CoinbaseOrderId.parse(request).orderId()));
    }

    public RestCall openOrders(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("order_status", "OPEN")
                .param("product_ids", request.hasSymbol() ? productId(request.symbol()) : null);
    }

    /** Orders that are done: filled, cancelled, expired or failed; since FMZ's {@code since} (ms). */
    public RestCall historyOrders(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        RestCall call = RestCall.of(endpoint);
        for (String status : List.of("FILLED", "CANCELLED", "EXPIRED", "FAILED")) {
            call = call.param("order_status", status); // Coinbase reads repeated keys as a list
        }
        long since = request.whole("since", 0);
        return call.param("product_ids", request.hasSymbol() ? productId(request.symbol()) : null)
                .param("start_date", since > 0 ? Instant.ofEpochMilli(since).toString() : null)
                .param("limit", Math.min(request.whole("limit", DEFAULT_HISTORY), MAX_HISTORY));
    }

    /** {@code POST /orders/batch_cancel} with the one order. */
    public RestCall cancel(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).body(FmzJson.write(Map.of("order_ids", List.of(CoinbaseOrderId.parse(request).orderId()))));
    }

    // --- helpers ---

    static String productId(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("contract symbols like " + symbol + " are not served for Coinbase; use a spot symbol like BTC_USD");
        }
        return symbol.join("-");
    }

    private static RestCall product(String endpoint, FmzSymbol symbol) {
        return RestCall.of(endpoint.replace("{product_id}", productId(symbol)));
    }
}
