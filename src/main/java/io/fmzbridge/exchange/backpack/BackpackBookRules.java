package io.fmzbridge.exchange.backpack;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;
import java.util.ArrayList;
import java.util.List;

/**
 * A Backpack book kept from its {@code depth.<symbol>} stream (Streams: "Depth") on a REST snapshot
 * ({@code GET /api/v1/depth}): the stream's events carry absolute quantities ("0" removes the level)
 * and the update ids {@code U} (first) and {@code u} (last), one following the other ({@code U} is
 * the previous {@code u} + 1); the snapshot carries {@code lastUpdateId}.
 * <ol>
 * <li>events are buffered while a snapshot of {@value #SNAPSHOT_LEVELS} levels is fetched; one older
 *     than the first buffered event ({@code lastUpdateId < U - 1}) is fetched again;</li>
 * <li>buffered events up to {@code lastUpdateId} are dropped; the first applied must span it
 *     ({@code U <= lastUpdateId + 1 <= u});</li>
 * <li>from then on every event's {@code U} must be the last {@code u} + 1: anything else discards the
 *     book, and it starts over from step 1.</li>
 * </ol>
 * Times are Backpack's microseconds, kept as ms: the book's time is the last applied event's {@code E}.
 */
final class BackpackBookRules implements BookRules {

    /** Backpack's deepest depth reply, and its default. */
    static final int SNAPSHOT_LEVELS = 1000;
    private static final int MAX_BUFFERED = 1000;
    private static final int MAX_REFETCHES = 5;
    private static final long FIRST_RETRY_NANOS = 1_000_000_000L;
    private static final long LAST_RETRY_NANOS = 30_000_000_000L;

    private final List<JsonNode> buffered = new ArrayList<>();
    private boolean snapshotAsked;
    private int refetches;
    private int failures;
    private long retryAt;

    @Override
    public void apply(JsonNode event, LiveBook book, BookFeed feed) throws BrokenBook {
        if (!event.path("U").canConvertToLong() || !event.path("u").canConvertToLong()) {
            throw new BrokenBook("a depth event without update ids");
        }
        if (book.isSynced()) {
            follow(event, book);
            return;
        }
        buffered.add(event);
        if (buffered.size() > MAX_BUFFERED) {
            buffered.clear();
            snapshotAsked = false;
            throw new BrokenBook(MAX_BUFFERED + " depth events buffered and no snapshot yet");
        }
        askSnapshot(feed);
    }

    @Override
    public void snapshot(JsonNode snapshot, LiveBook book, BookFeed feed) throws BrokenBook {
        snapshotAsked = false;
        long lastUpdateId;
        try {
            lastUpdateId = Long.parseLong(snapshot.path("lastUpdateId").asText(""));
        } catch (NumberFormatException e) {
            throw new BrokenBook("a REST snapshot without lastUpdateId");
        }
        if (buffered.isEmpty()) {
            return;
        }
        long firstU = buffered.get(0).path("U").asLong();
        if (lastUpdateId < firstU - 1) {
            if (++refetches > MAX_REFETCHES) {
                throw new BrokenBook("REST snapshots stay older than the stream (lastUpdateId " + lastUpdateId
                        + " before U " + firstU + ")");
            }
            askSnapshot(feed);
            return;
        }
        refetches = 0;
        failures = 0;
        List<JsonNode> events = new ArrayList<>(buffered);
        buffered.clear();
        long time = events.get(events.size() - 1).path("E").asLong() / 1000;
        book.replace(snapshot.path("asks"), snapshot.path("bids"), lastUpdateId, time, SNAPSHOT_LEVELS);
        boolean first = true;
        for (JsonNode event : events) {
            long u = event.path("u").asLong();
            if (u <= lastUpdateId) {
                continue;
            }
            if (!first) {
                follow(event, book);
                continue;
            }
            if (event.path("U").asLong() > lastUpdateId + 1) {
                throw new BrokenBook("the first event after the snapshot starts at U " + event.path("U").asLong()
                        + ", past lastUpdateId " + lastUpdateId + " + 1");
            }
            first = false;
            book.update(event.path("a"), event.path("b"), u, event.path("E").asLong() / 1000);
        }
    }

    @Override
    public void snapshotFailed(String why, LiveBook book, BookFeed feed) {
        snapshotAsked = false;
        failures++;
        retryAt = System.nanoTime() + Math.min(LAST_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(failures - 1, 8));
    }

    @Override
    public void restart(LiveBook book, BookFeed feed) {
        buffered.clear();
        snapshotAsked = false;
        refetches = 0;
    }

    @Override
    public void subscribed(LiveBook book) {
        buffered.clear();
        snapshotAsked = false;
        refetches = 0;
        failures = 0;
        retryAt = 0;
    }

    private void askSnapshot(BookFeed feed) {
        if (!snapshotAsked && (failures == 0 || System.nanoTime() - retryAt >= 0)) {
            snapshotAsked = true;
            feed.fetchSnapshot(SNAPSHOT_LEVELS);
        }
    }

    /** Each event follows the last: its U is the book's update id + 1. */
    private static void follow(JsonNode event, LiveBook book) throws BrokenBook {
        long first = event.path("U").asLong();
        long last = event.path("u").asLong();
        if (first != book.sequence() + 1) {
            throw new BrokenBook("update ids " + first + "-" + last + " after " + book.sequence()
                    + (first > book.sequence() + 1 ? ": events were missed" : ": an event out of order"));
        }
        book.update(event.path("a"), event.path("b"), last, event.path("E").asLong() / 1000);
    }
}
