package io.fmzbridge.observe;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last few errors each exchange's callers were answered with, for the status page: the meters
 * count errors, but only their words tell an operator what went wrong. Kept as {@link LogText#error}
 * shows them, so no key, secret or signature is held, let alone shown. Exchanges are the routes'
 * ids (a closed set) and each keeps {@value #KEPT}, so the memory is bounded whatever callers send.
 */
public final class RecentErrors {

    static final int KEPT = 5;

    /** One error as shown: when, the FMZ method as the strategy named it (one printable word), the words. */
    public record Recent(Instant at, String method, String error) {
    }

    private final Clock clock;
    private final Map<String, Deque<Recent>> byExchange = new ConcurrentHashMap<>();

    public RecentErrors(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param credentials the call's own access key and secret, looked for in the text and left out
     */
    public void add(String exchange, String method, String error, Collection<String> credentials) {
        Recent recent = new Recent(clock.instant(), LogText.word(method, 64), LogText.error(error, credentials));
        Deque<Recent> kept = byExchange.computeIfAbsent(exchange, any -> new ArrayDeque<>(KEPT + 1));
        synchronized (kept) {
            kept.addFirst(recent);
            if (kept.size() > KEPT) {
                kept.removeLast();
            }
        }
    }

    /** Newest first; empty for an exchange without errors. */
    public List<Recent> of(String exchange) {
        Deque<Recent> kept = byExchange.get(exchange);
        if (kept == null) {
            return List.of();
        }
        synchronized (kept) {
            return new ArrayList<>(kept);
        }
    }
}
