package io.fmzbridge.exchange.coinbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;
import io.fmzbridge.stream.StreamInbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coinbase's level2 book rules and its connection-wide sequence_num, fed the documented messages. */
class CoinbaseStreamReadTest {

    /** What one connection's messages told the bridge. */
    static final class Recorder implements StreamInbox {
        final List<String> said = new ArrayList<>();
        final List<JsonNode> books = new ArrayList<>();

        @Override
        public void ticker(String instrument, JsonNode restShaped, long eventTime) {
            said.add("ticker " + instrument + " " + eventTime);
        }

        @Override
        public void trades(String instrument, List<JsonNode> restShaped, long eventTime) {
            List<String> ids = new ArrayList<>();
            restShaped.forEach(t -> ids.add(t.path("trade_id").asText()));
            said.add("trades " + instrument + " " + ids);
        }

        @Override
        public void book(String instrument, JsonNode message) {
            said.add("book " + instrument);
            books.add(message);
        }

        @Override
        public void accepted(String requestId) {
            said.add("accepted " + requestId);
        }

        @Override
        public void refused(String requestId, String why) {
            said.add("refused " + requestId + " " + why);
        }

        @Override
        public void closingSoon(String why) {
            said.add("closing " + why);
        }
    }

    static final class Feed implements BookFeed {
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

    private final CoinbaseStream protocol = new CoinbaseStream();

    /** The Level2 channel's example message, numbered {@code sequence}. */
    static String l2(long sequence, String type, String updates) {
        return "{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:50.714964855Z\","
                + "\"sequence_num\":" + sequence + ",\"events\":[{\"type\":\"" + type + "\",\"product_id\":\"BTC-USD\","
                + "\"updates\":" + updates + "}]}";
    }

    static final String SNAPSHOT_UPDATES = "[{\"side\":\"bid\",\"event_time\":\"1970-01-01T00:00:00Z\",\"price_level\":\"21921.73\","
            + "\"new_quantity\":\"0.06317902\"},{\"side\":\"bid\",\"event_time\":\"1970-01-01T00:00:00Z\","
            + "\"price_level\":\"21921.3\",\"new_quantity\":\"0.02\"},{\"side\":\"offer\",\"event_time\":"
            + "\"1970-01-01T00:00:00Z\",\"price_level\":\"21922.1\",\"new_quantity\":\"0.5\"}]";

    @Test
    void aSnapshotStartsTheBookAndUpdatesReplaceOrRemoveLevels() throws Exception {
        Recorder inbox = new Recorder();
        protocol.read(l2(0, "snapshot", SNAPSHOT_UPDATES), inbox);
        protocol.read(l2(1, "update", "[{\"side\":\"bid\",\"event_time\":\"2023-02-09T20:32:50.7Z\",\"price_level\":"
                + "\"21921.73\",\"new_quantity\":\"0\"},{\"side\":\"offer\",\"event_time\":\"2023-02-09T20:32:50.7Z\","
                + "\"price_level\":\"21922.1\",\"new_quantity\":\"1.25\"}]"), inbox);
        assertThat(inbox.said).containsExactly("book BTC-USD", "book BTC-USD");

        CoinbaseBookRules rules = new CoinbaseBookRules();
        LiveBook book = new LiveBook(Integer.MAX_VALUE);
        Feed feed = new Feed();
        rules.apply(inbox.books.get(0), book, feed);
        assertThat(book.isSynced()).isTrue();
        assertThat(book.bids(5).toString()).isEqualTo("[[\"21921.73\",\"0.06317902\"], [\"21921.3\",\"0.02\"]]");
        rules.apply(inbox.books.get(1), book, feed);
        assertThat(book.bids(5).toString()).isEqualTo("[[\"21921.3\",\"0.02\"]]");
        assertThat(book.asks(5).toString()).isEqualTo("[[\"21922.1\",\"1.25\"]]");
        assertThat(book.eventTime()).isEqualTo(1675974770714L);
    }

    @Test
    void anUpdateBeforeTheSnapshotIsNotAppliedAndAnUnknownSideBreaksTheBook() throws Exception {
        Recorder inbox = new Recorder();
        protocol.read(l2(0, "update", SNAPSHOT_UPDATES), inbox);
        CoinbaseBookRules rules = new CoinbaseBookRules();
        LiveBook book = new LiveBook(Integer.MAX_VALUE);
        rules.apply(inbox.books.get(0), book, new Feed());
        assertThat(book.isSynced()).isFalse();

        JsonNode odd = FmzJson.MAPPER.readTree("{\"type\":\"update\",\"updates\":[{\"side\":\"sell\",\"price_level\":\"1\","
                + "\"new_quantity\":\"1\"}]}");
        assertThatThrownBy(() -> rules.apply(odd, book, new Feed())).isInstanceOf(BrokenBook.class);
        Feed feed = new Feed();
        rules.restart(book, feed);
        assertThat(feed.asked).as("a fresh snapshot comes with a new subscription").containsExactly("resubscribe");
    }

    @Test
    void sequenceNumbersRunAcrossChannelsAndASkippedOneReplacesTheConnection() {
        Recorder inbox = new Recorder();
        protocol.read("{\"channel\":\"subscriptions\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:50.714964855Z\","
                + "\"sequence_num\":0,\"events\":[{\"subscriptions\":{\"level2\":[\"BTC-USD\"]}}]}", inbox);
        protocol.read(l2(1, "snapshot", SNAPSHOT_UPDATES), inbox);
        protocol.read("{\"channel\":\"heartbeats\",\"client_id\":\"\",\"timestamp\":\"2023-06-23T20:31:26.122969572Z\","
                + "\"sequence_num\":2,\"events\":[{\"current_time\":\"2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105\","
                + "\"heartbeat_counter\":\"3049\"}]}", inbox);
        protocol.read(l2(4, "update", "[]"), inbox);
        assertThat(inbox.said).containsExactly("accepted null", "book BTC-USD",
                "closing Coinbase sequence_num 4 after 2: messages were missed");

        Recorder another = new Recorder();
        protocol.read(l2(7, "snapshot", SNAPSHOT_UPDATES), another);
        protocol.read(l2(6, "update", "[]"), another);
        assertThat(another.said).as("each connection counts on its own; a step back is out of order")
                .containsExactly("book BTC-USD", "closing Coinbase sequence_num 6 after 7: a message out of order");
    }

    @Test
    void tradesComeOldestFirstAndAnErrorRefusesTheOldestRequest() {
        Recorder inbox = new Recorder();
        protocol.read("{\"channel\":\"market_trades\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:19:35.39625135Z\","
                + "\"sequence_num\":0,\"events\":[{\"type\":\"snapshot\",\"trades\":[{\"trade_id\":\"000000001\","
                + "\"product_id\":\"ETH-USD\",\"price\":\"1260.01\",\"size\":\"0.3\",\"side\":\"BUY\","
                + "\"time\":\"2019-08-14T20:42:27.265Z\"},{\"trade_id\":\"000000000\",\"product_id\":\"ETH-USD\","
                + "\"price\":\"1260.00\",\"size\":\"0.1\",\"side\":\"SELL\",\"time\":\"2019-08-14T20:42:26.265Z\"}]}]}", inbox);
        protocol.read("{\"type\":\"error\",\"message\":\"Failure to subscribe\"}", inbox);
        assertThat(inbox.said).containsExactly("trades ETH-USD [000000000, 000000001]",
                "refused null Coinbase error: Failure to subscribe");
    }
}
