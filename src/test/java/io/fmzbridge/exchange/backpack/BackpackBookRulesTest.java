package io.fmzbridge.exchange.backpack;

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

/** Backpack's depth stream on a REST snapshot: U/u against lastUpdateId, then each event after the last. */
class BackpackBookRulesTest {

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

    private final BackpackBookRules rules = new BackpackBookRules();
    private final LiveBook book = new LiveBook(Integer.MAX_VALUE);
    private final RecordingFeed feed = new RecordingFeed();

    /** A depth event as the Streams page lists its fields; E in µs. */
    static JsonNode event(long first, long last, String asks, String bids, long micros) throws Exception {
        return FmzJson.MAPPER.readTree("{\"e\":\"depth\",\"E\":" + micros + ",\"s\":\"SOL_USDC\",\"a\":" + asks + ",\"b\":"
                + bids + ",\"U\":" + first + ",\"u\":" + last + ",\"T\":" + (micros - 3) + "}");
    }

    /** GET /api/v1/depth's reply, lastUpdateId a string as in Backpack's sample. */
    static JsonNode snapshot(long lastUpdateId) throws Exception {
        return FmzJson.MAPPER.readTree("{\"asks\":[[\"118318.3\",\"0.00633\"],[\"118567.2\",\"0.08450\"]],\"bids\":"
                + "[[\"1.0\",\"0.38647\"],[\"12.9\",\"1.00000\"]],\"lastUpdateId\":\"" + lastUpdateId
                + "\",\"timestamp\":1753102447307501}");
    }

    @Test
    void buffersUntilTheSnapshotDropsWhatItCoversAndAppliesTheEventSpanningIt() throws Exception {
        rules.apply(event(96, 99, "[[\"118318.3\",\"5\"]]", "[]", 1753102447000000L), book, feed);
        rules.apply(event(100, 103, "[]", "[[\"12.9\",\"2\"]]", 1753102448000000L), book, feed);
        assertThat(feed.asked).containsExactly("snapshot 1000");
        assertThat(book.isSynced()).isFalse();

        rules.snapshot(snapshot(101), book, feed);
        assertThat(book.isSynced()).isTrue();
        assertThat(book.sequence()).isEqualTo(103);
        assertThat(book.asks(1).get(0).toString()).as("the first event is older than the snapshot").isEqualTo("[\"118318.3\",\"0.00633\"]");
        assertThat(book.bids(1).get(0).toString()).isEqualTo("[\"12.9\",\"2\"]");
        assertThat(book.eventTime()).isEqualTo(1753102448000L);

        rules.apply(event(104, 104, "[[\"118318.3\",\"0\"]]", "[]", 1753102449000000L), book, feed);
        assertThat(book.asks(1).get(0).get(0).asText()).isEqualTo("118567.2");
    }

    @Test
    void aSnapshotOlderThanTheStreamIsFetchedAgain() throws Exception {
        rules.apply(event(100, 103, "[]", "[]", 1L), book, feed);
        rules.snapshot(snapshot(98), book, feed);
        assertThat(book.isSynced()).isFalse();
        assertThat(feed.asked).containsExactly("snapshot 1000", "snapshot 1000");
        rules.snapshot(snapshot(99), book, feed);
        assertThat(book.isSynced()).as("99 + 1 is the first event's U").isTrue();
    }

    @Test
    void anEventThatDoesNotFollowTheLastBreaksTheBook() throws Exception {
        rules.apply(event(100, 103, "[]", "[]", 1L), book, feed);
        rules.snapshot(snapshot(102), book, feed);
        assertThatThrownBy(() -> rules.apply(event(105, 106, "[]", "[]", 2L), book, feed))
                .isInstanceOf(BrokenBook.class).hasMessageContaining("missed");
        assertThatThrownBy(() -> rules.apply(event(103, 104, "[]", "[]", 2L), book, feed))
                .isInstanceOf(BrokenBook.class).hasMessageContaining("out of order");
    }
}
