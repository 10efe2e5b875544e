package io.fmzbridge.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The small per-exchange part of a public market-data stream: how the exchange names instruments and
 * subscriptions, what its messages say, the rules its books follow, and how the kept state looks as
 * the exchange's own REST reply, so the route's REST mapper answers FMZ from either source alike.
 * Everything else (connections, subscribing on demand, keep-alive, reconnects, staleness, limits,
 * metrics) is {@link MarketStream}'s.
 *
 * <p>Implementations are thread-safe and keep no state of their own, but for what one connection must
 * remember ({@link #forConnection}); a book's state lives in its {@link BookRules}.
 */
public interface StreamProtocol {

    /** The exchange's stream name for an FMZ symbol; an {@code FmzError} when the exchange streams none. */
    String instrument(FmzSymbol symbol);

    /** Per-connection limits: subscriptions, control messages, lifetime. */
    StreamLimits limits();

    /** How an idle connection shows it is alive. */
    KeepAlive keepAlive();

    /** One text message subscribing these topics; the exchange's answer carries {@code requestId}. */
    String subscribe(String requestId, List<Topic> topics);

    /**
     * Whether each subscribe message replaces everything the connection subscribed before (Upbit,
     * Bithumb): then every subscribe message names all the connection's topics, an unsubscribe is a
     * subscribe message naming those left, and {@link StreamLimits#topicsPerFrame()} must hold
     * {@link StreamLimits#topicsPerConnection()}.
     */
    default boolean subscriptionReplaces() {
        return false;
    }

    /**
     * One text message unsubscribing these topics; null when the exchange has none (Zerocap): the
     * topic's data is then ignored, and its connection closes once it holds no topic.
     */
    String unsubscribe(String requestId, List<Topic> topics);

    /**
     * The protocol one new connection speaks, for an exchange whose messages refer to what was said
     * earlier on the same connection (Bitfinex numbers each subscription with a channel id that holds
     * on that connection only): {@link #openingMessages}, {@link #subscribe}, {@link #unsubscribe} and
     * {@link #read} of that connection go to the instance returned, and its state is forgotten with
     * the connection. By default every connection shares this stateless instance.
     */
    default StreamProtocol forConnection() {
        return this;
    }

    /**
     * Messages sent first on every new connection, before any subscription: settings the exchange
     * keeps per connection (Bitfinex's {@code conf} flags). None by default.
     */
    default List<String> openingMessages() {
        return List.of();
    }

    /**
     * For an exchange that streams to an API key rather than to anyone (Zerocap): the credential the
     * call's keys name, whose own connections carry its topics; an {@code FmzError} when the keys are
     * missing. Null, the default, for a public stream.
     */
    default StreamCredential credential(FmzRequest request) {
        return null;
    }

    /**
     * The headers that authenticate the WebSocket handshake of a connection belonging to
     * {@code credential}, signed at {@code now} (the exchange's clock as the bridge keeps it). Asked
     * afresh for every connection attempt, reconnects included, so each carries a fresh signature.
     */
    default Map<String, String> handshakeHeaders(StreamCredential credential, Instant now) {
        return Map.of();
    }

    /**
     * Whether the exchange sends its whole state again and again rather than changes to it (Zerocap's
     * price ladder): then state not renewed within {@code stale-after-ms} is stale even while the
     * connection answers pings.
     */
    default boolean dataGoesStale() {
        return false;
    }

    /**
     * The channels whose every message means the book moved, for an exchange that pushes them only on a
     * change (OKX's tickers: "no update if the event is not triggered"): a book silent longer than
     * {@code stale-after-ms} while one of them goes on has missed something and is not answered from.
     * None by default: a ticker pushed on a timer, or trades alone on a quiet book, prove nothing.
     */
    default Set<Channel> channelsThatMoveTheBook() {
        return Set.of();
    }

    /** Reads one text message from the stream and tells the inbox what it said; ignores what it does not know. */
    void read(String message, StreamInbox inbox);

    /** The rules of one new book. */
    BookRules bookRules();

    /**
     * The levels per side the exchange's book channel keeps, beyond which the local book is cut
     * (OKX {@code books}: 400); {@link Integer#MAX_VALUE} for a book started from a REST snapshot,
     * which is cut at the snapshot's last price instead.
     */
    int bookWindow();

    /** How many levels per side the REST depth branch returns for this call: the answer must hold as many. */
    int depthLevels(FmzRequest request);

    /** How many trades the REST trades branch returns for this call. */
    int tradeCount(FmzRequest request);

    /** The most recent trades kept per instrument: the most {@link #tradeCount} can ask. */
    int tradesKept();

    /** The latest ticker as the exchange's REST ticker reply. */
    JsonNode tickerReply(JsonNode latest);

    /** The book's best {@code levels} as the exchange's REST depth reply. */
    JsonNode depthReply(LiveBook book, int levels);

    /** The given trades (oldest first) as the exchange's REST trades reply. */
    JsonNode tradesReply(List<JsonNode> oldestFirst);
}
