package io.fmzbridge.exchange.korbit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stream.Channel;
import io.fmzbridge.stream.StreamInbox;
import io.fmzbridge.stream.Topic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Korbit's stream messages as its WebSocket reference shows them, read into what the mechanism needs. */
class KorbitStreamProtocolTest {

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

    private final KorbitStream stream = new KorbitStream();
    private final RecordingInbox inbox = new RecordingInbox();

    @Test
    void oneArrayOfRequestObjectsOnePerTypeEachWithTheRequestsId() {
        String request = stream.subscribe("7", List.of(new Topic(Channel.BOOK, "btc_krw"), new Topic(Channel.BOOK, "eth_krw"),
                new Topic(Channel.TICKER, "btc_krw")));
        assertThat(request).isEqualTo("[{\"requestId\":7,\"method\":\"subscribe\",\"type\":\"ticker\",\"symbols\":[\"btc_krw\"]},"
                + "{\"requestId\":7,\"method\":\"subscribe\",\"type\":\"orderbook\",\"symbols\":[\"btc_krw\",\"eth_krw\"]}]");
    }

    @Test
    void controlMessagesAcceptOrRefuseTheirRequest() {
        stream.read("{\"requestId\": 1, \"status\": \"success\"}", inbox);
        stream.read("{\"requestId\": 2, \"status\": \"fail\", \"code\": \"INVALID_SYMBOL\", \"message\": \"The symbol does not exist (eth_btc)\"}", inbox);
        stream.read("{\"status\": \"error\", \"message\": \"invalid_format\"}", inbox);

        assertThat(inbox.said).containsExactly("accepted 1", "refused 2 Korbit INVALID_SYMBOL: The symbol does not exist (eth_btc)",
                "refused null Korbit error: invalid_format");
    }

    @Test
    void tradesGoOldestFirstWithTheNewestTradesTime() {
        stream.read("""
                {"type":"trade","timestamp":1708057271200,"symbol":"btc_krw","data":[
                 {"timestamp":1708057271149,"price":"70507000","qty":"0.00981535","isBuyerTaker":false,"tradeId":1004},
                 {"timestamp":1708057271035,"price":"70508000","qty":"0.00682475","isBuyerTaker":false,"tradeId":1003}]}
                """, inbox);

        assertThat(inbox.said).hasSize(1);
        assertThat(inbox.said.get(0)).startsWith("trades btc_krw 1708057271149 [{\"timestamp\":1708057271035");
    }

    @Test
    void aTickerGetsTheSymbolItsRestReplyCarries() {
        stream.read("""
                {"type":"ticker","timestamp":1700000027754,"symbol":"btc_krw","snapshot":true,"data":{"open":"77060000",
                 "high":"79650000","low":"76550000","close":"77136000","prevClose":"77060000","priceChange":"76000",
                 "priceChangePercent":"0.1","volume":"48.73739983","quoteVolume":"3785149733.32633",
                 "bestBidPrice":"77136000","bestAskPrice":"77193000","lastTradedAt":1725525721041}}
                """, inbox);

        assertThat(inbox.said.get(0)).startsWith("ticker btc_krw 1700000027754 {\"symbol\":\"btc_krw\",\"open\":\"77060000\"");
    }
}
