package io.fmzbridge.exchange.coinone;

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

/** Coinone's ORDERBOOK channel: every message the whole book, "a larger id is a newer order book". */
class CoinoneBookRulesTest {

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

    private final LiveBook book = new LiveBook(CoinoneStream.BOOK_LEVELS);
    private final CoinoneBookRules rules = new CoinoneBookRules();
    private final RecordingFeed feed = new RecordingFeed();

    /** The documented XRP stream example's envelope and first levels (asks worst first), with the id asked. */
    static JsonNode message(String id, String bestBidQty) throws Exception {
        return FmzJson.MAPPER.readTree("""
                {"response_type":"DATA","channel":"ORDERBOOK","data":{"quote_currency":"KRW","target_currency":"XRP",
                 "timestamp":1693560155038,"id":"%s",
                 "asks":[{"price":"695.5","qty":"5000"},{"price":"692.1","qty":"15000"},{"price":"690.9","qty":"118063.7475"}],
                 "bids":[{"price":"688.3","qty":"%s"},{"price":"688.2","qty":"12000"}]}}
                """.formatted(id, bestBidQty));
    }

    @Test
    void aMessageIsTheWholeBookBestFirstWhateverOrderCoinoneSendsItIn() throws Exception {
        rules.apply(message("1693560155038001", "5000"), book, feed);

        assertThat(book.isSynced()).isTrue();
        assertThat(book.asks(3).toString()).isEqualTo("[[\"690.9\",\"118063.7475\"], [\"692.1\",\"15000\"], [\"695.5\",\"5000\"]]");
        assertThat(book.bids(1).get(0).path(0).asText()).isEqualTo("688.3");
        assertThat(book.eventTime()).isEqualTo(1693560155038L);
    }

    @Test
    void aLargerIdReplacesTheBookTheSameIdChangesNothingASmallerOneIsOutOfOrder() throws Exception {
        rules.apply(message("1693560155038001", "5000"), book, feed);

        rules.apply(message("1693560155038002", "1"), book, feed);
        assertThat(book.bids(1).get(0).path(1).asText()).isEqualTo("1");

        rules.apply(message("1693560155038002", "2"), book, feed);
        assertThat(book.bids(1).get(0).path(1).asText()).as("a repeat of the book kept").isEqualTo("1");

        assertThatThrownBy(() -> rules.apply(message("1693560155038001", "3"), book, feed))
                .isInstanceOf(BrokenBook.class).hasMessageContaining("out of order");
    }

    @Test
    void aBrokenBookIsSubscribedAgainAndItsIdForgotten() throws Exception {
        rules.apply(message("1693560155038002", "5000"), book, feed);
        book.discard("test");
        rules.restart(book, feed);
        assertThat(feed.asked).containsExactly("resubscribe");

        rules.apply(message("1693560155038001", "7"), book, feed);
        assertThat(book.bids(1).get(0).path(1).asText()).as("the fresh book, whatever its id").isEqualTo("7");
    }

    @Test
    void aMessageWithoutAnIdOrALevelsQtyBreaksTheBook() throws Exception {
        assertThatThrownBy(() -> rules.apply(message("not-a-number", "1"), book, feed)).isInstanceOf(BrokenBook.class);
        JsonNode noQty = FmzJson.MAPPER.readTree("""
                {"response_type":"DATA","channel":"ORDERBOOK","data":{"timestamp":1,"id":"1","asks":[{"price":"1"}],"bids":[]}}
                """);
        assertThatThrownBy(() -> rules.apply(noQty, book, feed)).isInstanceOf(BrokenBook.class);
    }
}
