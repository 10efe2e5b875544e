package io.fmzbridge.exchange.okx;

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

/**
 * OKX's checksum against OKX's published examples, and its book rules (docs-v5, "WS / Order book
 * channel": Sequence ID and Checksum) message by message.
 */
class OkxBookRulesTest {

    /** A feed that only records what the rules asked for. */
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

    private final OkxBookRules rules = new OkxBookRules();
    private final LiveBook book = new LiveBook(OkxStream.BOOK_LEVELS);
    private final RecordingFeed feed = new RecordingFeed();

    static JsonNode json(String text) throws Exception {
        return FmzJson.MAPPER.readTree(text);
    }

    /** A books push as OKX documents it, with the given action, sides and sequence. */
    static JsonNode push(String action, String asks, String bids, long prevSeqId, long seqId, long checksum, String ts)
            throws Exception {
        return json("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"" + action + "\",\"data\":[{"
                + "\"asks\":" + asks + ",\"bids\":" + bids + ",\"ts\":\"" + ts + "\",\"checksum\":" + checksum
                + ",\"prevSeqId\":" + prevSeqId + ",\"seqId\":" + seqId + "}]}");
    }

    @Test
    void checksumMatchesOkxsPublishedExamples() throws Exception {
        // "More than 25 levels": bids 3366.1:7, 3366:6 and asks 3366.8:9, 3368:8 → -1881014294
        List<JsonNode> bids = List.of(json("[\"3366.1\",\"7\",\"0\",\"3\"]"), json("[\"3366\",\"6\",\"3\",\"4\"]"));
        List<JsonNode> asks = List.of(json("[\"3366.8\",\"9\",\"10\",\"3\"]"), json("[\"3368\",\"8\",\"3\",\"4\"]"));
        assertThat(OkxChecksum.text(bids, asks)).isEqualTo("3366.1:7:3366.8:9:3366:6:3368:8");
        assertThat(OkxChecksum.of(bids, asks)).isEqualTo(-1881014294);

        // "Less than 25 levels": one bid, three asks → the asks go on alone → 831078360
        List<JsonNode> oneBid = List.of(json("[\"3366.1\",\"7\",\"0\",\"3\"]"));
        List<JsonNode> threeAsks = List.of(json("[\"3366.8\",\"9\",\"10\",\"3\"]"), json("[\"3368\",\"8\",\"3\",\"4\"]"),
                json("[\"3372\",\"8\",\"3\",\"4\"]"));
        assertThat(OkxChecksum.text(oneBid, threeAsks)).isEqualTo("3366.1:7:3366.8:9:3368:8:3372:8");
        assertThat(OkxChecksum.of(oneBid, threeAsks)).isEqualTo(831078360);
    }

    @Test
    void checksumCoversTheBest25LevelsOfEachSide() throws Exception {
        List<JsonNode> bids = new ArrayList<>();
        List<JsonNode> asks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            bids.add(json("[\"" + (100 - i) + "\",\"1\"]"));
            asks.add(json("[\"" + (200 + i) + "\",\"1\"]"));
        }
        String text = OkxChecksum.text(bids, asks);
        assertThat(text).contains(":76:1:224:1").doesNotContain("75:1").doesNotContain("225:1");
    }

    @Test
    void followsTheDocumentedSequenceExample() throws Exception {
        // snapshot 10; update 10→15; no change 15→15 (empty sides); reset 15→3; then 3→5
        rules.apply(push("snapshot", "[[\"8476.98\",\"415\",\"0\",\"13\"]]", "[[\"8476.97\",\"256\",\"0\",\"12\"]]",
                -1, 10, 0, "1597026383085"), book, feed);
        rules.apply(push("update", "[[\"8476.98\",\"0\",\"0\",\"0\"],[\"8477\",\"7\",\"0\",\"2\"]]", "[]", 10, 15, 0,
                "1597026383185"), book, feed);
        rules.apply(push("update", "[]", "[]", 15, 15, 0, "1597026443185"), book, feed);
        rules.apply(push("update", "[]", "[[\"8476.5\",\"1\",\"0\",\"1\"]]", 15, 3, 0, "1597026443285"), book, feed);
        rules.apply(push("update", "[[\"8477\",\"9\",\"0\",\"3\"]]", "[]", 3, 5, 0, "1597026443385"), book, feed);

        assertThat(book.isSynced()).isTrue();
        assertThat(book.sequence()).isEqualTo(5);
        assertThat(book.eventTime()).isEqualTo(1597026443385L);
        assertThat(book.asks(5)).hasSize(1);
        assertThat(book.asks(5).get(0).path(1).asText()).isEqualTo("9");
        assertThat(book.bids(5)).hasSize(2);
        assertThat(feed.asked).isEmpty();
    }

    @Test
    void anUpdateThatDoesNotFollowTheLastSeqIdBreaksTheBook() throws Exception {
        rules.apply(push("snapshot", "[[\"2\",\"1\"]]", "[[\"1\",\"1\"]]", -1, 10, 0, "1"), book, feed);

        assertThatThrownBy(() -> rules.apply(push("update", "[]", "[]", 12, 15, 0, "2"), book, feed))
                .isInstanceOf(BrokenBook.class).hasMessageContaining("prevSeqId 12 after seqId 10");

        rules.restart(book, feed);
        assertThat(feed.asked).as("OKX's way back: subscribe again for a fresh snapshot").containsExactly("resubscribe");
    }

    @Test
    void updatesBeforeTheSnapshotAreIgnored() throws Exception {
        rules.apply(push("update", "[[\"2\",\"1\"]]", "[]", 9, 10, 0, "1"), book, feed);

        assertThat(book.isSynced()).isFalse();
        rules.apply(push("snapshot", "[[\"2\",\"1\"]]", "[[\"1\",\"1\"]]", -1, 11, 0, "2"), book, feed);
        assertThat(book.isSynced()).isTrue();
    }

    @Test
    void aChecksumIsCheckedWhenSentAndZeroMeansNoneAsOkxNowSends() throws Exception {
        String asks = "[[\"3366.8\",\"9\",\"10\",\"3\"],[\"3368\",\"8\",\"3\",\"4\"]]";
        String bids = "[[\"3366.1\",\"7\",\"0\",\"3\"],[\"3366\",\"6\",\"3\",\"4\"]]";
        rules.apply(push("snapshot", asks, bids, -1, 1, -1881014294, "1"), book, feed);
        rules.apply(push("update", "[]", "[]", 1, 2, 0, "2"), book, feed);
        assertThat(book.isSynced()).isTrue();

        assertThatThrownBy(() -> rules.apply(push("update", "[[\"3368\",\"1\",\"0\",\"1\"]]", "[]", 2, 3, -1881014294, "3"),
                book, feed)).isInstanceOf(BrokenBook.class)
                .hasMessageContaining("where OKX sent -1881014294");
    }
}
