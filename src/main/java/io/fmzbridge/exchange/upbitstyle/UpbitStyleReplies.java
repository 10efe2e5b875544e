package io.fmzbridge.exchange.upbitstyle;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Candle;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.Ticker;
import io.fmzbridge.fmz.Trade;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The dialect's replies → FMZ records. {@code exchange} names the exchange in error messages. */
public final class UpbitStyleReplies {

    private UpbitStyleReplies() {
    }

    /**
     * Reads the HTTP reply. Failures come as {@code {"error":{"name","message"}}} with an HTTP error
     * status ({@code name} a string, or a number on the quotation API): both are kept in the error.
     */
    public static JsonNode read(String exchange, byte[] body, Integer status) {
        ExchangeReply reply;
        try {
            reply = ExchangeReply.read(status, body);
        } catch (FmzError unreadable) {
            if (status != null && (status == 429 || status == 418)) {
                // a gateway's plain-text refusal is still the rate limit, and must read as one
                throw new FmzError("HTTP " + status + rateLimitNote(status));
            }
            throw unreadable;
        }
        JsonNode error = reply.json().path("error");
        if (reply.isHttpSuccess() && !error.isObject()) {
            return reply.json();
        }
        if (!error.isObject()) {
            throw new FmzError("HTTP " + reply.status() + " from exchange without " + exchange + "'s error name"
                    + rateLimitNote(reply.status()));
        }
        StringBuilder text = new StringBuilder(error.path("name").asText("error"));
        String message = error.path("message").asText("");
        if (!message.isEmpty()) {
            text.append(": ").append(message);
        }
        if (!reply.isHttpSuccess()) {
            text.append(" (HTTP ").append(reply.status()).append(rateLimitNote(reply.status())).append(')');
        }
        throw new FmzError(text.toString());
    }

    private static String rateLimitNote(int status) {
        return switch (status) {
            case 429 -> ": rate limit hit, back off before calling again";
            case 418 -> ": this IP is blocked for calling on after HTTP 429";
            default -> "";
        };
    }

    /** A ticker, with the best bid and ask from the top of the order book (the ticker has neither). */
    public static Ticker ticker(JsonNode t, JsonNode bookTop) {
        return new Ticker(MarketCodes.fmz(t.path("market").asText()), decimal(bookTop.path("bid_price")),
                decimal(bookTop.path("ask_price")), decimal(t.path("high_price")), decimal(t.path("low_price")),
                decimal(t.path("opening_price")), decimal(t.path("trade_price")),
                decimal(t.path("acc_trade_volume_24h")), whole(t.path("timestamp")));
    }

    /** The first book of an orderbook reply (one per market asked). */
    public static JsonNode firstBook(JsonNode reply, String exchange) {
        JsonNode book = reply.path(0);
        if (!book.isObject()) {
            throw new FmzError(exchange + " returned no order book");
        }
        return book;
    }

    /** Each {@code orderbook_units} entry holds one ask level and one bid level. */
    public static Depth depth(JsonNode book, int limit) {
        List<Depth.Level> asks = new ArrayList<>();
        List<Depth.Level> bids = new ArrayList<>();
        for (JsonNode unit : book.path("orderbook_units")) {
            asks.add(new Depth.Level(decimal(unit.path("ask_price")), decimal(unit.path("ask_size"))));
            bids.add(new Depth.Level(decimal(unit.path("bid_price")), decimal(unit.path("bid_size"))));
        }
        return Depth.of(whole(book.path("timestamp")), asks, bids, limit);
    }

    /** Trades come newest first; {@code ask_bid} ASK is a taker sell. FMZ wants oldest first. */
    public static List<Trade> trades(JsonNode reply) {
        List<Trade> trades = new ArrayList<>();
        for (JsonNode t : reply) {
            trades.add(0, new Trade(t.path("sequential_id").asText(), whole(t.path("timestamp")),
                    decimal(t.path("trade_price")), decimal(t.path("trade_volume")),
                    "ASK".equalsIgnoreCase(t.path("ask_bid").asText()) ? "sell" : "buy"));
        }
        return trades;
    }

    /**
     * Candles come newest first. Their {@code timestamp} is the last trade's, so the bar's start is
     * read from {@code candle_date_time_utc} ({@code 2018-04-18T10:16:00}, UTC).
     */
    public static List<Candle> candles(JsonNode reply) {
        List<Candle> candles = new ArrayList<>();
        for (JsonNode c : reply) {
            candles.add(0, new Candle(barStart(c.path("candle_date_time_utc").asText()), decimal(c.path("opening_price")),
                    decimal(c.path("high_price")), decimal(c.path("low_price")), decimal(c.path("trade_price")),
                    decimal(c.path("candle_acc_trade_volume"))));
        }
        return candles;
    }

    /** {@code balance} is what orders can use, {@code locked} what open orders hold. */
    public static List<Balance> balances(JsonNode reply) {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode b : reply) {
            balances.add(new Balance(b.path("currency").asText(), decimal(b.path("balance")), decimal(b.path("locked"))));
        }
        return balances;
    }

    /**
     * An order. A market buy ({@code ord_type} price) carries the quote amount to spend in
     * {@code price} and no volume: that is its FMZ amount, as FMZ placed it. The average price is
     * what was paid over what was bought, from {@code executed_funds} or the listed trades.
     */
    public static Order order(JsonNode o, String idField) {
        String market = o.path("market").asText();
        String type = orderType(o);
        BigDecimal executed = decimal(o.path("executed_volume"));
        boolean marketBuy = type.equals("price");
        boolean marketOrder = marketBuy || type.equals("market");
        BigDecimal amount = marketBuy ? decimal(o.path("price")) : decimal(o.path("volume"));
        BigDecimal price = marketOrder ? BigDecimal.ZERO : decimal(o.path("price"));
        return new Order(market + "," + o.path(idField).asText(), MarketCodes.fmz(market), amount, price, executed,
                averagePrice(o, executed), side(o.path("side").asText()), status(o, type, executed));
    }

    /** {@code ord_type} (Upbit, Bithumb's readers) or {@code order_type} (Bithumb's v2 writers). */
    public static String orderType(JsonNode o) {
        return o.hasNonNull("ord_type") ? o.path("ord_type").asText() : o.path("order_type").asText("");
    }

    /**
     * wait/watch are open (partly filled once anything traded); done is filled, unless volume was
     * left (an IOC that traded in part ends done); cancel is cancelled, except a market order that
     * traded: its unfillable remainder is cancelled, which is how market orders end (inferred).
     */
    static OrderStatus status(JsonNode o, String type, BigDecimal executed) {
        boolean anyFilled = executed.signum() > 0;
        BigDecimal remaining = decimal(o.path("remaining_volume"));
        String state = o.path("state").asText();
        return switch (state) {
            case "wait", "watch" -> anyFilled ? OrderStatus.PARTIAL_FILLED : OrderStatus.PENDING;
            case "done" -> remaining.signum() > 0 && !type.equals("price") ? OrderStatus.canceled(anyFilled) : OrderStatus.FILLED;
            case "cancel" -> anyFilled && (type.equals("price") || (type.equals("market") && remaining.signum() == 0))
                    ? OrderStatus.FILLED : OrderStatus.canceled(anyFilled);
            default -> throw new FmzError("unknown order state '" + state.replaceAll("[^\\x20-\\x7E]", "?") + "'");
        };
    }

    static BigDecimal averagePrice(JsonNode o, BigDecimal executed) {
        if (executed.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal funds = decimal(o.path("executed_funds"));
        if (funds.signum() == 0) {
            for (JsonNode trade : o.path("trades")) {
                funds = funds.add(decimal(trade.path("funds")));
            }
        }
        return funds.signum() == 0 ? BigDecimal.ZERO : funds.divide(executed, MathContext.DECIMAL64).stripTrailingZeros();
    }

    public static String side(String side) {
        return switch (side) {
            case "bid" -> "buy";
            case "ask" -> "sell";
            default -> throw new FmzError("unknown order side '" + side.replaceAll("[^\\x20-\\x7E]", "?") + "'");
        };
    }

    /**
     * Neither exchange has a server-time endpoint; every reply carries an HTTP {@code Date} (whole
     * seconds), so the middle of that second is the best reading of the exchange's clock.
     */
    public static long serverTime(String dateHeader, String exchange) {
        if (dateHeader == null) {
            throw new FmzError(exchange + " sent no Date header to read its clock from");
        }
        try {
            return ZonedDateTime.parse(dateHeader.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() + 500;
        } catch (DateTimeParseException e) {
            throw new FmzError(exchange + " sent an unreadable Date header");
        }
    }

    private static long barStart(String utc) {
        try {
            return LocalDateTime.parse(utc).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new FmzError("exchange sent the candle time '" + utc.replaceAll("[^\\x20-\\x7E]", "?") + "'");
        }
    }
}
