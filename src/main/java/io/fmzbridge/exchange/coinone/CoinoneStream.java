package io.fmzbridge.exchange.coinone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.Channel;
import io.fmzbridge.stream.KeepAlive;
import io.fmzbridge.stream.LiveBook;
import io.fmzbridge.stream.StreamInbox;
import io.fmzbridge.stream.StreamLimits;
import io.fmzbridge.stream.StreamProtocol;
import io.fmzbridge.stream.Topic;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coinone's public WebSocket ({@code wss://stream.coinone.co.kr}, Coinone API reference "Public
 * 웹소켓"): {@code TICKER}, {@code ORDERBOOK} (the whole book in every message: {@link CoinoneBookRules})
 * and {@code TRADE}, one topic per request, {@code {"request_type":"SUBSCRIBE","channel","topic":
 * {"quote_currency","target_currency"}}}, acknowledged {@code {"response_type":"SUBSCRIBED","channel",
 * "data":{…the topic}}}. Answers are Coinone's REST shapes (the ticker's best prices moved into REST's
 * {@code best_asks}/{@code best_bids}), so {@code coinoneMapper} maps both sources alike.
 *
 * <p>Keep-alive: Coinone closes a connection 30 minutes after its last {@code {"request_type":"PING"}},
 * answered {@code {"response_type":"PONG"}}. An {@code ERROR} ({@code 160012 Invalid Topic} for a pair it
 * does not stream) names no topic: it follows the acknowledgement of the request it refuses, so it is
 * taken to refuse the request acknowledged last. Coinone documents 20 connections per IP and no
 * per-connection topic limit.
 *
 * <p>Requests carry no id on Coinone: the one piece of state here pairs each request (type and topic)
 * with the bridge's id for it, so an acknowledgement (which echoes both) names its request.
 */
public final class CoinoneStream implements StreamProtocol {

    /** The orderbook channel's book: 16 levels per side, as the REST orderbook's largest {@code size}. */
    static final int BOOK_LEVELS = 16;
    /** GET /public/v2/trades answers 200 trades without a size, and no more with one. */
    static final int MAX_TRADES = 200;
    static final String PING = "{\"request_type\":\"PING\"}";

    // one topic per request; Coinone publishes no topic or request cap per connection: modest ones
    private static final StreamLimits LIMITS = new StreamLimits(100, 10, Duration.ofSeconds(1), 1, null,
            Duration.ofMillis(500));
    private static final KeepAlive KEEP_ALIVE = KeepAlive.text(PING, Duration.ofMinutes(30));

    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private volatile String lastAcknowledged;

    @Override
    public String instrument(FmzSymbol symbol) {
        CoinonePair pair = CoinonePair.of(symbol);
        return pair.quote() + "-" + pair.target();
    }

    @Override
    public StreamLimits limits() {
        return LIMITS;
    }

    @Override
    public KeepAlive keepAlive() {
        return KEEP_ALIVE;
    }

    @Override
    public String subscribe(String requestId, List<Topic> topics) {
        return request("SUBSCRIBE", requestId, topics.get(0));
    }

    @Override
    public String unsubscribe(String requestId, List<Topic> topics) {
        return request("UNSUBSCRIBE", requestId, topics.get(0));
    }

    private String request(String type, String requestId, Topic topic) {
        String channel = channel(topic.channel());
        pending.put(type + " " + channel + " " + topic.instrument(), requestId);
        String[] pair = topic.instrument().split("-", 2);
        ObjectNode request = FmzJson.MAPPER.createObjectNode().put("request_type", type).put("channel", channel);
        request.putObject("topic").put("quote_currency", pair[0]).put("target_currency", pair[1]);
        return request.toString();
    }

    static String channel(Channel channel) {
        return switch (channel) {
            case TICKER -> "TICKER";
            case BOOK -> "ORDERBOOK";
            case TRADES -> "TRADE";
        };
    }

    @Override
    public void read(String message, StreamInbox inbox) {
        JsonNode json;
        try {
            json = FmzJson.MAPPER.readTree(message);
        } catch (IOException e) {
            return;
        }
        JsonNode data = json.path("data");
        String instrument = data.path("quote_currency").asText("").toUpperCase(Locale.ROOT) + "-"
                + data.path("target_currency").asText("").toUpperCase(Locale.ROOT);
        String channel = json.path("channel").asText("");
        switch (json.path("response_type").asText("")) {
            case "DATA" -> data(channel, instrument, data, json, inbox);
            case "SUBSCRIBED" -> lastAcknowledged = pending.remove("SUBSCRIBE " + channel + " " + instrument);
            case "UNSUBSCRIBED" -> {
                String id = pending.remove("UNSUBSCRIBE " + channel + " " + instrument);
                if (id != null) {
                    inbox.accepted(id);
                }
            }
            case "ERROR" -> inbox.refused(lastAcknowledged, "Coinone error " + json.path("error_code").asText("?") + ": "
                    + FmzSymbol.printable(json.path("message").asText("")));
            default -> {
                // CONNECTED, PONG
            }
        }
    }

    private static void data(String channel, String instrument, JsonNode data, JsonNode json, StreamInbox inbox) {
        long time = data.path("timestamp").asLong();
        switch (channel) {
            case "TICKER" -> inbox.ticker(instrument, restTicker((ObjectNode) data), time);
            case "TRADE" -> inbox.trades(instrument, List.of(data), time);
            case "ORDERBOOK" -> inbox.book(instrument, json);
            default -> {
                // a channel the bridge does not subscribe
            }
        }
    }

    /** The push's fields, its best prices as REST's {@code best_asks}/{@code best_bids} (empty where Coinone sends null). */
    private static ObjectNode restTicker(ObjectNode push) {
        ObjectNode ticker = push.deepCopy();
        ticker.remove(List.of("ask_best_price", "ask_best_qty", "bid_best_price", "bid_best_qty"));
        best(ticker.putArray("best_asks"), push.path("ask_best_price"), push.path("ask_best_qty"));
        best(ticker.putArray("best_bids"), push.path("bid_best_price"), push.path("bid_best_qty"));
        return ticker;
    }

    private static void best(ArrayNode side, JsonNode price, JsonNode qty) {
        if (price.isTextual()) {
            side.addObject().put("price", price.asText()).put("qty", qty.asText(""));
        }
    }

    @Override
    public BookRules bookRules() {
        return new CoinoneBookRules();
    }

    @Override
    public int bookWindow() {
        return BOOK_LEVELS;
    }

    /** REST serves at most 16 levels (its largest {@code size}), and so does the stream. */
    @Override
    public int depthLevels(FmzRequest request) {
        return (int) Math.min(request.whole("limit", CoinoneMapper.DEFAULT_DEPTH), BOOK_LEVELS);
    }

    @Override
    public int tradeCount(FmzRequest request) {
        return (int) Math.min(request.whole("limit", MAX_TRADES), MAX_TRADES);
    }

    @Override
    public int tradesKept() {
        return MAX_TRADES;
    }

    /** As GET /public/v2/ticker_new answers: {@code tickers} of one. */
    @Override
    public JsonNode tickerReply(JsonNode latest) {
        ObjectNode reply = envelope();
        reply.putArray("tickers").add(latest);
        return reply;
    }

    /** As GET /public/v2/orderbook answers: timestamp, bids best first, asks best first. */
    @Override
    public JsonNode depthReply(LiveBook book, int levels) {
        ObjectNode reply = envelope().put("timestamp", book.eventTime());
        ArrayNode bids = reply.putArray("bids");
        book.bids(levels).forEach(level -> bids.addObject().put("price", level.path(0).asText()).put("qty", level.path(1).asText()));
        ArrayNode asks = reply.putArray("asks");
        book.asks(levels).forEach(level -> asks.addObject().put("price", level.path(0).asText()).put("qty", level.path(1).asText()));
        return reply;
    }

    /** As GET /public/v2/trades answers: {@code transactions}, newest first. */
    @Override
    public JsonNode tradesReply(List<JsonNode> oldestFirst) {
        ObjectNode reply = envelope();
        ArrayNode transactions = reply.putArray("transactions");
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            transactions.add(oldestFirst.get(i));
        }
        return reply;
    }

    private static ObjectNode envelope() {
        return FmzJson.MAPPER.createObjectNode().put("result", "success").put("error_code", "0");
    }
}
