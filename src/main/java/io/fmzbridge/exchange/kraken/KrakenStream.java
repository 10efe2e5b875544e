package io.fmzbridge.exchange.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.Channel;
import io.fmzbridge.stream.KeepAlive;
import io.fmzbridge.stream.LiveBook;
import io.fmzbridge.stream.StreamInbox;
import io.fmzbridge.stream.StreamLimits;
import io.fmzbridge.stream.StreamProtocol;
import io.fmzbridge.stream.Topic;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kraken's public WebSocket v2 ({@code wss://ws.kraken.com/v2}, Spot WebSocket v2 reference): the
 * {@code ticker}, {@code book} ({@value #BOOK_DEPTH} levels, snapshot then updates, each with a CRC32
 * checksum, {@link KrakenBookRules}) and {@code trade} channels, subscribed with
 * {@code {"method":"subscribe","params":{"channel","symbol":[…]},"req_id"}} and acknowledged with
 * {@code success} true or false and the same {@code req_id}.
 *
 * <p>Prices and quantities come as JSON numbers in full precision; they are read as decimals with
 * every digit kept (trailing zeros too, which the checksum counts) and kept as Kraken's REST replies
 * write them, as strings. The answers are shaped like GET /0/public/Ticker, Depth and Trades with the
 * one pair under {@link #RESULT_KEY}, so {@code krakenMapper} maps both sources alike.
 *
 * <p>Kept alive by Kraken's own {@code {"method":"ping"}} (answered {@code pong}); Kraken also sends a
 * {@code heartbeat} while subscribed. A {@code status} update whose {@code system} is {@code maintenance}
 * makes the bridge reconnect at once rather than wait for the connection to go quiet.
 */
public final class KrakenStream implements StreamProtocol {

    /** Book levels per side subscribed (Kraken offers 10, 25, 100, 500 or 1000); deeper asks go to REST. */
    static final int BOOK_DEPTH = 100;
    /** The key the one pair of a stream answer sits under in {@code result}. */
    public static final String RESULT_KEY = "stream";

    /**
     * Kraken publishes no per-connection subscription count for public channels; it limits new
     * connections per IP (about 150 per 10 minutes), so connections are spaced 4 s apart and each
     * carries a modest number of topics. One topic per request: a request's params name one channel,
     * and Kraken answers each symbol of a request separately.
     */
    private static final StreamLimits LIMITS = new StreamLimits(150, 50, Duration.ofSeconds(10), 1, null,
            Duration.ofSeconds(4));
    private static final KeepAlive KEEP_ALIVE = KeepAlive.text("{\"method\":\"ping\"}", Duration.ofSeconds(60));

    /** Reads numbers as decimals with all their digits: {@code 0.10000000} stays {@code 0.10000000}. */
    private static final ObjectMapper EXACT = FmzJson.MAPPER.copy()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    @Override
    public String instrument(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("Kraken streams spot pairs only, not " + symbol);
        }
        return symbol.base().toUpperCase(Locale.ROOT) + "/" + symbol.quote().toUpperCase(Locale.ROOT);
    }

    @Override
    public StreamLimits limits() {
        return LIMITS;
    }

    @Override
    public KeepAlive keepAlive() {
        return KEEP_ALIVE;
    }

    @Override
    public String subscribe(String requestId, List<Topic> topics) {
        return request("subscribe", requestId, topics);
    }

    @Override
    public String unsubscribe(String requestId, List<Topic> topics) {
        return request("unsubscribe", requestId, topics);
    }

    /** One channel per request: {@link #LIMITS} puts one topic in each. */
    private static String request(String method, String requestId, List<Topic> topics) {
        ObjectNode request = FmzJson.MAPPER.createObjectNode().put("method", method);
        ObjectNode params = request.putObject("params");
        Channel channel = topics.get(0).channel();
        params.put("channel", channel(channel));
        ArrayNode symbols = params.putArray("symbol");
        topics.forEach(topic -> symbols.add(topic.instrument()));
        if (channel == Channel.BOOK && method.equals("subscribe")) {
            params.put("depth", BOOK_DEPTH);
        }
        if (channel == Channel.TRADES && method.equals("subscribe")) {
            params.put("snapshot", true); // recent trades at once (Kraken's default is none), so trades can answer sooner
        }
        request.put("req_id", Long.parseLong(requestId));
        return request.toString();
    }

    static String channel(Channel channel) {
        return switch (channel) {
            case TICKER -> "ticker";
            case BOOK -> "book";
            case TRADES -> "trade";
        };
    }

    @Override
    public void read(String message, StreamInbox inbox) {
        JsonNode json;
        try {
            json = EXACT.readTree(message);
        } catch (IOException e) {
            return;
        }
        if (json.hasNonNull("method")) {
            answer(json, inbox);
            return;
        }
        String type = json.path("type").asText("");
        switch (json.path("channel").asText("")) {
            case "ticker" -> {
                for (JsonNode ticker : json.path("data")) {
                    inbox.ticker(ticker.path("symbol").asText(), restTicker(ticker), time(ticker, System.currentTimeMillis()));
                }
            }
            case "trade" -> trades(json.path("data"), inbox);
            case "book" -> {
                for (JsonNode book : json.path("data")) {
                    inbox.book(book.path("symbol").asText(), restBook(type, book));
                }
            }
            case "status" -> {
                for (JsonNode status : json.path("data")) {
                    String system = status.path("system").asText("online");
                    if (system.equals("maintenance")) {
                        inbox.closingSoon("Kraken's system status is " + FmzSymbol.printable(system));
                    }
                }
            }
            default -> {
                // heartbeat and channels the bridge does not subscribe
            }
        }
    }

    /** {@code {"method":"subscribe"|"unsubscribe"|"pong","req_id","success","error"}}. */
    private static void answer(JsonNode json, StreamInbox inbox) {
        String method = json.path("method").asText();
        if (!method.equals("subscribe") && !method.equals("unsubscribe")) {
            return; // pong
        }
        String id = json.hasNonNull("req_id") ? json.path("req_id").asText() : null;
        if (json.path("success").asBoolean(false)) {
            if (id != null) {
                inbox.accepted(id);
            }
        } else {
            inbox.refused(id, "Kraken refused the " + method + ": " + FmzSymbol.printable(json.path("error").asText("")));
        }
    }

    /** As one pair of GET /0/public/Ticker: a/b [price, (whole lot volume), lot volume], c [last], 24 h in index 1. */
    private static JsonNode restTicker(JsonNode t) {
        ObjectNode pair = FmzJson.MAPPER.createObjectNode();
        pair.putArray("a").add(text(t.path("ask"))).addNull().add(text(t.path("ask_qty")));
        pair.putArray("b").add(text(t.path("bid"))).addNull().add(text(t.path("bid_qty")));
        pair.putArray("c").add(text(t.path("last"))).addNull();
        // the channel's figures are the last 24 hours: "today" (index 0) is not known from it
        pair.putArray("v").addNull().add(text(t.path("volume")));
        pair.putArray("p").addNull().add(text(t.path("vwap")));
        pair.putArray("l").addNull().add(text(t.path("low")));
        pair.putArray("h").addNull().add(text(t.path("high")));
        // the price 24 hours ago: last less the 24 h change, exact in decimals
        if (t.path("last").isNumber() && t.path("change").isNumber()) {
            pair.put("o", t.path("last").decimalValue().subtract(t.path("change").decimalValue()).toPlainString());
        }
        return pair;
    }

    private static void trades(JsonNode data, StreamInbox inbox) {
        List<JsonNode> rows = new ArrayList<>();
        String symbol = null;
        long last = 0;
        for (JsonNode trade : data) {
            symbol = trade.path("symbol").asText();
            Instant at = instant(trade.path("timestamp"));
            if (at == null) {
                continue;
            }
            // as a row of GET /0/public/Trades: [price, volume, time s, b/s, m/l, misc, trade_id]
            ArrayNode row = FmzJson.MAPPER.createArrayNode()
                    .add(text(trade.path("price"))).add(text(trade.path("qty")))
                    .add(BigDecimal.valueOf(at.getEpochSecond()).add(BigDecimal.valueOf(at.getNano(), 9)))
                    .add(trade.path("side").asText().equals("buy") ? "b" : "s")
                    .add(trade.path("ord_type").asText().equals("market") ? "m" : "l")
                    .add("")
                    .add(trade.path("trade_id").asLong());
            rows.add(row);
            last = Math.max(last, at.toEpochMilli());
        }
        if (symbol != null && !rows.isEmpty()) {
            inbox.trades(symbol, rows, last);
        }
    }

    /**
     * A book message for {@link KrakenBookRules}: {@code type}, {@code asks} and {@code bids} as
     * Kraken's REST levels {@code [price, qty, time s]} in Kraken's digits, {@code checksum}, {@code time} (ms).
     */
    static JsonNode restBook(String type, JsonNode book) {
        ObjectNode message = FmzJson.MAPPER.createObjectNode().put("type", type);
        Instant at = instant(book.path("timestamp"));
        long time = at == null ? System.currentTimeMillis() : at.toEpochMilli();
        String seconds = String.valueOf(time / 1000);
        for (String side : List.of("asks", "bids")) {
            ArrayNode levels = message.putArray(side);
            for (JsonNode level : book.path(side)) {
                levels.addArray().add(text(level.path("price"))).add(text(level.path("qty"))).add(Long.parseLong(seconds));
            }
        }
        if (book.has("checksum")) {
            message.set("checksum", book.get("checksum"));
        }
        return message.put("time", time);
    }

    /** A number in Kraken's own digits, never in exponent notation. */
    private static String text(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static long time(JsonNode data, long otherwise) {
        Instant at = instant(data.path("timestamp"));
        return at == null ? otherwise : at.toEpochMilli();
    }

    /** Kraken v2 times are RFC 3339 ({@code 2023-09-25T07:49:37.708706Z}). */
    private static Instant instant(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public BookRules bookRules() {
        return new KrakenBookRules();
    }

    @Override
    public int bookWindow() {
        return BOOK_DEPTH;
    }

    @Override
    public int depthLevels(FmzRequest request) {
        return (int) Math.min(request.whole("limit", KrakenRequests.DEFAULT_DEPTH), KrakenRequests.MAX_DEPTH);
    }

    /** GET /0/public/Trades answers up to 1000 trades when no count is given. */
    @Override
    public int tradeCount(FmzRequest request) {
        Long limit = request.limitUpTo(KrakenRequests.MAX_TRADES);
        return limit == null ? KrakenRequests.MAX_TRADES : limit.intValue();
    }

    @Override
    public int tradesKept() {
        return KrakenRequests.MAX_TRADES;
    }

    @Override
    public JsonNode tickerReply(JsonNode latest) {
        ObjectNode reply = envelope();
        reply.putObject("result").set(RESULT_KEY, latest);
        return reply;
    }

    /** As GET /0/public/Depth answers: asks lowest first, bids highest first, {@code [price, volume, time]}. */
    @Override
    public JsonNode depthReply(LiveBook book, int levels) {
        ObjectNode reply = envelope();
        ObjectNode pair = reply.putObject("result").putObject(RESULT_KEY);
        book.asks(levels).forEach(pair.putArray("asks")::add);
        book.bids(levels).forEach(pair.putArray("bids")::add);
        return reply;
    }

    /** As GET /0/public/Trades answers: oldest first, and {@code last}, the newest trade's time in ns. */
    @Override
    public JsonNode tradesReply(List<JsonNode> oldestFirst) {
        ObjectNode reply = envelope();
        ObjectNode result = reply.putObject("result");
        ArrayNode rows = result.putArray(RESULT_KEY);
        oldestFirst.forEach(rows::add);
        return reply;
    }

    private static ObjectNode envelope() {
        ObjectNode reply = FmzJson.MAPPER.createObjectNode();
        reply.putArray("error");
        return reply;
    }
}
