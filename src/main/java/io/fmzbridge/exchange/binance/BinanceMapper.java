package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.call.HttpRequestStep;
import io.fmzbridge.call.OutcomeUnknown;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Candle;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
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
import java.math.MathContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

/**
 * Binance Spot replies → FMZ shapes. Binance answers errors with an HTTP 4XX/5XX and
 * {@code {"code": -2010, "msg": "..."}}; both are kept in the error text. Methods that must name a
 * symbol Binance wrote as {@code BTCUSDT} take the symbol map the route put in variable
 * {@value #SYMBOLS}.
 */
public final class BinanceMapper {

    static final String SYMBOLS = "binanceSymbols";
    private static final String REQUEST = "fmz";

    private final Clock clock;

    public BinanceMapper() {
        this(Clock.systemUTC());
    }

    BinanceMapper(Clock clock) {
        this.clock = clock;
    }

    /** Reads the HTTP reply; Binance's error code and message, or the HTTP status, become the error. */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                          @ExchangeProperty(HttpRequestStep.CALL_PROPERTY) RestCall call) {
        int code = status == null ? 0 : status;
        if (code >= 500 && UnknownOutcome.isWrite(call)) {
            throw new FmzError(UnknownOutcome.describe("HTTP " + code + errorIn(body), call));
        }
        ExchangeReply reply = ExchangeReply.read(status, body);
        JsonNode json = reply.json();
        if (reply.isHttpSuccess()) {
            return json;
        }
        if (!json.path("code").isNumber()) {
            throw new FmzError("HTTP " + reply.status() + " from exchange without a Binance error code");
        }
        String error = "code " + json.path("code").asText() + ": " + json.path("msg").asText("");
        int binanceCode = json.path("code").asInt();
        if ((binanceCode == -1006 || binanceCode == -1007) && UnknownOutcome.isWrite(call)) {
            // a placement is then looked up by the shared order guard, which words the outcome
            throw new OutcomeUnknown(UnknownOutcome.isPlacement(call) ? error : UnknownOutcome.describe(error, call));
        }
        throw new FmzError(error + hint(reply.status(), binanceCode));
    }

    public FmzReply ticker(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        return FmzReply.of(toTicker(reply, request.symbol().toString()), reply);
    }

    /** Tickers of the symbols exchangeInfo lists; any other (none, normally) is left out. */
    public FmzReply tickers(JsonNode reply, @Variable(SYMBOLS) BinanceSymbolMap symbols) {
        List<Ticker> tickers = new ArrayList<>();
        for (JsonNode t : reply) {
            symbols.find(t.path("symbol").asText()).ifPresent(symbol -> tickers.add(toTicker(t, symbol.toString())));
        }
        return FmzReply.of(tickers, reply);
    }

    /**
     * Binance's REST book has no timestamp (only lastUpdateId): the time is when the bridge received
     * it; a book from the stream has the event time of its last update.
     */
    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request,
                          @ExchangeProperty(MarketStream.EVENT_TIME_PROPERTY) Long streamTime) {
        int limit = (int) Math.min(request.whole("limit", BinanceRequests.DEFAULT_DEPTH), BinanceRequests.MAX_DEPTH);
        long time = streamTime != null ? streamTime : clock.millis();
        return FmzReply.of(Depth.of(time, levels(reply.path("asks")), levels(reply.path("bids")), limit), reply);
    }

    /** A REST book, timed on receipt. Not public: the route's bean step sees only the method above. */
    FmzReply depth(JsonNode reply, FmzRequest request) {
        return depth(reply, request, null);
    }

    /** Oldest first, as Binance sends them; a buyer-maker trade was a taker sell. */
    public FmzReply trades(JsonNode reply) {
        List<Trade> trades = new ArrayList<>();
        for (JsonNode t : reply) {
            trades.add(new Trade(t.path("id").asText(), whole(t.path("time")), decimal(t.path("price")),
                    decimal(t.path("qty")), t.path("isBuyerMaker").asBoolean() ? "sell" : "buy"));
        }
        return FmzReply.of(trades, reply);
    }

    /** Kline rows {@code [openTime, o, h, l, c, volume, …]}, oldest first; FMZ wants the time in seconds. */
    public FmzReply records(JsonNode reply) {
        List<Candle> candles = new ArrayList<>();
        for (JsonNode row : reply) {
            candles.add(new Candle(whole(row.path(0)) / 1000, decimal(row.path(1)), decimal(row.path(2)),
                    decimal(row.path(3)), decimal(row.path(4)), decimal(row.path(5))));
        }
        return FmzReply.of(candles, reply);
    }

    /** The spot symbols trading now, with the rules of their PRICE_FILTER, LOT_SIZE and (MIN_)NOTIONAL filters. */
    public FmzReply markets(JsonNode reply) {
        Map<String, Market> markets = new LinkedHashMap<>();
        for (JsonNode s : reply.path("symbols")) {
            if (!s.path("status").asText().equals("TRADING") || !s.path("isSpotTradingAllowed").asBoolean(true)) {
                continue;
            }
            String symbol = s.path("baseAsset").asText() + "_" + s.path("quoteAsset").asText();
            JsonNode price = filter(s, "PRICE_FILTER");
            JsonNode lot = filter(s, "LOT_SIZE");
            JsonNode notional = filter(s, "NOTIONAL").isMissingNode() ? filter(s, "MIN_NOTIONAL") : filter(s, "NOTIONAL");
            BigDecimal tick = decimal(price.path("tickSize"));
            BigDecimal step = decimal(lot.path("stepSize"));
            markets.put(symbol, new Market(symbol, s.path("baseAsset").asText(), s.path("quoteAsset").asText(),
                    tick, step, Market.decimalsOf(tick), Market.decimalsOf(step),
                    decimal(lot.path("minQty")), decimal(lot.path("maxQty")),
                    decimal(notional.path("minNotional")), decimal(notional.path("maxNotional"))));
        }
        return FmzReply.of(markets, reply);
    }

    /** {@code free} is available, {@code locked} is held in open orders. */
    public FmzReply balances(JsonNode reply) {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode b : reply.path("balances")) {
            balances.add(new Balance(b.path("asset").asText(), decimal(b.path("free")), decimal(b.path("locked"))));
        }
        return FmzReply.of(balances, reply);
    }

    public FmzReply placed(JsonNode reply) {
        String symbol = reply.path("symbol").asText("");
        String orderId = reply.path("orderId").asText("");
        if (symbol.isEmpty() || orderId.isEmpty()) {
            throw new FmzError("Binance accepted the order request but returned no symbol and orderId");
        }
        return FmzReply.of(new PlacedOrder(symbol + "," + orderId), reply);
    }

    public FmzReply order(JsonNode reply, @Variable(SYMBOLS) BinanceSymbolMap symbols) {
        return FmzReply.of(toOrder(reply, symbols), reply);
    }

    public FmzReply orders(JsonNode reply, @Variable(SYMBOLS) BinanceSymbolMap symbols) {
        List<Order> orders = new ArrayList<>();
        for (JsonNode o : reply) {
            orders.add(toOrder(o, symbols));
        }
        return FmzReply.of(orders, reply);
    }

    /** Binance answers a cancel with the cancelled order; FMZ wants {@code true}. */
    public FmzReply canceled(JsonNode reply) {
        return FmzReply.of(true, reply);
    }

    /** {@code GET /api/v3/time}: {@code serverTime} in ms. */
    public long serverTime(JsonNode reply) {
        return FmzJson.whole(reply.path("serverTime"));
    }

    /** exchange.IO: Binance's JSON is the result. */
    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    static Order toOrder(JsonNode o, BinanceSymbolMap symbols) {
        String symbol = o.path("symbol").asText();
        FmzSymbol fmzSymbol = symbols.fmzSymbol(symbol);
        BigDecimal executed = decimal(o.path("executedQty"));
        return new Order(symbol + "," + o.path("orderId").asText(), fmzSymbol.toString(),
                decimal(o.path("origQty")), decimal(o.path("price")), executed,
                averagePrice(decimal(o.path("cummulativeQuoteQty")), executed),
                o.path("side").asText().toLowerCase(Locale.ROOT),
                status(o.path("status").asText(), executed.signum() > 0));
    }

    /**
     * cummulativeQuoteQty / executedQty, in BigDecimal: exact when the quotient has at most 16 significant
     * digits, else rounded half-even to 16 (MathContext.DECIMAL64), which keeps a BTC price to 1e-10 and a
     * 0.0000123-priced coin to 1e-20 alike; trailing zeros dropped. Zero before any fill, and when Binance
     * reports a negative cummulativeQuoteQty ("data not available" for some old orders).
     */
    static BigDecimal averagePrice(BigDecimal cumulativeQuote, BigDecimal executed) {
        if (executed.signum() <= 0 || cumulativeQuote.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        return cumulativeQuote.divide(executed, MathContext.DECIMAL64).stripTrailingZeros();
    }

    /**
     * Binance order status (enums.md) → FMZ words. EXPIRED (IOC/FOK/market remainder), EXPIRED_IN_MATCH
     * (self-trade prevention) and REJECTED end the order like a cancel: FMZ has no other word for them.
     * PENDING_CANCEL is documented as unused.
     */
    static OrderStatus status(String status, boolean anyFilled) {
        return switch (status) {
            case "NEW", "PENDING_NEW" -> OrderStatus.PENDING;
            case "PARTIALLY_FILLED" -> OrderStatus.PARTIAL_FILLED;
            case "FILLED" -> OrderStatus.FILLED;
            case "CANCELED", "PENDING_CANCEL", "EXPIRED", "EXPIRED_IN_MATCH", "REJECTED" -> OrderStatus.canceled(anyFilled);
            default -> throw new FmzError("unknown Binance order status '" + status + "'");
        };
    }

    private static Ticker toTicker(JsonNode t, String symbol) {
        return new Ticker(symbol, decimal(t.path("bidPrice")), decimal(t.path("askPrice")),
                decimal(t.path("highPrice")), decimal(t.path("lowPrice")), decimal(t.path("openPrice")),
                decimal(t.path("lastPrice")), decimal(t.path("volume")), whole(t.path("closeTime")));
    }

    private static List<Depth.Level> levels(JsonNode side) {
        List<Depth.Level> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new Depth.Level(decimal(level.path(0)), decimal(level.path(1))));
        }
        return levels;
    }

    private static JsonNode filter(JsonNode symbol, String type) {
        for (JsonNode f : symbol.path("filters")) {
            if (f.path("filterType").asText().equals(type)) {
                return f;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Binance's code and message in a failed body, for the words around an unknown outcome. */
    private static String errorIn(byte[] body) {
        try {
            JsonNode json = body == null || body.length == 0 ? null : FmzJson.MAPPER.readTree(body);
            if (json != null && json.path("code").isNumber()) {
                return " (code " + json.path("code").asText() + ": " + json.path("msg").asText("") + ")";
            }
        } catch (java.io.IOException e) {
            // an HTML error page: the status says enough
        }
        return "";
    }

    /** What a strategy author needs beyond Binance's message (rest-api.md "HTTP Return Codes", "Timing security"). */
    private static String hint(int httpStatus, int binanceCode) {
        if (binanceCode == -1021) {
            return " (check this machine's clock: Binance accepts a timestamp at most 1 s ahead of its own time"
                    + " and at most recvWindow behind)";
        }
        if (httpStatus == 429) {
            return " (HTTP 429: rate limit hit, back off before calling again)";
        }
        if (httpStatus == 418) {
            return " (HTTP 418: this IP is banned for calling on after HTTP 429)";
        }
        if (httpStatus >= 500) {
            return " (HTTP " + httpStatus + ")";
        }
        return "";
    }
}
