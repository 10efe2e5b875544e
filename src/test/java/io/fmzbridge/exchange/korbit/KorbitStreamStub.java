package io.fmzbridge.exchange.korbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.stub.StubSocket;
import io.fmzbridge.stub.StubSockets;
import io.fmzbridge.stub.WebSocketStubServer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Korbit's public WebSocket ({@code /v2/public}) as its Open API v2 reference shows it: a request is a
 * JSON array of {@code {"requestId","method":"subscribe"|"unsubscribe","type","symbols"}}; a request
 * naming a {@code requestId} is answered {@code {"requestId","status":"success"}}, or, for a pair Korbit
 * does not list, {@code {"requestId","status":"fail","code":"INVALID_SYMBOL","message":"The symbol does
 * not exist (…)"}}; anything else unreadable gets {@code {"status":"error","message"}}. A subscription
 * starts with a {@code snapshot: true} message (the ticker, the whole book, the latest trade), then
 * real-time messages come when the test pushes them. Every orderbook message carries the whole book,
 * kept here with the REST reference's example levels; ping frames are answered with pongs.
 *
 * <p>Test controls: hold back the snapshots of new subscriptions, push a book older than the last one
 * (out of order), mute the open connections (they read and send nothing, pongs included), drop them
 * without a close handshake.
 */
public final class KorbitStreamStub implements AutoCloseable {

    static final String PATH = "/v2/public";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The REST orderbook example's levels, best first. */
    static final List<List<String>> FIRST_BIDS = List.of(List.of("73303000", "0.00898326"), List.of("73302000", "0.00790837"),
            List.of("73301000", "0.00843099"), List.of("73300000", "0.00054024"), List.of("73299000", "0.00663446"));
    static final List<List<String>> FIRST_ASKS = List.of(List.of("73304000", "0.00985212"), List.of("73305000", "0.00367505"),
            List.of("73306000", "0.0096254"), List.of("73307000", "0.00502544"), List.of("73308000", "0.00640584"));

    /** One pair's book as the stub's Korbit keeps it, with the time of its last change. */
    private static final class Book {
        final NavigableMap<BigDecimal, String> asks = new TreeMap<>();
        final NavigableMap<BigDecimal, String> bids = new TreeMap<>(Comparator.reverseOrder());
        long timestamp = 1708057740895L;

        Book() {
            apply(FIRST_ASKS, FIRST_BIDS);
        }

        void apply(List<List<String>> changedAsks, List<List<String>> changedBids) {
            put(asks, changedAsks);
            put(bids, changedBids);
        }

        private static void put(NavigableMap<BigDecimal, String> side, List<List<String>> levels) {
            for (List<String> level : levels) {
                if (new BigDecimal(level.get(1)).signum() == 0) {
                    side.remove(new BigDecimal(level.get(0)));
                } else {
                    side.put(new BigDecimal(level.get(0)), level.get(1));
                }
            }
        }
    }

    private final WebSocketStubServer server;
    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    private final Map<String, Book> books = new ConcurrentHashMap<>();
    private final StubSockets<Endpoint> endpoints = new StubSockets<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final List<Endpoint> held = new CopyOnWriteArrayList<>();
    private volatile boolean holdSnapshots;

    private KorbitStreamStub() {
        server = WebSocketStubServer.start("Korbit stream stub", PATH, Endpoint::new);
        listed.add("btc_krw");
    }

    public static KorbitStreamStub start() {
        return new KorbitStreamStub();
    }

    public String wsUrl() {
        return server.wsUrl();
    }

    // ---------------------------------------------------------------- test controls

    /** A real-time ticker push with the reference's example figures and {@code timestamp} as its time. */
    public void pushTicker(String symbol, long timestamp) {
        push("ticker", symbol, ticker(symbol, timestamp, false));
    }

    /** A real-time trade push: each trade {tradeId, price, qty, isBuyerTaker, timestamp}. */
    public void pushTrades(String symbol, List<List<String>> trades) {
        ObjectNode push = message("trade", symbol, System.currentTimeMillis(), false);
        ArrayNode data = push.putArray("data");
        for (List<String> t : trades) {
            data.addObject().put("timestamp", Long.parseLong(t.get(4))).put("price", t.get(1)).put("qty", t.get(2))
                    .put("isBuyerTaker", Boolean.parseBoolean(t.get(3))).put("tradeId", Long.parseLong(t.get(0)));
        }
        push("trade", symbol, push.toString());
    }

    /** The book changes (size "0" removes a level) and Korbit pushes the whole book, stamped {@code timestamp}. */
    public void pushBook(String symbol, List<List<String>> asks, List<List<String>> bids, long timestamp) {
        Book book = book(symbol);
        synchronized (book) {
            book.apply(asks, bids);
            book.timestamp = timestamp;
            push("orderbook", symbol, orderbook(symbol, book, timestamp, false));
        }
    }

    /** A whole book stamped earlier than the last one pushed: it came out of order. */
    public void pushOlderBook(String symbol) {
        Book book = book(symbol);
        synchronized (book) {
            push("orderbook", symbol, orderbook(symbol, book, book.timestamp - 1000, false));
        }
    }

    public void holdSnapshots() {
        holdSnapshots = true;
    }

    public void releaseSnapshots() {
        holdSnapshots = false;
        List<Endpoint> waiting = new ArrayList<>(held);
        held.clear();
        waiting.forEach(Endpoint::sendHeldSnapshots);
    }

    /** The open connections read and send nothing more, pongs included; connections opened later are not muted. */
    public void mute() {
        endpoints.mute();
    }

    /** Cuts every connection without a close handshake, as a network failure does. */
    public void drop() {
        endpoints.drop();
    }

    public int handshakes() {
        return server.handshakes();
    }

    public int pings() {
        return pings.get();
    }

    /** Open, unmuted connections subscribed to the type for the pair. */
    public long subscribed(String type, String symbol) {
        return endpoints.stream().filter(e -> e.isLive() && e.subscriptions.contains(type + ":" + symbol)).count();
    }

    /** How many request objects with this method named the type and the pair. */
    public long requests(String method, String type, String symbol) {
        long count = 0;
        for (String text : received) {
            JsonNode request = parse(text);
            if (request == null || !request.isArray()) {
                continue;
            }
            for (JsonNode item : request) {
                if (item.path("method").asText().equals(method) && item.path("type").asText().equals(type)) {
                    for (JsonNode s : item.path("symbols")) {
                        if (s.asText().equals(symbol)) {
                            count++;
                        }
                    }
                }
            }
        }
        return count;
    }

    @Override
    public void close() {
        server.close();
    }

    // ---------------------------------------------------------------- messages

    private Book book(String symbol) {
        return books.computeIfAbsent(symbol, s -> new Book());
    }

    private void push(String type, String symbol, String message) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.subscriptions.contains(type + ":" + symbol)) {
                endpoint.send(message);
            }
        }
    }

    private static ObjectNode message(String type, String symbol, long timestamp, boolean snapshot) {
        ObjectNode message = JSON.createObjectNode().put("type", type).put("timestamp", timestamp).put("symbol", symbol);
        if (snapshot) {
            message.put("snapshot", true);
        }
        return message;
    }

    /** The reference's ticker example figures. */
    private static String ticker(String symbol, long timestamp, boolean snapshot) {
        ObjectNode push = message("ticker", symbol, timestamp, snapshot);
        push.putObject("data").put("open", "77060000").put("high", "79650000").put("low", "76550000").put("close", "77136000")
                .put("prevClose", "77060000").put("priceChange", "76000").put("priceChangePercent", "0.1")
                .put("volume", "48.73739983").put("quoteVolume", "3785149733.32633").put("bestBidPrice", "77136000")
                .put("bestAskPrice", "77193000").put("lastTradedAt", timestamp);
        return push.toString();
    }

    /** The subscription's snapshot of trades: the latest one, the reference's example trade 1004. */
    private static String latestTrade(String symbol) {
        ObjectNode push = message("trade", symbol, System.currentTimeMillis(), true);
        push.putArray("data").addObject().put("timestamp", 1708057271149L).put("price", "70507000").put("qty", "0.00981535")
                .put("isBuyerTaker", false).put("tradeId", 1004);
        return push.toString();
    }

    private static String orderbook(String symbol, Book book, long bookTime, boolean snapshot) {
        ObjectNode push = message("orderbook", symbol, System.currentTimeMillis(), snapshot);
        ObjectNode data = push.putObject("data").put("timestamp", bookTime);
        ArrayNode bids = data.putArray("bids");
        book.bids.forEach((price, qty) -> bids.addObject().put("price", price.toPlainString()).put("qty", qty));
        ArrayNode asks = data.putArray("asks");
        book.asks.forEach((price, qty) -> asks.addObject().put("price", price.toPlainString()).put("qty", qty));
        return push.toString();
    }

    private String snapshot(String type, String symbol) {
        return switch (type) {
            case "ticker" -> ticker(symbol, System.currentTimeMillis(), true);
            case "trade" -> latestTrade(symbol);
            default -> {
                Book book = book(symbol);
                synchronized (book) {
                    yield orderbook(symbol, book, book.timestamp, true);
                }
            }
        };
    }

    public final class Endpoint extends StubSocket {

        private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
        private final List<String> heldFor = new CopyOnWriteArrayList<>();

        Endpoint() {
            super(endpoints);
        }

        @Override
        protected void opened() {
            demand();
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(text);
            JsonNode request = parse(text);
            if (request == null || !request.isArray()) {
                send(JSON.createObjectNode().put("status", "error").put("message", "invalid_format").toString());
                demand();
                return;
            }
            for (JsonNode item : request) {
                handle(item);
            }
            demand();
        }

        private void handle(JsonNode item) {
            JsonNode requestId = item.get("requestId");
            String method = item.path("method").asText();
            String type = item.path("type").asText();
            if (!Set.of("subscribe", "unsubscribe").contains(method) || !Set.of("ticker", "orderbook", "trade").contains(type)) {
                send(JSON.createObjectNode().put("status", "error").put("message", "invalid_format").toString());
                return;
            }
            for (JsonNode s : item.path("symbols")) {
                if (!listed.contains(s.asText())) {
                    ObjectNode fail = JSON.createObjectNode();
                    if (requestId != null) {
                        fail.set("requestId", requestId);
                    }
                    send(fail.put("status", "fail").put("code", "INVALID_SYMBOL")
                            .put("message", "The symbol does not exist (" + s.asText() + ")").toString());
                    return;
                }
            }
            if (requestId != null) {
                ObjectNode success = JSON.createObjectNode();
                success.set("requestId", requestId);
                send(success.put("status", "success").toString());
            }
            for (JsonNode s : item.path("symbols")) {
                String topic = type + ":" + s.asText();
                if (method.equals("unsubscribe")) {
                    subscriptions.remove(topic);
                    continue;
                }
                subscriptions.add(topic);
                if (holdSnapshots) {
                    heldFor.add(topic);
                    held.add(this);
                } else {
                    send(snapshot(type, s.asText()));
                }
            }
        }

        void sendHeldSnapshots() {
            for (String topic : heldFor) {
                String[] parts = topic.split(":");
                send(snapshot(parts[0], parts[1]));
            }
            heldFor.clear();
        }

        /** Answered with a pong, as RFC 6455 has it; not while muted. */
        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            pings.incrementAndGet();
            pong(payload);
            demand();
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            demand();
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
