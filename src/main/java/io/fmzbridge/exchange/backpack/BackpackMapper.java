package io.fmzbridge.exchange.backpack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.call.ExchangeReply;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Candle;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Ticker;
import io.fmzbridge.fmz.Trade;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.StreamSupport;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

/**
 * Backpack replies → FMZ shapes. Successful replies are the bare object or array; failures come
 * with an HTTP error status and {@code {"code", "message"}} (all JSON since 2024-10-15).
 */
public final class BackpackMapper {

    private static final String REQUEST = BackpackRequests.REQUEST;
    /** A spot market: exactly one underscore ({@code SOL_USDC}); perpetuals read {@code SOL_USDC_PERP}. */
    private static final Pattern SPOT = Pattern.compile("[A-Z0-9]+_[A-Z0-9]+");

    private final Clock clock;
    private final BackpackClientIds clientIds;

    public BackpackMapper() {
        this(new BackpackClientIds());
    }

    /** With the client ids the requests gave, to tell this bridge's placement from another order. */
    public BackpackMapper(BackpackClientIds clientIds) {
        this(Clock.systemUTC(), clientIds);
    }

    BackpackMapper(Clock clock) {
        this(clock, new BackpackClientIds());
    }

    BackpackMapper(Clock clock, BackpackClientIds clientIds) {
        this.clock = clock;
        this.clientIds = clientIds;
    }

    /** Reads the HTTP reply; an error status becomes an error that keeps Backpack's code and message. */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        ExchangeReply reply = ExchangeReply.read(status, body);
        if (reply.isHttpSuccess()) {
            return reply.json();
        }
        String code = reply.json().path("code").asText("");
        if (code.isEmpty()) {
            throw new FmzError("HTTP " + reply.status() + " from exchange without a Backpack error code");
        }
        throw new BackpackError(code, reply.json().path("message").asText(""), reply.status());
    }

    /**
     * Backpack's ticker has no bid and ask: the best levels of the book fill them in, and the book's
     * timestamp (µs) dates the ticker. The aggregation step of the route's {@code enrich}.
     */
    public FmzReply ticker(JsonNode ticker, JsonNode book) {
        List<Depth.Level> bids = levels(book.path("bids"));
        List<Depth.Level> asks = levels(book.path("asks"));
        BigDecimal buy = bids.stream().map(Depth.Level::price).max(Comparator.naturalOrder()).orElse(BigDecimal.ZERO);
        BigDecimal sell = asks.stream().map(Depth.Level::price).min(Comparator.naturalOrder()).orElse(BigDecimal.ZERO);
        ObjectNode raw = FmzJson.MAPPER.createObjectNode();
        raw.set("ticker", ticker);
        raw.set("depth", book);
        return FmzReply.of(toTicker(ticker, buy, sell, bookMillis(book)), raw);
    }

    /** The stream's ticker ({@link BackpackStream}): the 24 h statistics and the best bid and ask, as the REST pair. */
    public FmzReply streamTicker(JsonNode latest) {
        return ticker(latest.path("ticker"), latest.path("book"));
    }

    /** Every spot ticker; Backpack's tickers carry no bid, ask or time, so bid and ask read 0 and the time is now. */
    public FmzReply tickers(JsonNode reply) {
        long now = clock.millis();
        List<Ticker> tickers = new ArrayList<>();
        for (JsonNode t : reply) {
            if (SPOT.matcher(t.path("symbol").asText()).matches()) {
                tickers.add(toTicker(t, BigDecimal.ZERO, BigDecimal.ZERO, now));
            }
        }
        return FmzReply.of(tickers, reply);
    }

    /** Backpack's sides arrive in no promised order (the documented sample is ascending on both): sorted here. */
    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        return FmzReply.of(Depth.of(bookMillis(reply), levels(reply.path("asks")), levels(reply.path("bids")),
                BackpackRequests.depthLevels(request)), reply);
    }

    /** Public trades oldest first; {@code isBuyerMaker} means the taker sold. */
    public FmzReply trades(JsonNode reply) {
        List<Trade> trades = new ArrayList<>();
        for (JsonNode t : reply) {
            trades.add(new Trade(t.path("id").asText(), whole(t.path("timestamp")), decimal(t.path("price")),
                    decimal(t.path("quantity")), t.path("isBuyerMaker").asBoolean() ? "sell" : "buy"));
        }
        trades.sort(Comparator.comparingLong(Trade::time));
        return FmzReply.of(trades, reply);
    }

    /**
     * Bars {@code {start: "2025-07-19 13:09:00", open, …}} in UTC → FMZ seconds, oldest first, at most {@code limit}.
     * Backpack's Kline schema makes the prices optional: a bar nothing traded in has none, and stands at the
     * previous bar's close (a bar before any price is left out) rather than at a price of 0.
     */
    public FmzReply records(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        List<JsonNode> rows = new ArrayList<>();
        reply.forEach(rows::add);
        rows.sort(Comparator.comparingLong(row -> millis(row.path("start"))));
        List<Candle> candles = new ArrayList<>();
        BigDecimal lastClose = null;
        for (JsonNode row : rows) {
            long time = millis(row.path("start")) / 1000;
            if (hasPrice(row.path("close"))) {
                lastClose = decimal(row.path("close"));
                candles.add(new Candle(time, decimal(row.path("open")), decimal(row.path("high")), decimal(row.path("low")),
                        lastClose, decimal(row.path("volume"))));
            } else if (lastClose != null) {
                candles.add(new Candle(time, lastClose, lastClose, lastClose, lastClose, decimal(row.path("volume"))));
            }
        }
        int limit = BackpackRequests.recordsLimit(request);
        return FmzReply.of(candles.subList(Math.max(0, candles.size() - limit), candles.size()), reply);
    }

    private static boolean hasPrice(JsonNode value) {
        return !value.isMissingNode() && !value.isNull() && !value.asText().isEmpty();
    }

    public FmzReply markets(JsonNode reply) {
        Map<String, Market> markets = new LinkedHashMap<>();
        for (JsonNode m : reply) {
            String symbol = m.path("symbol").asText();
            if (!SPOT.matcher(symbol).matches()) {
                continue;
            }
            JsonNode price = m.path("filters").path("price");
            JsonNode quantity = m.path("filters").path("quantity");
            BigDecimal tick = decimal(price.path("tickSize"));
            BigDecimal step = decimal(quantity.path("stepSize"));
            // Backpack publishes no minimum notional
            markets.put(symbol, new Market(symbol, m.path("baseSymbol").asText(), m.path("quoteSymbol").asText(),
                    tick, step, Market.decimalsOf(tick), Market.decimalsOf(step),
                    decimal(quantity.path("minQuantity")), decimal(quantity.path("maxQuantity")),
                    BigDecimal.ZERO, BigDecimal.ZERO));
        }
        return FmzReply.of(markets, reply);
    }

    /** {@code {"USDC": {"available", "locked", "staked"}}}: available is free, locked is held in orders. */
    public FmzReply balances(JsonNode reply) {
        List<Balance> balances = new ArrayList<>();
        for (Map.Entry<String, JsonNode> asset : reply.properties()) {
            balances.add(new Balance(asset.getKey(), decimal(asset.getValue().path("available")),
                    decimal(asset.getValue().path("locked"))));
        }
        return FmzReply.of(balances, reply);
    }

    public FmzReply placed(JsonNode reply) {
        String id = reply.path("id").asText("");
        if (id.isEmpty()) {
            throw new FmzError("Backpack accepted the order request but returned no order id");
        }
        return FmzReply.of(new PlacedOrder(reply.path("symbol").asText() + "," + id), reply);
    }

    /**
     * The open order itself, or its history (a list, newest first) when it has left the book. Looked
     * up by client id for a placement, only the order that matches what the bridge sent counts.
     */
    public FmzReply order(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        String clientKey = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientKey != null) {
            BackpackClientIds.Placement placement = clientIds.placement(clientKey).orElseThrow(() -> new FmzError(
                    "the bridge no longer knows what it sent with client id " + BackpackClientIds.clientIdOf(clientKey)));
            JsonNode found = StreamSupport.stream((reply.isArray() ? reply : FmzJson.MAPPER.createArrayNode().add(reply))
                    .spliterator(), false).filter(placement::isMatchedBy).findFirst().orElse(MissingNode.getInstance());
            if (found.isMissingNode()) {
                throw new FmzError("no order with client id " + placement.clientId() + " matches the one sent");
            }
            return FmzReply.of(toOrder(found), reply);
        }
        JsonNode order = reply.isArray() ? reply.path(0) : reply;
        if (order.isMissingNode()) {
            throw new FmzError("order " + BackpackOrderId.parse(request) + " is neither open nor in the order history");
        }
        return FmzReply.of(toOrder(order), reply);
    }

    /** Open orders, or order history; {@code since} (ms) keeps orders created from then on. */
    public FmzReply orders(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        long since = request.whole("since", 0);
        List<Order> orders = new ArrayList<>();
        for (JsonNode o : reply) {
            if (SPOT.matcher(o.path("symbol").asText()).matches() && (since == 0 || millis(o.path("createdAt")) >= since)) {
                orders.add(toOrder(o));
            }
        }
        return FmzReply.of(orders, reply);
    }

    /** Backpack answers a cancel with the cancelled order. */
    public FmzReply canceled(JsonNode reply) {
        return FmzReply.of(true, reply);
    }

    /** {@code GET /api/v1/time}: the server time in ms, a bare number. */
    public long serverTime(JsonNode reply) {
        return whole(reply);
    }

    /** exchange.IO: the exchange's JSON is the result. */
    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    static Order toOrder(JsonNode o) {
        String symbol = o.path("symbol").asText();
        BigDecimal filled = decimal(o.path("executedQuantity"));
        BigDecimal spent = decimal(o.path("executedQuoteQuantity"));
        BigDecimal avgPrice = filled.signum() == 0 ? BigDecimal.ZERO
                : spent.divide(filled, MathContext.DECIMAL64).stripTrailingZeros();
        // a market buy placed by quoteQuantity has no quantity: its amount is the quote to spend, as FMZ placed it
        JsonNode quantity = o.path("quantity");
        BigDecimal amount = quantity.isMissingNode() || quantity.isNull() ? decimal(o.path("quoteQuantity")) : decimal(quantity);
        return new Order(symbol + "," + o.path("id").asText(), symbol, amount, decimal(o.path("price")),
                filled, avgPrice, side(o.path("side").asText()), status(o.path("status").asText(), filled.signum() > 0));
    }

    /** Backpack's OrderStatus → FMZ words. */
    static OrderStatus status(String status, boolean anyFilled) {
        return switch (status) {
            case "New", "TriggerPending" -> OrderStatus.PENDING;
            case "PartiallyFilled" -> OrderStatus.PARTIAL_FILLED;
            case "Filled" -> OrderStatus.FILLED;
            case "Cancelled", "Expired", "TriggerFailed" -> OrderStatus.canceled(anyFilled);
            default -> throw new FmzError("unknown Backpack order status '" + status + "'");
        };
    }

    private static String side(String side) {
        return switch (side) {
            case "Bid" -> "buy";
            case "Ask" -> "sell";
            default -> throw new FmzError("unknown Backpack order side '" + side + "'");
        };
    }

    private static Ticker toTicker(JsonNode t, BigDecimal buy, BigDecimal sell, long time) {
        return new Ticker(t.path("symbol").asText(), buy, sell, decimal(t.path("high")), decimal(t.path("low")),
                decimal(t.path("firstPrice")), decimal(t.path("lastPrice")), decimal(t.path("volume")), time);
    }

    private static List<Depth.Level> levels(JsonNode side) {
        List<Depth.Level> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new Depth.Level(decimal(level.path(0)), decimal(level.path(1))));
        }
        return levels;
    }

    /** The book's {@code timestamp} is in microseconds. */
    private long bookMillis(JsonNode book) {
        JsonNode timestamp = book.path("timestamp");
        return timestamp.isMissingNode() || timestamp.isNull() ? clock.millis() : whole(timestamp) / 1000;
    }

    /** A time Backpack gives in ms, or as a UTC date-time text ({@code "2025-07-19 13:09:00"}). */
    static long millis(JsonNode value) {
        if (value.isNumber() || value.asText().matches("\\d+")) {
            return whole(value);
        }
        try {
            return LocalDateTime.parse(value.asText().trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            String text = value.asText();
            throw new FmzError("exchange sent '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                    + "' where a time belongs");
        }
    }
}
