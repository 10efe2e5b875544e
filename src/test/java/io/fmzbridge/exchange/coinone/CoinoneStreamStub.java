package io.fmzbridge.exchange.coinone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.stub.StubSocket;
import io.fmzbridge.stub.StubSockets;
import io.fmzbridge.stub.WebSocketStubServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Coinone's public WebSocket as its API reference shows it: {@code {"request_type":"SUBSCRIBE"|
 * "UNSUBSCRIBE","channel","topic":{"quote_currency","target_currency"}}}, acknowledged
 * {@code {"response_type":"SUBSCRIBED"|"UNSUBSCRIBED","channel","data":{…the topic}}}; a pair Coinone
 * does not stream is acknowledged and then refused with {@code {"response_type":"ERROR","error_code":160012,
 * "message":"Invalid Topic"}}; {@code {"request_type":"PING"}} is answered {@code {"response_type":"PONG"}}.
 * A subscription starts with the latest data (the whole book, the ticker); every orderbook message is
 * the whole book, asks worst first as in the documented example, with a larger {@code id} each time.
 *
 * <p>Test controls: hold back what new subscriptions start with, push a book with an id older than the
 * last one, mute the open connections (nothing is sent, PONG included), drop them.
 */
public final class CoinoneStreamStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The documented XRP orderbook example's best levels: asks worst first, bids best first. */
    static final List<List<String>> ASKS = List.of(List.of("690.3", "148087.1739"), List.of("689.6", "68224.2457"),
            List.of("689.5", "186287.9931"));
    static final List<List<String>> BIDS = List.of(List.of("688.3", "5000"), List.of("688.2", "12000"), List.of("688.1", "3000"));

    private final WebSocketStubServer server;
    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    private final StubSockets<Endpoint> endpoints = new StubSockets<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicLong bookId = new AtomicLong(1693560155038001L);
    private final List<Endpoint> held = new CopyOnWriteArrayList<>();
    private volatile List<List<String>> asks = ASKS;
    private volatile List<List<String>> bids = BIDS;
    private volatile long bookTime = 1693560155038L;
    private volatile boolean holdSnapshots;

    private CoinoneStreamStub() {
        server = WebSocketStubServer.start("Coinone stream stub", "/", Endpoint::new);
        listed.add("KRW-XRP");
        listed.add("KRW-BTC");
    }

    public static CoinoneStreamStub start() {
        return new CoinoneStreamStub();
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + server.port();
    }

    // ---------------------------------------------------------------- test controls

    public void pushTicker(String target, long timestamp) {
        push("TICKER", target, ticker(target, timestamp));
    }

    /** One documented-shape trade push. */
    public void pushTrade(String target, String id, long timestamp, String price, String qty, boolean sellerMaker) {
        ObjectNode push = message("TRADE", target);
        ((ObjectNode) push.get("data")).put("id", id).put("timestamp", timestamp).put("price", price).put("qty", qty)
                .put("is_seller_maker", sellerMaker);
        push("TRADE", target, push.toString());
    }

    /** The book becomes these levels (asks worst first) and is pushed whole with the next id. */
    public void pushBook(String target, List<List<String>> newAsks, List<List<String>> newBids, long timestamp) {
        asks = newAsks;
        bids = newBids;
        bookTime = timestamp;
        push("ORDERBOOK", target, book(target, bookId.addAndGet(7)));
    }

    /** The current book again under an id older than the last: out of order. */
    public void pushOlderBook(String target) {
        push("ORDERBOOK", target, book(target, bookId.get() - 1000));
    }

    /** The current book again under the same id, as Coinone repeats it. */
    public void pushSameBook(String target) {
        push("ORDERBOOK", target, book(target, bookId.get()));
    }

    public void holdSnapshots() {
        holdSnapshots = true;
    }

    public void releaseSnapshots() {
        holdSnapshots = false;
        List<Endpoint> waiting = new ArrayList<>(held);
        held.clear();
        waiting.forEach(Endpoint::sendHeld);
    }

    public void mute() {
        endpoints.mute();
    }

    public void drop() {
        endpoints.drop();
    }

    public int handshakes() {
        return server.handshakes();
    }

    public long pings() {
        return received.stream().filter(text -> text.contains("\"PING\"")).count();
    }

    public long subscribed(String channel, String target) {
        return endpoints.stream().filter(e -> e.isLive() && e.subscriptions.contains(channel + ":KRW-" + target))
                .count();
    }

    public long requests(String type, String channel, String target) {
        long count = 0;
        for (String text : received) {
            JsonNode request = parse(text);
            if (request != null && request.path("request_type").asText().equals(type) && request.path("channel").asText().equals(channel)
                    && request.path("topic").path("target_currency").asText().equals(target)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() {
        server.close();
    }

    // ---------------------------------------------------------------- messages

    private void push(String channel, String target, String message) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.subscriptions.contains(channel + ":KRW-" + target)) {
                endpoint.send(message);
            }
        }
    }

    private static ObjectNode message(String channel, String target) {
        ObjectNode message = JSON.createObjectNode().put("response_type", "DATA").put("channel", channel);
        message.putObject("data").put("quote_currency", "KRW").put("target_currency", target);
        return message;
    }

    /** The documented TICKER stream example's fields. */
    private static String ticker(String target, long timestamp) {
        ObjectNode push = message("TICKER", target);
        ((ObjectNode) push.get("data")).put("timestamp", timestamp).put("quote_volume", "19521465345.504")
                .put("target_volume", "28234366.0437").put("high", "699.3").put("low", "681.1").put("first", "685.4")
                .put("last", "688.3").put("volume_power", "100").put("ask_best_price", "688.5").put("ask_best_qty", "3000")
                .put("bid_best_price", "688.3").put("bid_best_qty", "5000").put("id", "1693560155038001")
                .put("yesterday_high", "700").put("yesterday_low", "680").put("yesterday_first", "690")
                .put("yesterday_last", "685.4").put("yesterday_quote_volume", "1").put("yesterday_target_volume", "1");
        return push.toString();
    }

    private String book(String target, long id) {
        ObjectNode push = message("ORDERBOOK", target);
        ObjectNode data = ((ObjectNode) push.get("data")).put("timestamp", bookTime).put("id", String.valueOf(id));
        ArrayNode a = data.putArray("asks");
        asks.forEach(level -> a.addObject().put("price", level.get(0)).put("qty", level.get(1)));
        ArrayNode b = data.putArray("bids");
        bids.forEach(level -> b.addObject().put("price", level.get(0)).put("qty", level.get(1)));
        return push.toString();
    }

    public final class Endpoint extends StubSocket implements Session.Listener.AutoDemanding {

        private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
        private final List<String> heldFor = new CopyOnWriteArrayList<>();

        Endpoint() {
            super(endpoints);
        }

        @Override
        protected void opened() {
            send("{\"response_type\":\"CONNECTED\",\"data\":{\"session_id\":\"6f3e1d0f-f9ab-f300-1567-0eb31af6d6ef\"}}");
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(text);
            JsonNode request = parse(text);
            String type = request == null ? "" : request.path("request_type").asText();
            if (type.equals("PING")) {
                send("{\"response_type\":\"PONG\"}");
                return;
            }
            String channel = request == null ? "" : request.path("channel").asText();
            if (!Set.of("SUBSCRIBE", "UNSUBSCRIBE").contains(type) || !Set.of("TICKER", "ORDERBOOK", "TRADE").contains(channel)) {
                send("{\"response_type\":\"ERROR\",\"error_code\":160011,\"message\":\"Invalid Type\"}");
                return;
            }
            JsonNode topic = request.path("topic");
            String pair = topic.path("quote_currency").asText() + "-" + topic.path("target_currency").asText();
            ObjectNode ack = JSON.createObjectNode().put("response_type", type + "D").put("channel", channel);
            ack.set("data", topic);
            send(ack.toString());
            if (!listed.contains(pair)) {
                send("{\"response_type\":\"ERROR\",\"error_code\":160012,\"message\":\"Invalid Topic\"}");
                return;
            }
            if (type.equals("UNSUBSCRIBE")) {
                subscriptions.remove(channel + ":" + pair);
                return;
            }
            subscriptions.add(channel + ":" + pair);
            if (channel.equals("TRADE")) {
                return;
            }
            if (holdSnapshots) {
                heldFor.add(channel + ":" + pair);
                held.add(this);
            } else {
                sendFirst(channel, pair);
            }
        }

        private void sendFirst(String channel, String pair) {
            String target = pair.substring("KRW-".length());
            send(channel.equals("TICKER") ? ticker(target, System.currentTimeMillis()) : book(target, bookId.get()));
        }

        void sendHeld() {
            for (String topic : heldFor) {
                String[] parts = topic.split(":");
                sendFirst(parts[0], parts[1]);
            }
            heldFor.clear();
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
