package io.fmzbridge.exchange.coinbase;

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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Coinbase Advanced Trade's market data WebSocket ({@code wss://advanced-trade-ws.coinbase.com},
 * "WebSocket Overview" and "WebSocket Channels"): {@code ticker}, {@code level2} (channel
 * {@code l2_data}: a snapshot, then updates whose {@code new_quantity} replaces the level, "0" removes
 * it; {@link CoinbaseBookRules}) and {@code market_trades}. One channel per
 * {@code {"type":"subscribe","product_ids":[…],"channel":…}}; these channels need no JWT, so none is
 * sent (Coinbase answers an unauthenticated subscription to them as any other).
 *
 * <p>Every message carries {@code sequence_num}, numbered across the whole connection (every channel,
 * subscription answers and heartbeats alike): one that is not the last plus one means a message was
 * missed or came out of order, and which book, ticker or trade it was cannot be told, so the whole
 * connection is replaced; its topics start again from fresh snapshots.
 *
 * <p>Keep-alive: Coinbase closes a subscription that has had no update for 60-90 s and advises
 * subscribing to {@code heartbeats} (one message a second) beside the others; the bridge subscribes
 * it when the connection has been quiet, as its ping, so a quiet product stays subscribed and live.
 */
public final class CoinbaseStream implements StreamProtocol {

    /** Coinbase answers subscribe and unsubscribe requests with {@code subscriptions}, without an id. */
    private static final String HEARTBEATS = "{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}";

    /** One channel per message; a few messages a second, far below what Coinbase disconnects for. */
    private static final StreamLimits LIMITS = new StreamLimits(100, 8, Duration.ofSeconds(1), 1, null,
            Duration.ofSeconds(1));
    private static final KeepAlive KEEP_ALIVE = KeepAlive.text(HEARTBEATS, Duration.ofSeconds(60));

    /** The last sequence_num seen on each connection (its inbox); a new connection starts afresh. */
    private final Map<StreamInbox, Long> lastSequence = new WeakHashMap<>();

    @Override
    public String instrument(FmzSymbol symbol) {
        return CoinbaseRequests.productId(symbol);
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
        return request("subscribe", topics);
    }

    @Override
    public String unsubscribe(String requestId, List<Topic> topics) {
        return request("unsubscribe", topics);
    }

    /** All topics of one message share a channel: {@link #limits()} allows one topic per message. */
    private static String request(String type, List<Topic> topics) {
        ObjectNode request = FmzJson.MAPPER.createObjectNode().put("type", type);
        ArrayNode products = request.putArray("product_ids");
        topics.forEach(topic -> products.add(topic.instrument()));
        request.put("channel", channel(topics.get(0).channel()));
        return request.toString();
    }

    static String channel(Channel channel) {
        return switch (channel) {
            case TICKER -> "ticker";
            case BOOK -> "level2";
            case TRADES -> "market_trades";
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
        if (json.path("type").asText("").equals("error")) {
            inbox.refused(null, "Coinbase error: " + FmzSymbol.printable(json.path("message").asText("")));
            return;
        }
        if (json.path("sequence_num").isIntegralNumber() && !inOrder(inbox, json.path("sequence_num").asLong())) {
            return;
        }
        long time = time(json.path("timestamp"));
        JsonNode events = json.path("events");
        switch (json.path("channel").asText("")) {
            case "subscriptions" -> inbox.accepted(null);
            case "ticker" -> {
                for (JsonNode event : events) {
                    for (JsonNode ticker : event.path("tickers")) {
                        inbox.ticker(ticker.path("product_id").asText(""), tickerShaped(ticker, json.path("timestamp")), time);
                    }
                }
            }
            case "market_trades" -> {
                for (JsonNode event : events) {
                    trades(event.path("trades"), time, inbox);
                }
            }
            case "l2_data" -> {
                for (JsonNode event : events) {
                    ObjectNode book = event.deepCopy();
                    book.set("timestamp", json.path("timestamp"));
                    inbox.book(event.path("product_id").asText(""), book);
                }
            }
            default -> {
                // heartbeats keep the connection alive: hearing them is all they are for
            }
        }
    }

    /** Whether the message follows the last on its connection; a gap or a step back replaces the connection. */
    private boolean inOrder(StreamInbox inbox, long sequence) {
        Long last;
        synchronized (lastSequence) {
            last = lastSequence.put(inbox, sequence);
        }
        if (last == null || sequence == last + 1) {
            return true;
        }
        inbox.closingSoon("Coinbase sequence_num " + sequence + " after " + last
                + (sequence > last ? ": messages were missed" : ": a message out of order"));
        return false;
    }

    /** The trades of one event, oldest first (a snapshot lists the newest first), each kept as Coinbase sent it. */
    private static void trades(JsonNode trades, long time, StreamInbox inbox) {
        Map<String, List<JsonNode>> byProduct = new LinkedHashMap<>();
        for (JsonNode trade : trades) {
            byProduct.computeIfAbsent(trade.path("product_id").asText(""), p -> new ArrayList<>()).add(trade);
        }
        byProduct.forEach((product, list) -> {
            list.sort(Comparator.comparingLong(t -> time(t.path("time"))));
            inbox.trades(product, list, time);
        });
    }

    /** The ticker channel's ticker with the message's time: what {@code coinbaseMapper.streamTicker} reads. */
    private static ObjectNode tickerShaped(JsonNode ticker, JsonNode timestamp) {
        ObjectNode shaped = FmzJson.MAPPER.createObjectNode();
        shaped.set("ticker", ticker);
        shaped.set("timestamp", timestamp);
        return shaped;
    }

    /** Coinbase's RFC 3339 time in ms; 0 when a message has none. */
    static long time(JsonNode timestamp) {
        try {
            return timestamp.isTextual() ? Instant.parse(timestamp.asText()).toEpochMilli() : 0;
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    @Override
    public BookRules bookRules() {
        return new CoinbaseBookRules();
    }

    /** level2 sends the whole book in its snapshot and keeps it whole. */
    @Override
    public int bookWindow() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int depthLevels(FmzRequest request) {
        return (int) Math.min(request.whole("limit", CoinbaseRequests.DEFAULT_DEPTH), CoinbaseRequests.MAX_DEPTH);
    }

    @Override
    public int tradeCount(FmzRequest request) {
        return (int) Math.min(request.whole("limit", CoinbaseRequests.DEFAULT_TRADES), CoinbaseRequests.MAX_TRADES);
    }

    @Override
    public int tradesKept() {
        return CoinbaseRequests.MAX_TRADES;
    }

    @Override
    public JsonNode tickerReply(JsonNode latest) {
        return latest;
    }

    /** As GET /api/v3/brokerage/market/product_book answers: {@code {"pricebook":{product_id, bids, asks, time}}}. */
    @Override
    public JsonNode depthReply(LiveBook book, int levels) {
        ObjectNode reply = FmzJson.MAPPER.createObjectNode();
        ObjectNode pricebook = reply.putObject("pricebook");
        ArrayNode bids = pricebook.putArray("bids");
        for (JsonNode level : book.bids(levels)) {
            bids.addObject().<ObjectNode>set("price", level.get(0)).set("size", level.get(1));
        }
        ArrayNode asks = pricebook.putArray("asks");
        for (JsonNode level : book.asks(levels)) {
            asks.addObject().<ObjectNode>set("price", level.get(0)).set("size", level.get(1));
        }
        pricebook.put("time", Instant.ofEpochMilli(book.eventTime()).toString());
        return reply;
    }

    /** As GET …/products/{product_id}/ticker lists its trades: newest first. */
    @Override
    public JsonNode tradesReply(List<JsonNode> oldestFirst) {
        ObjectNode reply = FmzJson.MAPPER.createObjectNode();
        ArrayNode trades = reply.putArray("trades");
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            trades.add(oldestFirst.get(i));
        }
        return reply;
    }
}
