package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.KeepAlive;
import io.fmzbridge.stream.LiveBook;
import io.fmzbridge.stream.StreamInbox;
import io.fmzbridge.stream.StreamLimits;
import io.fmzbridge.stream.StreamProtocol;
import io.fmzbridge.stream.Topic;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Binance Spot's market streams (web-socket-streams.md), raw streams at {@code wss://stream.binance.com:9443/ws}
 * subscribed with {@code {"method":"SUBSCRIBE","params":["btcusdt@ticker",…],"id":1}}:
 * <ul>
 * <li>{@code <symbol>@ticker}: the 24 h rolling ticker, every second, renamed into
 *     {@code GET /api/v3/ticker/24hr}'s fields (its {@code C}, the statistics' close time, is
 *     {@code closeTime}, FMZ's ticker time, as over REST);</li>
 * <li>{@code <symbol>@depth@100ms}: diff depth, synchronised against {@code GET /api/v3/depth}
 *     ({@link BinanceBookRules}), answered as that endpoint's reply;</li>
 * <li>{@code <symbol>@trade}: each trade, renamed into {@code GET /api/v3/trades}' fields (its
 *     {@code quoteQty}, which the stream does not carry, left out).</li>
 * </ul>
 * Rules kept: Binance pings every 20 s and closes a connection whose pong does not come within a
 * minute (the JDK client answers each ping with its payload); a connection lives at most 24 h; at most
 * 5 incoming messages per second per connection, pings and pongs included; 1024 streams per
 * connection; 300 connections per 5 minutes per IP. A {@code serverShutdown} event means reconnect now.
 */
public final class BinanceStream implements StreamProtocol {

    /** GET /api/v3/trades answers 500 trades when no limit is given. */
    static final int DEFAULT_TRADES = 500;

    /** 3 of the 5 messages a second for subscriptions: the rest stays for pongs and the bridge's own pings. */
    private static final StreamLimits LIMITS = new StreamLimits(1024, 3, Duration.ofSeconds(1), 100,
            Duration.ofHours(24), Duration.ofSeconds(1));
    private static final KeepAlive KEEP_ALIVE = KeepAlive.pingFrames(Duration.ofMinutes(1));

    @Override
    public String instrument(FmzSymbol symbol) {
        return BinanceRequests.symbol(symbol).toLowerCase(Locale.ROOT);
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
        return request("SUBSCRIBE", requestId, topics);
    }

    @Override
    public String unsubscribe(String requestId, List<Topic> topics) {
        return request("UNSUBSCRIBE", requestId, topics);
    }

    private static String request(String method, String requestId, List<Topic> topics) {
        ObjectNode request = FmzJson.MAPPER.createObjectNode().put("method", method);
        ArrayNode params = request.putArray("params");
        topics.forEach(topic -> params.add(streamName(topic)));
        request.put("id", Long.parseLong(requestId));
        return request.toString();
    }

    static String streamName(Topic topic) {
        return switch (topic.channel()) {
            case TICKER -> topic.instrument() + "@ticker";
            case BOOK -> topic.instrument() + "@depth@100ms";
            case TRADES -> topic.instrument() + "@trade";
        };
    }

    @Override
    public void read(String message, StreamInbox inbox) {
        JsonNode json;
        try {
            json = FmzJson.MAPPER.readTree(message);
        } catch (IOException e) {
            return;
        }
        if (json.has("stream") && json.path("data").isObject()) {
            json = json.path("data"); // a combined stream (/stream?streams=…) wraps each event
        }
        if (json.has("e")) {
            event(json, inbox);
        } else if (json.has("result")) {
            inbox.accepted(json.path("id").asText());
        } else if (json.has("error") || json.has("code")) {
            JsonNode error = json.has("error") ? json.path("error") : json;
            inbox.refused(json.hasNonNull("id") ? json.path("id").asText() : null, "Binance error "
                    + error.path("code").asText("?") + ": " + FmzSymbol.printable(error.path("msg").asText("")));
        }
    }

    private static void event(JsonNode event, StreamInbox inbox) {
        String symbol = event.path("s").asText("").toLowerCase(Locale.ROOT);
        long time = event.path("E").asLong();
        switch (event.path("e").asText("")) {
            case "24hrTicker" -> inbox.ticker(symbol, restTicker(event), time);
            case "trade" -> inbox.trades(symbol, List.of(restTrade(event)), time);
            case "depthUpdate" -> inbox.book(symbol, event);
            case "serverShutdown" -> inbox.closingSoon("Binance is shutting the stream server down");
            default -> {
                // an event of a stream the bridge does not subscribe
            }
        }
    }

    /** A 24hrTicker event under GET /api/v3/ticker/24hr's names. */
    static ObjectNode restTicker(JsonNode e) {
        ObjectNode t = FmzJson.MAPPER.createObjectNode();
        copy(t, "symbol", e, "s");
        copy(t, "priceChange", e, "p");
        copy(t, "priceChangePercent", e, "P");
        copy(t, "weightedAvgPrice", e, "w");
        copy(t, "prevClosePrice", e, "x");
        copy(t, "lastPrice", e, "c");
        copy(t, "lastQty", e, "Q");
        copy(t, "bidPrice", e, "b");
        copy(t, "bidQty", e, "B");
        copy(t, "askPrice", e, "a");
        copy(t, "askQty", e, "A");
        copy(t, "openPrice", e, "o");
        copy(t, "highPrice", e, "h");
        copy(t, "lowPrice", e, "l");
        copy(t, "volume", e, "v");
        copy(t, "quoteVolume", e, "q");
        copy(t, "openTime", e, "O");
        copy(t, "closeTime", e, "C");
        copy(t, "firstId", e, "F");
        copy(t, "lastId", e, "L");
        copy(t, "count", e, "n");
        return t;
    }

    /** A trade event under GET /api/v3/trades' names. */
    static ObjectNode restTrade(JsonNode e) {
        ObjectNode t = FmzJson.MAPPER.createObjectNode();
        copy(t, "id", e, "t");
        copy(t, "price", e, "p");
        copy(t, "qty", e, "q");
        copy(t, "time", e, "T");
        copy(t, "isBuyerMaker", e, "m");
        return t;
    }

    /** Fields the stream leaves out stay out, as in a REST reply without them. */
    private static void copy(ObjectNode to, String name, JsonNode from, String field) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(name, value);
        }
    }

    @Override
    public BookRules bookRules() {
        return new BinanceBookRules();
    }

    @Override
    public int bookWindow() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int depthLevels(FmzRequest request) {
        return (int) Math.min(request.whole("limit", BinanceRequests.DEFAULT_DEPTH), BinanceRequests.MAX_DEPTH);
    }

    @Override
    public int tradeCount(FmzRequest request) {
        Long limit = request.limitUpTo(BinanceRequests.MAX_TRADES);
        return limit == null ? DEFAULT_TRADES : limit.intValue();
    }

    @Override
    public int tradesKept() {
        return BinanceRequests.MAX_TRADES;
    }

    @Override
    public JsonNode tickerReply(JsonNode latest) {
        return latest;
    }

    /** As GET /api/v3/depth answers: {@code {"lastUpdateId", "bids", "asks"}}. */
    @Override
    public JsonNode depthReply(LiveBook book, int levels) {
        ObjectNode reply = FmzJson.MAPPER.createObjectNode().put("lastUpdateId", book.sequence());
        book.bids(levels).forEach(reply.putArray("bids")::add);
        book.asks(levels).forEach(reply.putArray("asks")::add);
        return reply;
    }

    /** As GET /api/v3/trades answers: oldest first. */
    @Override
    public JsonNode tradesReply(List<JsonNode> oldestFirst) {
        ArrayNode reply = FmzJson.MAPPER.createArrayNode();
        oldestFirst.forEach(reply::add);
        return reply;
    }
}
