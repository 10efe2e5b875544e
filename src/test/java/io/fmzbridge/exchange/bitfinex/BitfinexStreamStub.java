package io.fmzbridge.exchange.bitfinex;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Bitfinex's public WebSocket v2 ({@code /ws/2}) as docs.bitfinex.com's "General", "Ticker", "Trades",
 * "Books" and "WebSocket Checksum" pages show it, written from those pages independently of the bridge:
 * an {@code info} event with the version and platform status on connecting; {@code conf} flags per
 * connection (TIMESTAMP 32768 appends each message's time in ms, OB_CHECKSUM 131072 sends
 * {@code [CHAN_ID,"cs",CHECKSUM]} after every book change); {@code {"event":"subscribe","channel","symbol"}}
 * answered {@code {"event":"subscribed","channel","chanId","symbol","pair"}} with a channel id new on
 * every subscription (so ids differ after a reconnect), or {@code {"event":"error","msg","code"}} (10300
 * for a symbol it does not list, 10301 already subscribed, 10302 unknown channel, 10011/10012 a book
 * precision or length it does not know, 10305 past 30 channels); {@code {"event":"unsubscribe","chanId"}}
 * answered {@code {"event":"unsubscribed","status":"OK","chanId"}} or error 10401; {@code {"event":"ping",
 * "cid"}} answered {@code {"event":"pong","ts","cid"}}.
 *
 * <p>A subscription starts with a snapshot: the ticker's ten fields (the documented example), the
 * recent trades (newest first), the book's levels. The stub keeps each book as Bitfinex does and
 * computes every checksum itself: the best 25 bids and asks alternately, {@code price:amount} joined
 * by colons, CRC32 as a signed integer.
 *
 * <p>Test controls: hold back what a subscription starts with, lose a book update on the way (the next
 * checksum then no longer matches the bridge's book), send a wrong checksum, send an info code, mute
 * the connections (pongs included), drop them without a close handshake.
 */
public final class BitfinexStreamStub implements AutoCloseable {

    static final String PATH = "/ws/2";
    static final int OB_CHECKSUM = 131072;
    static final int TIMESTAMP = 32768;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** The Ticker page's example: BID, BID_SIZE, ASK, ASK_SIZE, DAILY_CHANGE, DAILY_CHANGE_RELATIVE, LAST_PRICE, VOLUME, HIGH, LOW. */
    static final String TICKER = "[7616.5,31.89055171,7617.5,43.358118629999986,-550.8,-0.0674,7617.1,8314.71200815,8257.8,7500]";
    /** Recent trades [ID, MTS, AMOUNT, PRICE], newest first; the oldest is the Trades page's example. */
    static final String TRADES = "[[401597395,1574694478808,0.005,7245.3],[401597394,1574694477000,-0.01,7245.1],"
            + "[401597393,1574694475039,0.005,7244.9]]";
    /** [PRICE, COUNT, AMOUNT]: bids with positive amounts, asks with negative ones (the Books page's first level). */
    static final List<String> LEVELS = List.of("7254.7,3,3.3", "7254.6,2,1.5", "7254.5,1,0.25",
            "7254.8,1,-0.5", "7255,2,-2.25", "7255.1,1,-1.2");

    /** One pair's P0 book as the stub's Bitfinex keeps it: price → [PRICE, COUNT, AMOUNT]. */
    private static final class Book {
        final NavigableMap<BigDecimal, BigDecimal[]> bids = new TreeMap<>(Comparator.reverseOrder());
        final NavigableMap<BigDecimal, BigDecimal[]> asks = new TreeMap<>();

        Book() {
            LEVELS.forEach(level -> apply(level.split(",")));
        }

        /** The Books page's rules: COUNT > 0 sets the level on AMOUNT's side; COUNT 0 removes it (AMOUNT 1 bids, -1 asks). */
        void apply(String... level) {
            BigDecimal price = new BigDecimal(level[0]);
            BigDecimal count = new BigDecimal(level[1]);
            BigDecimal amount = new BigDecimal(level[2]);
            NavigableMap<BigDecimal, BigDecimal[]> side = amount.signum() > 0 ? bids : asks;
            if (count.signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, new BigDecimal[] {price, count, amount});
            }
        }

        ArrayNode levels() {
            ArrayNode levels = JSON.createArrayNode();
            bids.values().forEach(level -> levels.add(row(level)));
            asks.values().forEach(level -> levels.add(row(level)));
            return levels;
        }

        /** "WebSocket Checksum", step by step: 25 bids and 25 asks alternately, price:amount, CRC32 as a signed int. */
        int checksum() {
            List<BigDecimal[]> b = new ArrayList<>(bids.values());
            List<BigDecimal[]> a = new ArrayList<>(asks.values());
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                if (i < b.size()) {
                    parts.add(plain(b.get(i)[0]) + ":" + plain(b.get(i)[2]));
                }
                if (i < a.size()) {
                    parts.add(plain(a.get(i)[0]) + ":" + plain(a.get(i)[2]));
                }
            }
            CRC32 crc = new CRC32();
            crc.update(String.join(":", parts).getBytes(StandardCharsets.UTF_8));
            return (int) crc.getValue();
        }

        /** The stub's numbers are all plain decimals, which JavaScript prints without trailing zeros. */
        private static String plain(BigDecimal number) {
            return number.stripTrailingZeros().toPlainString();
        }

        private static ArrayNode row(BigDecimal[] level) {
            return JSON.createArrayNode().add(level[0]).add(level[1].intValueExact()).add(level[2]);
        }
    }

    private final WebSocketStubServer server;
    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    private final Map<String, Book> books = new ConcurrentHashMap<>();
    private final StubSockets<Endpoint> endpoints = new StubSockets<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicLong chanIds = new AtomicLong(17000);
    private final List<Endpoint> heldSnapshots = new CopyOnWriteArrayList<>();
    private volatile boolean holdSnapshots;

    private BitfinexStreamStub() {
        server = WebSocketStubServer.start("Bitfinex stream stub", PATH, Endpoint::new);
        listed.add("tBTCUST");
    }

    public static BitfinexStreamStub start() {
        return new BitfinexStreamStub();
    }

    public String wsUrl() {
        return server.wsUrl();
    }

    // ---------------------------------------------------------------- test controls

    /** A ticker update: the documented ten fields, at {@code mts}. */
    public void pushTicker(String symbol, long mts) {
        for (Endpoint endpoint : endpoints) {
            endpoint.push("ticker", symbol, JSON.createArrayNode().add(readTree(TICKER)), mts);
        }
    }

    /** A trade as the Trades page shows it: "te" at once, then "tu" with the same trade once recorded. */
    public void pushTrade(String symbol, long id, long mts, String amount, String price) {
        ArrayNode trade = JSON.createArrayNode().add(id).add(mts).add(new BigDecimal(amount)).add(new BigDecimal(price));
        for (Endpoint endpoint : endpoints) {
            endpoint.push("trades", symbol, JSON.createArrayNode().add("te").add(trade), mts);
            endpoint.push("trades", symbol, JSON.createArrayNode().add("tu").add(trade), mts);
        }
    }

    /** One book level changes ([PRICE, COUNT, AMOUNT]); each connection with checksums on gets the checksum after. */
    public void pushBookUpdate(String symbol, String price, int count, String amount, long mts) {
        Book book = book(symbol);
        synchronized (book) {
            book.apply(price, String.valueOf(count), amount);
            ArrayNode level = JSON.createArrayNode().add(new BigDecimal(price)).add(count).add(new BigDecimal(amount));
            for (Endpoint endpoint : endpoints) {
                endpoint.push("book", symbol, JSON.createArrayNode().add(level), mts);
                endpoint.pushChecksum(symbol, book.checksum(), mts);
            }
        }
    }

    /** A level changes in the stub's book but its update is lost on the way: the next checksum shows it. */
    public void loseBookUpdate(String symbol, String price, int count, String amount) {
        Book book = book(symbol);
        synchronized (book) {
            book.apply(price, String.valueOf(count), amount);
        }
    }

    /** A checksum that does not match the stub's own book. */
    public void pushBadChecksum(String symbol, long mts) {
        Book book = book(symbol);
        synchronized (book) {
            for (Endpoint endpoint : endpoints) {
                endpoint.pushChecksum(symbol, book.checksum() + 1, mts);
            }
        }
    }

    /** {@code {"event":"info","code","msg"}} to every connection (20051: the server restarts, please reconnect). */
    public void sendInfo(int code, String msg) {
        String info = JSON.createObjectNode().put("event", "info").put("code", code).put("msg", msg).toString();
        endpoints.forEach(endpoint -> endpoint.send(info));
    }

    /** {@code [CHAN_ID, "hb"]} on every channel, as Bitfinex sends on a channel quiet for 15 s. */
    public void heartbeat() {
        endpoints.forEach(Endpoint::heartbeat);
    }

    /** What new subscriptions start with (snapshots) waits until released. */
    public void holdSnapshots() {
        holdSnapshots = true;
    }

    public void releaseSnapshots() {
        holdSnapshots = false;
        List<Endpoint> waiting = new ArrayList<>(heldSnapshots);
        heldSnapshots.clear();
        waiting.forEach(Endpoint::sendHeldSnapshots);
    }

    /** The open connections send nothing more, not even pongs; connections opened later are not muted. */
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

    /** Open connections subscribed to the channel of the symbol. */
    public long subscribed(String channel, String symbol) {
        return endpoints.stream().filter(e -> e.isOpen() && e.chanId(channel, symbol) != null).count();
    }

    /** The channel ids the channel of the symbol has on the open connections. */
    public List<Long> chanIds(String channel, String symbol) {
        List<Long> ids = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            Long id = endpoint.chanId(channel, symbol);
            if (id != null && endpoint.isOpen()) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** How many subscribe requests named the channel of the symbol. */
    public long subscribes(String channel, String symbol) {
        return received.stream().map(BitfinexStreamStub::parse).filter(r -> r != null
                && r.path("event").asText().equals("subscribe") && r.path("channel").asText().equals(channel)
                && r.path("symbol").asText().equals(symbol)).count();
    }

    /** How many unsubscribe requests came. */
    public long unsubscribes() {
        return received.stream().map(BitfinexStreamStub::parse)
                .filter(r -> r != null && r.path("event").asText().equals("unsubscribe")).count();
    }

    /** The conf flags each request set, in order. */
    public List<Integer> confFlags() {
        return received.stream().map(BitfinexStreamStub::parse)
                .filter(r -> r != null && r.path("event").asText().equals("conf")).map(r -> r.path("flags").asInt()).toList();
    }

    public long pings() {
        return received.stream().map(BitfinexStreamStub::parse)
                .filter(r -> r != null && r.path("event").asText().equals("ping")).count();
    }

    @Override
    public void close() {
        server.close();
    }

    private Book book(String symbol) {
        return books.computeIfAbsent(symbol, s -> new Book());
    }

    public final class Endpoint extends StubSocket implements Session.Listener.AutoDemanding {

        /** "channel:symbol" → chanId on this connection. */
        private final Map<String, Long> channels = new ConcurrentHashMap<>();
        private final List<String> heldFor = new CopyOnWriteArrayList<>();
        private volatile int flags;

        Endpoint() {
            super(endpoints);
        }

        @Override
        protected void opened() {
            ObjectNode info = JSON.createObjectNode().put("event", "info").put("version", 2);
            info.putObject("platform").put("status", 1);
            send(info.toString());
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(text);
            JsonNode request = parse(text);
            if (request == null || !request.isObject()) {
                send(error(10000, "Unknown event"));
                return;
            }
            switch (request.path("event").asText()) {
                case "ping" -> send(JSON.createObjectNode().put("event", "pong").put("ts", System.currentTimeMillis())
                        .set("cid", request.path("cid")).toString());
                case "conf" -> {
                    flags = request.path("flags").asInt();
                    send(JSON.createObjectNode().put("event", "conf").put("status", "OK").put("flags", flags).toString());
                }
                case "subscribe" -> subscribe(request);
                case "unsubscribe" -> unsubscribe(request);
                default -> send(error(10000, "Unknown event"));
            }
        }

        private void subscribe(JsonNode request) {
            String channel = request.path("channel").asText();
            String symbol = request.path("symbol").asText();
            if (!Set.of("ticker", "trades", "book").contains(channel)) {
                send(error(10302, "Unknown channel"));
                return;
            }
            if (!listed.contains(symbol)) {
                send(error(10300, "Subscription failed (generic)"));
                return;
            }
            if (channel.equals("book") && !Set.of("P0", "P1", "P2", "P3", "P4").contains(request.path("prec").asText("P0"))) {
                send(error(10011, "Unknown Book precision"));
                return;
            }
            if (channel.equals("book") && !Set.of("25", "100").contains(request.path("len").asText("25"))) {
                send(error(10012, "Unknown Book length"));
                return;
            }
            if (channels.containsKey(channel + ":" + symbol)) {
                send(error(10301, "Already subscribed"));
                return;
            }
            if (channels.size() >= 30) {
                send(error(10305, "Reached limit of open channels"));
                return;
            }
            long chanId = chanIds.incrementAndGet();
            ObjectNode answer = JSON.createObjectNode().put("event", "subscribed").put("channel", channel).put("chanId", chanId)
                    .put("symbol", symbol);
            if (channel.equals("book")) {
                answer.put("prec", request.path("prec").asText("P0")).put("freq", request.path("freq").asText("F0"))
                        .put("len", request.path("len").asText("25"));
            }
            answer.put("pair", symbol.substring(1));
            send(answer.toString());
            channels.put(channel + ":" + symbol, chanId);
            if (holdSnapshots) {
                heldFor.add(channel + ":" + symbol);
                heldSnapshots.add(this);
            } else {
                sendSnapshot(channel, symbol);
            }
        }

        private void unsubscribe(JsonNode request) {
            long chanId = request.path("chanId").asLong(-1);
            boolean held = channels.values().removeIf(id -> id == chanId);
            send(held ? JSON.createObjectNode().put("event", "unsubscribed").put("status", "OK").put("chanId", chanId).toString()
                    : error(10401, "Not subscribed"));
        }

        private void sendSnapshot(String channel, String symbol) {
            Long chanId = channels.get(channel + ":" + symbol);
            if (chanId == null) {
                return;
            }
            long now = System.currentTimeMillis();
            switch (channel) {
                case "ticker" -> send(message(chanId, JSON.createArrayNode().add(readTree(TICKER)), now));
                case "trades" -> send(message(chanId, JSON.createArrayNode().add(readTree(TRADES)), now));
                default -> {
                    Book book = book(symbol);
                    synchronized (book) {
                        send(message(chanId, JSON.createArrayNode().add(book.levels()), now));
                    }
                }
            }
        }

        void sendHeldSnapshots() {
            for (String held : heldFor) {
                String[] parts = held.split(":", 2);
                sendSnapshot(parts[0], parts[1]);
            }
            heldFor.clear();
        }

        Long chanId(String channel, String symbol) {
            return channels.get(channel + ":" + symbol);
        }

        void push(String channel, String symbol, ArrayNode payload, long mts) {
            Long chanId = chanId(channel, symbol);
            if (chanId != null && !heldFor.contains(channel + ":" + symbol)) {
                send(message(chanId, payload, mts));
            }
        }

        void pushChecksum(String symbol, int checksum, long mts) {
            if ((flags & OB_CHECKSUM) != 0) {
                push("book", symbol, JSON.createArrayNode().add("cs").add(checksum), mts);
            }
        }

        void heartbeat() {
            channels.values().forEach(chanId -> send(message(chanId, JSON.createArrayNode().add("hb"), System.currentTimeMillis())));
        }

        /** [CHAN_ID, …payload, MTS when the TIMESTAMP flag is on]. */
        private String message(long chanId, ArrayNode payload, long mts) {
            ArrayNode message = JSON.createArrayNode().add(chanId);
            message.addAll(payload);
            if ((flags & TIMESTAMP) != 0) {
                message.add(mts);
            }
            return message.toString();
        }

        private String error(int code, String msg) {
            return JSON.createObjectNode().put("event", "error").put("msg", msg).put("code", code).toString();
        }
    }

    private static JsonNode readTree(String text) {
        JsonNode json = parse(text);
        if (json == null) {
            throw new IllegalArgumentException(text);
        }
        return json;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
