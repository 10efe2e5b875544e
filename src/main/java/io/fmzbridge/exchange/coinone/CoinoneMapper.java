package io.fmzbridge.exchange.coinone;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.call.RateLimited;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

/**
 * Coinone replies → FMZ shapes. Every reply carries {@code result} ("success" or "error") and
 * {@code error_code}; a failure adds {@code error_msg} (older endpoints: {@code errorCode},
 * {@code errorMsg}). The HTTP status alone says little: Coinone answers many errors with 200.
 */
public final class CoinoneMapper {

    private static final String REQUEST = "fmz";
    /** Levels per side of {@code depth} when FMZ names no limit; Coinone's book holds 16 at most. */
    static final int DEFAULT_DEPTH = 20;
    /** Coinone's code for "Blocked user access": over its rate limit, blocked for about a minute. */
    static final String RATE_LIMITED = "4";

    /** Reads the HTTP reply and turns Coinone's error fields into an error that keeps its code. */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        ExchangeReply reply = ExchangeReply.read(status, body);
        JsonNode json = reply.json();
        String result = json.path("result").asText("");
        if (reply.isHttpSuccess() && result.equals("success")) {
            return json;
        }
        String code = first(json, "error_code", "errorCode");
        if (code.isEmpty() || (code.equals("0") && result.equals("success"))) {
            throw new FmzError("HTTP " + reply.status() + " from exchange without a Coinone error code");
        }
        StringBuilder text = new StringBuilder("error ").append(code);
        if (code.equals(RATE_LIMITED)) {
            text.append(" (rate limit exceeded; Coinone blocks the caller for about a minute)");
        }
        String message = first(json, "error_msg", "errorMsg");
        if (!message.isEmpty()) {
            text.append(": ").append(message);
        }
        if (!reply.isHttpSuccess()) {
            text.append(" (HTTP ").append(reply.status()).append(')');
        }
        throw code.equals(RATE_LIMITED) ? new RateLimited(text.toString()) : new FmzError(text.toString());
    }

    public FmzReply ticker(JsonNode reply) {
        JsonNode first = reply.path("tickers").path(0);
        if (first.isMissingNode()) {
            throw new FmzError("Coinone returned no ticker");
        }
        return FmzReply.of(toTicker(first), reply);
    }

    public FmzReply tickers(JsonNode reply) {
        List<Ticker> tickers = new ArrayList<>();
        reply.path("tickers").forEach(t -> tickers.add(toTicker(t)));
        return FmzReply.of(tickers, reply);
    }

    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        int limit = (int) Math.min(request.whole("limit", DEFAULT_DEPTH), Integer.MAX_VALUE);
        return FmzReply.of(Depth.of(whole(reply.path("timestamp")), levels(reply.path("asks")), levels(reply.path("bids")), limit), reply);
    }

    /**
     * The newest {@code limit} trades (all without one), oldest first. Coinone's recent-trades reference
     * reads {@code is_seller_maker} as the trade's side: true a sell, false a buy.
     */
    public FmzReply trades(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        List<Trade> trades = new ArrayList<>();
        for (JsonNode t : reply.path("transactions")) {
            trades.add(new Trade(t.path("id").asText(), whole(t.path("timestamp")), decimal(t.path("price")),
                    decimal(t.path("qty")), t.path("is_seller_maker").asBoolean() ? "sell" : "buy"));
        }
        trades.sort(Comparator.comparingLong(Trade::time));
        long limit = request.whole("limit", trades.size());
        return FmzReply.of(trades.subList((int) Math.max(0, trades.size() - limit), trades.size()), reply);
    }

    /** Bars oldest first, time in seconds; volume in the base (target) currency. */
    public FmzReply records(JsonNode reply) {
        List<Candle> candles = new ArrayList<>();
        for (JsonNode c : reply.path("chart")) {
            candles.add(new Candle(whole(c.path("timestamp")) / 1000, decimal(c.path("open")), decimal(c.path("high")),
                    decimal(c.path("low")), decimal(c.path("close")), decimal(c.path("target_volume"))));
        }
        candles.sort(Comparator.comparingLong(Candle::time));
        return FmzReply.of(candles, reply);
    }

    /** The markets of the public v2 listing whose trading is on ({@code trade_status} 0 is off), as {@code KRW/BTC}. */
    public List<String> tradingMarkets(JsonNode listing) {
        List<String> trading = new ArrayList<>();
        for (JsonNode m : listing.path("markets")) {
            if (!m.has("trade_status") || m.path("trade_status").asInt(1) != 0) {
                trading.add(CoinonePair.of(m.path("quote_currency").asText(), m.path("target_currency").asText()).path());
            }
        }
        return trading;
    }

    /**
     * GetMarkets from the public v2 listing (variable {@code marketListing}): {@code price_unit}
     * (the tick it reports), {@code qty_unit} (the lot), minimum and maximum quantity and order
     * value; and, in the body, each trading market's range_units reply in listing order: Coinone's
     * tick depends on the price range, so those bands are what an order's price is checked against.
     * A market whose trading is off is left out, as FMZ would not be able to trade it.
     */
    public FmzReply markets(List<JsonNode> rangeUnits, @Variable("marketListing") JsonNode listing) {
        List<String> trading = tradingMarkets(listing);
        if (rangeUnits.size() != trading.size()) {
            throw new FmzError("Coinone gave " + rangeUnits.size() + " range_units replies for " + trading.size() + " markets");
        }
        Map<String, TickBands> bandsOf = new LinkedHashMap<>();
        for (int i = 0; i < trading.size(); i++) {
            bandsOf.put(trading.get(i), tickBands(rangeUnits.get(i).path("range_price_units")));
        }
        Map<String, Market> markets = new LinkedHashMap<>();
        for (JsonNode m : listing.path("markets")) {
            CoinonePair pair = CoinonePair.of(m.path("quote_currency").asText(), m.path("target_currency").asText());
            if (!bandsOf.containsKey(pair.path())) {
                continue;
            }
            BigDecimal tick = decimal(m.path("price_unit"));
            BigDecimal lot = decimal(m.path("qty_unit"));
            markets.put(pair.fmzSymbol(), new Market(pair.fmzSymbol(), pair.target(), pair.quote(), tick, lot,
                    Market.decimalsOf(tick), Market.decimalsOf(lot), decimal(m.path("min_qty")), decimal(m.path("max_qty")),
                    decimal(m.path("min_order_amount")), decimal(m.path("max_order_amount")), bandsOf.get(pair.path())));
        }
        return FmzReply.of(markets, listing);
    }

    /** {@code [{range_min, next_range_min, price_unit}]} → bands; none (an empty list) leaves the one price_unit. */
    private static TickBands tickBands(JsonNode ranges) {
        List<TickBands.Band> bands = new ArrayList<>();
        ranges.forEach(r -> bands.add(new TickBands.Band(decimal(r.path("range_min")), decimal(r.path("price_unit")))));
        return bands.isEmpty() ? null : new TickBands(bands);
    }

    /** {@code available} is free, {@code limit} is held in open orders. */
    public FmzReply balances(JsonNode reply) {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode b : reply.path("balances")) {
            balances.add(new Balance(b.path("currency").asText().toUpperCase(java.util.Locale.ROOT),
                    decimal(b.path("available")), decimal(b.path("limit"))));
        }
        return FmzReply.of(balances, reply);
    }

    public FmzReply placed(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        String orderId = reply.path("order_id").asText("");
        if (orderId.isEmpty()) {
            throw new FmzError("Coinone accepted the order request but returned no order_id");
        }
        return FmzReply.of(new PlacedOrder(CoinonePair.of(request.symbol()).path() + "," + orderId), reply);
    }

    public FmzReply order(JsonNode reply) {
        JsonNode order = reply.path("order");
        if (!order.isObject()) {
            throw new FmzError("Coinone returned no order");
        }
        return FmzReply.of(toOrder(order), reply);
    }

    /**
     * Coinone's active orders carry no status (find-active-orders): each is open, partly filled once
     * something has executed.
     */
    public FmzReply openOrders(JsonNode reply) {
        List<Order> orders = new ArrayList<>();
        for (JsonNode o : reply.path("active_orders")) {
            BigDecimal executed = decimal(o.path("executed_qty"));
            orders.add(toOrder(o, executed.signum() > 0 ? OrderStatus.PARTIAL_FILLED : OrderStatus.PENDING));
        }
        return FmzReply.of(orders, reply);
    }

    /** Loop condition of GetHistoryOrders: another page of fills to read. */
    public boolean moreFills(@Variable(CoinoneRequests.FILL_WALK) CoinoneFillWalk walk) {
        return walk.hasMore();
    }

    /** One page of completed_orders read into the walk. */
    public void fillsPage(JsonNode page, @Variable(CoinoneRequests.FILL_WALK) CoinoneFillWalk walk) {
        walk.read(page);
    }

    /**
     * completed_orders lists fills, not orders: the ids of the orders the walk found, the one that
     * traded longest ago first, whose order/detail is asked next for each one's real state and size.
     */
    public List<String> filledOrderIds(@Variable(CoinoneRequests.FILL_WALK) CoinoneFillWalk walk) {
        return walk.orderIdsOldestFirst();
    }

    /**
     * The history: each traded order as order/detail tells it (one reply per order in the body),
     * so an order cancelled after a partial fill is {@code partial-canceled} with its full amount.
     * Orders cancelled without any fill have no fill to be found by, so Coinone lists none here.
     */
    public FmzReply historyOrders(List<JsonNode> details) {
        List<Order> orders = new ArrayList<>();
        details.forEach(d -> orders.add(toOrder(d.path("order"))));
        return FmzReply.of(orders, details);
    }

    public FmzReply canceled(JsonNode reply) {
        return FmzReply.of(true, reply);
    }

    /** Coinone has no time endpoint; every public reply carries {@code server_time} (ms). */
    public long serverTime(JsonNode reply) {
        JsonNode time = reply.path("server_time");
        if (time.isMissingNode() || time.isNull()) {
            throw new FmzError("Coinone returned no server_time");
        }
        return whole(time);
    }

    /** exchange.IO: the exchange's JSON is the result. */
    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    /** An order/detail {@code order}, whose {@code status} says where it stands. */
    static Order toOrder(JsonNode o) {
        BigDecimal executed = decimal(o.path("executed_qty"));
        return toOrder(o, status(o.path("status").asText(), executed, decimal(o.path("remain_qty"))));
    }

    private static Order toOrder(JsonNode o, OrderStatus status) {
        CoinonePair pair = CoinonePair.of(o.path("quote_currency").asText(), o.path("target_currency").asText());
        BigDecimal qty = decimal(o.path("original_qty"));
        // a market buy is placed by KRW amount and has no quantity of its own
        BigDecimal amount = qty.signum() > 0 ? qty : decimal(o.path("original_amount"));
        return new Order(pair.path() + "," + o.path("order_id").asText(), pair.fmzSymbol(), amount,
                decimal(o.path("price")), decimal(o.path("executed_qty")), decimal(o.path("average_executed_price")),
                o.path("side").asText().toLowerCase(java.util.Locale.ROOT), status);
    }

    /**
     * Coinone order statuses (docs status table) → FMZ words. PARTIALLY_CANCELED is read from
     * {@code remain_qty}: clients disagree whether it is final, and a remaining quantity means the
     * order still works. The CANCELED_* variants end a market order's unfilled remainder.
     */
    static OrderStatus status(String status, BigDecimal executed, BigDecimal remaining) {
        boolean anyFilled = executed.signum() > 0;
        return switch (status) {
            case "LIVE", "NOT_TRIGGERED", "TRIGGERED" -> anyFilled ? OrderStatus.PARTIAL_FILLED : OrderStatus.PENDING;
            case "PARTIALLY_FILLED" -> OrderStatus.PARTIAL_FILLED;
            case "FILLED" -> OrderStatus.FILLED;
            case "PARTIALLY_CANCELED", "NOT_TRIGGERED_PARTIALLY_CANCELED" -> remaining.signum() > 0
                    ? (anyFilled ? OrderStatus.PARTIAL_FILLED : OrderStatus.PENDING)
                    : OrderStatus.canceled(anyFilled);
            case "CANCELED", "NOT_TRIGGERED_CANCELED", "CANCELED_NO_ORDER", "CANCELED_LIMIT_PRICE_EXCEED",
                 "CANCELED_UNDER_PRODUCT_UNIT" -> OrderStatus.canceled(anyFilled);
            default -> throw new FmzError("unknown Coinone order status '" + status + "'");
        };
    }

    private static Ticker toTicker(JsonNode t) {
        CoinonePair pair = CoinonePair.of(t.path("quote_currency").asText(), t.path("target_currency").asText());
        return new Ticker(pair.fmzSymbol(), decimal(t.path("best_bids").path(0).path("price")),
                decimal(t.path("best_asks").path(0).path("price")), decimal(t.path("high")), decimal(t.path("low")),
                decimal(t.path("first")), decimal(t.path("last")), decimal(t.path("target_volume")), whole(t.path("timestamp")));
    }

    private static List<Depth.Level> levels(JsonNode side) {
        List<Depth.Level> levels = new ArrayList<>(side.size());
        side.forEach(l -> levels.add(new Depth.Level(decimal(l.path("price")), decimal(l.path("qty")))));
        return levels;
    }

    private static String first(JsonNode json, String name, String legacyName) {
        String value = json.path(name).asText("");
        return value.isEmpty() ? json.path(legacyName).asText("") : value;
    }
}
