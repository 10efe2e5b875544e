package io.fmzbridge.exchange.kraken;

import io.fmzbridge.call.CallAllowance;
import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.OrderRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

/**
 * FMZ parameters → Kraken spot REST parameters. Public calls are GETs with a query; private calls are
 * POSTs with a form body, which {@link KrakenSigner} completes with the nonce and signs. Pairs are sent
 * by altname ({@code XBTUSD}) from Kraken's own AssetPairs listing.
 */
public final class KrakenRequests {

    static final String ENDPOINT = "endpoint";
    static final String SYMBOLS = "krakenSymbols";

    /** FMZ period in minutes → Kraken OHLC interval, which is in minutes too. */
    static final TreeSet<Long> INTERVALS = new TreeSet<>(java.util.List.of(1L, 5L, 15L, 30L, 60L, 240L, 1440L, 10080L, 21600L));
    /** Levels per side FMZ gets without a limit (Kraken's own default is 100). */
    static final int DEFAULT_DEPTH = 20;
    static final int MAX_DEPTH = 500;
    static final int MAX_TRADES = 1000;
    /** Kraken's cl_ord_id: a UUID or at most 18 ASCII characters. */
    static final int CLIENT_ORDER_ID_LENGTH = 18;

    public RestCall plain(@ExchangeProperty(ENDPOINT) String endpoint) {
        return call(endpoint);
    }

    public RestCall ticker(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                           @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        return call(endpoint).param("pair", symbols.pair(request.symbol()).altname());
    }

    public RestCall depth(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        return call(endpoint).param("pair", symbols.pair(request.symbol()).altname())
                .param("count", Math.min(request.whole("limit", DEFAULT_DEPTH), MAX_DEPTH));
    }

    public RestCall trades(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                           @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        long limit = request.whole("limit", 0);
        return call(endpoint).param("pair", symbols.pair(request.symbol()).altname())
                .param("count", limit == 0 ? null : Math.min(limit, MAX_TRADES));
    }

    public RestCall records(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                            @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        long period = request.whole("period", 0);
        if (!INTERVALS.contains(period)) {
            throw new FmzError("period " + request.param("period") + " has no Kraken OHLC interval; periods in minutes: " + INTERVALS);
        }
        return call(endpoint).param("pair", symbols.pair(request.symbol()).altname()).param("interval", period);
    }

    /** A private call with nothing but the nonce (Balance, OpenOrders). */
    /**
     * What a private call through exchange.IO costs where it is not one call of the key's counter ("Spot REST
     * Rate Limits": ledger and trade history calls count 2; "Spot Trading Limits": AddOrder and CancelOrder go
     * to the pair's trading counter, a cancel up to 8). Every other private path costs the counter 1.
     */
    private static final Map<String, String> API_COSTS = Map.of(
            "/0/private/Ledgers", "private 2", "/0/private/QueryLedgers", "private 2",
            "/0/private/TradesHistory", "private 2", "/0/private/QueryTrades", "private 2",
            "/0/private/AddOrder", "trading 1", "/0/private/CancelOrder", "trading 8");

    public RestCall privatePlain(@ExchangeProperty(ENDPOINT) String endpoint) {
        return call(endpoint).header("Content-Type", KrakenSigner.FORM);
    }

    public RestCall trade(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @Variable(SYMBOLS) KrakenSymbolMap symbols, @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        KrakenPair pair = symbols.pair(trade.symbol());
        String clientOrderId = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        // the pair's trading counter, under the name a cancel's order id carries (XBTUSD)
        properties.put(CallAllowance.RATE_SYMBOL_PROPERTY, pair.altname());
        StringBuilder form = new StringBuilder()
                .append("pair=").append(encode(pair.altname()))
                .append("&type=").append(trade.side())
                .append("&ordertype=").append(trade.isMarket() ? "market" : "limit")
                .append("&volume=").append(trade.amount().toPlainString());
        if (!trade.isMarket()) {
            form.append("&price=").append(trade.price().toPlainString());
        }
        if (trade.amountIsQuote()) {
            // viqc: "volume in quote currency", Kraken's form of FMZ's market buy that spends an amount
            form.append("&oflags=viqc");
        }
        form.append("&cl_ord_id=").append(clientOrderId);
        return withForm(endpoint, form.toString());
    }

    /** Whether {@code order} looks the order up by client order id (the shared guard after a lost reply). */
    public boolean byClientOrderId(@ExchangeProperty("fmz") FmzRequest request) {
        return request.param(OrderPlacements.CLIENT_ORDER_ID) != null;
    }

    /** QueryOrders by txid. */
    public RestCall order(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return withForm(endpoint, "txid=" + KrakenOrderId.parse(request).txid());
    }

    /** OpenOrders / ClosedOrders filtered by {@code cl_ord_id}: QueryOrders takes txids only. */
    public RestCall orderByClientId(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return withForm(endpoint, "cl_ord_id=" + encode(request.requireParam(OrderPlacements.CLIENT_ORDER_ID)));
    }

    public RestCall closedOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long since = request.whole("since", 0);
        // Kraken's start is in seconds; FMZ's since is in ms
        return since > 0 ? withForm(endpoint, "start=" + since / 1000) : privatePlain(endpoint);
    }

    public RestCall cancel(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                           @ExchangeProperties Map<String, Object> properties) {
        KrakenOrderId id = KrakenOrderId.parse(request);
        if (!id.altname().isEmpty()) {
            // the pair's trading counter under the name its order was counted by (XBTUSD), not FMZ's symbol
            // (BTC_USD), which FMZ sends beside the id
            properties.put(CallAllowance.RATE_SYMBOL_PROPERTY, id.altname());
        }
        return withForm(endpoint, "txid=" + id.txid());
    }

    /**
     * exchange.IO: public paths ({@code /0/public/...}) go out as the GET the shared step built; private
     * paths ({@code /0/private/...}) as Kraken wants them, a POST with the params as form body.
     */
    public RestCall api(@Body RestCall validated, @ExchangeProperty("fmz") FmzRequest request,
                        @ExchangeProperties Map<String, Object> properties) {
        if (!isPrivate(validated)) {
            return new RestCall("GET", validated.path(), validated.query(), "", Map.of());
        }
        String cost = API_COSTS.get(validated.path());
        if (cost != null) {
            properties.put(CallAllowance.ENDPOINT_COST_PROPERTY, cost);
        }
        String pair = request.param("pair");
        if (pair != null) {
            // an order's pair, for its trading counter
            properties.put(CallAllowance.RATE_SYMBOL_PROPERTY, pair);
        }
        StringBuilder form = new StringBuilder();
        for (Iterator<String> names = request.params().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("nonce")) {
                continue; // the signer's, never the caller's
            }
            String value = request.param(name);
            if (value != null) {
                form.append(form.isEmpty() ? "" : "&").append(encode(name)).append('=').append(encode(value));
            }
        }
        return withForm("POST " + validated.path(), form.toString());
    }

    public boolean isPrivate(@Body RestCall call) {
        return call.path().startsWith("/0/private/");
    }

    private static RestCall call(String endpoint) {
        return RestCall.of(endpoint);
    }

    private static RestCall withForm(String endpoint, String form) {
        RestCall call = call(endpoint);
        return new RestCall(call.verb(), call.path(), "", form, call.headers()).header("Content-Type", KrakenSigner.FORM);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
