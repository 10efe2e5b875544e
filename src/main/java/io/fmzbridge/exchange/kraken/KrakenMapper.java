package io.fmzbridge.exchange.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.OutcomeUnknown;
import io.fmzbridge.call.RateLimited;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Candle;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Ticker;
import io.fmzbridge.fmz.Trade;
import io.fmzbridge.stream.MarketStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

/**
 * Kraken spot replies → FMZ shapes. Every Kraken reply is {@code {"error": [...], "result": ...}},
 * errors mostly with HTTP 200; results are keyed by the pair id ({@code XXBTZUSD}) whatever name was
 * sent, so pairs are read back through the {@link KrakenSymbolMap}.
 */
public final class KrakenMapper {

    private static final Logger LOG = LoggerFactory.getLogger(KrakenMapper.class);
    private static final String REQUEST = "fmz";
    /** A price as a plain number, not an offset from the market. */
    private static final Pattern PLAIN_PRICE = Pattern.compile("\\d+(\\.\\d+)?");
    private static final String SYMBOLS = KrakenRequests.SYMBOLS;
    /**
     * Errors after which Kraken may or may not have acted (support.kraken.com, "API error messages":
     * check the order status before re-sending) (inferred for Busy): a placement is then looked up.
     */
    private static final Set<String> OUTCOME_UNKNOWN = Set.of("EGeneral:Internal error", "EService:Busy");
    /**
     * Kraken's rate limits, sent with HTTP 200 (notes §2.4, §2.6): the key's call counter is spent (EAPI) or
     * the pair's order limit is (EOrder); EService:Throttled is the same under load. Said as a rate limit,
     * so nobody reads it as a bad request, and the bridge holds the key's calls for a while.
     */
    private static final Set<String> RATE_LIMITED = Set.of("EAPI:Rate limit exceeded", "EOrder:Rate limit exceeded");

    private final Clock clock;

    public KrakenMapper() {
        this(Clock.systemUTC());
    }

    KrakenMapper(Clock clock) {
        this.clock = clock;
    }

    /** Reads the HTTP reply; a non-empty {@code error} list (E-prefixed; W are warnings) is the error. */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        ExchangeReply reply = ExchangeReply.read(status, body);
        JsonNode json = reply.json();
        StringJoiner errors = new StringJoiner("; ");
        boolean unknownOutcome = false;
        boolean rateLimited = false;
        for (JsonNode error : json.path("error")) {
            String text = error.asText();
            if (text.startsWith("E")) {
                errors.add(text);
                unknownOutcome |= OUTCOME_UNKNOWN.contains(text);
                rateLimited |= RATE_LIMITED.contains(text) || text.replace(" ", "").startsWith("EService:Throttled");
            }
        }
        if (errors.length() > 0) {
            String message = (rateLimited ? "rate limited by Kraken: " : "") + errors
                    + (reply.isHttpSuccess() ? "" : " (HTTP " + reply.status() + ")");
            throw unknownOutcome ? new OutcomeUnknown(message) : rateLimited ? new RateLimited(message) : new FmzError(message);
        }
        if (!reply.isHttpSuccess()) {
            throw new FmzError("HTTP " + reply.status() + " from exchange without a Kraken error");
        }
        if (!json.has("result")) {
            throw new FmzError("Kraken replied without a result");
        }
        return json;
    }

    /** Kraken's REST ticker has no time of its own: the bridge's clock stamps it, or the stream's last message. */
    public FmzReply ticker(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request, @Variable(SYMBOLS) KrakenSymbolMap symbols,
                           @ExchangeProperty(MarketStream.EVENT_TIME_PROPERTY) Long streamTime) {
        KrakenPair pair = symbols.pair(request.symbol());
        return FmzReply.of(toTicker(pair, ofPair(reply, pair, "ticker"), streamTime != null ? streamTime : clock.millis()), reply);
    }

    /** A REST ticker, timed on receipt. Not public: the route's bean step sees only the method above. */
    FmzReply ticker(JsonNode reply, FmzRequest request, KrakenSymbolMap symbols) {
        return ticker(reply, request, symbols, null);
    }

    public FmzReply tickers(JsonNode reply, @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        List<Ticker> tickers = new ArrayList<>();
        long now = clock.millis();
        for (Iterator<Map.Entry<String, JsonNode>> it = reply.path("result").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            symbols.named(entry.getKey()).ifPresent(pair -> tickers.add(toTicker(pair, entry.getValue(), now)));
        }
        return FmzReply.of(tickers, reply);
    }

    /** Kraken's REST book has no time of its own: the bridge's clock stamps it; a streamed book has its last message's. */
    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request, @Variable(SYMBOLS) KrakenSymbolMap symbols,
                          @ExchangeProperty(MarketStream.EVENT_TIME_PROPERTY) Long streamTime) {
        JsonNode book = ofPair(reply, symbols.pair(request.symbol()), "order book");
        int limit = (int) Math.min(request.whole("limit", KrakenRequests.DEFAULT_DEPTH), KrakenRequests.MAX_DEPTH);
        long time = streamTime != null ? streamTime : clock.millis();
        return FmzReply.of(Depth.of(time, levels(book.path("asks")), levels(book.path("bids")), limit), reply);
    }

    /** Rows {@code [price, volume, time s, b/s, m/l, misc, trade_id]}, oldest first already. */
    public FmzReply trades(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request, @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        List<Trade> trades = new ArrayList<>();
        for (JsonNode row : ofPair(reply, symbols.pair(request.symbol()), "trades")) {
            trades.add(new Trade(row.path(6).asText(), millis(row.path(2)), decimal(row.path(0)), decimal(row.path(1)),
                    row.path(3).asText().equals("b") ? "buy" : "sell"));
        }
        long limit = request.whole("limit", 0);
        return FmzReply.of(limit > 0 && trades.size() > limit ? trades.subList(trades.size() - (int) limit, trades.size()) : trades, reply);
    }

    /** Rows {@code [time s, open, high, low, close, vwap, volume, count]}, oldest first, the last one still forming. */
    public FmzReply records(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request, @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        List<Candle> candles = new ArrayList<>();
        for (JsonNode row : ofPair(reply, symbols.pair(request.symbol()), "bars")) {
            candles.add(new Candle(whole(row.path(0)), decimal(row.path(1)), decimal(row.path(2)), decimal(row.path(3)),
                    decimal(row.path(4)), decimal(row.path(6))));
        }
        long limit = request.whole("limit", 0);
        return FmzReply.of(limit > 0 && candles.size() > limit ? candles.subList(candles.size() - (int) limit, candles.size()) : candles, reply);
    }

    /** AssetPairs: tick_size (else 10^-pair_decimals), lot 10^-lot_decimals, ordermin in base, costmin in quote. */
    public FmzReply markets(JsonNode reply, @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        Map<String, Market> markets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = reply.path("result").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode p = entry.getValue();
            String status = p.path("status").asText("online");
            KrakenPair pair = symbols.named(entry.getKey()).orElse(null);
            if (pair == null || !pair.id().equals(entry.getKey()) || !status.equals("online")) {
                continue;
            }
            int priceDecimals = p.path("pair_decimals").asInt();
            int lotDecimals = p.path("lot_decimals").asInt();
            BigDecimal tick = p.hasNonNull("tick_size") ? decimal(p.path("tick_size")) : BigDecimal.ONE.movePointLeft(priceDecimals);
            BigDecimal lot = BigDecimal.ONE.movePointLeft(lotDecimals);
            String symbol = pair.symbol().toString();
            markets.put(symbol, new Market(symbol, pair.symbol().base(), pair.symbol().quote(), tick, lot,
                    Market.decimalsOf(tick), lotDecimals, decimal(p.path("ordermin")), BigDecimal.ZERO,
                    decimal(p.path("costmin")), BigDecimal.ZERO));
        }
        return FmzReply.of(markets, reply);
    }

    /** BalanceEx: available = balance + credit − credit_used − hold_trade; held = hold_trade. */
    public FmzReply balances(JsonNode reply, @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        List<Balance> balances = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = reply.path("result").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode b = entry.getValue();
            BigDecimal held = decimal(b.path("hold_trade"));
            BigDecimal free = decimal(b.path("balance")).add(decimal(b.path("credit")))
                    .subtract(decimal(b.path("credit_used"))).subtract(held);
            balances.add(new Balance(symbols.currency(entry.getKey()), free, held));
        }
        return FmzReply.of(balances, reply);
    }

    /** AddOrder: {@code txid} is a list (one id for a single order). */
    public FmzReply placed(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request, @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        String txid = reply.path("result").path("txid").path(0).asText("");
        if (txid.isEmpty()) {
            throw new FmzError("Kraken accepted the order request but returned no txid");
        }
        return FmzReply.of(new PlacedOrder(symbols.pair(request.symbol()).altname() + "," + txid), reply);
    }

    /** QueryOrders: {@code {txid: order}}. */
    public FmzReply order(JsonNode reply, @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        Iterator<Map.Entry<String, JsonNode>> it = reply.path("result").fields();
        if (!it.hasNext()) {
            throw new FmzError("Kraken returned no order");
        }
        Map.Entry<String, JsonNode> entry = it.next();
        return FmzReply.of(toOrder(entry.getKey(), entry.getValue(), symbols), reply);
    }

    /** OpenOrders filtered by cl_ord_id: the order, or null to look among the closed ones next. */
    public FmzReply openByClientId(JsonNode reply, @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        List<Order> found = toOrders(reply.path("result").path("open"), symbols);
        return found.isEmpty() ? null : FmzReply.of(found.get(0), reply);
    }

    /** ClosedOrders filtered by cl_ord_id, after OpenOrders had none. */
    public FmzReply closedByClientId(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request,
                                     @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        List<Order> found = toOrders(reply.path("result").path("closed"), symbols);
        if (found.isEmpty()) {
            throw new FmzError("Kraken has no order with cl_ord_id " + request.param(OrderPlacements.CLIENT_ORDER_ID));
        }
        return FmzReply.of(found.get(0), reply);
    }

    /** OpenOrders: every pair's; FMZ asks for one symbol's when it names one. */
    public FmzReply orders(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request, @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        return FmzReply.of(ofSymbol(toOrders(reply.path("result").path("open"), symbols), request, 0), reply);
    }

    /** ClosedOrders: newest first, 50 per page (Kraken's page size). */
    public FmzReply historyOrders(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request, @Variable(SYMBOLS) KrakenSymbolMap symbols) {
        return FmzReply.of(ofSymbol(toOrders(reply.path("result").path("closed"), symbols), request,
                request.whole("limit", 0)), reply);
    }

    /** CancelOrder: {@code count} orders cancelled; none means there was nothing open to cancel. */
    public FmzReply canceled(JsonNode reply) {
        if (whole(reply.path("result").path("count")) < 1) {
            throw new FmzError("Kraken cancelled no order (count 0): it is already closed or cancelled");
        }
        return FmzReply.of(true, reply);
    }

    /** {@code /0/public/Time}: {@code unixtime} in whole seconds; on average half a second had passed. */
    public long serverTime(JsonNode reply) {
        return whole(reply.path("result").path("unixtime")) * 1000 + 500;
    }

    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    static Order toOrder(String txid, JsonNode o, KrakenSymbolMap symbols) {
        return toOrder(txid, o, symbols.requireNamed(o.path("descr").path("pair").asText()));
    }

    private static Order toOrder(String txid, JsonNode o, KrakenPair pair) {
        JsonNode descr = o.path("descr");
        BigDecimal executed = decimal(o.path("vol_exec"));
        return new Order(pair.altname() + "," + txid, pair.symbol().toString(), decimal(o.path("vol")),
                limitPrice(o), executed, decimal(o.path("price")), descr.path("type").asText(),
                status(o.path("status").asText(), executed.signum() > 0));
    }

    /**
     * The price FMZ shows is the limit the order trades at. Kraken's {@code descr.price} is that limit
     * only for limit (and iceberg) orders: for the triggered types it is the trigger, and the limit of
     * stop-loss-limit and take-profit-limit is {@code descr.price2} (AddOrder, "price"/"price2"). A
     * trailing-stop-limit's {@code price2} is an offset from the trigger, so its limit is known once
     * triggered ({@code limitprice}); the types that trade at market once triggered have none (0, as
     * a market order). The trigger stays in {@code raw}.
     */
    static BigDecimal limitPrice(JsonNode o) {
        JsonNode descr = o.path("descr");
        return switch (descr.path("ordertype").asText()) {
            case "stop-loss-limit", "take-profit-limit" -> absolute(descr.path("price2"), o);
            case "trailing-stop-limit" -> decimal(o.path("limitprice"));
            case "stop-loss", "take-profit", "trailing-stop" -> BigDecimal.ZERO;
            default -> absolute(descr.path("price"), o);
        };
    }

    /** A price Kraken may state as an offset ({@code +5.0}, {@code -2%}, {@code #10}): then the limit it came to, if any. */
    private static BigDecimal absolute(JsonNode price, JsonNode o) {
        return PLAIN_PRICE.matcher(price.asText()).matches() ? decimal(price) : decimal(o.path("limitprice"));
    }

    /** Kraken order states (pending, open, closed, canceled, expired) → FMZ words. */
    static OrderStatus status(String state, boolean anyFilled) {
        return switch (state) {
            case "pending" -> OrderStatus.PENDING;
            case "open" -> anyFilled ? OrderStatus.PARTIAL_FILLED : OrderStatus.PENDING;
            case "closed" -> OrderStatus.FILLED;
            case "canceled", "expired" -> OrderStatus.canceled(anyFilled);
            default -> throw new FmzError("unknown Kraken order status '" + state + "'");
        };
    }

    /**
     * OpenOrders and ClosedOrders list every pair's orders, those placed on Kraken's website too. One on a
     * pair AssetPairs does not list (delisted) has no FMZ symbol: it is left out, never the whole list.
     */
    private static List<Order> toOrders(JsonNode byTxid, KrakenSymbolMap symbols) {
        List<Order> orders = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = byTxid.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getValue().path("descr").path("pair").asText();
            Optional<KrakenPair> pair = symbols.named(name);
            if (pair.isPresent()) {
                orders.add(toOrder(entry.getKey(), entry.getValue(), pair.get()));
            } else {
                LOG.debug("Kraken order {} on pair '{}', which AssetPairs does not list, is left out", entry.getKey(),
                        FmzSymbol.printable(name));
            }
        }
        return orders;
    }

    private static List<Order> ofSymbol(List<Order> orders, FmzRequest request, long limit) {
        String symbol = request.hasSymbol() ? request.symbol().toString() : null;
        return orders.stream().filter(o -> symbol == null || o.symbol().equals(symbol))
                .limit(limit > 0 ? limit : Long.MAX_VALUE).toList();
    }

    /** Kraken's ticker has no time of its own: the bridge's clock stamps it. */
    private static Ticker toTicker(KrakenPair pair, JsonNode t, long time) {
        // a/b = [price, whole lot volume, lot volume]; c = [last, volume]; v, l, h = [today, last 24 h]; o = today's open
        return new Ticker(pair.symbol().toString(), decimal(t.path("b").path(0)), decimal(t.path("a").path(0)),
                decimal(t.path("h").path(1)), decimal(t.path("l").path(1)), decimal(t.path("o")),
                decimal(t.path("c").path(0)), decimal(t.path("v").path(1)), time);
    }

    private static JsonNode ofPair(JsonNode reply, KrakenPair pair, String what) {
        JsonNode result = reply.path("result");
        JsonNode data = result.path(pair.id());
        if (data.isMissingNode()) {
            data = result.path(pair.altname());
        }
        if (data.isMissingNode()) {
            data = result.path(KrakenStream.RESULT_KEY); // an answer from the stream, which holds the one pair asked for
        }
        if (data.isMissingNode() || data.isNull()) {
            throw new FmzError("Kraken returned no " + what + " for " + pair.id());
        }
        return data;
    }

    private static List<Depth.Level> levels(JsonNode side) {
        List<Depth.Level> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new Depth.Level(decimal(level.path(0)), decimal(level.path(1))));
        }
        return levels;
    }

    /** Kraken times are seconds with a fraction ({@code 1688671970.1234}). */
    private static long millis(JsonNode seconds) {
        return decimal(seconds).movePointRight(3).longValue();
    }
}
