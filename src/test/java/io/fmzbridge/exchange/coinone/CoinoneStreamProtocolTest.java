package io.fmzbridge.exchange.coinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stream.Channel;
import io.fmzbridge.stream.StreamInbox;
import io.fmzbridge.stream.Topic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coinone's stream messages as its public WebSocket reference shows them, read into what the mechanism needs. */
class CoinoneStreamProtocolTest {

    /** What {@code read} told the mechanism, in order. */
    static final class RecordingInbox implements StreamInbox {
        final List<String> said = new ArrayList<>();

        @Override
        public void ticker(String instrument, JsonNode restShaped, long eventTime) {
            said.add("ticker " + instrument + " " + eventTime + " " + restShaped);
        }

        @Override
        public void trades(String instrument, List<JsonNode> restShaped, long eventTime) {
            said.add("trades " + instrument + " " + eventTime + " " + restShaped);
        }

        @Override
        public void book(String instrument, JsonNode message) {
            said.add("book " + instrument);
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

    private final CoinoneStream stream = new CoinoneStream();
    private final RecordingInbox inbox = new RecordingInbox();

    @Test
    void oneTopicPerRequestAsDocumented() {
        assertThat(stream.subscribe("3", List.of(new Topic(Channel.BOOK, "KRW-XRP")))).isEqualTo(
                "{\"request_type\":\"SUBSCRIBE\",\"channel\":\"ORDERBOOK\",\"topic\":{\"quote_currency\":\"KRW\",\"target_currency\":\"XRP\"}}");
    }

    @Test
    void anErrorRefusesTheRequestAcknowledgedLastNotAnEarlierOne() {
        stream.subscribe("1", List.of(new Topic(Channel.BOOK, "KRW-XRP")));
        stream.subscribe("2", List.of(new Topic(Channel.BOOK, "KRW-NOPE")));
        stream.read("{\"response_type\":\"SUBSCRIBED\",\"channel\":\"ORDERBOOK\",\"data\":{\"quote_currency\":\"KRW\",\"target_currency\":\"XRP\"}}", inbox);
        stream.read("{\"response_type\":\"SUBSCRIBED\",\"channel\":\"ORDERBOOK\",\"data\":{\"quote_currency\":\"KRW\",\"target_currency\":\"NOPE\"}}", inbox);
        stream.read("{\"response_type\":\"ERROR\",\"error_code\":160012,\"message\":\"Invalid Topic\"}", inbox);

        assertThat(inbox.said).containsExactly("refused 2 Coinone error 160012: Invalid Topic");
    }

    @Test
    void anUnsubscribeIsAcceptedByItsOwnAcknowledgementWhileTheSameTopicIsSubscribedAgain() {
        stream.unsubscribe("4", List.of(new Topic(Channel.BOOK, "KRW-XRP")));
        stream.subscribe("5", List.of(new Topic(Channel.BOOK, "KRW-XRP")));
        stream.read("{\"response_type\":\"UNSUBSCRIBED\",\"channel\":\"ORDERBOOK\",\"data\":{\"quote_currency\":\"KRW\",\"target_currency\":\"XRP\"}}", inbox);

        assertThat(inbox.said).containsExactly("accepted 4");
    }

    @Test
    void theTickersBestPricesBecomeRestsBestAsksAndBids() {
        stream.read("""
                {"response_type":"DATA","channel":"TICKER","data":{"quote_currency":"KRW","target_currency":"XRP",
                 "timestamp":1693560155038,"quote_volume":"19521465345.504","target_volume":"28234366.0437",
                 "high":"699.3","low":"681.1","first":"685.4","last":"688.3","volume_power":"100",
                 "ask_best_price":"688.5","ask_best_qty":"3000","bid_best_price":"688.3","bid_best_qty":"5000",
                 "id":"1693560155038001"}}
                """, inbox);

        assertThat(inbox.said.get(0)).startsWith("ticker KRW-XRP 1693560155038 ")
                .contains("\"best_asks\":[{\"price\":\"688.5\",\"qty\":\"3000\"}]")
                .contains("\"best_bids\":[{\"price\":\"688.3\",\"qty\":\"5000\"}]")
                .doesNotContain("ask_best_price");
    }

    @Test
    void pongAndConnectedSayNothing() {
        stream.read("{\"response_type\":\"PONG\"}", inbox);
        stream.read("{\"response_type\":\"CONNECTED\",\"data\":{\"session_id\":\"x\"}}", inbox);
        assertThat(inbox.said).isEmpty();
    }
}
