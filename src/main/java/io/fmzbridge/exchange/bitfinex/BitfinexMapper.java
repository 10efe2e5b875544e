package io.fmzbridge.exchange.bitfinex;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.OutcomeUnknown;
import io.fmzbridge.call.RateLimited;
import io.fmzbridge.call.ServerErrors;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Bitfinex v2 replies → FMZ shapes. Bitfinex answers with positional arrays of JSON numbers, read
 * here as BigDecimal (never double). Errors are {@code ["error", code, "message"]}, sent with HTTP 500
 * even when Bitfinex simply refuses a request; writes answer with a notification
 * {@code [MTS, TYPE, MSG_ID, null, DATA, CODE, STATUS, TEXT]} whose STATUS may be ERROR.
 */
public final class BitfinexMapper {

    private static final String REQUEST = "fmz";
    /** The route's variable holding the {@code tickers} reply that {@link #markets} reads last prices from. */
    static final String LAST_PRICES = "lastPrices";
    /** Bitfinex's "unknown error" (ERR_UNK): nothing says whether the request took effect (inferred). */
    private static final long UNKNOWN_ERROR = 10000;
    /** {@code ["error", 11010, "ratelimit: error"]}. */
    private static final long RATE_LIMITED = 11010;

    private final Clock clock;

    public BitfinexMapper() {
        this(Clock.systemUTC());
    }

    BitfinexMapper(Clock clock) {
        this.clock = clock;
    }

    /**
     * Reads the HTTP reply and turns Bitfinex's error shapes into errors that keep its code and message.
     * An {@code ["error", code, msg]} is Bitfinex refusing the request, a definite answer even under HTTP
     * 500, so the server-error mark is taken off it: the order guard must not look up an order Bitfinex
     * said it refused.
     */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status, Exchange exchange) {
        ExchangeReply reply = ExchangeReply.read(status, body);
        JsonNode json = reply.json();
        String http = reply.isHttpSuccess() ? "" : " (HTTP " + reply.status() + ")";
        if (json.isArray() && "error".equals(json.path(0).asText())) {
            long code = json.path(1).canConvertToLong() ? json.path(1).asLong() : -1;
            String message = "error " + json.path(1).asText() + ": " + json.path(2).asText("") + http;
            if (code == UNKNOWN_ERROR) {
                throw new OutcomeUnknown(message);
            }
            exchange.removeProperty(ServerErrors.STATUS_PROPERTY);
            // v2's answer to an address over an endpoint's limit, under HTTP 429 or at times 200: a pause, whatever the status
            throw code == RATE_LIMITED ? new RateLimited(message) : new FmzError(message);
        }
        if (json.isObject() && json.hasNonNull("error")) {
            // {"error":"ERR_RATE_LIMIT"} and outage replies {"code":503,"error":"temporarily_unavailable",...}
            String message = json.path("message").asText(json.path("error_description").asText(""));
            String text = json.path("error").asText() + (message.isEmpty() ? "" : ": " + message) + http;
            throw "ERR_RATE_LIMIT".equals(json.path("error").asText()) ? new RateLimited(text) : new FmzError(text);
        }
        if (!reply.isHttpSuccess()) {
            throw new FmzError("HTTP " + reply.status() + " from exchange without a Bitfinex error");
        }
        return json;
    }

    /**
     * {@code [BID, BID_SIZE, ASK, ASK_SIZE, DAILY_CHANGE, DAILY_CHANGE_RELATIVE, LAST_PRICE, VOLUME, HIGH, LOW]}.
     * The REST ticker has no time of its own: the bridge's clock stamps it, or the stream's message time.
     */
    public FmzReply ticker(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request,
                           @ExchangeProperty(MarketStream.EVENT_TIME_PROPERTY) Long streamTime) {
        if (!reply.isArray() || reply.size() < 10) {
            throw new FmzError("Bitfinex returned no ticker");
        }
        return FmzReply.of(toTicker(request.symbol().toString(), reply, 0, streamTime != null ? streamTime : clock.millis()), reply);
    }

    /** {@code [[SYMBOL, …the ten ticker fields]]}; funding ({@code f…}) and derivative rows are left out. */
    public FmzReply tickers(JsonNode reply) {
        List<Ticker> tickers = new ArrayList<>();
        long now = clock.millis();
        for (JsonNode row : reply) {
            FmzSymbol symbol = BitfinexSymbol.fmz(row.path(0).asText());
            if (symbol != null && row.size() >= 11) {
                tickers.add(toTicker(symbol.toString(), row, 1, now));
            }
        }
        return FmzReply.of(tickers, reply);
    }

    /**
     * P0 rows {@code [PRICE, COUNT, AMOUNT]}: a positive amount is a bid, a negative one an ask. Timed by
     * the bridge's clock (the REST book has no time), or by the stream's last book message.
     */
    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request,
                          @ExchangeProperty(MarketStream.EVENT_TIME_PROPERTY) Long streamTime) {
        List<Depth.Level> asks = new ArrayList<>();
        List<Depth.Level> bids = new ArrayList<>();
        for (JsonNode row : reply) {
            BigDecimal amount = decimal(row.path(2));
            (amount.signum() > 0 ? bids : asks).add(new Depth.Level(decimal(row.path(0)), amount.abs()));
        }
        int limit = (int) request.whole("limit", BitfinexRequests.DEFAULT_DEPTH);
        return FmzReply.of(Depth.of(streamTime != null ? streamTime : clock.millis(), asks, bids, limit), reply);
    }

    /** {@code [[ID, MTS, ±AMOUNT, PRICE]]} newest first; FMZ wants oldest first, a positive amount is a buy. */
    public FmzReply trades(JsonNode reply) {
        List<Trade> trades = new ArrayList<>();
        for (JsonNode row : reply) {
            BigDecimal amount = decimal(row.path(2));
            trades.add(0, new Trade(row.path(0).asText(), whole(row.path(1)), decimal(row.path(3)), amount.abs(),
                    amount.signum() > 0 ? "buy" : "sell"));
        }
        return FmzReply.of(trades, reply);
    }

    /** {@code [[MTS, OPEN, CLOSE, HIGH, LOW, VOLUME]]} newest first (close before high!) → FMZ's order, seconds, oldest first. */
    public FmzReply records(JsonNode reply) {
        List<Candle> candles = new ArrayList<>();
        for (JsonNode row : reply) {
            candles.add(0, new Candle(whole(row.path(0)) / 1000, decimal(row.path(1)), decimal(row.path(3)),
                    decimal(row.path(4)), decimal(row.path(2)), decimal(row.path(5))));
        }
        return FmzReply.of(candles, reply);
    }

    /**
     * {@code conf/pub:info:pair}: {@code [[[PAIR, [.., .., .., MIN_ORDER_SIZE, MAX_ORDER_SIZE, ..]], …]]}, with the
     * last prices of {@code tickers?symbols=ALL}. Bitfinex prices keep five significant digits, so the step
     * depends on the price: every market carries {@link BitfinexPrices#BANDS}, which the order check uses,
     * and its tick size and price precision are those at the last price (0 and 8 for a pair without a
     * ticker). Amounts have at most eight decimals.
     */
    public FmzReply markets(JsonNode reply, @Variable(LAST_PRICES) JsonNode tickers) {
        Map<String, BigDecimal> lastPrices = new HashMap<>();
        for (JsonNode row : tickers) {
            if (row.size() >= 11) {
                lastPrices.put(row.path(0).asText(), decimal(row.path(7)));
            }
        }
        Map<String, Market> markets = new LinkedHashMap<>();
        BigDecimal lot = BigDecimal.ONE.movePointLeft(BitfinexPrices.MAX_DECIMALS);
        for (JsonNode entry : reply.path(0)) {
            String pair = "t" + entry.path(0).asText();
            FmzSymbol symbol = BitfinexSymbol.fmz(pair);
            if (symbol == null) {
                continue;
            }
            JsonNode info = entry.path(1);
            BigDecimal tick = BitfinexPrices.tickAt(lastPrices.get(pair));
            int pricePrecision = tick.signum() > 0 ? Market.decimalsOf(tick) : BitfinexPrices.MAX_DECIMALS;
            markets.put(symbol.toString(), new Market(symbol.toString(), symbol.base(), symbol.quote(), tick, lot,
                    pricePrecision, BitfinexPrices.MAX_DECIMALS, decimal(info.path(3)), decimal(info.path(4)),
                    BigDecimal.ZERO, BigDecimal.ZERO, BitfinexPrices.BANDS));
        }
        return FmzReply.of(markets, reply);
    }

    /**
     * {@code [[TYPE, CURRENCY, BALANCE, UNSETTLED_INTEREST, AVAILABLE_BALANCE, …]]}, the {@code exchange}
     * (spot) wallets. Bitfinex may leave AVAILABLE_BALANCE null; the whole balance then counts as free (inferred).
     */
    public FmzReply balances(JsonNode reply) {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode wallet : reply) {
            if (!wallet.path(0).asText().equals("exchange")) {
                continue;
            }
            BigDecimal balance = decimal(wallet.path(2));
            BigDecimal free = wallet.path(4).isNull() || wallet.path(4).isMissingNode() ? balance : decimal(wallet.path(4));
            balances.add(new Balance(BitfinexSymbol.currency(wallet.path(1).asText()), free, balance.subtract(free)));
        }
        return FmzReply.of(balances, reply);
    }

    /** The submit notification: {@code DATA} is the list of orders made. */
    public FmzReply placed(JsonNode reply) {
        JsonNode order = notification(reply, "order").path(4).path(0);
        if (!order.isArray() || order.path(0).isNull() || order.path(0).isMissingNode()) {
            throw new FmzError("Bitfinex accepted the order request but returned no order");
        }
        return FmzReply.of(new PlacedOrder(order.path(3).asText() + "," + order.path(0).asText()), reply);
    }

    /** Orders asked by id or by client order id: the order, or null to look in the history next. */
    public FmzReply found(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        for (JsonNode row : reply) {
            boolean match = clientOrderId != null ? isClientOrder(row, BitfinexClientOrderId.parse(clientOrderId))
                    : whole(row.path(0)) == BitfinexOrderId.parse(request).id();
            if (match) {
                return FmzReply.of(toOrder(row), reply);
            }
        }
        return null;
    }

    /** The history, after the active orders had none. */
    public FmzReply order(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        FmzReply found = found(reply, request);
        if (found == null) {
            String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
            throw new FmzError(clientOrderId != null ? "Bitfinex has no recent order with client order id " + clientOrderId
                    : "Bitfinex has no order " + request.param("id"));
        }
        return found;
    }

    public FmzReply orders(JsonNode reply) {
        List<Order> orders = new ArrayList<>();
        for (JsonNode row : reply) {
            if (BitfinexSymbol.fmz(row.path(3).asText()) != null) {
                orders.add(toOrder(row));
            }
        }
        return FmzReply.of(orders, reply);
    }

    /** The cancel notification; Bitfinex confirms the cancel request, the order follows shortly. */
    public FmzReply canceled(JsonNode reply) {
        notification(reply, "cancel");
        return FmzReply.of(true, reply);
    }

    /**
     * Bitfinex has no time endpoint (ccxt: fetchTime false): the clock-sync job asks platform/status and
     * reads the HTTP {@code Date} header, whole seconds, so on average half a second later.
     */
    public long serverTime(JsonNode reply, @Header("Date") String date) {
        if (date == null) {
            throw new FmzError("Bitfinex replied without a Date header");
        }
        try {
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() + 500;
        } catch (DateTimeParseException e) {
            throw new FmzError("Bitfinex's Date header is not an HTTP date");
        }
    }

    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    /**
     * An order row: [0] ID, [2] CID, [3] SYMBOL, [4] MTS_CREATE, [6] AMOUNT (left, ±), [7] AMOUNT_ORIG (±),
     * [13] STATUS, [16] PRICE, [17] PRICE_AVG. Filled = |ORIG| − |AMOUNT|.
     */
    static Order toOrder(JsonNode row) {
        String pair = row.path(3).asText();
        BigDecimal original = decimal(row.path(7));
        BigDecimal filled = original.abs().subtract(decimal(row.path(6)).abs());
        return new Order(pair + "," + row.path(0).asText(), BitfinexSymbol.requireFmz(pair).toString(), original.abs(),
                decimal(row.path(16)), filled, decimal(row.path(17)), original.signum() < 0 ? "sell" : "buy",
                status(row.path(13).asText(), filled.signum() > 0));
    }

    /**
     * Bitfinex order statuses carry details after the first words ({@code EXECUTED @ 107.6(-0.2)},
     * {@code CANCELED was: PARTIALLY FILLED @ …}), so the start decides. RSN_DUST / RSN_PAUSE (Bitfinex
     * dropped the order) read as cancelled: FMZ has no "rejected".
     */
    static OrderStatus status(String status, boolean anyFilled) {
        if (status.startsWith("ACTIVE")) {
            return OrderStatus.PENDING;
        }
        if (status.startsWith("PARTIALLY FILLED")) {
            return OrderStatus.PARTIAL_FILLED;
        }
        if (status.startsWith("EXECUTED")) {
            return OrderStatus.FILLED;
        }
        if (status.contains("CANCELED") || status.startsWith("INSUFFICIENT") || status.startsWith("RSN_")) {
            return OrderStatus.canceled(anyFilled);
        }
        throw new FmzError("unknown Bitfinex order status '" + status + "'");
    }

    private static boolean isClientOrder(JsonNode row, BitfinexClientOrderId clientOrderId) {
        return row.path(2).canConvertToLong() && row.path(2).asLong() == clientOrderId.cid()
                && LocalDate.ofInstant(Instant.ofEpochMilli(whole(row.path(4))), ZoneOffset.UTC).equals(clientOrderId.date());
    }

    private static JsonNode notification(JsonNode reply, String what) {
        String status = reply.path(6).asText("");
        if (!reply.isArray() || status.isEmpty()) {
            throw new FmzError("Bitfinex answered the " + what + " request without a notification");
        }
        if (!status.equals("SUCCESS")) {
            throw new FmzError(status + ": " + reply.path(7).asText(""));
        }
        return reply;
    }

    private static Ticker toTicker(String symbol, JsonNode t, int at, long time) {
        BigDecimal last = decimal(t.path(at + 6));
        return new Ticker(symbol, decimal(t.path(at)), decimal(t.path(at + 2)), decimal(t.path(at + 8)),
                decimal(t.path(at + 9)), last.subtract(decimal(t.path(at + 4))), last, decimal(t.path(at + 7)), time);
    }
}
