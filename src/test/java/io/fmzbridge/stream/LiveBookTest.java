package io.fmzbridge.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The book rules every exchange shares: exact levels, order, deletion, and how deep a book can answer. */
class LiveBookTest {

    static JsonNode json(String text) throws Exception {
        return FmzJson.MAPPER.readTree(text);
    }

    static List<String> prices(List<JsonNode> levels) {
        return levels.stream().map(level -> level.path(0).asText()).toList();
    }

    @Test
    void keepsEachSideInOrderWithTheExchangesOwnDigits() throws Exception {
        LiveBook book = new LiveBook(400);
        book.replace(json("[[\"8477\",\"7\",\"0\",\"2\"],[\"8476.98\",\"415\",\"0\",\"13\"],[\"8477.340\",\"85\",\"0\",\"1\"]]"),
                json("[[\"8475.55\",\"101\",\"0\",\"1\"],[\"8476.97\",\"256\",\"0\",\"12\"]]"), 10, 1597026383085L, 0);

        assertThat(book.isSynced()).isTrue();
        assertThat(prices(book.asks(10))).containsExactly("8476.98", "8477", "8477.340");
        assertThat(prices(book.bids(10))).containsExactly("8476.97", "8475.55");
        assertThat(book.asks(1).get(0).toString()).as("the level as sent").isEqualTo("[\"8476.98\",\"415\",\"0\",\"13\"]");
        assertThat(book.sequence()).isEqualTo(10);
        assertThat(book.eventTime()).isEqualTo(1597026383085L);
    }

    @Test
    void anUpdateReplacesInsertsAndDeletesLevelsWhateverTheScaleOfThePrice() throws Exception {
        LiveBook book = new LiveBook(400);
        book.replace(json("[[\"8476.98\",\"415\"],[\"8477\",\"7\"]]"), json("[[\"8476.97\",\"256\"]]"), 10, 1, 0);

        book.update(json("[[\"8476.980\",\"0\"],[\"8477\",\"8\"],[\"8476.99\",\"1\"]]"), json("[[\"8476.5\",\"3\"],[\"1\",\"0\"]]"), 15, 2);

        assertThat(prices(book.asks(10))).containsExactly("8476.99", "8477");
        assertThat(book.asks(10).get(1).path(1).asText()).isEqualTo("8");
        assertThat(prices(book.bids(10))).as("removing a level the book lacks is normal").containsExactly("8476.97", "8476.5");
        assertThat(book.sequence()).isEqualTo(15);
        assertThat(book.eventTime()).isEqualTo(2);
    }

    @Test
    void aChannelWindowIsKeptAndAnsweredWhole() throws Exception {
        LiveBook book = new LiveBook(3);
        book.replace(json("[[\"1\",\"1\"],[\"2\",\"1\"],[\"3\",\"1\"]]"), json("[[\"0.5\",\"1\"]]"), 1, 1, 0);
        book.update(json("[[\"0.9\",\"1\"]]"), json("[]"), 2, 2);

        assertThat(prices(book.asks(10))).as("cut to the window after the update").containsExactly("0.9", "1", "2");
        assertThat(book.holds(3)).isTrue();
        assertThat(book.holds(4)).as("a full window says nothing about the levels past it").isFalse();

        LiveBook thin = new LiveBook(3);
        thin.replace(json("[[\"1\",\"1\"]]"), json("[[\"0.5\",\"1\"]]"), 1, 1, 0);
        assertThat(thin.holds(3)).as("a side shorter than the window is the whole side").isTrue();
    }

    @Test
    void aRestSnapshotAnswersNoDeeperThanItsLastPrice() throws Exception {
        LiveBook book = new LiveBook(Integer.MAX_VALUE);
        // a snapshot asked for 3 levels that came back full: nothing is known past 3 (asks) and 0.3 (bids)
        book.replace(json("[[\"1\",\"1\"],[\"2\",\"1\"],[\"3\",\"1\"]]"),
                json("[[\"0.5\",\"1\"],[\"0.4\",\"1\"],[\"0.3\",\"1\"]]"), 100, 1, 3);
        assertThat(book.holds(3)).isTrue();

        book.update(json("[[\"4\",\"1\"],[\"1\",\"0\"]]"), json("[[\"0.2\",\"1\"]]"), 101, 2);

        assertThat(prices(book.asks(10))).as("a level past the snapshot's last price is dropped").containsExactly("2", "3");
        assertThat(prices(book.bids(10))).containsExactly("0.5", "0.4", "0.3");
        assertThat(book.holds(2)).isTrue();
        assertThat(book.holds(3)).as("fewer asks are known than asked: REST answers").isFalse();

        LiveBook whole = new LiveBook(Integer.MAX_VALUE);
        whole.replace(json("[[\"1\",\"1\"]]"), json("[[\"0.5\",\"1\"]]"), 100, 1, 1000);
        assertThat(whole.holds(500)).as("a snapshot with fewer levels than asked was the whole book").isTrue();
    }

    @Test
    void aDiscardedBookAnswersNothingUntilANewSnapshot() throws Exception {
        LiveBook book = new LiveBook(400);
        book.replace(json("[[\"1\",\"1\"]]"), json("[[\"0.5\",\"1\"]]"), 1, 1, 0);

        book.discard("a gap");

        assertThat(book.isSynced()).isFalse();
        assertThat(book.holds(1)).isFalse();
        assertThat(book.asks(5)).isEmpty();
        assertThat(book.brokenBecause()).isEqualTo("a gap");
        book.replace(json("[[\"2\",\"1\"]]"), json("[[\"1.5\",\"1\"]]"), 7, 2, 0);
        assertThat(book.holds(1)).isTrue();
        assertThat(book.brokenBecause()).isNull();
    }

    @Test
    void anUnreadableLevelBreaksTheBook() throws Exception {
        LiveBook book = new LiveBook(400);
        assertThatThrownBy(() -> book.replace(json("[[\"abc\",\"1\"]]"), json("[]"), 1, 1, 0))
                .isInstanceOf(BrokenBook.class).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> book.replace(json("[[\"1\",\"-2\"]]"), json("[]"), 1, 1, 0))
                .isInstanceOf(BrokenBook.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> book.replace(json("{}"), json("[]"), 1, 1, 0)).isInstanceOf(BrokenBook.class);
    }
}
