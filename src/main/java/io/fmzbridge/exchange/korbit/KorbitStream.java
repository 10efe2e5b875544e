package io.fmzbridge.exchange.korbit;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Korbit's public WebSocket ({@code wss://ws-api.korbit.co.kr/v2/public}, Korbit Open API v2 "WebSocket"):
 * {@code ticker}, {@code orderbook} (the whole book, up to 30 prices a side, in every message:
 * {@link KorbitBookRules}) and {@code trade}, subscribed with
 * {@code [{"requestId","method":"subscribe","type","symbols":["btc_krw"]}]}. Each push's {@code data}
 * carries the fields of the REST reply (the ticker without its {@code symbol}, which the push names
 * beside it), so the answers are Korbit's REST shapes and {@code korbitMapper} maps them as it maps REST.
 *
 * <p>Control messages carry a {@code status}: {@code {"requestId","status":"success"}} acknowledges a
 * request that named a {@code requestId}, {@code "fail"} refuses it with a {@code code}
 * ({@code INVALID_SYMBOL}) and a {@code message}, {@code "error"} reports a message it could not read.
 * Korbit documents no keep-alive and no per-connection limits: the bridge sends WebSocket ping frames
 * (Korbit's server pings every 30 s itself) and keeps its connections modest.
 */
public final class KorbitStream implements StreamProtocol {

    /** The orderbook channel streams up to 30 prices per side. */
    static final int BOOK_LEVELS = 30;

    // Korbit publishes no per-connection limits: a modest count per connection, few requests a second
    private static final StreamLimits LIMITS = new StreamLimits(100, 5, Duration.ofSeconds(1), 20, null,
            Duration.ofMillis(500));
    private static final KeepAlive KEEP_ALIVE = KeepAlive.pingFrames(Duration.ofSeconds(30));

    @Override
    public String instrument(FmzSymbol symbol) {
        return KorbitRequests.pair(symbol);
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
        return request("subscribe", requestId, topics);
    }

    @Override
    public String unsubscribe(String requestId, List<Topic> topics) {
        return request("unsubscribe", requestId, topics);
    }

    /** One request object per channel, all in the one array Korbit requires; each carries the request's id. */
    private static String request(String method, String requestId, List<Topic> topics) {
        ArrayNode request = FmzJson.MAPPER.createArrayNode();
        for (Channel channel : Channel.values()) {
            List<String> symbols = topics.stream().filter(t -> t.channel() == channel).map(Topic::instrument).toList();
            if (!symbols.isEmpty()) {
                ObjectNode item = request.addObject().put("requestId", Long.parseLong(requestId)).put("method", method)
                        .put("type", type(channel));
                symbols.forEach(item.putArray("symbols")::add);
            }
        }
        return request.toString();
    }

    static String type(Channel channel) {
        return switch (channel) {
            case TICKER -> "ticker";
            case BOOK -> "orderbook";
            case TRADES -> "trade";
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
        if (json.has("status")) {
            control(json, inbox);
            return;
        }
        String symbol = json.path("symbol").asText("");
        JsonNode data = json.path("data");
        switch (json.path("type").asText("")) {
            case "ticker" -> {
                if (data.isObject()) {
                    ObjectNode ticker = FmzJson.MAPPER.createObjectNode().put("symbol", symbol);
                    ticker.setAll((ObjectNode) data);
                    inbox.ticker(symbol, ticker, json.path("timestamp").asLong());
                }
            }
            case "trade" -> {
                List<JsonNode> trades = new ArrayList<>();
                data.forEach(trades::add);
                trades.sort(Comparator.comparingLong((JsonNode t) -> t.path("tradeId").asLong()));
                if (!trades.isEmpty()) {
                    inbox.trades(symbol, trades, trades.get(trades.size() - 1).path("timestamp").asLong());
                }
            }
            case "orderbook" -> inbox.book(symbol, json);
            default -> {
                // a type the bridge does not subscribe
            }
        }
    }

    /** {"requestId","status":"success"}, {"requestId","status":"fail","code","message"}, {"status":"error","message"}. */
    private static void control(JsonNode json, StreamInbox inbox) {
        String id = json.hasNonNull("requestId") ? json.path("requestId").asText() : null;
        if (json.path("status").asText("").equals("success")) {
            if (id != null) {
                inbox.accepted(id);
            }
            return;
        }
        String code = json.path("code").asText("");
        inbox.refused(id, "Korbit " + (code.isEmpty() ? json.path("status").asText() : code) + ": "
                + FmzSymbol.printable(json.path("message").asText("")));
    }

    @Override
    public BookRules bookRules() {
        return new KorbitBookRules();
    }

    @Override
    public int bookWindow() {
        return BOOK_LEVELS;
    }

    @Override
    public int depthLevels(FmzRequest request) {
        return (int) Math.min(request.whole("limit", KorbitMapper.DEFAULT_DEPTH), Integer.MAX_VALUE);
    }

    /**
     * As many as asked; with no limit Korbit answers its own default number, which it does not
     * document, so such a call goes to REST (0).
     */
    @Override
    public int tradeCount(FmzRequest request) {
        Long limit = request.limitUpTo(KorbitRequests.MAX_TRADES);
        return limit == null ? 0 : limit.intValue();
    }

    @Override
    public int tradesKept() {
        return KorbitRequests.MAX_TRADES;
    }

    /** As GET /v2/tickers?symbol= answers: a list of one ticker, with its symbol. */
    @Override
    public JsonNode tickerReply(JsonNode latest) {
        ObjectNode reply = envelope();
        reply.putArray("data").add(latest);
        return reply;
    }

    /** As GET /v2/orderbook answers: {@code data} with timestamp, bids and asks of {@code {"price","qty"}}. */
    @Override
    public JsonNode depthReply(LiveBook book, int levels) {
        ObjectNode reply = envelope();
        ObjectNode data = reply.putObject("data").put("timestamp", book.eventTime());
        ArrayNode bids = data.putArray("bids");
        book.bids(levels).forEach(level -> bids.addObject().put("price", level.path(0).asText()).put("qty", level.path(1).asText()));
        ArrayNode asks = data.putArray("asks");
        book.asks(levels).forEach(level -> asks.addObject().put("price", level.path(0).asText()).put("qty", level.path(1).asText()));
        return reply;
    }

    /** As GET /v2/trades answers: newest first. */
    @Override
    public JsonNode tradesReply(List<JsonNode> oldestFirst) {
        ObjectNode reply = envelope();
        ArrayNode data = reply.putArray("data");
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            data.add(oldestFirst.get(i));
        }
        return reply;
    }

    private static ObjectNode envelope() {
        return FmzJson.MAPPER.createObjectNode().put("success", true);
    }
}
