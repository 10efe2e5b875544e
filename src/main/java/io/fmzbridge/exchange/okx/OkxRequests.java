package io.fmzbridge.exchange.okx;

import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.OrderRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → OKX v5 request parameters. The route names the endpoint ({@code "GET
 * /api/v5/market/ticker"}); each method here fills in what OKX expects from what FMZ sent.
 */
public final class OkxRequests {

    static final String ENDPOINT = "endpoint";

    /** FMZ's period in minutes → OKX bar. Daily and longer bars use OKX's UTC-aligned variants. */
    private static final Map<Long, String> BARS = Map.ofEntries(
            Map.entry(1L, "1m"), Map.entry(3L, "3m"), Map.entry(5L, "5m"), Map.entry(15L, "15m"),
            Map.entry(30L, "30m"), Map.entry(60L, "1H"), Map.entry(120L, "2H"), Map.entry(240L, "4H"),
            Map.entry(360L, "6Hutc"), Map.entry(720L, "12Hutc"), Map.entry(1440L, "1Dutc"),
            Map.entry(10080L, "1Wutc"));

    static final int DEFAULT_DEPTH = 20;
    static final int MAX_DEPTH = 400;
    static final int MAX_TRADES = 500;
    static final int MAX_CANDLES = 300;
    static final int MAX_HISTORY = 100;

    public RestCall ticker(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("instId", instId(request.symbol()));
    }

    public RestCall depth(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("instId", instId(request.symbol()))
                .param("sz", Math.min(request.whole("limit", DEFAULT_DEPTH), MAX_DEPTH));
    }

    public RestCall trades(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("instId", instId(request.symbol()))
                .param("limit", request.limitUpTo(MAX_TRADES));
    }

    public RestCall records(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("instId", instId(request.symbol())).param("bar", bar(request))
                .param("limit", request.limitUpTo(MAX_CANDLES));
    }

    /** FMZ's {@code period} (minutes) as OKX's {@code bar}, or an error listing the periods OKX has. */
    static String bar(FmzRequest request) {
        String bar = BARS.get(request.whole("period", 0));
        if (bar == null) {
            throw new FmzError("period " + request.param("period") + " has no OKX bar; periods in minutes: "
                    + BARS.keySet().stream().sorted().toList());
        }
        return bar;
    }

    /** Endpoints whose only parameter is the instrument type: tickers, instruments, and the like. */
    public RestCall spot(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("instType", "SPOT");
    }

    public RestCall plain(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint);
    }

    /** OKX client order ids: up to 32 letters and digits. */
    static final int CLIENT_ORDER_ID_LENGTH = 32;

    public RestCall trade(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @ExchangeProperties Map<String, Object> properties) {
        OrderRequest trade = OrderRequest.of(request);
        String clientOrderId = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        Map<String, String> order = new LinkedHashMap<>();
        order.put("instId", instId(trade.symbol()));
        order.put("clOrdId", clientOrderId);
        order.put("tdMode", "cash");
        order.put("side", trade.side());
        order.put("ordType", trade.isMarket() ? "market" : "limit");
        order.put("sz", trade.amount().toPlainString());
        if (trade.isMarket()) {
            // OKX's spot market default differs by side: say in which currency sz is, as FMZ means it
            order.put("tgtCcy", trade.amountIsQuote() ? "quote_ccy" : "base_ccy");
        } else {
            order.put("px", trade.price().toPlainString());
        }
        return RestCall.of(endpoint).body(FmzJson.write(order));
    }

    /** By the bridge's order id, or by client order id when the bridge looks up a placement. */
    public RestCall order(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientOrderId != null) {
            return RestCall.of(endpoint).param("instId", instId(request.symbol())).param("clOrdId", clientOrderId);
        }
        OkxOrderId id = OkxOrderId.parse(request);
        return RestCall.of(endpoint).param("instId", id.instId()).param("ordId", id.ordId());
    }

    public RestCall cancel(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        OkxOrderId id = OkxOrderId.parse(request);
        Map<String, String> cancel = new LinkedHashMap<>();
        cancel.put("instId", id.instId());
        cancel.put("ordId", id.ordId());
        return RestCall.of(endpoint).body(FmzJson.write(cancel));
    }

    public RestCall openOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("instType", "SPOT")
                .param("instId", request.hasSymbol() ? instId(request.symbol()) : null);
    }

    public RestCall historyOrders(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long since = request.whole("since", 0);
        return RestCall.of(endpoint).param("instType", "SPOT")
                .param("instId", request.hasSymbol() ? instId(request.symbol()) : null)
                .param("begin", since > 0 ? since : null)
                .param("limit", request.limitUpTo(MAX_HISTORY));
    }

    static String instId(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("contract symbols like " + symbol + " are not served for OKX yet; use a spot symbol like BTC_USDT");
        }
        return symbol.join("-");
    }
}
