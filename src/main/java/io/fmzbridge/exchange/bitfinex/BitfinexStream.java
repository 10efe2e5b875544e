package io.fmzbridge.exchange.bitfinex;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bitfinex's public WebSocket v2 ({@code wss://api-pub.bitfinex.com/ws/2}; docs.bitfinex.com "General",
 * "Ticker", "Trades", "Books", "WebSocket Checksum"): the {@code ticker}, {@code book} (P0, realtime,
 * {@value #BOOK_LENGTH} price points a side, {@link BitfinexBookRules}) and {@code trades} channels,
 * subscribed one per {@code {"event":"subscribe","channel","symbol"}} and answered
 * {@code {"event":"subscribed","channel","chanId","symbol"}} or {@code {"event":"error","msg","code"}}.
 *
 * <p>Data comes as arrays keyed by that {@code chanId}, a number that holds on one connection only:
 * each connection gets its own instance ({@link #forConnection}) that remembers which topic each of its
 * channel ids carries, and unsubscribes by it ({@code {"event":"unsubscribe","chanId"}}). On opening,
 * a connection asks with {@code conf} for the book checksum ({@code OB_CHECKSUM} 131072: a
 * {@code [CHAN_ID,"cs",CHECKSUM]} of the top 25 levels after every book change) and for each message's
 * time ({@code TIMESTAMP} 32768: milliseconds appended to every message, the time answers carry).
 *
 * <p>Kept alive by Bitfinex's {@code {"event":"ping"}} (answered {@code pong}); Bitfinex also sends
 * {@code [CHAN_ID,"hb"]} on a channel quiet for 15 s. Info 20051 (server restart: reconnect), 20060
 * (maintenance begins: pause) and 20061 (maintenance over: subscribe everything again) all make the
 * bridge reconnect at once, which subscribes everything afresh. The answers are Bitfinex's REST reply
 * shapes ({@code GET /v2/ticker}, {@code /v2/book/…/P0}, {@code /v2/trades/…/hist}), so
 * {@code bitfinexMapper} maps both sources alike.
 */
public final class BitfinexStream implements StreamProtocol {

    /**
     * Price points a side the book channel keeps ("25" or "100"): 25 is all the checksum vouches for,
     * so every level answered from the stream is checked; FMZ's default depth (20) fits.
     */
    static final int BOOK_LENGTH = 25;
    /** conf flags: TIMESTAMP (32768) and OB_CHECKSUM (131072), summed as the General page says. */
    static final int CONF_FLAGS = 32768 + 131072;
    /** GET /v2/trades/{symbol}/hist answers 125 trades when no limit is given. */
    static final int DEFAULT_TRADES = 125;
    static final int TRADES_KEPT = 1000;
    /** The info codes after which Bitfinex asks clients to reconnect or to subscribe everything again. */
    private static final List<Long> RECONNECT_CODES = List.of(20051L, 20060L, 20061L);
    /** Unsubscribe failures (generic, "Not subscribed"): the channel is not subscribed, which is what was asked. */
    private static final List<Long> NOT_SUBSCRIBED_CODES = List.of(10400L, 10401L);

    /**
     * Bitfinex allows 30 market-data subscriptions per connection (error 10305 beyond); 25 leaves room.
     * It limits new public connections (20 a minute, as third parties report), hence 3 s between two;
     * it states no pace for subscribe messages, so a modest one. One channel per subscribe message.
     */
    private static final StreamLimits LIMITS = new StreamLimits(25, 50, Duration.ofSeconds(10), 1, null,
            Duration.ofSeconds(3));
    private static final KeepAlive KEEP_ALIVE = KeepAlive.text("{\"event\":\"ping\",\"cid\":1}", Duration.ofSeconds(30));

    // --- what this connection was told; empty in the instance the routes share
    /** chanId → the topic whose data it carries on this connection. */
    private final Map<Long, Topic> channels = new ConcurrentHashMap<>();
    /** chanId → the request that unsubscribes it, until Bitfinex confirms. */
    private final Map<Long, String> unsubscribing = new ConcurrentHashMap<>();

    @Override
    public String instrument(FmzSymbol symbol) {
        return BitfinexSymbol.of(symbol);
    }

    @Override
    public StreamLimits limits() {
        return LIMITS;
    }

    @Override
    public KeepAlive keepAlive() {
        return KEEP_ALIVE;
    }

    /** A connection's own channel ids start empty. */
    @Override
    public StreamProtocol forConnection() {
        return new BitfinexStream();
    }

    @Override
    public List<String> openingMessages() {
        return List.of(FmzJson.MAPPER.createObjectNode().put("event", "conf").put("flags", CONF_FLAGS).toString());
    }

    /** One channel per message: {@link #LIMITS} puts one topic in each. */
    @Override
    public String subscribe(String requestId, List<Topic> topics) {
        Topic topic = topics.get(0);
        ObjectNode request = FmzJson.MAPPER.createObjectNode().put("event", "subscribe")
                .put("channel", channel(topic.channel())).put("symbol", topic.instrument());
        if (topic.channel() == Channel.BOOK) {
            request.put("prec", "P0").put("freq", "F0").put("len", String.valueOf(BOOK_LENGTH));
        }
        return request.toString();
    }

    /**
     * By the channel id Bitfinex gave the subscription on this connection; its data is ignored from
     * now on. Should the subscription not have been confirmed yet (so no id is known), the request
     * names the channel and symbol, which Bitfinex refuses as not subscribed: the topic is gone either way.
     */
    @Override
    public String unsubscribe(String requestId, List<Topic> topics) {
        Topic topic = topics.get(0);
        ObjectNode request = FmzJson.MAPPER.createObjectNode().put("event", "unsubscribe");
        for (Map.Entry<Long, Topic> channel : channels.entrySet()) {
            if (channel.getValue().equals(topic)) {
                channels.remove(channel.getKey());
                unsubscribing.put(channel.getKey(), requestId);
                return request.put("chanId", channel.getKey()).toString();
            }
        }
        return request.put("channel", channel(topic.channel())).put("symbol", topic.instrument()).toString();
    }

    static String channel(Channel channel) {
        return switch (channel) {
            case TICKER -> "ticker";
            case BOOK -> "book";
            case TRADES -> "trades";
        };
    }

    private static Channel channel(String name) {
        return switch (name) {
            case "ticker" -> Channel.TICKER;
            case "book" -> Channel.BOOK;
            case "trades" -> Channel.TRADES;
            default -> null;
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
        if (json.isObject()) {
            event(json, inbox);
        } else if (json.isArray()) {
            data(json, inbox);
        }
    }

    /** {@code {"event":"subscribed"|"unsubscribed"|"error"|"info"|"conf"|"pong", …}}. */
    private void event(JsonNode json, StreamInbox inbox) {
        long code = json.path("code").asLong(0);
        switch (json.path("event").asText("")) {
            case "subscribed" -> {
                Channel channel = channel(json.path("channel").asText(""));
                if (channel != null && json.path("chanId").canConvertToLong() && json.hasNonNull("symbol")) {
                    channels.put(json.path("chanId").asLong(), new Topic(channel, json.path("symbol").asText()));
                }
                inbox.accepted(null); // Bitfinex answers a connection's requests in order
            }
            case "unsubscribed" -> inbox.accepted(unsubscribing.remove(json.path("chanId").asLong()));
            case "error" -> {
                if (NOT_SUBSCRIBED_CODES.contains(code)) {
                    inbox.accepted(json.has("chanId") ? unsubscribing.remove(json.path("chanId").asLong()) : null);
                } else {
                    inbox.refused(null, "Bitfinex error " + json.path("code").asText("?") + ": "
                            + FmzSymbol.printable(json.path("msg").asText("")));
                }
            }
            case "info" -> {
                if (RECONNECT_CODES.contains(code)) {
                    inbox.closingSoon("Bitfinex info " + code + ": " + FmzSymbol.printable(json.path("msg").asText("")));
                }
            }
            default -> {
                // conf's answer and pong: nothing to do (any message shows the connection alive)
            }
        }
    }

    /** {@code [CHAN_ID, PAYLOAD, MTS]}, {@code [CHAN_ID, "te"|"tu"|"cs"|"hb", …, MTS]}; MTS by the TIMESTAMP flag. */
    private void data(JsonNode json, StreamInbox inbox) {
        Topic topic = channels.get(json.path(0).asLong(-1));
        if (topic == null) {
            return; // a channel this connection no longer holds, or never did
        }
        String instrument = topic.instrument();
        JsonNode payload = json.path(1);
        if (payload.isTextual()) {
            switch (payload.asText()) {
                case "te" -> {
                    // "tu" follows with the same trade once Bitfinex has recorded it: counted once, from "te"
                    JsonNode trade = json.path(2);
                    if (topic.channel() == Channel.TRADES && trade.isArray()) {
                        inbox.trades(instrument, List.of(trade), time(json, 3, trade.path(1).asLong(System.currentTimeMillis())));
                    }
                }
                case "cs" -> {
                    if (topic.channel() == Channel.BOOK) {
                        inbox.book(instrument, FmzJson.MAPPER.createObjectNode().put("type", "checksum")
                                .put("checksum", json.path(2).asInt()).put("time", time(json, 3, System.currentTimeMillis())));
                    }
                }
                default -> {
                    // "hb" and "tu"
                }
            }
            return;
        }
        if (!payload.isArray()) {
            return;
        }
        long time = time(json, 2, System.currentTimeMillis());
        switch (topic.channel()) {
            case TICKER -> inbox.ticker(instrument, payload, time);
            case TRADES -> trades(instrument, json, inbox);
            case BOOK -> {
                boolean snapshot = payload.isEmpty() || payload.path(0).isArray();
                ObjectNode message = FmzJson.MAPPER.createObjectNode().put("type", snapshot ? "snapshot" : "update");
                message.set(snapshot ? "levels" : "level", payload);
                inbox.book(instrument, message.put("time", time));
            }
        }
    }

    /** A trades snapshot, {@code [CHAN_ID, [[ID, MTS, AMOUNT, PRICE], …], MTS]}: passed on oldest first. */
    private static void trades(String instrument, JsonNode message, StreamInbox inbox) {
        List<JsonNode> trades = new ArrayList<>();
        message.path(1).forEach(trades::add);
        if (trades.isEmpty()) {
            return;
        }
        trades.sort(Comparator.<JsonNode>comparingLong(t -> t.path(1).asLong()).thenComparingLong(t -> t.path(0).asLong()));
        inbox.trades(instrument, trades, time(message, 2, trades.get(trades.size() - 1).path(1).asLong()));
    }

    /** The message's time (the TIMESTAMP flag appends it after the payload at {@code index}), else {@code otherwise}. */
    private static long time(JsonNode message, int index, long otherwise) {
        JsonNode last = message.path(message.size() - 1);
        return message.size() > index && last.canConvertToLong() && last.isIntegralNumber() ? last.asLong() : otherwise;
    }

    @Override
    public BookRules bookRules() {
        return new BitfinexBookRules();
    }

    @Override
    public int bookWindow() {
        return BOOK_LENGTH;
    }

    /** The REST branch answers as many levels as asked (20 by default), up to the 100 Bitfinex's book serves. */
    @Override
    public int depthLevels(FmzRequest request) {
        int deepest = BitfinexRequests.BOOK_LENGTHS.get(BitfinexRequests.BOOK_LENGTHS.size() - 1);
        return (int) Math.min(request.whole("limit", BitfinexRequests.DEFAULT_DEPTH), deepest);
    }

    @Override
    public int tradeCount(FmzRequest request) {
        Long limit = request.limitUpTo(BitfinexRequests.MAX_ROWS);
        return limit == null ? DEFAULT_TRADES : limit.intValue();
    }

    @Override
    public int tradesKept() {
        return TRADES_KEPT;
    }

    /** As GET /v2/ticker/{symbol} answers: the ticker channel's ten fields are the same ones, in the same order. */
    @Override
    public JsonNode tickerReply(JsonNode latest) {
        return latest;
    }

    /** As GET /v2/book/{symbol}/P0 answers: {@code [PRICE, COUNT, AMOUNT]} rows, the bids best first, then the asks. */
    @Override
    public JsonNode depthReply(LiveBook book, int levels) {
        ArrayNode rows = FmzJson.MAPPER.createArrayNode();
        book.bids(levels).forEach(rows::add);
        book.asks(levels).forEach(rows::add);
        return rows;
    }

    /** As GET /v2/trades/{symbol}/hist answers by default: {@code [ID, MTS, AMOUNT, PRICE]} rows, newest first. */
    @Override
    public JsonNode tradesReply(List<JsonNode> oldestFirst) {
        ArrayNode rows = FmzJson.MAPPER.createArrayNode();
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            rows.add(oldestFirst.get(i));
        }
        return rows;
    }
}
