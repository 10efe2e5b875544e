package io.fmzbridge.exchange.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.stub.StubSocket;
import io.fmzbridge.stub.StubSockets;
import io.fmzbridge.stub.WebSocketStubServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Coinbase Advanced Trade's market data WebSocket as its "WebSocket Overview" and "WebSocket Channels"
 * pages show it: {@code {"type":"subscribe","product_ids":[…],"channel":…}} (no JWT) is answered with
 * a {@code subscriptions} message listing what the connection holds; a product it does not list gets
 * {@code {"type":"error","message":…}}. Every message of a connection carries the next
 * {@code sequence_num} of that connection, 0 first. {@code level2} starts with the documented
 * {@code l2_data} snapshot, {@code ticker} with the documented ticker, {@code market_trades} with the
 * documented trades snapshot; {@code heartbeats} sends a heartbeat every {@code heartbeatMillis}.
 *
 * <p>Test controls: push updates, trades and tickers; skip a sequence number; hold back what a new
 * subscription starts with; mute the open connections; drop them without a close handshake.
 */
public final class CoinbaseStreamStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The level2 page's snapshot levels, and a few more of the same kind. */
    static final List<List<String>> SNAPSHOT_BIDS = List.of(List.of("21921.73", "0.06317902"), List.of("21921.3", "0.02"),
            List.of("21920.5", "1.5"));
    static final List<List<String>> SNAPSHOT_OFFERS = List.of(List.of("21922.1", "0.5"), List.of("21922.9", "0.13"),
            List.of("21925", "2"));

    private final WebSocketStubServer server;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final Set<String> listed = Set.of("BTC-USD");
    private final StubSockets<Endpoint> endpoints = new StubSockets<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final NavigableMap<BigDecimal, List<String>> bids = new TreeMap<>(Comparator.reverseOrder());
    private final NavigableMap<BigDecimal, List<String>> offers = new TreeMap<>();
    private volatile boolean holdSnapshots;

    private CoinbaseStreamStub(long heartbeatMillis) {
        SNAPSHOT_BIDS.forEach(level -> bids.put(new BigDecimal(level.get(0)), level));
        SNAPSHOT_OFFERS.forEach(level -> offers.put(new BigDecimal(level.get(0)), level));
        server = WebSocketStubServer.start("Coinbase stream stub", "/", Endpoint::new);
        heartbeats.scheduleAtFixedRate(() -> endpoints.forEach(Endpoint::heartbeat), heartbeatMillis, heartbeatMillis,
                TimeUnit.MILLISECONDS);
    }

    public static CoinbaseStreamStub start(long heartbeatMillis) {
        return new CoinbaseStreamStub(heartbeatMillis);
    }

    public String wsUrl() {
        return server.wsUrl();
    }

    // ---------------------------------------------------------------- test controls

    /** A level2 update: {side, price_level, new_quantity}, "0" removing the level; the message's time is {@code time}. */
    public void pushUpdate(String productId, List<List<String>> updates, Instant time) {
        synchronized (bids) {
            for (List<String> u : updates) {
                NavigableMap<BigDecimal, List<String>> side = u.get(0).equals("bid") ? bids : offers;
                if (new BigDecimal(u.get(2)).signum() == 0) {
                    side.remove(new BigDecimal(u.get(1)));
                } else {
                    side.put(new BigDecimal(u.get(1)), List.of(u.get(1), u.get(2)));
                }
            }
            ObjectNode event = JSON.createObjectNode().put("type", "update").put("product_id", productId);
            ArrayNode levels = event.putArray("updates");
            for (List<String> u : updates) {
                levels.addObject().put("side", u.get(0)).put("event_time", time.toString()).put("price_level", u.get(1))
                        .put("new_quantity", u.get(2));
            }
            push("level2", productId, endpoint -> endpoint.message("l2_data", time, event));
        }
    }

    /** Every open connection skips one sequence_num, as when a message is lost on the way. */
    public void loseOneMessage() {
        endpoints.forEach(endpoint -> endpoint.sequence.incrementAndGet());
    }

    /** Trades as the market_trades channel sends them: {trade_id, price, size, side, time}, one update. */
    public void pushTrades(String productId, List<List<String>> trades, Instant time) {
        ObjectNode event = JSON.createObjectNode().put("type", "update");
        ArrayNode list = event.putArray("trades");
        for (List<String> t : trades) {
            list.addObject().put("trade_id", t.get(0)).put("product_id", productId).put("price", t.get(1))
                    .put("size", t.get(2)).put("side", t.get(3)).put("time", t.get(4));
        }
        push("market_trades", productId, endpoint -> endpoint.message("market_trades", time, event));
    }

    public void pushTicker(String productId, Instant time) {
        push("ticker", productId, endpoint -> endpoint.message("ticker", time, tickerEvent("update", productId)));
    }

    public void holdSnapshots() {
        holdSnapshots = true;
    }

    public void releaseSnapshots() {
        holdSnapshots = false;
        endpoints.forEach(Endpoint::sendHeld);
    }

    /** The open connections send nothing more, heartbeats included: a half-open connection. */
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

    /** Open connections subscribed to the channel of the product. */
    public long subscribed(String channel, String productId) {
        return endpoints.stream().filter(e -> e.isOpen() && e.subscriptions.contains(channel + ":" + productId)).count();
    }

    /** How many requests of this type named the channel (and the product, unless null). */
    public long requests(String type, String channel, String productId) {
        long count = 0;
        for (String text : received) {
            JsonNode request = parse(text);
            if (request != null && request.path("type").asText().equals(type) && request.path("channel").asText().equals(channel)
                    && (productId == null || request.path("product_ids").toString().contains("\"" + productId + "\""))) {
                count++;
            }
        }
        return count;
    }

    /** Whether any request carried a jwt. */
    public boolean anyJwt() {
        return received.stream().map(CoinbaseStreamStub::parse).anyMatch(r -> r != null && r.has("jwt"));
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        server.close();
    }

    // ---------------------------------------------------------------- messages

    private interface Message {
        String of(Endpoint endpoint);
    }

    private void push(String channel, String productId, Message message) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.subscriptions.contains(channel + ":" + productId)) {
                endpoint.send(message);
            }
        }
    }

    /** The Ticker channel's example ticker. */
    private static ObjectNode tickerEvent(String type, String productId) {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        event.putArray("tickers").addObject().put("type", "ticker").put("product_id", productId).put("price", "21932.98")
                .put("volume_24_h", "16038.28770938").put("low_24_h", "21835.29").put("high_24_h", "23011.18")
                .put("low_52_w", "15460").put("high_52_w", "48240").put("price_percent_chg_24_h", "-4.15775596190603")
                .put("best_bid", "21931.98").put("best_bid_quantity", "8000.21").put("best_ask", "21933.98")
                .put("best_ask_quantity", "8038.07770938");
        return event;
    }

    private ObjectNode bookSnapshot(String productId) {
        synchronized (bids) {
            ObjectNode event = JSON.createObjectNode().put("type", "snapshot").put("product_id", productId);
            ArrayNode updates = event.putArray("updates");
            bids.values().forEach(l -> updates.addObject().put("side", "bid").put("event_time", "1970-01-01T00:00:00Z")
                    .put("price_level", l.get(0)).put("new_quantity", l.get(1)));
            offers.values().forEach(l -> updates.addObject().put("side", "offer").put("event_time", "1970-01-01T00:00:00Z")
                    .put("price_level", l.get(0)).put("new_quantity", l.get(1)));
            return event;
        }
    }

    /** The Market Trades channel's example, with a second, older trade. */
    private static ObjectNode tradesSnapshot(String productId) {
        ObjectNode event = JSON.createObjectNode().put("type", "snapshot");
        ArrayNode trades = event.putArray("trades");
        trades.addObject().put("trade_id", "000000001").put("product_id", productId).put("price", "1260.01").put("size", "0.3")
                .put("side", "BUY").put("time", "2019-08-14T20:42:27.265Z");
        trades.addObject().put("trade_id", "000000000").put("product_id", productId).put("price", "1260.00").put("size", "0.1")
                .put("side", "SELL").put("time", "2019-08-14T20:42:26.265Z");
        return event;
    }

    public final class Endpoint extends StubSocket implements Session.Listener.AutoDemanding {

        private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
        private final List<String> held = new CopyOnWriteArrayList<>();
        private final AtomicInteger sequence = new AtomicInteger();
        private final AtomicInteger heartbeatCounter = new AtomicInteger();

        Endpoint() {
            super(endpoints);
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(text);
            JsonNode request = parse(text);
            String type = request == null ? "" : request.path("type").asText();
            String channel = request == null ? "" : request.path("channel").asText();
            if (!Set.of("subscribe", "unsubscribe").contains(type)
                    || !Set.of("heartbeats", "ticker", "level2", "market_trades").contains(channel)) {
                send(e -> JSON.createObjectNode().put("type", "error").put("message", "Failure to subscribe").toString());
                return;
            }
            List<String> products = new ArrayList<>();
            request.path("product_ids").forEach(p -> products.add(p.asText()));
            if (!products.stream().allMatch(listed::contains)) {
                send(e -> JSON.createObjectNode().put("type", "error").put("message", "Failure to subscribe").toString());
                return;
            }
            if (channel.equals("heartbeats")) {
                products.add("");
            }
            for (String product : products) {
                if (type.equals("subscribe")) {
                    subscriptions.add(channel + ":" + product);
                } else {
                    subscriptions.remove(channel + ":" + product);
                }
            }
            send(this::subscriptionsMessage);
            if (type.equals("subscribe")) {
                for (String product : products) {
                    if (!channel.equals("heartbeats")) {
                        if (holdSnapshots) {
                            held.add(channel + ":" + product);
                        } else {
                            sendFirst(channel, product);
                        }
                    }
                }
            }
        }

        private void sendFirst(String channel, String product) {
            Instant now = Instant.now();
            switch (channel) {
                case "level2" -> send(e -> message("l2_data", now, bookSnapshot(product)));
                case "ticker" -> send(e -> message("ticker", now, tickerEvent("snapshot", product)));
                default -> send(e -> message("market_trades", now, tradesSnapshot(product)));
            }
        }

        void sendHeld() {
            for (String topic : held) {
                String[] parts = topic.split(":");
                sendFirst(parts[0], parts[1]);
            }
            held.clear();
        }

        void heartbeat() {
            if (subscriptions.contains("heartbeats:")) {
                ObjectNode event = JSON.createObjectNode().put("current_time", Instant.now().toString())
                        .put("heartbeat_counter", String.valueOf(heartbeatCounter.incrementAndGet()));
                send(e -> message("heartbeats", Instant.now(), event));
            }
        }

        private String subscriptionsMessage(Endpoint e) {
            ObjectNode listing = JSON.createObjectNode();
            for (String topic : subscriptions) {
                String[] parts = topic.split(":", -1);
                ArrayNode products = listing.has(parts[0]) ? (ArrayNode) listing.get(parts[0]) : listing.putArray(parts[0]);
                if (!parts[1].isEmpty()) {
                    products.add(parts[1]);
                }
            }
            ObjectNode event = JSON.createObjectNode();
            event.set("subscriptions", listing);
            return message("subscriptions", Instant.now(), event);
        }

        /** {channel, client_id, timestamp, sequence_num, events}: the connection's next number. */
        String message(String channel, Instant time, JsonNode event) {
            ObjectNode message = JSON.createObjectNode().put("channel", channel).put("client_id", "")
                    .put("timestamp", time.toString()).put("sequence_num", sequence.getAndIncrement());
            message.putArray("events").add(event);
            return message.toString();
        }

        /** Numbers and sends in one step, so the connection's messages leave in their numbers' order. */
        synchronized void send(Message message) {
            send(message.of(this));
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
