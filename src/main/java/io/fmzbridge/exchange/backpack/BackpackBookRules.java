package io.fmzbridge.exchange.backpack;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;
import io.fmzbridge.stream.UpdateIdBookRules;

/**
 * A Backpack book kept from its {@code depth.<symbol>} stream (Streams: "Depth") on a REST snapshot
 * ({@code GET /api/v1/depth}, {@value #SNAPSHOT_LEVELS} levels, {@code lastUpdateId} a string): the
 * events' update ids follow one another ({@code U} is the previous {@code u} + 1), so a snapshot is
 * too old only when it ends before the first buffered event's {@code U} - 1, and after it every event
 * must start exactly at the book's update id + 1. Event times {@code E} are Backpack's microseconds,
 * kept as ms.
 */
final class BackpackBookRules extends UpdateIdBookRules {

    /** Backpack's deepest depth reply, and its default. */
    static final int SNAPSHOT_LEVELS = 1000;

    BackpackBookRules() {
        super(SNAPSHOT_LEVELS);
    }

    @Override
    protected boolean snapshotTooOld(long lastUpdateId, long firstU) {
        return lastUpdateId < firstU - 1;
    }

    @Override
    protected long eventTime(JsonNode event) {
        return event.path("E").asLong() / 1000;
    }

    @Override
    protected void follow(JsonNode event, LiveBook book) throws BrokenBook {
        long first = event.path("U").asLong();
        long last = event.path("u").asLong();
        if (first != book.sequence() + 1) {
            throw new BrokenBook("update ids " + first + "-" + last + " after " + book.sequence()
                    + (first > book.sequence() + 1 ? ": events were missed" : ": an event out of order"));
        }
        update(event, book);
    }
}
