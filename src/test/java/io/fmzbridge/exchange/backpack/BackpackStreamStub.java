package io.fmzbridge.exchange.backpack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.stub.StubSocket;
import io.fmzbridge.stub.StubSockets;
import io.fmzbridge.stub.WebSocketStubServer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Backpack's public streams as its API docs ("Streams") show them: {@code {"method":"SUBSCRIBE",
 * "params":[…],"id"}} subscribes the named streams; each event comes as {@code {"stream","data"}}
 * with its fields under Backpack's one-letter names and its times in microseconds. Nothing is sent
 * on a subscription until the test pushes an event; WebSocket pings are answered with pongs (Jetty).
 *
 * <p>Test controls: push events; mute the open connections; drop them without a close handshake.
 */
public final class BackpackStreamStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocketStubServer server;
    private final StubSockets<Endpoint> endpoints = new StubSockets<>();
    private final List<String> received = new CopyOnWriteArrayList<>();

    private BackpackStreamStub() {
        server = WebSocketStubServer.start("Backpack stream stub", "/", Endpoint::new);
    }

    public static BackpackStreamStub start() {
        return new BackpackStreamStub();
    }

    public String wsUrl() {
        return server.wsUrl();
    }

    /** A depth event: asks and bids as {price, quantity}, "0" removing the level; E and T in µs. */
    public void pushDepth(String symbol, long firstId, long lastId, List<List<String>> asks, List<List<String>> bids,
                          long micros) {
        ObjectNode data = JSON.createObjectNode().put("e", "depth").put("E", micros).put("s", symbol);
        data.set("a", JSON.valueToTree(asks));
        data.set("b", JSON.valueToTree(bids));
        data.put("U", firstId).put("u", lastId).put("T", micros - 3);
        push("depth." + symbol, data);
    }

    public void pushBookTicker(String symbol, String ask, String askQty, String bid, String bidQty, long micros) {
        push("bookTicker." + symbol, JSON.createObjectNode().put("e", "bookTicker").put("E", micros).put("s", symbol)
                .put("a", ask).put("A", askQty).put("b", bid).put("B", bidQty).put("u", "111063070").put("T", micros - 3));
    }

    public void pushTicker(String symbol, long micros) {
        push("ticker." + symbol, JSON.createObjectNode().put("e", "ticker").put("E", micros).put("s", symbol)
                .put("o", "18.75").put("c", "19.24").put("h", "19.80").put("l", "18.50").put("v", "32123")
                .put("V", "928190").put("n", 93828));
    }

    /** A trade event: {t, p, q, m, T (µs)}. */
    public void pushTrade(String symbol, long id, String price, String quantity, boolean buyerMaker, long micros) {
        push("trade." + symbol, JSON.createObjectNode().put("e", "trade").put("E", micros).put("s", symbol)
                .put("p", price).put("q", quantity).put("b", "111063114377265150").put("a", "111063114585735170")
                .put("t", id).put("T", micros - 3).put("m", buyerMaker));
    }

    /** The open connections send nothing more: a half-open connection (pongs still come from Jetty). */
    public void mute() {
        endpoints.mute();
    }

    public void drop() {
        endpoints.drop();
    }

    public int handshakes() {
        return server.handshakes();
    }

    /** Open connections subscribed to the stream. */
    public long subscribed(String stream) {
        return endpoints.stream().filter(e -> e.isOpen() && e.streams.contains(stream)).count();
    }

    @Override
    public void close() {
        server.close();
    }

    private void push(String stream, ObjectNode data) {
        ObjectNode message = JSON.createObjectNode().put("stream", stream);
        message.set("data", data);
        for (Endpoint endpoint : endpoints) {
            if (endpoint.streams.contains(stream)) {
                endpoint.send(message.toString());
            }
        }
    }

    public final class Endpoint extends StubSocket implements Session.Listener.AutoDemanding {

        private final Set<String> streams = ConcurrentHashMap.newKeySet();

        Endpoint() {
            super(endpoints);
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(text);
            JsonNode request;
            try {
                request = JSON.readTree(text);
            } catch (Exception e) {
                return;
            }
            String method = request.path("method").asText();
            for (JsonNode stream : request.path("params")) {
                if (method.equals("SUBSCRIBE")) {
                    streams.add(stream.asText());
                } else if (method.equals("UNSUBSCRIBE")) {
                    streams.remove(stream.asText());
                }
            }
        }
    }
}
