package io.fmzbridge.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One topic the bridge was asked about, and what its stream has said since the topic was last
 * subscribed on a live connection. Data counts only when it came over the connection the topic is
 * subscribed on now ({@link #socket}): when that connection is lost, or the topic is subscribed
 * again, everything heard before is forgotten, so nothing from a dead or earlier subscription is
 * ever answered.
 *
 * <p>Its place ({@link #connection}, a refusal) is guarded by {@link MarketStream}'s lock; the socket
 * it is subscribed on and the data by the object's own monitor. The stream's lock may be held when
 * taking the monitor, never the other way round.
 */
final class Subscription {

    /** {@link #heardAt} before the topic's first message on its socket. */
    static final long NEVER = Long.MIN_VALUE;

    final Topic topic;
    final FmzSymbol symbol;
    /** When a call last asked for this topic ({@link System#nanoTime()}): idle topics are unsubscribed. */
    volatile long askedAt;

    // --- guarded by the MarketStream
    /** The connection holding the topic; null when none does (not placed yet, refused, dropped). */
    StreamConnection connection;
    /** Why the exchange refused the subscription, and when; the topic is tried again after a pause. */
    String refusedBecause;
    long refusedAt;

    // --- guarded by this
    /** The connection attempt the topic is subscribed on, or null while it is not (yet, or any more). */
    StreamSocket socket;
    /** Counts restarts and discarded books: a REST snapshot asked for before either is not applied. */
    int epoch;

    /** When data for the topic last arrived ({@link System#nanoTime()}), for exchanges whose data goes stale. */
    long dataAt;
    /** When the topic's last message came on {@link #socket} ({@link System#nanoTime()}); {@link #NEVER} before the first. */
    long heardAt = NEVER;
    /** Why the topic went without data (its connection lost, refused), until data comes again; null meanwhile. */
    String problem;

    JsonNode ticker;
    long tickerTime;
    final Deque<JsonNode> trades = new ArrayDeque<>();
    long tradesTime;
    final LiveBook book;
    final BookRules rules;

    Subscription(Topic topic, FmzSymbol symbol, LiveBook book, BookRules rules) {
        this.topic = topic;
        this.symbol = symbol;
        this.book = book;
        this.rules = rules;
        this.askedAt = System.nanoTime();
    }

    /** Subscribed afresh on {@code on} (null: not subscribed): what was heard before no longer counts. */
    void restart(StreamSocket on) {
        socket = on;
        epoch++;
        heardAt = NEVER;
        ticker = null;
        tickerTime = 0;
        trades.clear();
        tradesTime = 0;
        if (book != null) {
            book.reset();
            rules.subscribed(book);
        }
    }

    /** No longer subscribed, for this reason: what was heard before no longer counts; a call waiting for data hears why. */
    void lost(String why) {
        restart(null);
        problem = why;
        notifyAll();
    }

    /**
     * Data came on the socket it is subscribed on, in a message that arrived at {@code heardAt}: whatever
     * went wrong before is over.
     */
    void dataArrived(long heardAt) {
        dataAt = System.nanoTime();
        this.heardAt = heardAt;
        problem = null;
        notifyAll();
    }

    /**
     * Whether the topic has kept pace with a channel that cannot move without it (a book with its
     * instrument's ticker and trades), that channel last heard at {@code otherHeardAt}: it has not
     * been silent for longer than {@code staleAfterNanos} while the other went on speaking. A silent
     * connection is judged by its keep-alive; this catches the one channel that fell silent (its
     * subscription lost) on a connection still busy with others.
     */
    boolean keptPace(long otherHeardAt, long staleAfterNanos) {
        return otherHeardAt == NEVER || (heardAt != NEVER && otherHeardAt - heardAt <= staleAfterNanos);
    }

    /** Keeps at most {@code kept} trades, the newest. */
    void addTrades(List<JsonNode> newest, long eventTime, int kept) {
        trades.addAll(newest);
        while (trades.size() > kept) {
            trades.removeFirst();
        }
        tradesTime = eventTime;
    }

    /** The newest {@code count} trades, oldest first. */
    List<JsonNode> lastTrades(int count) {
        List<JsonNode> all = new ArrayList<>(trades);
        return all.subList(all.size() - count, all.size());
    }
}
