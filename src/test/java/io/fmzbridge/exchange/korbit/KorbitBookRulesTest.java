package io.fmzbridge.exchange.korbit;

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

/** Korbit's orderbook channel: every message the whole book, in time order, on Korbit's documented shape. */
class KorbitBookRulesTest {

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

    private final LiveBook book = new LiveBook(KorbitStream.BOOK_LEVELS);
    private final KorbitBookRules rules = new KorbitBookRules();
    private final RecordingFeed feed = new RecordingFeed();

    /** The reference's orderbook example levels, in the stream's envelope. */
    static JsonNode message(long bookTime, String firstBidQty) throws Exception {
        return FmzJson.MAPPER.readTree("""
                {"type":"orderbook","timestamp":1708057741200,"symbol":"btc_krw","snapshot":true,
                 "data":{"timestamp":%d,
                  "bids":[{"price":"73303000","qty":"%s"},{"price":"73302000","qty":"0.00790837"}],
                  "asks":[{"price":"73304000","qty":"0.00985212"},{"price":"73305000","qty":"0.00367505"}]}}
                """.formatted(bookTime, firstBidQty));
    }

    @Test
    void aMessageIsTheWholeBookWithItsOwnTime() throws Exception {
        rules.apply(message(1708057740895L, "0.00898326"), book, feed);

        assertThat(book.isSynced()).isTrue();
        assertThat(book.eventTime()).isEqualTo(1708057740895L);
        assertThat(book.bids(5).toString()).isEqualTo("[[\"73303000\",\"0.00898326\"], [\"73302000\",\"0.00790837\"]]");
        assertThat(book.asks(1).get(0).path(0).asText()).isEqualTo("73304000");
    }

    @Test
    void aLaterMessageReplacesTheBookWhole() throws Exception {
        rules.apply(message(1708057740895L, "0.00898326"), book, feed);
        JsonNode later = FmzJson.MAPPER.readTree("""
                {"type":"orderbook","timestamp":1708057742000,"symbol":"btc_krw",
                 "data":{"timestamp":1708057741900,"bids":[{"price":"73302000","qty":"1"}],"asks":[]}}
                """);

        rules.apply(later, book, feed);

        assertThat(book.bids(5)).hasSize(1);
        assertThat(book.askCount()).as("a level left out is gone: no increments on this channel").isZero();
        assertThat(book.eventTime()).isEqualTo(1708057741900L);
    }

    @Test
    void aBookOlderThanTheOneKeptCameOutOfOrder() throws Exception {
        rules.apply(message(1708057740895L, "0.00898326"), book, feed);

        assertThatThrownBy(() -> rules.apply(message(1708057740894L, "5"), book, feed))
                .isInstanceOf(BrokenBook.class).hasMessageContaining("out of order");
        rules.apply(message(1708057740895L, "5"), book, feed);
        assertThat(book.bids(1).get(0).path(1).asText()).as("the same time again is no disorder").isEqualTo("5");
    }

    @Test
    void aBrokenBookIsSubscribedAgainForAFreshSnapshot() {
        rules.restart(book, feed);
        assertThat(feed.asked).containsExactly("resubscribe");
    }

    @Test
    void aLevelWithoutItsQuantityBreaksTheBook() throws Exception {
        JsonNode bad = FmzJson.MAPPER.readTree("""
                {"type":"orderbook","timestamp":1,"symbol":"btc_krw","data":{"timestamp":1,"bids":[{"price":"1"}],"asks":[]}}
                """);
        assertThatThrownBy(() -> rules.apply(bad, book, feed)).isInstanceOf(BrokenBook.class);
        JsonNode noTime = FmzJson.MAPPER.readTree("""
                {"type":"orderbook","timestamp":1,"symbol":"btc_krw","data":{"bids":[],"asks":[]}}
                """);
        assertThatThrownBy(() -> rules.apply(noTime, book, feed)).isInstanceOf(BrokenBook.class);
    }
}
