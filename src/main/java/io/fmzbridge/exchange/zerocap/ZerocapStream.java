package io.fmzbridge.exchange.zerocap;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.KeepAlive;
import io.fmzbridge.stream.LiveBook;
import io.fmzbridge.stream.StreamCredential;
import io.fmzbridge.stream.StreamInbox;
import io.fmzbridge.stream.StreamLimits;
import io.fmzbridge.stream.StreamProtocol;
import io.fmzbridge.stream.Topic;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Zerocap's price websocket ({@code wss://dma-ws.zerocap.com/v2}, zerocap_api README "websocket"), the
 * only place Zerocap publishes prices: it streams to an API key, not to anyone. The handshake carries
 * {@code api-key}, {@code timestamp} (Unix seconds) and {@code signature} = hex HMAC-SHA256 of the
 * timestamp with the key's secret, as a REST call does; Zerocap answers {@code "Successfully connected."}
 * or {@code {"type":"error","error_code":"401","error_message":"Unauthorized"}}.
 *
 * <p>{@code {"type":"price","symbol":"USDT/AUD"}} subscribes a symbol ({@code "price Subscription
 * successful."}, or {@code "Price stream unavailable."}); each {@code price} message then carries the
 * symbol's whole ladder, {@code {"type":"price","data":{"timestamp":1692340935.4283478,"symbol":"USDT/AUD",
 * "exchange":"zerocap","bids":[[1.47386,5000.0],…],"asks":[…]}}}. That one message answers both
 * {@code ticker} and {@code depth}: the bridge keeps it, as Zerocap sent it, as the symbol's
 * {@code TICKER} state, and {@code zerocapMapper} reads either answer from it. Being the whole ladder
 * sent again and again, a ladder not renewed within {@code stale-after-ms} is stale even while Zerocap
 * answers pings.
 *
 * <p>Rules kept: one symbol per connection, as the SDK opens one per subscription (Zerocap documents
 * no more and no limits); the SDK's ping {@code {"type":"message","message":"ping"}}, answered
 * {@code "pong"}. Zerocap documents no unsubscribe: a symbol nobody asks for closes its connection.
 */
public final class ZerocapStream implements StreamProtocol {

    static final String PING = "{\"type\":\"message\",\"message\":\"ping\"}";

    private static final StreamLimits LIMITS = new StreamLimits(1, 5, Duration.ofSeconds(1), 1, null, Duration.ZERO);
    /** The SDK pings every 5 s: a quiet connection is pinged after 5 s at the latest. */
    private static final KeepAlive KEEP_ALIVE = KeepAlive.text(PING, Duration.ofSeconds(10));

    @Override
    public String instrument(FmzSymbol symbol) {
        return ZerocapSymbol.of(symbol);
    }

    @Override
    public StreamCredential credential(FmzRequest request) {
        ZerocapCredentials credentials = ZerocapCredentials.parse(request.accessKey(), request.secretKey());
        return new StreamCredential(credentials.apiKey(), credentials.secret());
    }

    @Override
    public Map<String, String> handshakeHeaders(StreamCredential credential, Instant now) {
        return new ZerocapCredentials(credential.apiKey(), credential.secret()).headers(now);
    }

    @Override
    public boolean dataGoesStale() {
        return true;
    }

    @Override
    public StreamLimits limits() {
        return LIMITS;
    }

    @Override
    public KeepAlive keepAlive() {
        return KEEP_ALIVE;
    }

    /** One symbol a message (the limits allow no more). */
    @Override
    public String subscribe(String requestId, List<Topic> topics) {
        return FmzJson.MAPPER.createObjectNode().put("type", "price").put("symbol", topics.get(0).instrument()).toString();
    }

    @Override
    public String unsubscribe(String requestId, List<Topic> topics) {
        return null;
    }

    @Override
    public void read(String message, StreamInbox inbox) {
        JsonNode json;
        try {
            json = FmzJson.MAPPER.readTree(message);
        } catch (IOException e) {
            return;
        }
        switch (json.path("type").asText("")) {
            case "price" -> {
                JsonNode data = json.path("data");
                if (data.path("symbol").isTextual()) {
                    inbox.ticker(data.path("symbol").asText(), json, PriceBook.millis(data.path("timestamp"), System.currentTimeMillis()));
                }
            }
            case "message" -> told(json.path("message").asText(""), inbox);
            case "error" -> {
                String why = "Zerocap answered error " + Printable.of(json.path("error_code").asText("?")) + ": "
                        + Printable.of(json.path("error_message").asText(""));
                if (json.path("error_code").asText("").equals("401")) {
                    inbox.unauthorized(why);
                } else {
                    inbox.refused(null, why); // "invalid message": the subscription, the only request sent
                }
            }
            default -> {
                // order and trade updates belong to other subscriptions
            }
        }
    }

    /** Zerocap's status lines: "Successfully connected.", "price Subscription successful.", "pong", "Price stream unavailable.". */
    private static void told(String message, StreamInbox inbox) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("subscription successful")) {
            inbox.accepted(null);
        } else if (lower.contains("unavailable")) {
            inbox.refused(null, "Zerocap says: " + Printable.of(message));
        }
    }

    /** The price message as Zerocap sent it: the mapper reads ticker and depth from it. */
    @Override
    public JsonNode tickerReply(JsonNode latest) {
        return latest;
    }

    // Zerocap streams no book channel and no trades: its one ladder is kept as the TICKER state

    @Override
    public BookRules bookRules() {
        throw new UnsupportedOperationException("Zerocap streams its ladder as one price message, kept as the ticker");
    }

    @Override
    public int bookWindow() {
        return 0;
    }

    @Override
    public int depthLevels(FmzRequest request) {
        return 0;
    }

    @Override
    public int tradeCount(FmzRequest request) {
        return 0;
    }

    @Override
    public int tradesKept() {
        return 0;
    }

    @Override
    public JsonNode depthReply(LiveBook book, int levels) {
        throw new UnsupportedOperationException("Zerocap streams no book channel");
    }

    @Override
    public JsonNode tradesReply(List<JsonNode> oldestFirst) {
        throw new UnsupportedOperationException("Zerocap streams no public trades");
    }
}
