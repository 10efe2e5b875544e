package io.fmzbridge.exchange.upbitstyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.Channel;
import io.fmzbridge.stream.LiveBook;
import io.fmzbridge.stream.StreamInbox;
import io.fmzbridge.stream.StreamLimits;
import io.fmzbridge.stream.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dialect's stream messages, as Upbit's and Bithumb's WebSocket pages give their fields. */
class UpbitStyleStreamTest {

    static final class Dialect extends UpbitStyleStream {
        Dialect() {
            super("Upbit", new StreamLimits(10, 1, Duration.ofSeconds(1), 10, null, Duration.ofMillis(250)), 30);
        }
    }

    final Dialect dialect = new Dialect();
    final Inbox inbox = new Inbox();

    @Test
    void aRequestNamesEveryTopicByType() throws Exception {
        JsonNode request = FmzJson.MAPPER.readTree(dialect.subscribe("7", List.of(
                new Topic(Channel.BOOK, "KRW-BTC"), new Topic(Channel.TICKER, "KRW-BTC"),
                new Topic(Channel.BOOK, "KRW-ETH"), new Topic(Channel.TRADES, "KRW-ETH"))));

        assertThat(request.path(0).path("ticket").asText()).isNotEmpty();
        assertThat(request.path(1).path("type").asText()).isEqualTo("ticker");
        assertThat(request.path(1).path("codes").toString()).isEqualTo("[\"KRW-BTC\"]");
        assertThat(request.path(2).path("type").asText()).isEqualTo("orderbook");
        assertThat(request.path(2).path("codes").toString()).isEqualTo("[\"KRW-BTC\",\"KRW-ETH\"]");
        assertThat(request.path(3).path("type").asText()).isEqualTo("trade");
        assertThat(request.path(4).path("format").asText()).isEqualTo("DEFAULT");
        assertThat(request).hasSize(5);
        assertThat(dialect.subscriptionReplaces()).isTrue();
    }

    @Test
    void aTickerIsRenamedIntoTheRestTickersFields() {
        dialect.read(UpbitStyleStreamStub.ticker("KRW-BTC", 1524046049766L, "SNAPSHOT"), inbox);

        assertThat(inbox.events).containsExactly("ticker KRW-BTC 1524046049766");
        JsonNode ticker = inbox.last;
        assertThat(ticker.path("market").asText()).isEqualTo("KRW-BTC");
        assertThat(ticker.path("acc_trade_volume_24h").decimalValue()).isEqualByComparingTo("6448.96200341");
        assertThat(ticker.path("trade_price").decimalValue()).isEqualByComparingTo("8629000");
        assertThat(ticker.has("type") || ticker.has("code") || ticker.has("stream_type") || ticker.has("market_state"))
                .as("only GET /v1/ticker's fields").isFalse();
    }

    @Test
    void aTradeTakesItsTradeTimeAsTheTicksTimestamp() {
        dialect.read(UpbitStyleStreamStub.trade("KRW-BTC", List.of("15240467980000000", "8616000", "0.03", "ASK",
                "1524046798000"), "REALTIME"), inbox);

        assertThat(inbox.events).containsExactly("trades KRW-BTC 1524046798020");
        JsonNode trade = inbox.last;
        assertThat(trade.path("timestamp").asLong()).isEqualTo(1524046798000L);
        assertThat(trade.path("trade_date_utc").asText()).isEqualTo("2018-04-18");
        assertThat(trade.path("sequential_id").asLong()).isEqualTo(15240467980000000L);
        assertThat(trade.path("ask_bid").asText()).isEqualTo("ASK");
        assertThat(trade.has("best_ask_price")).isFalse();
    }

    @Test
    void aSnapshotTradeIsSkippedItCameBeforeOrComesAgain() {
        dialect.read(UpbitStyleStreamStub.trade("KRW-BTC", List.of("15240467980000000", "8616000", "0.03", "ASK",
                "1524046798000"), "SNAPSHOT"), inbox);

        assertThat(inbox.events).isEmpty();
    }

    @Test
    void theDocumentedErrorRefusesTheLastRequestAndStatusUpIsNoData() {
        dialect.read("{\"error\":{\"name\":\"INVALID_PARAM\",\"message\":\"잘못된 요청입니다.\"}}", inbox);
        dialect.read("{\"status\":\"UP\"}", inbox);

        assertThat(inbox.events).hasSize(1);
        assertThat(inbox.events.get(0)).startsWith("refused null Upbit error INVALID_PARAM: ");
    }

    @Test
    void eachBookMessageReplacesTheBookAndAnOlderOneBreaksIt() throws Exception {
        LiveBook book = new LiveBook(dialect.bookWindow());
        var rules = dialect.bookRules();
        rules.apply(message(UpbitStyleStreamStub.book("KRW-BTC", UpbitStyleStreamStub.FIRST_BOOK, 1529910247984L,
                "SNAPSHOT")), book, NO_FEED);
        assertThat(book.asks(3)).extracting(l -> l.get(0).decimalValue().toPlainString())
                .containsExactly("6956000", "6958000", "6960000");
        assertThat(book.bids(1).get(0).get(1).decimalValue()).isEqualByComparingTo("0.00718341");

        rules.apply(message(UpbitStyleStreamStub.book("KRW-BTC", List.of(List.of("6957000", "1", "6955000", "2")),
                1529910248000L, "REALTIME")), book, NO_FEED);
        assertThat(book.askCount()).isEqualTo(1);
        assertThat(book.eventTime()).isEqualTo(1529910248000L);

        assertThatThrownBy(() -> rules.apply(message(UpbitStyleStreamStub.book("KRW-BTC", UpbitStyleStreamStub.FIRST_BOOK,
                1529910247999L, "REALTIME")), book, NO_FEED)).isInstanceOf(BrokenBook.class);
    }

    @Test
    void theRestDepthReplyPairsTheNthAskWithTheNthBid() throws Exception {
        LiveBook book = new LiveBook(dialect.bookWindow());
        dialect.bookRules().apply(message(UpbitStyleStreamStub.book("KRW-BTC", UpbitStyleStreamStub.FIRST_BOOK,
                1529910247984L, "SNAPSHOT")), book, NO_FEED);

        JsonNode reply = dialect.depthReply(book, 2);

        assertThat(reply.path(0).path("timestamp").asLong()).isEqualTo(1529910247984L);
        JsonNode units = reply.path(0).path("orderbook_units");
        assertThat(units).hasSize(2);
        assertThat(units.path(1).path("ask_price").decimalValue()).isEqualByComparingTo("6958000");
        assertThat(units.path(1).path("bid_price").decimalValue()).isEqualByComparingTo("6953000");
        assertThat(units.path(1).path("ask_size").decimalValue()).isEqualByComparingTo("1.12919");
        assertThat(units.path(1).path("bid_size").decimalValue()).isEqualByComparingTo("0.11500074");
    }

    static JsonNode message(String text) throws Exception {
        return FmzJson.MAPPER.readTree(text);
    }

    static final BookFeed NO_FEED = new BookFeed() {
        @Override
        public void resubscribe() {
        }

        @Override
        public void fetchSnapshot(int levels) {
        }
    };

    static final class Inbox implements StreamInbox {
        final List<String> events = new ArrayList<>();
        JsonNode last;

        @Override
        public void ticker(String instrument, JsonNode restShaped, long eventTime) {
            events.add("ticker " + instrument + " " + eventTime);
            last = restShaped;
        }

        @Override
        public void trades(String instrument, List<JsonNode> restShaped, long eventTime) {
            events.add("trades " + instrument + " " + eventTime);
            last = restShaped.get(0);
        }

        @Override
        public void book(String instrument, JsonNode message) {
            events.add("book " + instrument);
        }

        @Override
        public void accepted(String requestId) {
            events.add("accepted " + requestId);
        }

        @Override
        public void refused(String requestId, String why) {
            events.add("refused " + requestId + " " + why);
        }

        @Override
        public void closingSoon(String why) {
            events.add("closing " + why);
        }
    }
}
