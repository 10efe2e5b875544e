package io.fmzbridge.exchange.korbit;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.call.OutcomeUnknown;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Candle;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.TickBands;
import io.fmzbridge.fmz.Ticker;
import io.fmzbridge.fmz.Trade;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

/**
 * Korbit Open API v2 replies → FMZ shapes. Every reply is {@code {"success": true, "data": …}} or
 * {@code {"success": false, "error": {"message": "<CODE>", "description": …}}}; the code is in
 * {@code error.message}.
 */
public final class KorbitMapper {

    private static final String REQUEST = "fmz";
    /** Korbit refuses a KRW order worth less than this (ORDER_VALUE_TOO_SMALL; docs "Minimum order"). */
    static final BigDecimal KRW_MIN_ORDER_VALUE = new BigDecimal("5000");
    /**
     * Korbit publishes no quantity step; its balances, fills and order quantities carry 8 decimals,
     * so amounts go in steps of 0.00000001 (and a finer amount is refused rather than cut).
     */
    static final BigDecimal AMOUNT_STEP = new BigDecimal("0.00000001");
    /** Levels per side of {@code depth} when FMZ names no limit (Korbit's book is deeper). */
    static final int DEFAULT_DEPTH = 20;
    /** Statuses of orders still working; allOrders lists them too, historyorders does not. */
    private static final Set<String> OPEN = Set.of("pending", "open", "partiallyFilled");

    /** Reads the HTTP reply and turns Korbit's error object into an error that keeps its code. */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        ExchangeReply reply = ExchangeReply.read(status, body);
        JsonNode json = reply.json();
        if (reply.isHttpSuccess() && json.path("success").asBoolean(false)) {
            return json;
        }
        JsonNode error = json.path("error");
        String code = error.path("message").asText("");
        if (code.isEmpty()) {
            throw new FmzError("HTTP " + reply.status() + " from exchange without a Korbit error code");
        }
        StringBuilder text = new StringBuilder(code);
        String description = error.path("description").asText("");
        if (!description.isEmpty() && !description.equals(code)) {
            text.append(": ").append(description);
        }
        if (!reply.isHttpSuccess()) {
            text.append(" (HTTP ").append(reply.status()).append(')');
        }
        if (code.equals("DUPLICATE_CLIENT_ORDER_ID")) {
            // the order was placed before: the shared guard looks it up by its client order id
            throw new OutcomeUnknown(text.toString());
        }
        throw new FmzError(text.toString());
    }

    public FmzReply ticker(JsonNode reply) {
        JsonNode first = reply.path("data").path(0);
        if (first.isMissingNode()) {
            throw new FmzError("Korbit returned no ticker");
        }
        return FmzReply.of(toTicker(first), reply);
    }

    public FmzReply tickers(JsonNode reply) {
        List<Ticker> tickers = new ArrayList<>();
        reply.path("data").forEach(t -> tickers.add(toTicker(t)));
        return FmzReply.of(tickers, reply);
    }

    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        JsonNode book = reply.path("data");
        int limit = (int) Math.min(request.whole("limit", DEFAULT_DEPTH), Integer.MAX_VALUE);
        return FmzReply.of(Depth.of(whole(book.path("timestamp")), levels(book.path("asks")), levels(book.path("bids")), limit), reply);
    }

    /** Trades in time order, oldest first, whatever order Korbit lists them in. */
    public FmzReply trades(JsonNode reply) {
        List<Trade> trades = new ArrayList<>();
        for (JsonNode t : reply.path("data")) {
            // the taker's side: a buyer who took the offer is a buy
            String side = t.path("isBuyerTaker").asBoolean() ? "buy" : "sell";
            trades.add(new Trade(t.path("tradeId").asText(), whole(t.path("timestamp")), decimal(t.path("price")),
                    decimal(t.path("qty")), side));
        }
        trades.sort(Comparator.comparingLong(Trade::time));
        return FmzReply.of(trades, reply);
    }

    /** Bars oldest first, time in seconds, at most {@code limit}. */
    public FmzReply records(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        List<Candle> candles = new ArrayList<>();
        for (JsonNode c : reply.path("data")) {
            candles.add(new Candle(whole(c.path("timestamp")) / 1000, decimal(c.path("open")), decimal(c.path("high")),
                    decimal(c.path("low")), decimal(c.path("close")), decimal(c.path("volume"))));
        }
        candles.sort(Comparator.comparingLong(Candle::time));
        int limit = (int) Math.min(request.whole("limit", KorbitRequests.MAX_CANDLES), Integer.MAX_VALUE);
        return FmzReply.of(candles.subList(Math.max(0, candles.size() - limit), candles.size()), reply);
    }

    /** The pairs GET /v2/currencyPairs lists as trading ({@code launched}): each one's tick policy is asked next. */
    public List<String> launchedPairs(JsonNode currencyPairs) {
        List<String> launched = new ArrayList<>();
        for (JsonNode pair : currencyPairs.path("data")) {
            if ("launched".equals(pair.path("status").asText()) && symbol(pair.path("symbol").asText()).split("_").length == 2) {
                launched.add(pair.path("symbol").asText());
            }
        }
        return launched;
    }

    /**
     * GetMarkets from the launched pairs (variable {@code currencyPairs}), their last prices
     * (variable {@code lastPrices}, GET /v2/tickers) and each pair's GET /v2/tickSizePolicy reply
     * (the body, one per launched pair). Ticks go by price band: the bands travel along for the
     * order check, and {@code tickSize} is the tick at the last price. KRW pairs carry Korbit's
     * documented 5,000 KRW minimum order value. A pair without a policy is left out.
     */
    public FmzReply markets(List<JsonNode> tickPolicies, @Variable("currencyPairs") JsonNode currencyPairs,
                            @Variable("lastPrices") JsonNode tickers) {
        Map<String, BigDecimal> last = new HashMap<>();
        tickers.path("data").forEach(t -> last.put(t.path("symbol").asText(), decimal(t.path("close"))));
        Map<String, TickBands> bandsOf = new HashMap<>();
        for (JsonNode policy : tickPolicies) {
            for (JsonNode entry : policy.path("data")) {
                bandsOf.put(entry.path("symbol").asText(), tickBands(entry.path("tickSizePolicy")));
            }
        }
        Map<String, Market> markets = new LinkedHashMap<>();
        for (String pair : launchedPairs(currencyPairs)) {
            String symbol = symbol(pair);
            String[] parts = symbol.split("_");
            TickBands bands = bandsOf.get(pair);
            BigDecimal tick = bands == null ? null : bands.tickAt(last.getOrDefault(pair, BigDecimal.ZERO));
            if (tick == null) {
                continue; // no policy to go by: left out, so orders on it are Korbit's to judge
            }
            BigDecimal minValue = parts[1].equals("KRW") ? KRW_MIN_ORDER_VALUE : BigDecimal.ZERO;
            markets.put(symbol, new Market(symbol, parts[0], parts[1], tick, AMOUNT_STEP, Market.decimalsOf(tick),
                    Market.decimalsOf(AMOUNT_STEP), BigDecimal.ZERO, BigDecimal.ZERO, minValue, BigDecimal.ZERO, bands));
        }
        return FmzReply.of(markets, currencyPairs);
    }

    /** {@code [{priceGte, tickSize}]}: from each lower bound up to the next, prices move in steps of its tick. */
    private static TickBands tickBands(JsonNode policy) {
        List<TickBands.Band> bands = new ArrayList<>();
        policy.forEach(b -> bands.add(new TickBands.Band(decimal(b.path("priceGte")), decimal(b.path("tickSize")))));
        return bands.isEmpty() ? null : new TickBands(bands);
    }

    /** {@code available} is free; the rest of {@code balance} is held in orders and withdrawals. */
    public FmzReply balances(JsonNode reply) {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode b : reply.path("data")) {
            BigDecimal available = decimal(b.path("available"));
            balances.add(new Balance(b.path("currency").asText().toUpperCase(Locale.ROOT), available,
                    decimal(b.path("balance")).subtract(available)));
        }
        return FmzReply.of(balances, reply);
    }

    public FmzReply placed(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        String orderId = reply.path("data").path("orderId").asText("");
        if (orderId.isEmpty()) {
            throw new FmzError("Korbit accepted the order request but returned no orderId");
        }
        return FmzReply.of(new PlacedOrder(KorbitRequests.pair(request.symbol()) + "," + orderId), reply);
    }

    public FmzReply order(JsonNode reply) {
        JsonNode order = reply.path("data");
        if (!order.isObject()) {
            throw new FmzError("Korbit returned no order");
        }
        return FmzReply.of(toOrder(order, order.path("symbol").asText()), reply);
    }

    /**
     * openOrders items carry no {@code symbol} (Korbit's documented example has none): the endpoint
     * answers for the one pair asked, so that pair is every listed order's market.
     */
    public FmzReply orders(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        String pair = KorbitRequests.pair(request.symbol());
        List<Order> orders = new ArrayList<>();
        reply.path("data").forEach(o -> orders.add(toOrder(o, o.path("symbol").asText(pair))));
        return FmzReply.of(orders, reply);
    }

    /** allOrders lists working orders too: FMZ's history is the finished ones. Its items name their pair. */
    public FmzReply closedOrders(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        String pair = KorbitRequests.pair(request.symbol());
        List<Order> orders = new ArrayList<>();
        for (JsonNode o : reply.path("data")) {
            if (!OPEN.contains(o.path("status").asText())) {
                orders.add(toOrder(o, o.path("symbol").asText(pair)));
            }
        }
        return FmzReply.of(orders, reply);
    }

    public FmzReply canceled(JsonNode reply) {
        return FmzReply.of(true, reply);
    }

    /** GET /v2/time: {@code data.time} in ms. */
    public long serverTime(JsonNode reply) {
        JsonNode time = reply.path("data").path("time");
        if (time.isMissingNode()) {
            throw new FmzError("Korbit returned no server time");
        }
        return whole(time);
    }

    /** exchange.IO: the exchange's JSON is the result. */
    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    /** One Korbit order on {@code pair} ({@code btc_krw}). */
    static Order toOrder(JsonNode o, String pair) {
        BigDecimal filled = decimal(o.path("filledQty"));
        BigDecimal qty = decimal(o.path("qty"));
        // a market buy is placed by KRW amount (amt) and has no qty until it fills
        BigDecimal amount = qty.signum() > 0 ? qty : decimal(o.path("amt"));
        return new Order(pair + "," + o.path("orderId").asText(), symbol(pair), amount, decimal(o.path("price")),
                filled, decimal(o.path("avgPrice")), o.path("side").asText(),
                status(o.path("status").asText(), filled, qty));
    }

    /**
     * Korbit order statuses → FMZ words. An IOC or price-protected order closes as {@code filled}
     * after a partial fill (docs, "States"), so {@code filled} with less than {@code qty} filled is
     * a partial fill whose rest was cancelled; {@code expired} (no balance, TIF) is a cancellation.
     */
    static OrderStatus status(String status, BigDecimal filled, BigDecimal qty) {
        boolean anyFilled = filled.signum() > 0;
        return switch (status) {
            case "pending", "open" -> OrderStatus.PENDING;
            case "partiallyFilled" -> OrderStatus.PARTIAL_FILLED;
            case "filled" -> qty.signum() > 0 && filled.compareTo(qty) < 0 ? OrderStatus.PARTIAL_CANCELED : OrderStatus.FILLED;
            case "canceled", "expired" -> OrderStatus.canceled(anyFilled);
            case "partiallyFilledCanceled" -> OrderStatus.PARTIAL_CANCELED;
            default -> throw new FmzError("unknown Korbit order status '" + status + "'");
        };
    }

    private static Ticker toTicker(JsonNode t) {
        return new Ticker(symbol(t.path("symbol").asText()), decimal(t.path("bestBidPrice")), decimal(t.path("bestAskPrice")),
                decimal(t.path("high")), decimal(t.path("low")), decimal(t.path("open")), decimal(t.path("close")),
                decimal(t.path("volume")), whole(t.path("lastTradedAt")));
    }

    private static List<Depth.Level> levels(JsonNode side) {
        List<Depth.Level> levels = new ArrayList<>(side.size());
        side.forEach(l -> levels.add(new Depth.Level(decimal(l.path("price")), decimal(l.path("qty")))));
        return levels;
    }

    private static String symbol(String pair) {
        return KorbitRequests.symbol(pair);
    }
}
