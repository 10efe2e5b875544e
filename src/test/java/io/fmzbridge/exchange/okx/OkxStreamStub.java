package io.fmzbridge.exchange.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.stub.StubSocket;
import io.fmzbridge.stub.StubSockets;
import io.fmzbridge.stub.WebSocketStubServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
 * OKX's public WebSocket ({@code /ws/v5/public}) as docs-v5 shows it: {@code {"id","op":"subscribe",
 * "args":[{"channel","instId"}]}} is acknowledged per argument with {@code {"id","event":"subscribe",
 * "arg","connId"}}, or refused with the documented failure {@code {"id","event":"error","code":"60012",
 * "msg":"Invalid request: …","connId"}} for an instrument it does not list; "ping" is answered "pong".
 * A {@code books} subscription starts with a snapshot (the documented example's levels,
 * {@code prevSeqId} -1), {@code tickers} with the documented ticker; increments and trades come when
 * the test pushes them. Each instrument's book is kept here as OKX keeps it, with its seqId, so every
 * increment follows the last (unless the test asks for a gap) and, when asked, carries the CRC32
 * checksum of the best 25 levels computed here on the stub's own book.
 *
 * <p>Test controls: hold back what a new subscription starts with (the book snapshot, the first
 * ticker), mute the open connections (nothing at all is sent, pongs included: a half-open
 * connection), drop them without a close handshake.
 */
public final class OkxStreamStub implements AutoCloseable {

    static final String PATH = "/ws/v5/public";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The documented snapshot example's levels: price, size, deprecated "0", order count. */
    static final List<List<String>> SNAPSHOT_ASKS = List.of(
            List.of("8476.98", "415", "0", "13"), List.of("8477", "7", "0", "2"), List.of("8477.34", "85", "0", "1"),
            List.of("8477.56", "1", "0", "1"), List.of("8505.84", "8", "0", "1"), List.of("8506.37", "85", "0", "1"),
            List.of("8506.49", "2", "0", "1"), List.of("8506.96", "100", "0", "2"));
    static final List<List<String>> SNAPSHOT_BIDS = List.of(
            List.of("8476.97", "256", "0", "12"), List.of("8475.55", "101", "0", "1"), List.of("8475.54", "100", "0", "1"),
            List.of("8475.3", "1", "0", "1"), List.of("8447.32", "6", "0", "1"), List.of("8447.02", "246", "0", "1"),
            List.of("8446.83", "24", "0", "1"), List.of("8446", "95", "0", "3"));
    static final long FIRST_SEQ_ID = 123456;

    /** One instrument's book as the stub's OKX keeps it. */
    private static final class Book {
        final NavigableMap<BigDecimal, List<String>> asks = new TreeMap<>();
        final NavigableMap<BigDecimal, List<String>> bids = new TreeMap<>(Comparator.reverseOrder());
        long seqId = FIRST_SEQ_ID;

        Book() {
            SNAPSHOT_ASKS.forEach(level -> asks.put(new BigDecimal(level.get(0)), level));
            SNAPSHOT_BIDS.forEach(level -> bids.put(new BigDecimal(level.get(0)), level));
        }

        void apply(List<List<String>> changedAsks, List<List<String>> changedBids) {
            put(asks, changedAsks);
            put(bids, changedBids);
        }

        private static void put(NavigableMap<BigDecimal, List<String>> side, List<List<String>> levels) {
            for (List<String> level : levels) {
                if (new BigDecimal(level.get(1)).signum() == 0) {
                    side.remove(new BigDecimal(level.get(0)));
                } else {
                    side.put(new BigDecimal(level.get(0)), level);
                }
            }
        }

        /** docs-v5 Checksum: best 25 of each side, bid then ask, "price:size" joined by colons, CRC32 as a signed int. */
        int checksum() {
            List<List<String>> b = new ArrayList<>(bids.values());
            List<List<String>> a = new ArrayList<>(asks.values());
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                if (i < b.size()) {
                    parts.add(b.get(i).get(0) + ":" + b.get(i).get(1));
                }
                if (i < a.size()) {
                    parts.add(a.get(i).get(0) + ":" + a.get(i).get(1));
                }
            }
            CRC32 crc = new CRC32();
            crc.update(String.join(":", parts).getBytes(StandardCharsets.UTF_8));
            return (int) crc.getValue();
        }
    }

    private final WebSocketStubServer server;
    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    private final Map<String, Book> books = new ConcurrentHashMap<>();
    private final StubSockets<Endpoint> endpoints = new StubSockets<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Endpoint> heldSnapshots = new CopyOnWriteArrayList<>();
    private volatile boolean holdSnapshots;
    private volatile boolean checksums;

    private OkxStreamStub() {
        server = WebSocketStubServer.start("OKX stream stub", PATH, Endpoint::new);
        listed.add("BTC-USDT");
    }

    public static OkxStreamStub start() {
        return new OkxStreamStub();
    }

    public String wsUrl() {
        return server.wsUrl();
    }

    // ---------------------------------------------------------------- test controls

    /** OKX lists this instrument too: its channels can be subscribed (only BTC-USDT is, at first). */
    public void list(String instId) {
        listed.add(instId);
    }

    /** The documented ticker push for the instrument, with {@code ts} as its time. */
    public void pushTicker(String instId, long ts) {
        push("tickers", instId, tickerPush(instId, ts));
    }

    /** Trades as the documented trades push carries them: {tradeId, px, sz, side, ts}, one message. */
    public void pushTrades(String instId, List<List<String>> trades) {
        ObjectNode push = message("trades", instId);
        ArrayNode data = push.putArray("data");
        for (List<String> t : trades) {
            data.addObject().put("instId", instId).put("tradeId", t.get(0)).put("px", t.get(1)).put("sz", t.get(2))
                    .put("side", t.get(3)).put("ts", t.get(4)).put("count", "1").put("source", "0").put("seqId", 1234);
        }
        push("trades", instId, push.toString());
    }

    /** An increment that follows the last seqId; levels are {price, size, "0", orders}, size "0" deletes. */
    public void pushUpdate(String instId, List<List<String>> asks, List<List<String>> bids, long ts) {
        Book book = book(instId);
        synchronized (book) {
            long prev = book.seqId;
            book.apply(asks, bids);
            book.seqId += 3;
            push("books", instId, update(instId, asks, bids, prev, book.seqId, checksums ? book.checksum() : 0, ts));
        }
    }

    /** An increment whose prevSeqId is not the last seqId: a message was lost on the way. */
    public void pushGap(String instId, long ts) {
        Book book = book(instId);
        synchronized (book) {
            long prev = book.seqId + 5;
            book.seqId += 10;
            push("books", instId, update(instId, List.of(), List.of(List.of("8476.5", "1", "0", "1")), prev, book.seqId, 0, ts));
            book.apply(List.of(), List.of(List.of("8476.5", "1", "0", "1")));
        }
    }

    /** An increment that follows the last seqId but carries a checksum that does not match the book. */
    public void pushBadChecksum(String instId, long ts) {
        Book book = book(instId);
        synchronized (book) {
            long prev = book.seqId;
            List<List<String>> asks = List.of(List.of("8477", "6", "0", "2"));
            book.apply(asks, List.of());
            book.seqId += 1;
            push("books", instId, update(instId, asks, List.of(), prev, book.seqId, book.checksum() + 1, ts));
        }
    }

    /** From now on increments carry the checksum of the stub's book (OKX has fixed it to 0 since). */
    public void sendChecksums(boolean on) {
        checksums = on;
    }

    /** What new subscriptions start with (a book's snapshot, the first ticker) waits until released. */
    public void holdSnapshots() {
        holdSnapshots = true;
    }

    public void releaseSnapshots() {
        holdSnapshots = false;
        List<Endpoint> waiting = new ArrayList<>(heldSnapshots);
        heldSnapshots.clear();
        waiting.forEach(Endpoint::sendHeldSnapshots);
    }

    /** The open connections send nothing more, not even "pong"; connections opened later are not muted. */
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

    /** Open connections subscribed to the channel of the instrument. */
    public long subscribed(String channel, String instId) {
        return endpoints.stream().filter(e -> e.isOpen() && e.subscriptions.contains(channel + ":" + instId)).count();
    }

    /** How many times a request with this op named the channel of the instrument. */
    public long requests(String op, String channel, String instId) {
        long count = 0;
        for (String text : received) {
            JsonNode request = parse(text);
            if (request != null && request.path("op").asText().equals(op)) {
                for (JsonNode arg : request.path("args")) {
                    if (arg.path("channel").asText().equals(channel) && arg.path("instId").asText().equals(instId)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    public long pings() {
        return received.stream().filter("ping"::equals).count();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---------------------------------------------------------------- messages

    private Book book(String instId) {
        return books.computeIfAbsent(instId, id -> new Book());
    }

    private void push(String channel, String instId, String message) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.subscriptions.contains(channel + ":" + instId)) {
                endpoint.send(message);
            }
        }
    }

    private static ObjectNode message(String channel, String instId) {
        ObjectNode message = JSON.createObjectNode();
        message.putObject("arg").put("channel", channel).put("instId", instId);
        return message;
    }

    /** docs-v5 tickers push example, for the instrument and time asked. */
    private static String tickerPush(String instId, long ts) {
        ObjectNode push = message("tickers", instId);
        push.putArray("data").addObject().put("instType", "SPOT").put("instId", instId).put("last", "9999.99")
                .put("lastSz", "0.1").put("askPx", "9999.99").put("askSz", "11").put("bidPx", "8888.88").put("bidSz", "5")
                .put("open24h", "9000").put("high24h", "10000").put("low24h", "8888.88").put("volCcy24h", "2222")
                .put("vol24h", "2222").put("sodUtc0", "2222").put("sodUtc8", "2222").put("ts", String.valueOf(ts));
        return push.toString();
    }

    private String snapshot(String instId) {
        Book book = book(instId);
        synchronized (book) {
            ObjectNode push = message("books", instId);
            push.put("action", "snapshot");
            ObjectNode data = push.putArray("data").addObject();
            ArrayNode asks = data.putArray("asks");
            book.asks.values().forEach(level -> asks.add(JSON.valueToTree(level)));
            ArrayNode bids = data.putArray("bids");
            book.bids.values().forEach(level -> bids.add(JSON.valueToTree(level)));
            data.put("ts", String.valueOf(System.currentTimeMillis())).put("checksum", checksums ? book.checksum() : 0)
                    .put("prevSeqId", -1).put("seqId", book.seqId);
            return push.toString();
        }
    }

    private static String update(String instId, List<List<String>> asks, List<List<String>> bids, long prev, long seq,
                                 int checksum, long ts) {
        ObjectNode push = message("books", instId);
        push.put("action", "update");
        ObjectNode data = push.putArray("data").addObject();
        data.set("asks", JSON.valueToTree(asks));
        data.set("bids", JSON.valueToTree(bids));
        data.put("ts", String.valueOf(ts)).put("checksum", checksum).put("prevSeqId", prev).put("seqId", seq);
        return push.toString();
    }

    public final class Endpoint extends StubSocket implements Session.Listener.AutoDemanding {

        private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
        private final List<String> heldFor = new CopyOnWriteArrayList<>();
        private final String connId = Integer.toHexString(System.identityHashCode(this));

        Endpoint() {
            super(endpoints);
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(text);
            if (text.equals("ping")) {
                send("pong");
                return;
            }
            JsonNode request = parse(text);
            if (request == null || !request.path("args").isArray()) {
                send(error(request == null ? null : request.path("id").asText(null), text));
                return;
            }
            String id = request.path("id").asText(null);
            String op = request.path("op").asText();
            for (JsonNode arg : request.path("args")) {
                String channel = arg.path("channel").asText();
                String instId = arg.path("instId").asText();
                if (!Set.of("subscribe", "unsubscribe").contains(op) || !Set.of("tickers", "books", "trades").contains(channel)
                        || !listed.contains(instId)) {
                    send(error(id, text));
                    return;
                }
                ObjectNode answer = JSON.createObjectNode();
                if (id != null) {
                    answer.put("id", id);
                }
                answer.put("event", op);
                answer.putObject("arg").put("channel", channel).put("instId", instId);
                answer.put("connId", connId);
                send(answer.toString());
                if (op.equals("unsubscribe")) {
                    subscriptions.remove(channel + ":" + instId);
                    continue;
                }
                subscriptions.add(channel + ":" + instId);
                if (channel.equals("books")) {
                    if (holdSnapshots) {
                        heldFor.add(instId);
                        heldSnapshots.add(this);
                    } else {
                        send(snapshot(instId));
                    }
                } else if (channel.equals("tickers")) {
                    if (holdSnapshots) {
                        heldFor.add("tickers:" + instId);
                        heldSnapshots.add(this);
                    } else {
                        send(tickerPush(instId, System.currentTimeMillis()));
                    }
                }
            }
        }

        void sendHeldSnapshots() {
            for (String held : heldFor) {
                send(held.startsWith("tickers:") ? tickerPush(held.substring("tickers:".length()), System.currentTimeMillis())
                        : snapshot(held));
            }
            heldFor.clear();
        }

        private String error(String id, String request) {
            ObjectNode error = JSON.createObjectNode();
            if (id != null) {
                error.put("id", id);
            }
            return error.put("event", "error").put("code", "60012").put("msg", "Invalid request: " + request)
                    .put("connId", connId).toString();
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
