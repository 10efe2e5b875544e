package io.fmzbridge.exchange.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;
import io.fmzbridge.stream.StreamInbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kraken's book checksum against the worked example of its "Book checksum (WebSocket v2)" guide, read
 * off the wire as Kraken sends it (JSON numbers in full precision), and its book rules message by message.
 */
class KrakenBookRulesTest {

    /** The guide's example book: BTC/USD, best 10 per side, checksum 3310070434. */
    static final String[][] DOC_ASKS = {
            {"45285.2", "0.00100000"}, {"45286.4", "1.54571953"}, {"45286.6", "1.54571109"}, {"45289.6", "1.54560911"},
            {"45290.2", "0.15890660"}, {"45291.8", "1.54553491"}, {"45294.7", "0.04454749"}, {"45296.1", "0.35380000"},
            {"45297.5", "0.09945542"}, {"45299.5", "0.18772827"}};
    static final String[][] DOC_BIDS = {
            {"45283.5", "0.10000000"}, {"45283.4", "1.54582015"}, {"45282.1", "0.10000000"}, {"45281.0", "0.10000000"},
            {"45280.3", "1.54592586"}, {"45279.0", "0.07990000"}, {"45277.6", "0.03310103"}, {"45277.5", "0.30000000"},
            {"45277.3", "1.54602737"}, {"45276.6", "0.15445238"}};
    static final long DOC_CHECKSUM = 3310070434L;

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

    /** Keeps the book messages {@link KrakenStream#read} passes on. */
    static final class BookInbox implements StreamInbox {
        final List<JsonNode> books = new ArrayList<>();

        @Override
        public void ticker(String instrument, JsonNode restShaped, long eventTime) {
        }

        @Override
        public void trades(String instrument, List<JsonNode> restShaped, long eventTime) {
        }

        @Override
        public void book(String instrument, JsonNode message) {
            books.add(message);
        }

        @Override
        public void accepted(String requestId) {
        }

        @Override
        public void refused(String requestId, String why) {
        }

        @Override
        public void closingSoon(String why) {
        }
    }

    private final KrakenStream stream = new KrakenStream();
    private final KrakenBookRules rules = new KrakenBookRules();
    private final LiveBook book = new LiveBook(KrakenStream.BOOK_DEPTH);
    private final RecordingFeed feed = new RecordingFeed();

    /** Levels as Kraken's wire has them: {@code {"price":45283.5,"qty":0.10000000}}, numbers, not strings. */
    static String levels(String[][] levels) {
        StringBuilder json = new StringBuilder("[");
        for (String[] level : levels) {
            json.append(json.length() > 1 ? "," : "").append("{\"price\":").append(level[0])
                    .append(",\"qty\":").append(level[1]).append('}');
        }
        return json.append(']').toString();
    }

    static String push(String type, String asks, String bids, long checksum) {
        return "{\"channel\":\"book\",\"type\":\"" + type + "\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":" + bids
                + ",\"asks\":" + asks + ",\"checksum\":" + checksum + ",\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}";
    }

    private JsonNode read(String message) {
        BookInbox inbox = new BookInbox();
        stream.read(message, inbox);
        assertThat(inbox.books).hasSize(1);
        return inbox.books.get(0);
    }

    @Test
    void digitsAreTakenAsTheGuideShows() {
        assertThat(KrakenChecksum.digits("45285.2")).isEqualTo("452852");
        assertThat(KrakenChecksum.digits("0.00100000")).isEqualTo("100000");
        // the v1 guide's example level: "0.05000" with "0.00000304" gives "5000304"
        assertThat(KrakenChecksum.digits("0.05000") + KrakenChecksum.digits("0.00000304")).isEqualTo("5000304");
    }

    @Test
    void theGuidesExampleSnapshotMatchesItsChecksumFromTheWire() throws Exception {
        rules.apply(read(push("snapshot", levels(DOC_ASKS), levels(DOC_BIDS), DOC_CHECKSUM)), book, feed);

        assertThat(book.isSynced()).isTrue();
        assertThat(book.eventTime()).isEqualTo(1696613755440L);
        assertThat(book.asks(1).get(0).path(1).asText()).as("the trailing zeros the checksum counts").isEqualTo("0.00100000");
        assertThat(book.bids(1).get(0).path(0).asText()).isEqualTo("45283.5");
        assertThat(KrakenChecksum.text(book.asks(10), book.bids(10))).startsWith("452852100000" + "452864154571953");
    }

    @Test
    void anUpdateIsAppliedAndItsChecksumChecked() throws Exception {
        rules.apply(read(push("snapshot", levels(DOC_ASKS), levels(DOC_BIDS), DOC_CHECKSUM)), book, feed);
        // the best ask goes (qty 0), a new bid comes in at the top
        String asks = "[{\"price\":45285.2,\"qty\":0}]";
        String bids = "[{\"price\":45284.0,\"qty\":0.50000000}]";
        LiveBook expected = new LiveBook(KrakenStream.BOOK_DEPTH);
        rules.apply(read(push("snapshot", levels(DOC_ASKS), levels(DOC_BIDS), DOC_CHECKSUM)), expected, feed);
        expected.update(read(push("update", asks, bids, 0)).path("asks"), read(push("update", asks, bids, 0)).path("bids"), 1, 1);
        long checksum = KrakenChecksum.of(expected.asks(10), expected.bids(10));

        rules.apply(read(push("update", asks, bids, checksum)), book, feed);

        assertThat(book.asks(1).get(0).path(0).asText()).isEqualTo("45286.4");
        assertThat(book.bids(1).get(0).path(0).asText()).isEqualTo("45284.0");
        assertThat(feed.asked).isEmpty();
    }

    @Test
    void aChecksumMismatchBreaksTheBookAndKrakensWayBackIsAFreshSubscription() throws Exception {
        rules.apply(read(push("snapshot", levels(DOC_ASKS), levels(DOC_BIDS), DOC_CHECKSUM)), book, feed);

        assertThatThrownBy(() -> rules.apply(read(push("update", "[{\"price\":45286.4,\"qty\":2.0}]", "[]", DOC_CHECKSUM)),
                book, feed)).isInstanceOf(BrokenBook.class).hasMessageContaining("where Kraken sent 3310070434");

        rules.restart(book, feed);
        assertThat(feed.asked).containsExactly("resubscribe");
    }

    @Test
    void aSnapshotWithAWrongChecksumIsNotTrusted() {
        assertThatThrownBy(() -> rules.apply(read(push("snapshot", levels(DOC_ASKS), levels(DOC_BIDS), 1)), book, feed))
                .isInstanceOf(BrokenBook.class);
    }

    @Test
    void updatesBeforeTheSnapshotAreIgnored() throws Exception {
        rules.apply(read(push("update", "[{\"price\":45286.4,\"qty\":2.0}]", "[]", 5)), book, feed);
        assertThat(book.isSynced()).isFalse();

        rules.apply(read(push("snapshot", levels(DOC_ASKS), levels(DOC_BIDS), DOC_CHECKSUM)), book, feed);
        assertThat(book.isSynced()).isTrue();
    }

    @Test
    void theBookIsCutToTheSubscribedDepth() throws Exception {
        LiveBook ten = new LiveBook(10);
        rules.apply(read(push("snapshot", levels(DOC_ASKS), levels(DOC_BIDS), DOC_CHECKSUM)), ten, feed);
        // a bid inside the best ten pushes the tenth out: Kraken sends no removal for it
        String bids = "[{\"price\":45283.0,\"qty\":1.00000000}]";
        LiveBook expected = new LiveBook(10);
        rules.apply(read(push("snapshot", levels(DOC_ASKS), levels(DOC_BIDS), DOC_CHECKSUM)), expected, feed);
        expected.update(read(push("update", "[]", bids, 0)).path("asks"), read(push("update", "[]", bids, 0)).path("bids"), 1, 1);

        rules.apply(read(push("update", "[]", bids, KrakenChecksum.of(expected.asks(10), expected.bids(10)))), ten, feed);

        assertThat(ten.bidCount()).isEqualTo(10);
        assertThat(ten.bids(10).get(9).path(0).asText()).isEqualTo("45277.3");
    }
}
