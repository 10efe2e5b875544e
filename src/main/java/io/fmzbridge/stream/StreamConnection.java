package io.fmzbridge.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One place for up to the exchange's number of topics per connection: the topics it holds, the
 * connection attempt serving them now ({@link StreamSocket}, replaced whenever one is lost), the
 * subscribe and unsubscribe messages waiting to go out at the pace the exchange allows, and the
 * requests the exchange has not answered yet.
 *
 * <p>Guarded by {@link MarketStream}'s lock.
 */
final class StreamConnection {

    final int number;
    /** The credential whose topics alone it carries, signing its handshake; null on a public stream. */
    final StreamCredential credential;
    final Set<Topic> topics = new LinkedHashSet<>();
    StreamSocket socket;
    int failures;
    long retryAt;

    /** Waiting to be sent on the open socket; unsubscribes go first, so a resubscription keeps its order. */
    final Set<Topic> toUnsubscribe = new LinkedHashSet<>();
    final Set<Topic> toSubscribe = new LinkedHashSet<>();
    /** Requests sent and not answered yet, oldest first: request id → its topics. */
    final Map<String, List<Topic>> unanswered = new LinkedHashMap<>();
    /** When recent control messages left ({@link System#nanoTime()}), for the exchange's per-connection pace. */
    final Deque<Long> sentAt = new ArrayDeque<>();

    StreamConnection(int number, StreamCredential credential) {
        this.number = number;
        this.credential = credential;
    }

    boolean isOpen() {
        return socket != null && socket.isOpen();
    }

    /** A topic joins; it is subscribed as soon as the socket is open. */
    void add(Topic topic) {
        topics.add(topic);
        if (isOpen()) {
            toSubscribe.add(topic);
        }
    }

    /** A topic leaves: unsubscribed if it was subscribed, forgotten if its subscribe had not gone out. */
    void remove(Topic topic) {
        topics.remove(topic);
        if (!toSubscribe.remove(topic) && isOpen()) {
            toUnsubscribe.add(topic);
        }
    }

    /** The exchange accepted a request: by its id, or null for the oldest one not yet answered. */
    void accepted(String requestId) {
        if (requestId != null) {
            unanswered.remove(requestId);
        } else if (!unanswered.isEmpty()) {
            unanswered.remove(unanswered.keySet().iterator().next());
        }
    }

    /** The topics of a request the exchange refused (null: the oldest unanswered one); they leave this connection. */
    List<Topic> refused(String requestId) {
        List<Topic> refused;
        if (requestId != null) {
            refused = unanswered.remove(requestId);
        } else {
            Iterator<List<Topic>> oldest = unanswered.values().iterator();
            refused = oldest.hasNext() ? oldest.next() : null;
            if (refused != null) {
                oldest.remove();
            }
        }
        if (refused == null) {
            return List.of();
        }
        List<Topic> leaving = new ArrayList<>();
        for (Topic topic : refused) {
            if (topics.remove(topic)) {
                leaving.add(topic);
            }
        }
        return leaving;
    }

    /** The socket is gone: whatever was queued or awaited on it is moot; the next socket subscribes every topic. */
    void forgetSocket() {
        socket = null;
        toSubscribe.clear();
        toUnsubscribe.clear();
        unanswered.clear();
        sentAt.clear();
    }
}
