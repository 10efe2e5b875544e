package io.fmzbridge.exchange.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * OKX's public WebSocket ({@code wss://ws.okx.com:8443/ws/v5/public}, docs-v5 "WebSocket" and the
 * market-data channels): {@code tickers}, {@code books} (400 levels, snapshot then increments every
 * 100 ms, {@link OkxBookRules}) and {@code trades}, subscribed with
 * {@code {"id","op":"subscribe","args":[{"channel","instId"}]}}. Its pushes carry the same fields as
 * the REST replies, so the answers are OKX's REST shapes and {@code okxMapper} maps them as it maps REST.
 *
 * <p>Rules kept: a connection sends "ping" when it has heard nothing for a while and OKX answers
 * "pong" (OKX closes one silent for 30 s); at most 480 subscribe/unsubscribe requests per connection
 * per hour; 3 new connections per second per IP; fewer than 30 book channels per connection, as OKX
 * advises for 400-level books. A {@code notice} with code 64008 warns of a restart: the bridge
 * reconnects at once.
 */
public final class OkxStream implements StreamProtocol {

    static final int BOOK_LEVELS = 400;
    /** GET /api/v5/market/trades answers 100 trades when no limit is given. */
    static final int DEFAULT_TRADES = 100;

    private static final StreamLimits LIMITS = new StreamLimits(29, 450, Duration.ofHours(1), 29, null,
            Duration.ofMillis(350));
    private static final KeepAlive KEEP_ALIVE = KeepAlive.text("ping", Duration.ofSeconds(30));

    @Override
    public String instrument(FmzSymbol symbol) {
        return OkxRequests.instId(symbol);
    }

    @Override
    public StreamLimits limits() {
        return LIMITS;
    }

    /**
     * OKX pushes a ticker only when a trade or the best bid or ask changed ("no update if the event is not
     * triggered"), and a trade takes from the book: either means the book moved.
     */
    @Override
    public Set<Channel> channelsThatMoveTheBook() {
        return Set.of(Channel.TICKER, Channel.TRADES);
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

    private static String request(String op, String requestId, List<Topic> topics) {
        ObjectNode request = FmzJson.MAPPER.createObjectNode().put("id", requestId).put("op", op);
        ArrayNode args = request.putArray("args");
        for (Topic topic : topics) {
            args.addObject().put("channel", channel(topic.channel())).put("instId", topic.instrument());
        }
        return request.toString();
    }

    static String channel(Channel channel) {
        return switch (channel) {
            case TICKER -> "tickers";
            case BOOK -> "books";
            case TRADES -> "trades";
        };
    }

    @Override
    public void read(String message, StreamInbox inbox) {
        if (message.equals("pong")) {
            return;
        }
        JsonNode json;
        try {
            json = FmzJson.MAPPER.readTree(message);
        } catch (IOException e) {
            return;
        }
        String event = json.path("event").asText("");
        if (!event.isEmpty()) {
            event(event, json, inbox);
            return;
        }
        String instId = json.path("arg").path("instId").asText("");
        JsonNode data = json.path("data");
        switch (json.path("arg").path("channel").asText("")) {
            case "tickers" -> {
                for (JsonNode ticker : data) {
                    inbox.ticker(instId, ticker, Long.parseLong(ticker.path("ts").asText()));
                }
            }
            case "trades" -> {
                List<JsonNode> trades = new ArrayList<>();
                data.forEach(trades::add);
                trades.sort(Comparator.comparingLong(t -> Long.parseLong(t.path("ts").asText())));
                if (!trades.isEmpty()) {
                    inbox.trades(instId, trades, Long.parseLong(trades.get(trades.size() - 1).path("ts").asText()));
                }
            }
            case "books" -> inbox.book(instId, json);
            default -> {
                // a channel the bridge does not subscribe
            }
        }
    }

    /** {"event":"subscribe"|"unsubscribe"|"error"|"notice", "id", "code", "msg", "connId"}. */
    private static void event(String event, JsonNode json, StreamInbox inbox) {
        String id = json.hasNonNull("id") ? json.path("id").asText() : null;
        switch (event) {
            case "subscribe", "unsubscribe" -> {
                if (id != null) {
                    inbox.accepted(id);
                }
            }
            case "error" -> inbox.refused(id, "OKX error " + json.path("code").asText("?") + ": "
                    + FmzSymbol.printable(json.path("msg").asText("")));
            case "notice" -> {
                if (json.path("code").asText("").equals("64008")) {
                    inbox.closingSoon("OKX will restart the connection: " + FmzSymbol.printable(json.path("msg").asText("")));
                }
            }
            default -> {
                // channel-conn-count and the like concern private channels
            }
        }
    }

    @Override
    public BookRules bookRules() {
        return new OkxBookRules();
    }

    @Override
    public int bookWindow() {
        return BOOK_LEVELS;
    }

    @Override
    public int depthLevels(FmzRequest request) {
        return (int) Math.min(request.whole("limit", OkxRequests.DEFAULT_DEPTH), OkxRequests.MAX_DEPTH);
    }

    @Override
    public int tradeCount(FmzRequest request) {
        Long limit = request.limitUpTo(OkxRequests.MAX_TRADES);
        return limit == null ? DEFAULT_TRADES : limit.intValue();
    }

    @Override
    public int tradesKept() {
        return OkxRequests.MAX_TRADES;
    }

    /** As GET /api/v5/market/ticker answers: the push's ticker carries the same fields. */
    @Override
    public JsonNode tickerReply(JsonNode latest) {
        ObjectNode reply = envelope();
        reply.putArray("data").add(latest);
        return reply;
    }

    /** As GET /api/v5/market/books answers: {@code data[0]} with asks, bids (OKX's level arrays) and ts. */
    @Override
    public JsonNode depthReply(LiveBook book, int levels) {
        ObjectNode reply = envelope();
        ObjectNode data = reply.putArray("data").addObject();
        book.asks(levels).forEach(data.putArray("asks")::add);
        book.bids(levels).forEach(data.putArray("bids")::add);
        data.put("ts", String.valueOf(book.eventTime()));
        return reply;
    }

    /** As GET /api/v5/market/trades answers: newest first. */
    @Override
    public JsonNode tradesReply(List<JsonNode> oldestFirst) {
        ObjectNode reply = envelope();
        ArrayNode data = reply.putArray("data");
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            data.add(oldestFirst.get(i));
        }
        return reply;
    }

    private static ObjectNode envelope() {
        return FmzJson.MAPPER.createObjectNode().put("code", "0").put("msg", "");
    }
}
