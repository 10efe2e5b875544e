package io.fmzbridge.exchange.upbitstyle;

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

/**
 * The dialect's public WebSocket ({@code /websocket/v1}), which Upbit defined and Bithumb follows.
 * A request is one JSON array, {@code [{"ticket":…},{"type":"ticker","codes":[…]},
 * {"type":"orderbook","codes":[…]},{"type":"trade","codes":[…]},{"format":"DEFAULT"}]}, and it replaces whatever the connection subscribed before: every request
 * names all the connection's codes ({@link #subscriptionReplaces()}). Replies are JSON objects
 * (Upbit sends them in binary frames), each named by {@code type} and {@code code}:
 * <ul>
 * <li>{@code ticker}: the latest ticker, under GET /v1/ticker's names ({@code code} is its
 *     {@code market}); it has no bid and ask, which the route takes from the order book;</li>
 * <li>{@code orderbook}: the whole top of the book each time, no increments
 *     ({@link UpbitStyleBookRules}), answered as GET /v1/orderbook's reply;</li>
 * <li>{@code trade}: one trade, under GET /v1/trades/ticks' names. A request starts each code with
 *     its latest trade ({@code stream_type} SNAPSHOT), which a replacement request sends again for
 *     codes already streaming: snapshot trades are skipped, so every kept trade came in real time,
 *     once. (The pages spell the realtime-only switch two ways over time, so it is not relied on.)</li>
 * </ul>
 * A refused request comes back as {@code {"error":{"name","message"}}}; {@code {"status":"UP"}}
 * answers a text PING. The server closes a connection after about 120 s without data either way;
 * the bridge sends WebSocket ping frames, which both exchanges answer with pongs.
 */
public abstract class UpbitStyleStream implements StreamProtocol {

    private static final KeepAlive KEEP_ALIVE = KeepAlive.pingFrames(Duration.ofSeconds(120));

    /** GET /v1/ticker's fields, copied from the ticker message under the same names. */
    private static final List<String> TICKER_FIELDS = List.of("trade_date", "trade_time", "trade_date_kst",
            "trade_time_kst", "trade_timestamp", "opening_price", "high_price", "low_price", "trade_price",
            "prev_closing_price", "change", "change_price", "change_rate", "signed_change_price",
            "signed_change_rate", "trade_volume", "acc_trade_price", "acc_trade_price_24h", "acc_trade_volume",
            "acc_trade_volume_24h", "highest_52_week_price", "highest_52_week_date", "lowest_52_week_price",
            "lowest_52_week_date", "timestamp");

    private final String label;
    private final StreamLimits limits;
    private final int bookWindow;

    /**
     * @param label      the exchange as messages name it
     * @param limits     its per-connection limits; {@code topicsPerFrame} holds every topic of a connection
     * @param bookWindow the units (level pairs) each orderbook message carries
     */
    protected UpbitStyleStream(String label, StreamLimits limits, int bookWindow) {
        if (limits.topicsPerFrame() < limits.topicsPerConnection()) {
            throw new IllegalArgumentException("a request replaces the subscription: one must name every topic");
        }
        this.label = label;
        this.limits = limits;
        this.bookWindow = bookWindow;
    }

    @Override
    public String instrument(FmzSymbol symbol) {
        return MarketCodes.of(symbol, label);
    }

    @Override
    public StreamLimits limits() {
        return limits;
    }

    @Override
    public KeepAlive keepAlive() {
        return KEEP_ALIVE;
    }

    @Override
    public boolean subscriptionReplaces() {
        return true;
    }

    /** The whole subscription of the connection: {@code topics} are all it holds. */
    @Override
    public String subscribe(String requestId, List<Topic> topics) {
        ArrayNode request = FmzJson.MAPPER.createArrayNode();
        request.addObject().put("ticket", "fmz-bridge-" + requestId);
        for (Channel channel : Channel.values()) {
            ArrayNode codes = FmzJson.MAPPER.createArrayNode();
            topics.stream().filter(t -> t.channel() == channel).forEach(t -> codes.add(t.instrument()));
            if (codes.isEmpty()) {
                continue;
            }
            request.addObject().put("type", typeOf(channel)).set("codes", codes);
        }
        request.addObject().put("format", "DEFAULT");
        return request.toString();
    }

    /** Never sent: a subscription that replaces the last one names only what stays. */
    @Override
    public String unsubscribe(String requestId, List<Topic> topics) {
        throw new UnsupportedOperationException("the dialect unsubscribes by subscribing what stays");
    }

    private static String typeOf(Channel channel) {
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
        if (json.path("error").isObject()) {
            JsonNode error = json.path("error");
            inbox.refused(null, label + " error " + FmzSymbol.printable(error.path("name").asText("?")) + ": "
                    + FmzSymbol.printable(error.path("message").asText("")));
            return;
        }
        String code = json.path("code").asText("");
        switch (json.path("type").asText("")) {
            case "ticker" -> inbox.ticker(code, restTicker(json), json.path("timestamp").asLong());
            case "orderbook" -> inbox.book(code, json);
            case "trade" -> {
                if (!"SNAPSHOT".equals(json.path("stream_type").asText())) {
                    inbox.trades(code, List.of(restTrade(json)), json.path("timestamp").asLong());
                }
            }
            default -> {
                // {"status":"UP"}, or a type the bridge does not subscribe
            }
        }
    }

    /** A ticker message under GET /v1/ticker's names. */
    static ObjectNode restTicker(JsonNode message) {
        ObjectNode ticker = FmzJson.MAPPER.createObjectNode();
        copy(ticker, "market", message, "code");
        TICKER_FIELDS.forEach(field -> copy(ticker, field, message, field));
        return ticker;
    }

    /** A trade message under GET /v1/trades/ticks' names: its trade time is the tick's {@code timestamp}. */
    static ObjectNode restTrade(JsonNode message) {
        ObjectNode trade = FmzJson.MAPPER.createObjectNode();
        copy(trade, "market", message, "code");
        copy(trade, "trade_date_utc", message, "trade_date");
        copy(trade, "trade_time_utc", message, "trade_time");
        copy(trade, "timestamp", message, "trade_timestamp");
        copy(trade, "trade_price", message, "trade_price");
        copy(trade, "trade_volume", message, "trade_volume");
        copy(trade, "prev_closing_price", message, "prev_closing_price");
        copy(trade, "change_price", message, "change_price");
        copy(trade, "ask_bid", message, "ask_bid");
        copy(trade, "sequential_id", message, "sequential_id");
        return trade;
    }

    /** Fields the message leaves out stay out, as in a REST reply without them. */
    private static void copy(ObjectNode to, String name, JsonNode from, String field) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(name, value);
        }
    }

    @Override
    public BookRules bookRules() {
        return new UpbitStyleBookRules();
    }

    @Override
    public int bookWindow() {
        return bookWindow;
    }

    @Override
    public int depthLevels(FmzRequest request) {
        return UpbitStyleRequests.depthLevels(request);
    }

    @Override
    public int tradeCount(FmzRequest request) {
        return (int) UpbitStyleRequests.counted(request, UpbitStyleRequests.DEFAULT_TRADES, UpbitStyleRequests.MAX_TRADES);
    }

    @Override
    public int tradesKept() {
        return UpbitStyleRequests.MAX_TRADES;
    }

    /** As GET /v1/ticker answers: a list of one. */
    @Override
    public JsonNode tickerReply(JsonNode latest) {
        return FmzJson.MAPPER.createArrayNode().add(latest);
    }

    /**
     * As GET /v1/orderbook answers: a list of one book whose units pair the n-th ask with the n-th
     * bid. The totals over the units and the market code, which the answer does not need, are left out.
     */
    @Override
    public JsonNode depthReply(LiveBook book, int levels) {
        ArrayNode reply = FmzJson.MAPPER.createArrayNode();
        ObjectNode answer = reply.addObject().put("timestamp", book.eventTime());
        ArrayNode units = answer.putArray("orderbook_units");
        List<JsonNode> asks = book.asks(levels);
        List<JsonNode> bids = book.bids(levels);
        for (int i = 0; i < Math.max(asks.size(), bids.size()); i++) {
            ObjectNode unit = units.addObject();
            if (i < asks.size()) {
                unit.set("ask_price", asks.get(i).get(0));
            }
            if (i < bids.size()) {
                unit.set("bid_price", bids.get(i).get(0));
            }
            if (i < asks.size()) {
                unit.set("ask_size", asks.get(i).get(1));
            }
            if (i < bids.size()) {
                unit.set("bid_size", bids.get(i).get(1));
            }
        }
        return reply;
    }

    /** As GET /v1/trades/ticks answers: newest first. */
    @Override
    public JsonNode tradesReply(List<JsonNode> oldestFirst) {
        ArrayNode reply = FmzJson.MAPPER.createArrayNode();
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            reply.add(oldestFirst.get(i));
        }
        return reply;
    }
}
