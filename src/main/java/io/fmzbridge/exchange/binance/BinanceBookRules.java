package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;
import io.fmzbridge.stream.UpdateIdBookRules;

/**
 * A Binance book kept as "How to manage a local order book correctly" (web-socket-streams.md) says:
 * buffer the {@code <symbol>@depth@100ms} events, get a REST snapshot ({@code GET /api/v3/depth},
 * {@value #SNAPSHOT_LEVELS} levels) and get another while its {@code lastUpdateId} is strictly less
 * than the first buffered {@code U}; then an event whose {@code u} is below the book's update id is
 * ignored, and one whose {@code U} is above the book's update id + 1 means events were missed.
 * Event times {@code E} are ms. The snapshot knows nothing beyond its last price on each side, so the
 * book answers no deeper than that ({@link LiveBook} drops what lies past it).
 */
final class BinanceBookRules extends UpdateIdBookRules {

    /** Deep enough for any FMZ poll; weight 50 of Binance's 6000 a minute (limit 501-1000). */
    static final int SNAPSHOT_LEVELS = 1000;

    BinanceBookRules() {
        super(SNAPSHOT_LEVELS);
    }

    @Override
    protected boolean snapshotTooOld(long lastUpdateId, long firstU) {
        return lastUpdateId < firstU;
    }

    @Override
    protected long eventTime(JsonNode event) {
        return event.path("E").asLong();
    }

    @Override
    protected void follow(JsonNode event, LiveBook book) throws BrokenBook {
        long first = event.path("U").asLong();
        long last = event.path("u").asLong();
        if (last < book.sequence()) {
            return;
        }
        if (first > book.sequence() + 1) {
            throw new BrokenBook("update ids " + first + "-" + last + " after " + book.sequence() + ": events were missed");
        }
        update(event, book);
    }
}
