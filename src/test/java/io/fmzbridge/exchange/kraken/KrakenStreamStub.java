package io.fmzbridge.exchange.kraken;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.stub.StubSocket;
import io.fmzbridge.stub.StubSockets;
import io.fmzbridge.stub.WebSocketStubServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import java.util.zip.CRC32;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Kraken's public WebSocket v2 ({@code /v2}) as its Spot WebSocket v2 reference shows it: a
 * {@code status} update on connecting; {@code {"method":"subscribe","params":{"channel","symbol":[…]},
 * "req_id"}} answered per symbol with {@code {"method":"subscribe","result":{…},"success":true,"req_id",
 * "time_in","time_out"}}, or for a pair it does not list with {@code "success":false} and
 * {@code "error":"Currency pair not supported …"}; {@code {"method":"ping"}} answered with
 * {@code {"method":"pong"}}. A {@code ticker} subscription starts with the documented ticker snapshot,
 * a {@code book} one with the book of the "Book checksum (v2)" guide's example; prices and quantities
 * go out as JSON numbers in full precision, as Kraken sends them. The stub keeps each book as Kraken
 * does and computes every checksum itself (best 10 asks then best 10 bids, decimal point and leading
 * zeros removed, CRC32 unsigned).
 *
 * <p>Test controls: hold back what a subscription starts with, lose an update on the way (the next
 * one's checksum then no longer matches the bridge's book), send a wrong checksum, mute the
 * connections (pongs included), drop them without a close handshake.
 */
public final class KrakenStreamStub implements AutoCloseable {

    static final String PATH = "/v2";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** The guide's example book (BTC/USD), best first; its checksum is 3310070434. */
    static final List<List<String>> GUIDE_ASKS = List.of(
            List.of("45285.2", "0.00100000"), List.of("45286.4", "1.54571953"), List.of("45286.6", "1.54571109"),
            List.of("45289.6", "1.54560911"), List.of("45290.2", "0.15890660"), List.of("45291.8", "1.54553491"),
            List.of("45294.7", "0.04454749"), List.of("45296.1", "0.35380000"), List.of("45297.5", "0.09945542"),
            List.of("45299.5", "0.18772827"));
    static final List<List<String>> GUIDE_BIDS = List.of(
            List.of("45283.5", "0.10000000"), List.of("45283.4", "1.54582015"), List.of("45282.1", "0.10000000"),
            List.of("45281.0", "0.10000000"), List.of("45280.3", "1.54592586"), List.of("45279.0", "0.07990000"),
            List.of("45277.6", "0.03310103"), List.of("45277.5", "0.30000000"), List.of("45277.3", "1.54602737"),
            List.of("45276.6", "0.15445238"));

    /** One pair's book as the stub's Kraken keeps it: price → quantity in Kraken's digits. */
    private static final class Book {
        final NavigableMap<BigDecimal, String[]> asks = new TreeMap<>();
        final NavigableMap<BigDecimal, String[]> bids = new TreeMap<>(Comparator.reverseOrder());

        Book() {
            apply(GUIDE_ASKS, GUIDE_BIDS);
        }

        void apply(List<List<String>> changedAsks, List<List<String>> changedBids) {
            put(asks, changedAsks);
            put(bids, changedBids);
        }

        private static void put(NavigableMap<BigDecimal, String[]> side, List<List<String>> levels) {
            for (List<String> level : levels) {
                if (new BigDecimal(level.get(1)).signum() == 0) {
                    side.remove(new BigDecimal(level.get(0)));
                } else {
                    side.put(new BigDecimal(level.get(0)), new String[] {level.get(0), level.get(1)});
                }
            }
        }

        long checksum() {
            StringBuilder text = new StringBuilder();
            asks.values().stream().limit(10).forEach(level -> text.append(strip(level[0])).append(strip(level[1])));
            bids.values().stream().limit(10).forEach(level -> text.append(strip(level[0])).append(strip(level[1])));
            CRC32 crc = new CRC32();
            crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
            return crc.getValue();
        }

        private static String strip(String decimal) {
            return decimal.replace(".", "").replaceFirst("^0+(?=.)", "");
        }
    }

    private final WebSocketStubServer server;
    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    private final Map<String, Book> books = new ConcurrentHashMap<>();
    private final StubSockets<Endpoint> endpoints = new StubSockets<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Endpoint> heldSnapshots = new CopyOnWriteArrayList<>();
    private volatile boolean holdSnapshots;

    private KrakenStreamStub() {
        server = WebSocketStubServer.start("Kraken stream stub", PATH, Endpoint::new);
        listed.add("BTC/USD");
    }

    public static KrakenStreamStub start() {
        return new KrakenStreamStub();
    }

    public String wsUrl() {
        return server.wsUrl();
    }

    // ---------------------------------------------------------------- test controls

    /** Trades as the trade channel's update carries them: {trade_id, price, qty, side, ord_type, timestamp}. */
    public void pushTrades(String symbol, List<List<String>> trades) {
        ObjectNode push = JSON.createObjectNode().put("channel", "trade").put("type", "update");
        ArrayNode data = push.putArray("data");
        for (List<String> t : trades) {
            data.addObject().put("symbol", symbol).put("side", t.get(3)).put("price", new BigDecimal(t.get(1)))
                    .put("qty", new BigDecimal(t.get(2))).put("ord_type", t.get(4)).put("trade_id", Long.parseLong(t.get(0)))
                    .put("timestamp", t.get(5));
        }
        push("trade", symbol, push.toString());
    }

    /** An update applied to the stub's book and sent with its checksum; a quantity of "0" removes a level. */
    public void pushUpdate(String symbol, List<List<String>> asks, List<List<String>> bids, Instant at) {
        Book book = book(symbol);
        synchronized (book) {
            book.apply(asks, bids);
            push("book", symbol, bookMessage("update", symbol, asks, bids, book.checksum(), at));
        }
    }

    /** An update lost on the way: the stub's book changes, the bridge hears nothing of it. */
    public void loseUpdate(String symbol, List<List<String>> asks, List<List<String>> bids) {
        Book book = book(symbol);
        synchronized (book) {
            book.apply(asks, bids);
        }
    }

    /** An update whose checksum does not match the book it leaves. */
    public void pushBadChecksum(String symbol, Instant at) {
        Book book = book(symbol);
        synchronized (book) {
            List<List<String>> asks = List.of(List.of("45286.4", "2.00000000"));
            book.apply(asks, List.of());
            push("book", symbol, bookMessage("update", symbol, asks, List.of(), book.checksum() + 1, at));
        }
    }

    public void holdSnapshots() {
        holdSnapshots = true;
    }

    public void releaseSnapshots() {
        holdSnapshots = false;
        List<Endpoint> waiting = new ArrayList<>(heldSnapshots);
        heldSnapshots.clear();
        waiting.forEach(Endpoint::sendHeldSnapshots);
    }

    /** The open connections send nothing more, pongs and heartbeats included. */
    public void mute() {
        endpoints.mute();
    }

    /** Cuts every connection without a close handshake. */
    public void drop() {
        endpoints.drop();
    }

    public int handshakes() {
        return server.handshakes();
    }

    public long subscribed(String channel, String symbol) {
        return endpoints.stream().filter(e -> e.isOpen() && e.subscriptions.contains(channel + ":" + symbol)).count();
    }

    /** How many requests with this method named the channel and symbol. */
    public long requests(String method, String channel, String symbol) {
        long count = 0;
        for (String text : received) {
            JsonNode request = parse(text);
            if (request != null && request.path("method").asText().equals(method)
                    && request.path("params").path("channel").asText().equals(channel)) {
                for (JsonNode s : request.path("params").path("symbol")) {
                    if (s.asText().equals(symbol)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /** The last subscribe request for the channel, as the bridge sent it. */
    public JsonNode lastSubscribe(String channel) {
        JsonNode last = null;
        for (String text : received) {
            JsonNode request = parse(text);
            if (request != null && request.path("method").asText().equals("subscribe")
                    && request.path("params").path("channel").asText().equals(channel)) {
                last = request;
            }
        }
        return last;
    }

    public long pings() {
        return received.stream().map(KrakenStreamStub::parse)
                .filter(r -> r != null && r.path("method").asText().equals("ping")).count();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---------------------------------------------------------------- messages

    private Book book(String symbol) {
        return books.computeIfAbsent(symbol, s -> new Book());
    }

    private void push(String channel, String symbol, String message) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.subscriptions.contains(channel + ":" + symbol)) {
                endpoint.send(message);
            }
        }
    }

    /** The ticker reference's snapshot example, for the pair asked. */
    private static String tickerSnapshot(String symbol) {
        ObjectNode push = JSON.createObjectNode().put("channel", "ticker").put("type", "snapshot");
        push.putArray("data").addObject().put("symbol", symbol).put("bid", new BigDecimal("0.10025"))
                .put("bid_qty", new BigDecimal("740.0")).put("ask", new BigDecimal("0.10036"))
                .put("ask_qty", new BigDecimal("1361.44813783")).put("last", new BigDecimal("0.10035"))
                .put("volume", new BigDecimal("997038.98383185")).put("vwap", new BigDecimal("0.10148"))
                .put("low", new BigDecimal("0.09979")).put("high", new BigDecimal("0.10285"))
                .put("change", new BigDecimal("-0.00017")).put("change_pct", new BigDecimal("-0.17"));
        return push.toString();
    }

    private String snapshot(String symbol) {
        Book book = book(symbol);
        synchronized (book) {
            List<List<String>> asks = new ArrayList<>();
            book.asks.values().forEach(level -> asks.add(List.of(level)));
            List<List<String>> bids = new ArrayList<>();
            book.bids.values().forEach(level -> bids.add(List.of(level)));
            return bookMessage("snapshot", symbol, asks, bids, book.checksum(), Instant.now());
        }
    }

    private static String bookMessage(String type, String symbol, List<List<String>> asks, List<List<String>> bids,
                                      long checksum, Instant at) {
        ObjectNode push = JSON.createObjectNode().put("channel", "book").put("type", type);
        ObjectNode data = push.putArray("data").addObject().put("symbol", symbol);
        levels(data.putArray("bids"), bids);
        levels(data.putArray("asks"), asks);
        data.put("checksum", checksum).put("timestamp", at.toString());
        return push.toString();
    }

    private static void levels(ArrayNode side, List<List<String>> levels) {
        levels.forEach(level -> side.addObject().put("price", new BigDecimal(level.get(0))).put("qty", new BigDecimal(level.get(1))));
    }

    public final class Endpoint extends StubSocket implements Session.Listener.AutoDemanding {

        private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
        private final List<String> heldFor = new CopyOnWriteArrayList<>();

        Endpoint() {
            super(endpoints);
        }

        @Override
        protected void opened() {
            ObjectNode status = JSON.createObjectNode().put("channel", "status").put("type", "update");
            status.putArray("data").addObject().put("api_version", "v2").put("connection_id", new java.math.BigInteger("12393906104898154338"))
                    .put("system", "online").put("version", "2.0.0");
            send(status.toString());
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(text);
            JsonNode request = parse(text);
            if (request == null) {
                return;
            }
            String method = request.path("method").asText();
            if (method.equals("ping")) {
                ObjectNode pong = answer("pong", request);
                send(pong.toString());
                return;
            }
            if (!Set.of("subscribe", "unsubscribe").contains(method)) {
                return;
            }
            String channel = request.path("params").path("channel").asText();
            for (JsonNode s : request.path("params").path("symbol")) {
                String symbol = s.asText();
                if (!listed.contains(symbol)) {
                    ObjectNode error = answer(method, request).put("success", false)
                            .put("error", "Currency pair not supported " + symbol).put("symbol", symbol);
                    send(error.toString());
                    continue;
                }
                ObjectNode ack = answer(method, request);
                ObjectNode result = ack.putObject("result").put("channel", channel);
                if (channel.equals("book")) {
                    result.put("depth", request.path("params").path("depth").asInt(10));
                }
                result.put("snapshot", true).put("symbol", symbol);
                ack.put("success", true);
                send(ack.toString());
                if (method.equals("unsubscribe")) {
                    subscriptions.remove(channel + ":" + symbol);
                    continue;
                }
                subscriptions.add(channel + ":" + symbol);
                if (channel.equals("book") || channel.equals("ticker")) {
                    if (holdSnapshots) {
                        heldFor.add(channel + ":" + symbol);
                        heldSnapshots.add(this);
                    } else {
                        sendSnapshot(channel, symbol);
                    }
                }
            }
        }

        private ObjectNode answer(String method, JsonNode request) {
            ObjectNode answer = JSON.createObjectNode().put("method", method);
            if (request.has("req_id")) {
                answer.set("req_id", request.get("req_id"));
            }
            String now = Instant.now().toString();
            return answer.put("time_in", now).put("time_out", now);
        }

        private void sendSnapshot(String channel, String symbol) {
            send(channel.equals("book") ? snapshot(symbol) : tickerSnapshot(symbol));
        }

        void sendHeldSnapshots() {
            for (String held : heldFor) {
                int colon = held.indexOf(':');
                sendSnapshot(held.substring(0, colon), held.substring(colon + 1));
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
