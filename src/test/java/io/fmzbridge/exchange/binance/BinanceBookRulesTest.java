package io.fmzbridge.exchange.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "How to manage a local order book correctly" (web-socket-streams.md), step by step. */
class BinanceBookRulesTest {

    static final class RecordingFeed implements BookFeed {
        final List<String> asked = new ArrayList<>();

        @Override
        public void resubscribe() {
            asked.add("resubscribe");
        }

        @Override
        public void fetchSnapshot(int levels) {
            asked.add("snapshot " + levels);
        }
    }

    private final BinanceBookRules rules = new BinanceBookRules();
    private final LiveBook book = new LiveBook(Integer.MAX_VALUE);
    private final RecordingFeed feed = new RecordingFeed();

    static JsonNode json(String text) throws Exception {
        return FmzJson.MAPPER.readTree(text);
    }

    /** A diff depth event as web-socket-streams.md shows it. */
    static JsonNode event(long first, long last, String bids, String asks, long time) throws Exception {
        return json("{\"e\":\"depthUpdate\",\"E\":" + time + ",\"s\":\"BNBBTC\",\"U\":" + first + ",\"u\":" + last
                + ",\"b\":" + bids + ",\"a\":" + asks + "}");
    }

    /** GET /api/v3/depth's reply as rest-api.md shows it. */
    static JsonNode snapshot(long lastUpdateId, String bids, String asks) throws Exception {
        return json("{\"lastUpdateId\":" + lastUpdateId + ",\"bids\":" + bids + ",\"asks\":" + asks + "}");
    }

    @Test
    void buffersEventsAsksForOneSnapshotAndAppliesWhatFollowsIt() throws Exception {
        rules.apply(event(157, 160, "[[\"0.0024\",\"10\"]]", "[[\"0.0026\",\"100\"]]", 1672515782136L), book, feed);
        rules.apply(event(161, 165, "[[\"0.0023\",\"5\"]]", "[]", 1672515782236L), book, feed);
        assertThat(book.isSynced()).isFalse();
        assertThat(feed.asked).as("one snapshot for the buffer").containsExactly("snapshot 1000");

        // the snapshot is at 162: 157-160 is discarded, 161-165 straddles it and applies, then each event
        rules.snapshot(snapshot(162, "[[\"0.0024\",\"10\"],[\"0.0022\",\"1\"]]", "[[\"0.0026\",\"100\"]]"), book, feed);
        assertThat(book.isSynced()).isTrue();
        assertThat(book.sequence()).isEqualTo(165);
        assertThat(book.eventTime()).isEqualTo(1672515782236L);
        assertThat(book.bids(5)).extracting(level -> level.path(0).asText()).containsExactly("0.0024", "0.0023", "0.0022");

        rules.apply(event(166, 170, "[[\"0.0022\",\"0\"]]", "[[\"0.0025\",\"1\"]]", 1672515782336L), book, feed);
        assertThat(book.sequence()).isEqualTo(170);
        assertThat(book.bids(5)).extracting(level -> level.path(0).asText()).containsExactly("0.0024", "0.0023");
        assertThat(book.asks(5)).extracting(level -> level.path(0).asText()).containsExactly("0.0025", "0.0026");
    }

    @Test
    void aSnapshotOlderThanTheFirstBufferedEventIsFetchedAgain() throws Exception {
        rules.apply(event(157, 160, "[]", "[]", 1), book, feed);

        rules.snapshot(snapshot(156, "[]", "[]"), book, feed);

        assertThat(book.isSynced()).isFalse();
        assertThat(feed.asked).containsExactly("snapshot 1000", "snapshot 1000");
        rules.snapshot(snapshot(158, "[[\"1\",\"1\"]]", "[[\"2\",\"1\"]]"), book, feed);
        assertThat(book.isSynced()).isTrue();
        assertThat(book.sequence()).isEqualTo(160);
    }

    @Test
    void aGapAfterTheSnapshotBreaksTheBook() throws Exception {
        rules.apply(event(157, 160, "[]", "[]", 1), book, feed);
        rules.snapshot(snapshot(158, "[[\"1\",\"1\"]]", "[[\"2\",\"1\"]]"), book, feed);

        assertThatThrownBy(() -> rules.apply(event(162, 170, "[]", "[]", 2), book, feed))
                .isInstanceOf(BrokenBook.class).hasMessageContaining("update ids 162-170 after 160");
    }

    @Test
    void aFirstEventThatDoesNotReachTheSnapshotBreaksTheBook() throws Exception {
        // buffered 157-160, then 163-170 (161-162 lost); the snapshot at 160 leaves a gap before 163
        rules.apply(event(157, 160, "[]", "[]", 1), book, feed);
        rules.apply(event(163, 170, "[]", "[]", 2), book, feed);

        assertThatThrownBy(() -> rules.snapshot(snapshot(160, "[]", "[]"), book, feed))
                .isInstanceOf(BrokenBook.class).hasMessageContaining("events were missed");
    }

    @Test
    void anOldEventIsIgnoredAndTheBookStaysWhole() throws Exception {
        rules.apply(event(157, 160, "[]", "[]", 1), book, feed);
        rules.snapshot(snapshot(158, "[[\"1\",\"1\"]]", "[[\"2\",\"1\"]]"), book, feed);

        rules.apply(event(150, 155, "[[\"1\",\"0\"]]", "[]", 3), book, feed);

        assertThat(book.sequence()).isEqualTo(160);
        assertThat(book.bids(5)).hasSize(1);
    }

    @Test
    void afterABreakTheNextEventAsksForANewSnapshot() throws Exception {
        rules.apply(event(157, 160, "[]", "[]", 1), book, feed);
        rules.snapshot(snapshot(158, "[[\"1\",\"1\"]]", "[[\"2\",\"1\"]]"), book, feed);
        book.discard("a gap");

        rules.restart(book, feed);
        rules.apply(event(200, 205, "[]", "[]", 5), book, feed);

        assertThat(feed.asked).containsExactly("snapshot 1000", "snapshot 1000");
        rules.snapshot(snapshot(203, "[[\"1\",\"2\"]]", "[[\"2\",\"2\"]]"), book, feed);
        assertThat(book.isSynced()).isTrue();
        assertThat(book.sequence()).isEqualTo(205);
    }

    @Test
    void aFailedSnapshotIsRetriedAfterAPauseNotOnEveryEvent() throws Exception {
        rules.apply(event(157, 160, "[]", "[]", 1), book, feed);
        rules.snapshotFailed("HTTP 503", book, feed);

        rules.apply(event(161, 162, "[]", "[]", 2), book, feed);

        assertThat(feed.asked).as("not again at once: the pause starts at a second").containsExactly("snapshot 1000");
    }
}
