package io.fmzbridge.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The book procedure of exchanges whose depth stream and REST snapshot both carry update ids (the
 * events {@code U}, first, and {@code u}, last; the snapshot {@code lastUpdateId}), with absolute
 * quantities in {@code a} and {@code b} ("0" removes a level) and the event time in {@code E}:
 * <ol>
 * <li>events are buffered while a REST snapshot is fetched; a snapshot older than the first buffered
 *     event ({@link #snapshotTooOld}) is fetched again, a few times at most;</li>
 * <li>buffered events up to {@code lastUpdateId} are dropped; the first one applied must not start
 *     past {@code lastUpdateId + 1} (else events between were missed);</li>
 * <li>every later event must follow the book's update id as the exchange says ({@link #follow}):
 *     anything else discards the book, and it starts over from step 1.</li>
 * </ol>
 * A book started from a snapshot takes the event time of the newest event buffered meanwhile, then
 * of each event. A snapshot that cannot be had is asked for again after a growing pause.
 */
public abstract class UpdateIdBookRules implements BookRules {

    /** Events while a snapshot is fetched: far fewer than this; more means the snapshot is not coming. */
    private static final int MAX_BUFFERED = 1000;
    /** Snapshots older than the stream fetched again at most this many times before starting over. */
    private static final int MAX_REFETCHES = 5;
    private static final long FIRST_RETRY_NANOS = 1_000_000_000L;
    private static final long LAST_RETRY_NANOS = 30_000_000_000L;

    private final int snapshotLevels;
    private final List<JsonNode> buffered = new ArrayList<>();
    private boolean snapshotAsked;
    private int refetches;
    private int failures;
    private long retryAt;

    /** @param snapshotLevels how deep a REST snapshot is asked for */
    protected UpdateIdBookRules(int snapshotLevels) {
        this.snapshotLevels = snapshotLevels;
    }

    /** Whether a snapshot with this {@code lastUpdateId} is too old to start from the first buffered event, {@code U} = firstU. */
    protected abstract boolean snapshotTooOld(long lastUpdateId, long firstU);

    /** An event's time in epoch ms, from its {@code E}. */
    protected abstract long eventTime(JsonNode event);

    /**
     * Applies an event to a synced book if it follows the book's update id, {@link LiveBook#sequence()},
     * as the exchange says (ignoring it if the exchange says so), else refuses it.
     */
    protected abstract void follow(JsonNode event, LiveBook book) throws BrokenBook;

    /** Applies an event's levels, its {@code u} the book's update id from now on. */
    protected final void update(JsonNode event, LiveBook book) throws BrokenBook {
        book.update(event.path("a"), event.path("b"), event.path("u").asLong(), eventTime(event));
    }

    @Override
    public final void apply(JsonNode event, LiveBook book, BookFeed feed) throws BrokenBook {
        if (!event.path("U").isIntegralNumber() || !event.path("u").isIntegralNumber()) {
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
    public final void snapshot(JsonNode snapshot, LiveBook book, BookFeed feed) throws BrokenBook {
        snapshotAsked = false;
        long lastUpdateId = lastUpdateId(snapshot);
        if (buffered.isEmpty()) {
            return; // asked for on the first buffered event: cannot happen; the next event asks again
        }
        long firstU = buffered.get(0).path("U").asLong();
        if (snapshotTooOld(lastUpdateId, firstU)) {
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
        book.replace(snapshot.path("asks"), snapshot.path("bids"), lastUpdateId, eventTime(events.get(events.size() - 1)),
                snapshotLevels);
        boolean first = true;
        for (JsonNode event : events) {
            if (event.path("u").asLong() <= lastUpdateId) {
                continue;
            }
            if (!first) {
                follow(event, book);
                continue;
            }
            long firstId = event.path("U").asLong();
            if (firstId > lastUpdateId + 1) {
                throw new BrokenBook("the first event after the snapshot starts at U " + firstId + ", past lastUpdateId "
                        + lastUpdateId + " + 1: events were missed");
            }
            first = false;
            update(event, book);
        }
    }

    /** The snapshot's {@code lastUpdateId}: a number, or its digits as a string as some exchanges send it. */
    private static long lastUpdateId(JsonNode snapshot) throws BrokenBook {
        JsonNode id = snapshot.path("lastUpdateId");
        if (id.isIntegralNumber()) {
            return id.asLong();
        }
        try {
            return Long.parseLong(id.isTextual() ? id.textValue() : "");
        } catch (NumberFormatException e) {
            throw new BrokenBook("a REST snapshot without lastUpdateId");
        }
    }

    @Override
    public final void snapshotFailed(String why, LiveBook book, BookFeed feed) {
        snapshotAsked = false;
        failures++;
        retryAt = System.nanoTime() + Math.min(LAST_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(failures - 1, 8));
    }

    @Override
    public final void restart(LiveBook book, BookFeed feed) {
        buffered.clear();
        snapshotAsked = false;
        refetches = 0;
        // the next event is buffered and asks for a new snapshot
    }

    @Override
    public final void subscribed(LiveBook book) {
        buffered.clear();
        snapshotAsked = false;
        refetches = 0;
        failures = 0;
        retryAt = 0;
    }

    private void askSnapshot(BookFeed feed) {
        if (!snapshotAsked && (failures == 0 || System.nanoTime() - retryAt >= 0)) {
            snapshotAsked = true;
            feed.fetchSnapshot(snapshotLevels);
        }
    }
}
