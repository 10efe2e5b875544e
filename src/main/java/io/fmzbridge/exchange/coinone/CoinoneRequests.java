package io.fmzbridge.exchange.coinone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.ExchangeClocks;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.OrderRequest;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

/**
 * FMZ parameters → Coinone requests. Public calls (public v2) are GETs that name the market in the
 * path, {@code /public/v2/orderbook/KRW/BTC}; private calls (v2.1) are POSTs whose parameters form
 * the JSON object {@link CoinoneSigner} wraps into the signed payload. The route names the endpoint.
 */
public final class CoinoneRequests {

    static final String ENDPOINT = "endpoint";
    private static final String REQUEST = "fmz";

    /** FMZ's period in minutes → Coinone chart interval (public v2 chart). */
    private static final Map<Long, String> INTERVALS = Map.ofEntries(
            Map.entry(1L, "1m"), Map.entry(3L, "3m"), Map.entry(5L, "5m"), Map.entry(15L, "15m"),
            Map.entry(30L, "30m"), Map.entry(60L, "1h"), Map.entry(120L, "2h"), Map.entry(240L, "4h"),
            Map.entry(360L, "6h"), Map.entry(1440L, "1d"), Map.entry(10080L, "1w"));

    /** The order book sizes Coinone serves. */
    private static final int[] BOOK_SIZES = {5, 10, 15, 16};
    /** The recent-trades sizes Coinone serves (recent-completed-orders: 10, 50, 100, 150, 200; 200 by default). */
    private static final int[] TRADE_SIZES = {10, 50, 100, 150, 200};
    static final int MAX_CANDLES = 500;
    /** Exchange variable holding GetHistoryOrders' walk through the fills. */
    static final String FILL_WALK = "coinoneFillWalk";
    /** Coinone's user_order_id: up to 150 of lower-case letters, digits, {@code -_.}; never reusable. */
    static final int CLIENT_ORDER_ID_LENGTH = 40;

    private volatile ExchangeClocks clocks;

    /** A public call on one market: {@code /KRW/BTC} appended to the endpoint's path. */
    public RestCall market(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return byMarketPath(CoinonePair.of(request.symbol()).path(), endpoint);
    }

    public RestCall plain(@ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint);
    }

    /** A public call on the market named by the body ({@code KRW/BTC}), as GetMarkets walks them. */
    public RestCall byMarketPath(@Body String marketPath, @ExchangeProperty(ENDPOINT) String endpoint) {
        RestCall call = RestCall.of(endpoint);
        return new RestCall(call.verb(), call.path() + "/" + marketPath, "", "", Map.of());
    }

    /** Coinone serves 5, 10, 15 or 16 levels: the smallest that holds {@code limit}, trimmed by the mapper. */
    public RestCall depth(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return market(request, endpoint).param("size", smallestHolding(BOOK_SIZES, request.whole("limit", Long.MAX_VALUE)));
    }

    /** The smallest size Coinone serves that holds {@code limit} (Coinone's default, 200, without one), trimmed by the mapper. */
    public RestCall trades(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long limit = request.whole("limit", 0);
        return market(request, endpoint).param("size", limit > 0 ? smallestHolding(TRADE_SIZES, limit) : null);
    }

    /** The first of {@code sizes} (ascending) at least {@code wanted}, else the largest. */
    private static int smallestHolding(int[] sizes, long wanted) {
        for (int size : sizes) {
            if (size >= wanted) {
                return size;
            }
        }
        return sizes[sizes.length - 1];
    }

    public RestCall records(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String interval = INTERVALS.get(request.whole("period", 0));
        if (interval == null) {
            throw new FmzError("period " + request.param("period") + " has no Coinone chart interval; periods in minutes: "
                    + INTERVALS.keySet().stream().sorted().toList());
        }
        return market(request, endpoint).param("interval", interval).param("size", request.limitUpTo(MAX_CANDLES));
    }

    /** A private call without parameters: the signer adds the access token and nonce. */
    public RestCall noParams(@ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).body("{}");
    }

    /**
     * A limit order with {@code qty} in base currency (never post-only); a market buy spends
     * {@code amount} KRW, a market sell sells {@code qty}, as FMZ means its amount. The
     * user_order_id lets the bridge find the order when Coinone's reply is lost.
     */
    public RestCall trade(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        String clientOrderId = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        ObjectNode order = pair(CoinonePair.of(trade.symbol()));
        order.put("side", trade.side().toUpperCase(Locale.ROOT));
        order.put("type", trade.isMarket() ? "MARKET" : "LIMIT");
        String amount = trade.amount().toPlainString();
        if (trade.isMarket()) {
            order.put(trade.amountIsQuote() ? "amount" : "qty", amount);
        } else {
            order.put("price", trade.price().toPlainString());
            order.put("qty", amount);
            order.put("post_only", false);
        }
        order.put("user_order_id", clientOrderId);
        return RestCall.of(endpoint).body(FmzJson.write(order));
    }

    /** By the bridge's order id, or by user_order_id when the bridge looks up a placement. */
    public RestCall order(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientOrderId != null) {
            ObjectNode lookup = pair(CoinonePair.of(request.symbol()));
            lookup.put("user_order_id", clientOrderId);
            return RestCall.of(endpoint).body(FmzJson.write(lookup));
        }
        CoinoneOrderId id = CoinoneOrderId.parse(request);
        ObjectNode byId = pair(id.pair());
        byId.put("order_id", id.orderId());
        return RestCall.of(endpoint).body(FmzJson.write(byId));
    }

    /** One order of the history by its Coinone order id (the body), on FMZ's market. */
    public RestCall historyOrder(@Body String orderId, @ExchangeProperty(REQUEST) FmzRequest request,
                                 @ExchangeProperty(ENDPOINT) String endpoint) {
        ObjectNode byId = pair(CoinonePair.of(request.symbol()));
        byId.put("order_id", orderId);
        return RestCall.of(endpoint).body(FmzJson.write(byId));
    }

    /** Limit orders still working, on one market when FMZ names a symbol, else on all. */
    public RestCall openOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        ObjectNode filter = request.hasSymbol() ? pair(CoinonePair.of(request.symbol())) : FmzJson.MAPPER.createObjectNode();
        return RestCall.of(endpoint).body(FmzJson.write(filter));
    }

    /**
     * GetHistoryOrders starts a walk through the market's fills (completed_orders is per market) from
     * Coinone's time now back to FMZ's {@code since}, for at most {@code limit} orders.
     */
    public void startHistory(@ExchangeProperty(REQUEST) FmzRequest request, Exchange exchange) {
        if (!request.hasSymbol()) {
            throw new FmzError("historyorders needs a symbol on Coinone (its completed_orders endpoint is per market), e.g. BTC_KRW");
        }
        CoinonePair.of(request.symbol()); // a contract symbol is refused even when there is nothing to read
        long now = clocks(exchange).clockOf(request.exchange()).millis();
        exchange.setVariable(FILL_WALK, new CoinoneFillWalk(request.whole("since", 0), request.whole("limit", 0), now));
    }

    /** The walk's next page of completed_orders. */
    public RestCall historyPage(@ExchangeProperty(REQUEST) FmzRequest request, @Variable(FILL_WALK) CoinoneFillWalk walk,
                                @ExchangeProperty(ENDPOINT) String endpoint) {
        ObjectNode page = pair(CoinonePair.of(request.symbol()));
        walk.nextPage(page);
        return RestCall.of(endpoint).body(FmzJson.write(page));
    }

    /** Coinone's time as the clock-sync job measured it: to_ts may not lie in Coinone's future. */
    private ExchangeClocks clocks(Exchange exchange) {
        if (clocks == null) {
            ExchangeClocks found = exchange.getContext().getRegistry().findSingleByType(ExchangeClocks.class);
            clocks = found != null ? found : new ExchangeClocks(Clock.systemUTC());
        }
        return clocks;
    }

    /** Whether an exchange.IO call is private: every v2.1 call is a POST, every public one a GET. */
    public boolean isSigned(RestCall call) {
        return call.verb().equals("POST");
    }

    private static ObjectNode pair(CoinonePair pair) {
        ObjectNode fields = FmzJson.MAPPER.createObjectNode();
        fields.put("quote_currency", pair.quote());
        fields.put("target_currency", pair.target());
        return fields;
    }
}
