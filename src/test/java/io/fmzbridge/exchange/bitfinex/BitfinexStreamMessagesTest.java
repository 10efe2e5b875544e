package io.fmzbridge.exchange.bitfinex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stream.Channel;
import io.fmzbridge.stream.StreamInbox;
import io.fmzbridge.stream.StreamProtocol;
import io.fmzbridge.stream.Topic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bitfinex's WebSocket v2 messages as its "General", "Ticker", "Trades" and "Books" pages show them,
 * read by one connection's {@link BitfinexStream}: data is keyed by the channel id the connection was
 * given, so each connection remembers its own ids and forgets them with the connection.
 */
class BitfinexStreamMessagesTest {

    /** What one connection's messages told the mechanism, one line each. */
    static final class RecordingInbox implements StreamInbox {
        final List<String> said = new ArrayList<>();

        @Override
        public void ticker(String instrument, JsonNode restShaped, long eventTime) {
            said.add("ticker " + instrument + " " + restShaped + " @" + eventTime);
        }

        @Override
        public void trades(String instrument, List<JsonNode> restShaped, long eventTime) {
            said.add("trades " + instrument + " " + restShaped + " @" + eventTime);
        }

        @Override
        public void book(String instrument, JsonNode message) {
            said.add("book " + instrument + " " + message);
        }

        @Override
        public void accepted(String requestId) {
            said.add("accepted " + requestId);
        }

        @Override
        public void refused(String requestId, String why) {
            said.add("refused " + requestId + ": " + why);
        }

        @Override
        public void closingSoon(String why) {
            said.add("closing: " + why);
        }
    }

    private final BitfinexStream shared = new BitfinexStream();
    private final RecordingInbox inbox = new RecordingInbox();

    @Test
    void eachConnectionKnowsOnlyTheChannelIdsItWasGiven() {
        StreamProtocol first = shared.forConnection();
        StreamProtocol second = shared.forConnection();
        first.read("{\"event\":\"subscribed\",\"channel\":\"ticker\",\"chanId\":7,\"symbol\":\"tBTCUST\",\"pair\":\"BTCUST\"}", inbox);

        second.read("[7,[7616.5,31.89055171,7617.5,43.358118629999986,-550.8,-0.0674,7617.1,8314.71200815,8257.8,7500]]", inbox);
        first.read("[7,[7616.5,31.89055171,7617.5,43.358118629999986,-550.8,-0.0674,7617.1,8314.71200815,8257.8,7500],1574694475039]", inbox);

        assertThat(inbox.said).containsExactly("accepted null",
                "ticker tBTCUST [7616.5,31.89055171,7617.5,43.358118629999986,-550.8,-0.0674,7617.1,8314.71200815,8257.8,7500] @1574694475039");
        assertThat(first).isNotSameAs(second).isNotSameAs(shared);
    }

    @Test
    void theConnectionAsksForTimestampsAndChecksumsBeforeSubscribing() {
        assertThat(shared.forConnection().openingMessages()).containsExactly("{\"event\":\"conf\",\"flags\":163840}");
        assertThat(shared.subscribe("1", List.of(new Topic(Channel.BOOK, "tBTCUST"))))
                .isEqualTo("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"tBTCUST\",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\"25\"}");
    }

    @Test
    void bookSnapshotsUpdatesAndChecksumsGoToTheBookRules() {
        StreamProtocol connection = shared.forConnection();
        connection.read("{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":17082,\"symbol\":\"tBTCUST\",\"prec\":\"P0\","
                + "\"freq\":\"F0\",\"len\":\"25\",\"pair\":\"BTCUST\"}", inbox);
        connection.read("[17082,[[7254.7,3,3.3],[7254.8,1,-0.5]],1574694475039]", inbox);
        connection.read("[17082,[7254.7,0,1],1574694475100]", inbox);
        connection.read("[17082,\"cs\",-1157578406,1574694475100]", inbox);
        connection.read("[17082,\"hb\",1574694490000]", inbox);

        assertThat(inbox.said).containsExactly("accepted null",
                "book tBTCUST {\"type\":\"snapshot\",\"levels\":[[7254.7,3,3.3],[7254.8,1,-0.5]],\"time\":1574694475039}",
                "book tBTCUST {\"type\":\"update\",\"level\":[7254.7,0,1],\"time\":1574694475100}",
                "book tBTCUST {\"type\":\"checksum\",\"checksum\":-1157578406,\"time\":1574694475100}");
    }

    @Test
    void aTradeCountsOnceFromTeAndTheSnapshotComesOldestFirst() {
        StreamProtocol connection = shared.forConnection();
        connection.read("{\"event\":\"subscribed\",\"channel\":\"trades\",\"chanId\":19111,\"symbol\":\"tBTCUST\",\"pair\":\"BTCUST\"}", inbox);
        connection.read("[19111,[[401597395,1574694478808,0.005,7245.3],[401597393,1574694475039,0.005,7244.9]]]", inbox);
        connection.read("[19111,\"te\",[401597396,1574694479000,-0.01,7245.1]]", inbox);
        connection.read("[19111,\"tu\",[401597396,1574694479000,-0.01,7245.1]]", inbox);

        assertThat(inbox.said).containsExactly("accepted null",
                "trades tBTCUST [[401597393,1574694475039,0.005,7244.9], [401597395,1574694478808,0.005,7245.3]] @1574694478808",
                "trades tBTCUST [[401597396,1574694479000,-0.01,7245.1]] @1574694479000");
    }

    @Test
    void anUnsubscribeNamesTheChannelIdAndItsAnswerIsMatchedToTheRequest() {
        StreamProtocol connection = shared.forConnection();
        Topic book = new Topic(Channel.BOOK, "tBTCUST");
        connection.read("{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":17082,\"symbol\":\"tBTCUST\"}", inbox);

        assertThat(connection.unsubscribe("9", List.of(book))).isEqualTo("{\"event\":\"unsubscribe\",\"chanId\":17082}");
        connection.read("[17082,[7254.7,0,1]]", inbox); // after the request: no longer this topic's
        connection.read("{\"event\":\"unsubscribed\",\"status\":\"OK\",\"chanId\":17082}", inbox);

        assertThat(inbox.said).containsExactly("accepted null", "accepted 9");
    }

    @Test
    void errorsRefuseAndInfoCodesReconnect() {
        StreamProtocol connection = shared.forConnection();
        connection.read("{\"event\":\"info\",\"version\":2,\"platform\":{\"status\":1}}", inbox);
        connection.read("{\"event\":\"conf\",\"status\":\"OK\",\"flags\":163840}", inbox);
        connection.read("{\"event\":\"error\",\"msg\":\"Subscription failed (generic)\",\"code\":10300}", inbox);
        connection.read("{\"event\":\"error\",\"msg\":\"Not subscribed\",\"code\":10401}", inbox);
        connection.read("{\"event\":\"info\",\"code\":20051,\"msg\":\"Stop/Restart Websocket Server (please reconnect)\"}", inbox);

        assertThat(inbox.said).hasSize(3);
        assertThat(inbox.said.subList(0, 2)).as("a refused subscribe; an unsubscribe of what is not subscribed is done")
                .containsExactly("refused null: Bitfinex error 10300: Subscription failed (generic)", "accepted null");
        assertThat(inbox.said.get(2)).startsWith("closing: Bitfinex info 20051: Stop/Restart Websocket Server");
    }
}
