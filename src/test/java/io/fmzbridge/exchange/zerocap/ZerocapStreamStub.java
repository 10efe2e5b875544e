package io.fmzbridge.exchange.zerocap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Zerocap's websocket ({@code wss://…/v2}) as the zerocap_api README shows it: the handshake must
 * carry {@code api-key}, {@code timestamp} (seconds) and {@code signature = hex(HMAC-SHA256(secret,
 * timestamp))} (checked with the REST stub's independent implementation), else the socket answers
 * {@code {"type":"error","error_code":"401","error_message":"Unauthorized"}} and closes. After a
 * {@code {"type":"price","symbol":"USDT/AUD"}} subscription it pushes that symbol's ladder every
 * {@code pushEveryMs}; it answers the SDK's ping with "pong".
 *
 * <p>Test controls: set a ladder, silence a symbol (the stream goes stale), drop a symbol's
 * connections (the bridge must reconnect), or refuse websocket upgrades at the HTTP level.
 */
public final class ZerocapStreamStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");

    /** One websocket handshake as it arrived; {@code accepted} says whether its signature checked out. */
    public record Handshake(String apiKey, String timestamp, String signature, boolean accepted) {}

    /** Its threads are named, so a test can tell the stub's own logging from the bridge's. */
    static final String THREAD_PREFIX = "zerocap-stub";

    private final Server server = new Server(named(new QueuedThreadPool(), THREAD_PREFIX));
    private final ServerConnector connector = new ServerConnector(server);
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, THREAD_PREFIX + "-pusher");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> accounts = new ConcurrentHashMap<>();
    /** Symbol → the ladder as JSON text ({"bids":[…],"asks":[…]}), numbers exactly as the test wrote them. */
    private final Map<String, String> ladders = new ConcurrentHashMap<>();
    /** Symbols Zerocap streams; others are answered "Price stream unavailable." */
    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    private final Set<String> silenced = ConcurrentHashMap.newKeySet();
    private final Set<String> muted = ConcurrentHashMap.newKeySet();
    private final Map<Session, String> subscribed = new ConcurrentHashMap<>();
    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile int refuseUpgradesWith;
    private volatile Clock clock = Clock.systemUTC();

    private ZerocapStreamStub(long pushEveryMs) {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container ->
                container.addMapping("/v2", (request, response, callback) -> {
                    if (refuseUpgradesWith != 0) {
                        Response.writeError(request, response, callback, refuseUpgradesWith);
                        return null;
                    }
                    String apiKey = request.getHeaders().get("api-key");
                    String timestamp = request.getHeaders().get("timestamp");
                    String signature = request.getHeaders().get("signature");
                    boolean accepted = ZerocapStub.refusal(accounts, clock, apiKey, timestamp, signature).isEmpty();
                    handshakes.add(new Handshake(apiKey, timestamp, signature, accepted));
                    return new Endpoint(accepted);
                })));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the Zerocap stream stub", e);
        }
        pusher.scheduleAtFixedRate(this::pushAll, pushEveryMs, pushEveryMs, TimeUnit.MILLISECONDS);
    }

    public static ZerocapStreamStub start(long pushEveryMs) {
        return new ZerocapStreamStub(pushEveryMs);
    }

    /** As configured in the bridge: {@code ws://127.0.0.1:<port>/v2}. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + connector.getLocalPort() + "/v2";
    }

    // ---------------------------------------------------------------- test controls

    public void addAccount(String apiKey, String secret) {
        accounts.put(apiKey, secret);
    }

    /** The ladder pushed for a symbol from now on; levels are {price, amount} plain decimals. */
    public void setLadder(String symbol, List<List<String>> bids, List<List<String>> asks) {
        ladders.put(symbol, "{\"bids\":" + levels(bids) + ",\"asks\":" + levels(asks) + "}");
        listed.add(symbol);
    }

    /** The stub's idea of now, for the handshake's timestamp check (e.g. {@code Clock.offset(...)}). */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** A symbol Zerocap accepts subscriptions for but has no price for yet. */
    public void list(String symbol) {
        listed.add(symbol);
    }

    /** Stops pushing prices for a symbol; the sockets stay open and keep answering pings. */
    public void silence(String symbol) {
        silenced.add(symbol);
    }

    public void resume(String symbol) {
        silenced.remove(symbol);
        muted.remove(symbol);
    }

    /** Stops answering anything, pings included, on the symbol's connections: a half-open connection. */
    public void mute(String symbol) {
        muted.add(symbol);
    }

    /** Cuts every connection subscribed to the symbol without a close handshake, as a network failure does. */
    public void drop(String symbol) {
        subscribed.forEach((session, subscribedTo) -> {
            if (subscribedTo.equals(symbol)) {
                session.disconnect();
            }
        });
    }

    /** Refuses websocket upgrades with this HTTP status from now on; 0 lets them through again. */
    public void refuseUpgrades(int status) {
        refuseUpgradesWith = status;
    }

    public List<Handshake> handshakes() {
        return List.copyOf(handshakes);
    }

    /** Every text message the clients sent, oldest first. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Open connections subscribed to the symbol. */
    public long connectionsFor(String symbol) {
        return subscribed.entrySet().stream().filter(e -> e.getValue().equals(symbol) && e.getKey().isOpen()).count();
    }

    public int openConnections() {
        return (int) open.stream().filter(Session::isOpen).count();
    }

    @Override
    public void close() {
        pusher.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- the socket

    private void pushAll() {
        subscribed.forEach(this::push);
    }

    private void push(Session session, String symbol) {
        String ladder = ladders.get(symbol);
        if (ladder == null || silenced.contains(symbol) || muted.contains(symbol) || !session.isOpen()) {
            return;
        }
        Instant now = Instant.now();
        String timestamp = now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000);
        String data = "{\"timestamp\":" + timestamp + ",\"symbol\":" + quote(symbol) + ",\"exchange\":\"zerocap\","
                + ladder.substring(1);
        session.sendText("{\"type\":\"price\",\"data\":" + data + "}", Callback.NOOP);
    }

    /** Public: Jetty calls the listener methods through method handles. */
    public final class Endpoint implements Session.Listener.AutoDemanding {

        private final boolean accepted;
        private Session session;

        Endpoint(boolean accepted) {
            this.accepted = accepted;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            if (!accepted) {
                session.sendText("{\"type\":\"error\",\"error_code\":\"401\",\"error_message\":\"Unauthorized\"}",
                        Callback.from(() -> session.close(1008, "Unauthorized", Callback.NOOP), failure -> session.disconnect()));
                return;
            }
            open.add(session);
            session.sendText("{\"type\":\"message\",\"message\":\"Successfully connected.\"}", Callback.NOOP);
        }

        @Override
        public void onWebSocketText(String message) {
            received.add(message);
            Optional<JsonNode> json = parse(message);
            String type = json.map(j -> j.path("type").asText("")).orElse("");
            if (type.equals("message") && json.get().path("message").asText("").equals("ping")) {
                if (muted.contains(subscribed.getOrDefault(session, ""))) {
                    return;
                }
                session.sendText("{\"type\":\"message\",\"message\":\"pong\"}", Callback.NOOP);
            } else if (type.equals("price") && json.get().path("symbol").isTextual()) {
                String symbol = json.get().path("symbol").asText();
                if (listed.contains(symbol)) {
                    subscribed.put(session, symbol);
                    session.sendText("{\"type\":\"message\",\"message\":\"price Subscription successful.\"}", Callback.NOOP);
                    push(session, symbol);
                } else {
                    session.sendText("{\"type\":\"message\",\"message\":\"Price stream unavailable.\"}", Callback.NOOP);
                }
            } else {
                session.sendText("{\"type\":\"error\",\"error_code\":\"400\",\"error_message\":\"invalid message\"}",
                        Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            forget();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            forget();
        }

        private void forget() {
            if (session != null) {
                subscribed.remove(session);
                open.remove(session);
            }
        }
    }

    private static QueuedThreadPool named(QueuedThreadPool pool, String name) {
        pool.setName(name);
        return pool;
    }

    private static Optional<JsonNode> parse(String message) {
        try {
            return Optional.ofNullable(JSON.readTree(message));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String levels(List<List<String>> levels) {
        StringBuilder json = new StringBuilder("[");
        for (List<String> level : levels) {
            for (String number : level) {
                if (!PLAIN_DECIMAL.matcher(number).matches()) {
                    throw new IllegalArgumentException("not a plain decimal: " + number);
                }
            }
            json.append(json.length() > 1 ? "," : "").append('[').append(level.get(0)).append(',').append(level.get(1)).append(']');
        }
        return json.append(']').toString();
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
