package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;
import java.util.ArrayList;
import java.util.List;

/**
 * A Binance book kept as "How to manage a local order book correctly" (web-socket-streams.md) says:
 * <ol>
 * <li>buffer the {@code <symbol>@depth@100ms} events, noting the {@code U} of the first;</li>
 * <li>get a REST snapshot ({@code GET /api/v3/depth}, {@value #SNAPSHOT_LEVELS} levels); if its
 *     {@code lastUpdateId} is strictly less than that {@code U}, get another;</li>
 * <li>discard buffered events whose {@code u} is at most {@code lastUpdateId}, start the book from the
 *     snapshot with update id {@code lastUpdateId}, and apply the rest, then every event after;</li>
 * <li>applying an event: one whose {@code u} is below the book's update id is ignored; one whose
 *     {@code U} is above the book's update id + 1 means events were missed: the book is discarded and
 *     the procedure starts over; quantities are absolute, and 0 removes the level;</li>
 * </ol>
 * The snapshot knows nothing beyond its last price on each side, so the book answers no deeper than
 * that ({@link LiveBook} drops what lies past it). A book started from a snapshot has no time of its
 * own: it takes the event time {@code E} of the newest event buffered meanwhile, then of each event.
 */
final class BinanceBookRules implements BookRules {

    /** Deep enough for any FMZ poll; weight 50 of Binance's 6000 a minute (limit 501-1000). */
    static final int SNAPSHOT_LEVELS = 1000;
    /** Events at 100 ms while a snapshot is fetched: far fewer than this; more means the snapshot is not coming. */
    private static final int MAX_BUFFERED = 1000;
    /** Snapshots older than the stream fetched again at most this many times before starting over. */
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
        if (!event.path("U").isIntegralNumber() || !event.path("u").isIntegralNumber()) {
            throw new BrokenBook("a depth update without update ids");
        }
        if (book.isSynced()) {
            applyEvent(event, book);
            return;
        }
        buffered.add(event);
        if (buffered.size() > MAX_BUFFERED) {
            buffered.clear();
            snapshotAsked = false;
            throw new BrokenBook(MAX_BUFFERED + " updates buffered and no snapshot yet");
        }
        askSnapshot(feed);
    }

    @Override
    public void snapshot(JsonNode snapshot, LiveBook book, BookFeed feed) throws BrokenBook {
        snapshotAsked = false;
        if (!snapshot.path("lastUpdateId").isIntegralNumber()) {
            throw new BrokenBook("a REST snapshot without lastUpdateId");
        }
        if (buffered.isEmpty()) {
            return; // asked for on the first buffered event: cannot happen; the next event asks again
        }
        long lastUpdateId = snapshot.path("lastUpdateId").asLong();
        long firstU = buffered.get(0).path("U").asLong();
        if (lastUpdateId < firstU) {
            if (++refetches > MAX_REFETCHES) {
                throw new BrokenBook("REST snapshots stay older than the stream (lastUpdateId " + lastUpdateId
                        + " before U " + firstU + ")");
            }
            askSnapshot(feed);
            return;
        }
        refetches = 0;
        failures = 0;
        book.replace(snapshot.path("asks"), snapshot.path("bids"), lastUpdateId,
                buffered.get(buffered.size() - 1).path("E").asLong(), SNAPSHOT_LEVELS);
        List<JsonNode> events = new ArrayList<>(buffered);
        buffered.clear();
        for (JsonNode event : events) {
            if (event.path("u").asLong() > lastUpdateId) {
                applyEvent(event, book);
            }
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
        // the next event is buffered and asks for a new snapshot
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

    private static void applyEvent(JsonNode event, LiveBook book) throws BrokenBook {
        long first = event.path("U").asLong();
        long last = event.path("u").asLong();
        if (last < book.sequence()) {
            return;
        }
        if (first > book.sequence() + 1) {
            throw new BrokenBook("update ids " + first + "-" + last + " after " + book.sequence() + ": events were missed");
        }
        book.update(event.path("a"), event.path("b"), last, event.path("E").asLong());
    }
}
