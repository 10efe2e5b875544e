package io.fmzbridge.exchange.upbitstyle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.stub.StubSocket;
import io.fmzbridge.stub.StubSockets;
import io.fmzbridge.stub.WebSocketStubServer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The dialect's public WebSocket ({@code /websocket/v1}) as Upbit's and Bithumb's WebSocket pages
 * describe it. A request is a JSON array {@code [{"ticket"},{"type","codes",…}…,{"format"}]} and
 * replaces everything the connection subscribed before. Refusals are the documented
 * {@code {"error":{"name","message"}}}: NO_TICKET, NO_TYPE, NO_CODES, WRONG_FORMAT, and
 * INVALID_PARAM for a code the exchange does not list (inferred: the pages name INVALID_PARAM for
 * "a value not supported" without saying what an unknown code gets). A refused request changes nothing.
 * A new ticker or orderbook subscription gets its snapshot ({@code stream_type} SNAPSHOT) at once,
 * a trade subscription the latest trade (again for a code a replacing request names again) unless
 * {@code is_only_realtime}; the rest comes when the
 * test pushes it. The text {@code PING} is answered {@code {"status":"UP"}}, ping frames with pongs.
 * Messages go out in binary frames (Upbit) or text frames.
 *
 * <p>Test controls: push tickers, books and trades; hold back snapshots; mute (the open connections
 * stop reading and sending: pings go unanswered); drop.
 */
public final class UpbitStyleStreamStub implements AutoCloseable {

    public static final String PATH = "/websocket/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean binary;
    private final WebSocketStubServer server;
    private final Set<String> listed = Set.of("KRW-BTC", "KRW-ETH");
    private final StubSockets<Endpoint> endpoints = new StubSockets<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger pingsReceived = new AtomicInteger();
    private final Map<String, String> books = new ConcurrentHashMap<>();
    private volatile boolean holdSnapshots;

    private UpbitStyleStreamStub(boolean binary) {
        this.binary = binary;
        server = WebSocketStubServer.start("Upbit-style stream stub", PATH, Endpoint::new);
    }

    /** @param binary whether messages go out in binary frames, as Upbit sends them */
    public static UpbitStyleStreamStub start(boolean binary) {
        return new UpbitStyleStreamStub(binary);
    }

    public String wsUrl() {
        return server.wsUrl();
    }

    // ---------------------------------------------------------------- test controls

    /** The ticker message (the pages' KRW-BTC example figures) with this {@code timestamp}. */
    public void pushTicker(String code, long timestamp) {
        push("ticker", code, ticker(code, timestamp, "REALTIME"));
    }

    /** An orderbook message: units of {ask_price, ask_size, bid_price, bid_size}, the whole top of the book. */
    public void pushBook(String code, List<List<String>> units, long timestamp) {
        String book = book(code, units, timestamp, "REALTIME");
        books.put(code, book);
        push("orderbook", code, book);
    }

    /** One trade message per {sequential_id, trade_price, trade_volume, ask_bid, trade_timestamp}. */
    public void pushTrades(String code, List<List<String>> trades) {
        for (List<String> t : trades) {
            push("trade", code, trade(code, t, "REALTIME"));
        }
    }

    /** New subscriptions get no snapshot until the test pushes data. */
    public void holdSnapshots(boolean hold) {
        holdSnapshots = hold;
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

    /** Ping frames received from the bridge. */
    public int pingsReceived() {
        return pingsReceived.get();
    }

    /** Open, unmuted connections whose subscription holds the code under the type. */
    public long subscribed(String type, String code) {
        return endpoints.stream().filter(e -> e.isLive() && e.codes(type).contains(code)).count();
    }

    public long connections() {
        return endpoints.stream().filter(Endpoint::isLive).count();
    }

    /** Every request received, oldest first. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** How many requests named the code under the type. */
    public long requestsNaming(String type, String code) {
        return requests.stream().filter(r -> codesOf(r, type).contains(code)).count();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---------------------------------------------------------------- messages

    private void push(String type, String code, String message) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.codes(type).contains(code)) {
                endpoint.send(message);
            }
        }
    }

    /** The ticker page's fields; figures of Upbit's KRW-BTC example. */
    static String ticker(String code, long timestamp, String streamType) {
        return JSON.createObjectNode().put("type", "ticker").put("code", code).put("opening_price", 8450000)
                .put("high_price", 8679000).put("low_price", 8445000).put("trade_price", 8629000)
                .put("prev_closing_price", 8450000).put("change", "RISE").put("change_price", 179000)
                .put("signed_change_price", 179000).put("change_rate", new BigDecimal("0.0211834320"))
                .put("signed_change_rate", new BigDecimal("0.0211834320")).put("trade_volume", new BigDecimal("0.0105675"))
                .put("acc_trade_volume", new BigDecimal("12312.36058857"))
                .put("acc_trade_volume_24h", new BigDecimal("6448.96200341"))
                .put("acc_trade_price", new BigDecimal("105514711074.18726"))
                .put("acc_trade_price_24h", new BigDecimal("55330325803.7821")).put("trade_date", "20180418")
                .put("trade_time", "100729").put("trade_timestamp", 1524046049000L).put("ask_bid", "ASK")
                .put("acc_ask_volume", new BigDecimal("5703.42273172")).put("acc_bid_volume", new BigDecimal("6608.93785685"))
                .put("highest_52_week_price", 28885000).put("highest_52_week_date", "2018-01-06")
                .put("lowest_52_week_price", 3286000).put("lowest_52_week_date", "2017-09-15")
                .put("market_state", "ACTIVE").put("is_trading_suspended", false).putNull("delisting_date")
                .put("market_warning", "NONE").put("timestamp", timestamp).put("stream_type", streamType).toString();
    }

    static String book(String code, List<List<String>> units, long timestamp, String streamType) {
        ObjectNode book = JSON.createObjectNode().put("type", "orderbook").put("code", code).put("timestamp", timestamp);
        BigDecimal asks = BigDecimal.ZERO;
        BigDecimal bids = BigDecimal.ZERO;
        ArrayNode list = JSON.createArrayNode();
        for (List<String> u : units) {
            list.addObject().put("ask_price", new BigDecimal(u.get(0))).put("bid_price", new BigDecimal(u.get(2)))
                    .put("ask_size", new BigDecimal(u.get(1))).put("bid_size", new BigDecimal(u.get(3)));
            asks = asks.add(new BigDecimal(u.get(1)));
            bids = bids.add(new BigDecimal(u.get(3)));
        }
        book.put("total_ask_size", asks).put("total_bid_size", bids);
        book.set("orderbook_units", list);
        return book.put("stream_type", streamType).put("level", 0).toString();
    }

    /** The first three units of the REST stub's book, as a first snapshot. */
    public static final List<List<String>> FIRST_BOOK = List.of(
            List.of("6956000", "0.24078656", "6954000", "0.00718341"),
            List.of("6958000", "1.12919", "6953000", "0.11500074"),
            List.of("6960000", "0.00000001", "6952000", "2.5"));

    static String trade(String code, List<String> t, String streamType) {
        long tradeTime = Long.parseLong(t.get(4));
        return JSON.createObjectNode().put("type", "trade").put("code", code).put("trade_price", new BigDecimal(t.get(1)))
                .put("trade_volume", new BigDecimal(t.get(2))).put("ask_bid", t.get(3)).put("prev_closing_price", 8450000)
                .put("change", "RISE").put("change_price", 166000).put("trade_date", "2018-04-18").put("trade_time", "10:19:58")
                .put("trade_timestamp", tradeTime).put("timestamp", tradeTime + 20)
                .put("sequential_id", Long.parseLong(t.get(0))).put("best_ask_price", 8616000).put("best_ask_size", 0.1)
                .put("best_bid_price", 8615000).put("best_bid_size", 0.2).put("stream_type", streamType).toString();
    }

    private static List<String> codesOf(JsonNode request, String type) {
        for (JsonNode field : request) {
            if (field.has("type") && field.path("type").asText().equals(type) && field.path("codes").isArray()) {
                return JSON.convertValue(field.path("codes"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            }
        }
        return List.of();
    }

    private static String error(String name, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("name", name).put("message", message);
        return error.toString();
    }

    public final class Endpoint extends StubSocket {

        /** type → codes, replaced by each accepted request. */
        private volatile Map<String, List<String>> subscription = Map.of();

        Endpoint() {
            super(endpoints);
        }

        @Override
        protected void opened() {
            demand();
        }

        List<String> codes(String type) {
            return subscription.getOrDefault(type, List.of());
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.equals("PING")) {
                send("{\"status\":\"UP\"}");
                demand();
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(text);
            } catch (Exception e) {
                request = null;
            }
            if (request == null || !request.isArray()) {
                send(error("WRONG_FORMAT", "요청 형식이 올바르지 않습니다."));
                demand();
                return;
            }
            requests.add(request);
            String refusal = refusal(request);
            if (refusal != null) {
                send(refusal);
                demand();
                return;
            }
            Map<String, List<String>> accepted = new ConcurrentHashMap<>();
            for (JsonNode field : request) {
                if (field.has("type")) {
                    accepted.put(field.path("type").asText(), codesOf(request, field.path("type").asText()));
                }
            }
            subscription = accepted;
            if (!holdSnapshots) {
                for (JsonNode field : request) {
                    String type = field.path("type").asText();
                    boolean realtimeOnly = field.path("is_only_realtime").asBoolean(false);
                    for (String code : codesOf(request, type)) {
                        switch (type) {
                            case "ticker" -> send(ticker(code, System.currentTimeMillis(), "SNAPSHOT"));
                            case "orderbook" -> send(books.getOrDefault(code,
                                    book(code, FIRST_BOOK, System.currentTimeMillis(), "SNAPSHOT")));
                            case "trade" -> {
                                if (!realtimeOnly) {
                                    send(trade(code, List.of("1", "8616000", "0.03", "ASK", "1524046798000"), "SNAPSHOT"));
                                }
                            }
                            default -> {
                            }
                        }
                    }
                }
            }
            demand();
        }

        private String refusal(JsonNode request) {
            if (!request.path(0).has("ticket")) {
                return error("NO_TICKET", "티켓이 존재하지 않습니다.");
            }
            for (JsonNode field : request) {
                if (field.has("ticket") || field.has("format")) {
                    continue;
                }
                if (!field.has("type")) {
                    return error("NO_TYPE", "타입이 존재하지 않습니다.");
                }
                if (!field.path("codes").isArray() || field.path("codes").isEmpty()) {
                    return error("NO_CODES", "코드가 존재하지 않습니다.");
                }
                for (JsonNode code : field.path("codes")) {
                    if (!listed.contains(code.asText())) {
                        return error("INVALID_PARAM", "잘못된 요청입니다.");
                    }
                }
            }
            return null;
        }

        /** Answered with a pong carrying the same payload; not while muted. */
        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            pingsReceived.incrementAndGet();
            pong(payload);
            demand();
        }

        @Override
        protected void write(Session session, String text) {
            if (binary) {
                session.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
            } else {
                super.write(session, text);
            }
        }
    }
}
