package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.stub.StubSocket;
import io.fmzbridge.stub.StubSockets;
import io.fmzbridge.stub.WebSocketStubServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * Binance Spot's raw stream endpoint ({@code /ws}) as web-socket-streams.md shows it:
 * {@code {"method":"SUBSCRIBE","params":["btcusdt@ticker",…],"id":1}} is answered
 * {@code {"result":null,"id":1}}, or, when a stream name is not one it serves (symbols lower case,
 * {@code @ticker}, {@code @depth@100ms}, {@code @trade}), with the documented error
 * {@code {"code":2,"msg":"Invalid request: …"}} carrying the request's id. A ticker subscription gets
 * the documented 24hrTicker event at once; depth updates and trades come when the test pushes them.
 * Each symbol's depth updates carry update ids {@code U}/{@code u} that follow one another, starting
 * just below GET /api/v3/depth's documented lastUpdateId (1027024), unless the test asks for a gap.
 *
 * <p>Test controls: hold back the first ticker of new subscriptions, ping frames with a payload (the
 * pongs that come back are recorded), mute (the open connections stop reading and sending: pings go
 * unanswered), drop.
 */
public final class BinanceStreamStub implements AutoCloseable {

    static final String PATH = "/ws";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STREAM = Pattern.compile("([a-z0-9]+)@(ticker|depth@100ms|trade)");
    /** The first depth update straddles the REST book's documented lastUpdateId 1027024. */
    static final long FIRST_UPDATE_ID = 1027020;

    private final WebSocketStubServer server;
    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    private final StubSockets<Endpoint> endpoints = new StubSockets<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> pongs = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> nextUpdateId = new ConcurrentHashMap<>();
    private volatile boolean holdFirstTickers;

    private BinanceStreamStub() {
        server = WebSocketStubServer.start("Binance stream stub", PATH, Endpoint::new);
        listed.add("btcusdt");
    }

    public static BinanceStreamStub start() {
        return new BinanceStreamStub();
    }

    public String wsUrl() {
        return server.wsUrl();
    }

    // ---------------------------------------------------------------- test controls

    /** The documented 24hrTicker event for the symbol (lower case), with {@code eventTime} as E and C. */
    public void pushTicker(String symbol, long eventTime) {
        push(symbol + "@ticker", ticker(symbol, eventTime));
    }

    /** A diff depth event following the last one; levels are {price, quantity}, quantity "0" removes. */
    public long pushDepth(String symbol, List<List<String>> bids, List<List<String>> asks, long eventTime) {
        AtomicLong next = nextUpdateId.computeIfAbsent(symbol, s -> new AtomicLong(FIRST_UPDATE_ID));
        long first = next.get();
        long last = first + 5;
        next.set(last + 1);
        push(symbol + "@depth@100ms", depth(symbol, first, last, bids, asks, eventTime));
        return last;
    }

    /** A diff depth event whose first update id skips some: events were lost on the way. */
    public long pushDepthGap(String symbol, long eventTime) {
        AtomicLong next = nextUpdateId.computeIfAbsent(symbol, s -> new AtomicLong(FIRST_UPDATE_ID));
        long first = next.get() + 10;
        long last = first + 2;
        next.set(last + 1);
        push(symbol + "@depth@100ms", depth(symbol, first, last, List.of(), List.of(), eventTime));
        return last;
    }

    /** The update id the next depth event starts with. */
    public long nextUpdateId(String symbol) {
        return nextUpdateId.computeIfAbsent(symbol, s -> new AtomicLong(FIRST_UPDATE_ID)).get();
    }

    /** Trades as the documented trade event: {t, p, q, T, m}, one event each. */
    public void pushTrades(String symbol, List<List<String>> trades) {
        for (List<String> t : trades) {
            ObjectNode event = JSON.createObjectNode().put("e", "trade").put("E", Long.parseLong(t.get(3)))
                    .put("s", symbol.toUpperCase(java.util.Locale.ROOT)).put("t", Long.parseLong(t.get(0)))
                    .put("p", t.get(1)).put("q", t.get(2)).put("T", Long.parseLong(t.get(3)))
                    .put("m", Boolean.parseBoolean(t.get(4))).put("M", true);
            push(symbol + "@trade", event.toString());
        }
    }

    /** New ticker subscriptions get no event until the test pushes one. */
    public void holdFirstTickers(boolean hold) {
        holdFirstTickers = hold;
    }

    /** A ping frame on every open connection. */
    public void ping(String payload) {
        endpoints.forEach(endpoint -> endpoint.session().sendPing(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)),
                Callback.NOOP));
    }

    /** Payloads of the pongs received, oldest first. */
    public List<String> pongs() {
        return List.copyOf(pongs);
    }

    /** The open connections read and send nothing more, so pings go unanswered; later ones are not muted. */
    public void mute() {
        endpoints.mute();
    }

    public void drop() {
        endpoints.drop();
    }

    public int handshakes() {
        return server.handshakes();
    }

    /** Open connections (a muted one reads nothing, so it cannot tell the bridge has left: it is not counted). */
    public long connections() {
        return endpoints.stream().filter(Endpoint::isLive).count();
    }

    /** Open connections subscribed to the stream. */
    public long subscribed(String stream) {
        return endpoints.stream().filter(e -> e.isLive() && e.streams.contains(stream)).count();
    }

    /** The most streams any open connection holds. */
    public int mostStreamsOnOneConnection() {
        return endpoints.stream().filter(Endpoint::isLive).mapToInt(e -> e.streams.size()).max().orElse(0);
    }

    /** How many times a request with this method named the stream. */
    public long requests(String method, String stream) {
        long count = 0;
        for (String text : received) {
            JsonNode request = parse(text);
            if (request != null && request.path("method").asText().equals(method)) {
                for (JsonNode param : request.path("params")) {
                    if (param.asText().equals(stream)) {
                        count++;
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

    private void push(String stream, String message) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.streams.contains(stream)) {
                endpoint.send(message);
            }
        }
    }

    /** web-socket-streams.md's 24hrTicker example, for the symbol and time asked. */
    private static String ticker(String symbol, long eventTime) {
        return JSON.createObjectNode().put("e", "24hrTicker").put("E", eventTime).put("s", symbol.toUpperCase(java.util.Locale.ROOT))
                .put("p", "0.0015").put("P", "250.00").put("w", "0.0018").put("x", "0.0009").put("c", "0.0025")
                .put("Q", "10").put("b", "0.0024").put("B", "10").put("a", "0.0026").put("A", "100").put("o", "0.0010")
                .put("h", "0.0025").put("l", "0.0010").put("v", "10000").put("q", "18").put("O", eventTime - 86_400_000L)
                .put("C", eventTime).put("F", 0).put("L", 18150).put("n", 18151).toString();
    }

    private static String depth(String symbol, long first, long last, List<List<String>> bids, List<List<String>> asks,
                                long eventTime) {
        ObjectNode event = JSON.createObjectNode().put("e", "depthUpdate").put("E", eventTime)
                .put("s", symbol.toUpperCase(java.util.Locale.ROOT)).put("U", first).put("u", last);
        event.set("b", JSON.valueToTree(bids));
        event.set("a", JSON.valueToTree(asks));
        return event.toString();
    }

    public final class Endpoint extends StubSocket {

        private final Set<String> streams = ConcurrentHashMap.newKeySet();

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
            String method = request == null ? "" : request.path("method").asText();
            JsonNode id = request == null ? null : request.get("id");
            if (method.equals("SUBSCRIBE") || method.equals("UNSUBSCRIBE")) {
                for (JsonNode param : request.path("params")) {
                    var name = STREAM.matcher(param.asText());
                    if (!name.matches() || !listed.contains(name.group(1))) {
                        send(error(id, "Invalid request: no stream " + param.asText()));
                        demand();
                        return;
                    }
                }
                for (JsonNode param : request.path("params")) {
                    if (method.equals("SUBSCRIBE")) {
                        streams.add(param.asText());
                    } else {
                        streams.remove(param.asText());
                    }
                }
                ObjectNode answer = JSON.createObjectNode().putNull("result");
                answer.set("id", id);
                send(answer.toString());
                if (method.equals("SUBSCRIBE") && !holdFirstTickers) {
                    for (JsonNode param : request.path("params")) {
                        if (param.asText().endsWith("@ticker")) {
                            send(ticker(param.asText().replace("@ticker", ""), System.currentTimeMillis()));
                        }
                    }
                }
            } else {
                send(error(id, "Invalid request: unknown variant " + method));
            }
            demand();
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            pongs.add(StandardCharsets.UTF_8.decode(payload).toString());
            demand();
        }

        /** Answered with a pong carrying the same payload, as RFC 6455 (and so Binance) does; not while muted. */
        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            pong(payload);
            demand();
        }

        private String error(JsonNode id, String message) {
            ObjectNode error = JSON.createObjectNode().put("code", 2).put("msg", message);
            if (id != null) {
                error.set("id", id);
            }
            return error.toString();
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
