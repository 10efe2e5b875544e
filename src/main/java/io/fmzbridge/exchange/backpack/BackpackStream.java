package io.fmzbridge.exchange.backpack;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Backpack's public streams ({@code wss://ws.backpack.exchange}, API docs "Streams"), subscribed with
 * {@code {"method":"SUBSCRIBE","params":["bookTicker.SOL_USDC",…],"id":1}}; every event comes as
 * {@code {"stream","data"}}, its times in microseconds:
 * <ul>
 * <li>a ticker is two streams: {@code bookTicker.<symbol>} (best bid and ask) and
 *     {@code ticker.<symbol>} (24 h open, high, low, last, volume), put together in the shape the
 *     REST ticker branch's mapper reads ({@code GET /api/v1/ticker} and the top of
 *     {@code GET /api/v1/depth}); answered once both have come on the connection;</li>
 * <li>{@code depth.<symbol>} on a {@code GET /api/v1/depth} snapshot ({@link BackpackBookRules});</li>
 * <li>{@code trade.<symbol>}, renamed into {@code GET /api/v1/trades}' fields.</li>
 * </ul>
 * Keep-alive: Backpack pings every 60 s and closes a connection whose pong has not come within 120 s;
 * the JDK client answers its pings, and the bridge's own ping frames keep a quiet connection heard.
 */
public final class BackpackStream implements StreamProtocol {

    /** GET /api/v1/trades answers 100 trades when no limit is given. */
    static final int DEFAULT_TRADES = 100;

    /** Backpack publishes no stream limits: a modest number per connection and per second. */
    private static final StreamLimits LIMITS = new StreamLimits(200, 5, Duration.ofSeconds(1), 50, null,
            Duration.ofSeconds(1));
    private static final KeepAlive KEEP_ALIVE = KeepAlive.pingFrames(Duration.ofSeconds(120));

    /** Per connection (its inbox), per symbol: the latest 24 h statistics and best bid/ask. */
    private final Map<StreamInbox, Map<String, ObjectNode>> tickers = new WeakHashMap<>();

    @Override
    public String instrument(FmzSymbol symbol) {
        return BackpackRequests.symbol(symbol);
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
        for (Topic topic : topics) {
            switch (topic.channel()) {
                case TICKER -> params.add("bookTicker." + topic.instrument()).add("ticker." + topic.instrument());
                case BOOK -> params.add("depth." + topic.instrument());
                case TRADES -> params.add("trade." + topic.instrument());
            }
        }
        request.put("id", Long.parseLong(requestId));
        return request.toString();
    }

    @Override
    public void read(String message, StreamInbox inbox) {
        JsonNode json;
        try {
            json = FmzJson.MAPPER.readTree(message);
        } catch (IOException e) {
            return;
        }
        JsonNode data = json.path("data");
        if (data.isObject() && data.has("e")) {
            event(data, inbox);
        } else if (json.has("error")) {
            JsonNode error = json.path("error");
            inbox.refused(json.hasNonNull("id") ? json.path("id").asText() : null, "Backpack error "
                    + error.path("code").asText("?") + ": " + FmzSymbol.printable(error.path("message").asText(error.asText(""))));
        } else if (json.hasNonNull("id")) {
            inbox.accepted(json.path("id").asText());
        }
    }

    private void event(JsonNode e, StreamInbox inbox) {
        String symbol = e.path("s").asText("");
        long time = e.path("E").asLong() / 1000;
        switch (e.path("e").asText("")) {
            case "depth" -> inbox.book(symbol, e);
            case "trade" -> inbox.trades(symbol, List.of(restTrade(e)), time);
            case "ticker", "bookTicker" -> ticker(e, inbox);
            default -> {
                // a stream the bridge does not subscribe
            }
        }
    }

    /** Both halves of a ticker, the latest of each, once both have come on this connection. */
    private void ticker(JsonNode e, StreamInbox inbox) {
        String symbol = e.path("s").asText("");
        ObjectNode latest;
        synchronized (tickers) {
            latest = tickers.computeIfAbsent(inbox, i -> new HashMap<>())
                    .computeIfAbsent(symbol, s -> FmzJson.MAPPER.createObjectNode());
            if (e.path("e").asText().equals("ticker")) {
                latest.set("ticker", restTicker(e));
            } else {
                ObjectNode book = FmzJson.MAPPER.createObjectNode();
                book.putArray("asks").addArray().add(e.path("a")).add(e.path("A"));
                book.putArray("bids").addArray().add(e.path("b")).add(e.path("B"));
                book.set("timestamp", e.path("E"));
                latest.set("book", book);
            }
            if (!latest.has("ticker") || !latest.has("book")) {
                return;
            }
            latest = latest.deepCopy();
        }
        inbox.ticker(symbol, latest, e.path("E").asLong() / 1000);
    }

    /** A ticker event under GET /api/v1/ticker's names. */
    static ObjectNode restTicker(JsonNode e) {
        ObjectNode t = FmzJson.MAPPER.createObjectNode();
        copy(t, "symbol", e, "s");
        copy(t, "firstPrice", e, "o");
        copy(t, "lastPrice", e, "c");
        copy(t, "high", e, "h");
        copy(t, "low", e, "l");
        copy(t, "volume", e, "v");
        copy(t, "quoteVolume", e, "V");
        copy(t, "trades", e, "n");
        return t;
    }

    /** A trade event under GET /api/v1/trades' names, its time in ms as that reply has it. */
    static ObjectNode restTrade(JsonNode e) {
        ObjectNode t = FmzJson.MAPPER.createObjectNode();
        copy(t, "id", e, "t");
        copy(t, "price", e, "p");
        copy(t, "quantity", e, "q");
        t.put("timestamp", e.path("T").asLong() / 1000);
        copy(t, "isBuyerMaker", e, "m");
        return t;
    }

    private static void copy(ObjectNode to, String name, JsonNode from, String field) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(name, value);
        }
    }

    @Override
    public BookRules bookRules() {
        return new BackpackBookRules();
    }

    @Override
    public int bookWindow() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int depthLevels(FmzRequest request) {
        return BackpackRequests.depthLevels(request);
    }

    @Override
    public int tradeCount(FmzRequest request) {
        long limit = request.whole("limit", 0);
        return limit == 0 ? DEFAULT_TRADES : (int) Math.min(limit, BackpackRequests.MAX_TRADES);
    }

    @Override
    public int tradesKept() {
        return BackpackRequests.MAX_TRADES;
    }

    /** {@code {"ticker": GET /api/v1/ticker's shape, "book": the top of GET /api/v1/depth}}. */
    @Override
    public JsonNode tickerReply(JsonNode latest) {
        return latest;
    }

    /** As GET /api/v1/depth answers: {@code {asks, bids, lastUpdateId, timestamp}} (µs). */
    @Override
    public JsonNode depthReply(LiveBook book, int levels) {
        ObjectNode reply = FmzJson.MAPPER.createObjectNode();
        book.asks(levels).forEach(reply.putArray("asks")::add);
        book.bids(levels).forEach(reply.putArray("bids")::add);
        reply.put("lastUpdateId", String.valueOf(book.sequence()));
        reply.put("timestamp", book.eventTime() * 1000);
        return reply;
    }

    @Override
    public JsonNode tradesReply(List<JsonNode> oldestFirst) {
        ArrayNode reply = FmzJson.MAPPER.createArrayNode();
        oldestFirst.forEach(reply::add);
        return reply;
    }
}
