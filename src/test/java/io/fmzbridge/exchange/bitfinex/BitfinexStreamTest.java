package io.fmzbridge.exchange.bitfinex;

import static io.fmzbridge.stream.StreamCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stream.StreamCalls;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Bitfinex market data from its public WebSocket v2, end to end: FMZ calls over HTTP to the bridge, the
 * bridge over a real WebSocket to {@link BitfinexStreamStub} and over REST to {@link BitfinexStub}. A
 * call answered from the stream sends no REST request. The REST stub's book (best ask 7255.1) differs
 * from the stream's (best ask 7254.8), so every depth answer shows its source.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BitfinexStreamTest {

    /** Short, so silence is noticed within a test: pings after 300 ms of quiet, replaced after 1200 ms. */
    static final long STALE_AFTER_MS = 600;
    static final String REST_BEST_ASK = "7255.1";

    static BitfinexStub bitfinex;
    static BitfinexStreamStub stream;
    static RunningBridge bridge;
    static StreamCalls calls;

    @BeforeAll
    static void start() throws Exception {
        bitfinex = BitfinexStub.start();
        stream = BitfinexStreamStub.start();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.bitfinex.base-url", bitfinex.baseUrl(),
                "fmz.exchange.bitfinex.ws-url", stream.wsUrl(),
                "fmz.exchange.bitfinex.stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.stream.reconnect-max-ms", "200",
                "fmz.call.rate-limit-enabled", "false"));
        calls = new StreamCalls(bridge, "/Bitfinex", bitfinex).showingReplyWhenNotRest();
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        stream.close();
        bitfinex.close();
    }

    @Test
    @Order(1)
    void theFirstCallsGoToRestThenTheStreamAnswersInBitfinexsRestShapes() throws Exception {
        stream.holdSnapshots();
        long before = System.currentTimeMillis();
        JsonNode restTicker = calls.fromRest("ticker", "symbol", "BTC_USDT");
        assertThat(restTicker.path("data").path("time").asLong()).as("REST's ticker: the bridge's clock").isGreaterThanOrEqualTo(before);
        await(() -> stream.subscribed("ticker", "tBTCUST") == 1);
        assertThat(stream.confFlags()).as("TIMESTAMP + OB_CHECKSUM, sent on opening")
                .containsExactly(BitfinexStreamStub.TIMESTAMP + BitfinexStreamStub.OB_CHECKSUM);
        stream.releaseSnapshots();
        stream.pushTicker("tBTCUST", 1700000000123L);
        JsonNode ticker = calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"),
                reply -> reply.path("data").path("time").asLong() == 1700000000123L);
        JsonNode t = ticker.path("data");
        assertThat(t.path("symbol").asText()).isEqualTo("BTC_USDT");
        assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("7616.5");
        assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("7617.5");
        assertThat(t.path("last").decimalValue()).isEqualByComparingTo("7617.1");
        assertThat(t.path("high").decimalValue()).isEqualByComparingTo("8257.8");
        assertThat(t.path("low").decimalValue()).isEqualByComparingTo("7500");
        assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("8314.71200815");
        assertThat(ticker.path("raw").size()).as("Bitfinex's REST ticker: the ten fields").isEqualTo(10);

        stream.holdSnapshots();
        assertThat(bestAsk(calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "5"))).isEqualTo(REST_BEST_ASK);
        await(() -> stream.subscribed("book", "tBTCUST") == 1);
        stream.releaseSnapshots();
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "5"), reply -> true);
        assertThat(prices(depth.path("data").path("asks"))).containsExactly("7254.8", "7255", "7255.1");
        assertThat(prices(depth.path("data").path("bids"))).containsExactly("7254.7", "7254.6", "7254.5");
        assertThat(depth.path("data").path("asks").path(1).path(1).decimalValue()).isEqualByComparingTo("2.25");
        assertThat(depth.path("raw").path(0).toString()).as("Bitfinex's own P0 row, bids first").isEqualTo("[7254.7,3,3.3]");

        calls.fromRest("trades", "symbol", "BTC_USDT", "limit", "3");
        await(() -> stream.subscribed("trades", "tBTCUST") == 1);
        JsonNode trades = calls.fromStream(() -> calls.call("trades", "symbol", "BTC_USDT", "limit", "3"), reply -> true).path("data");
        assertThat(ids(trades)).as("the snapshot, oldest first").containsExactly("401597393", "401597394", "401597395");
        assertThat(trades.path(1).path("type").asText()).isEqualTo("sell");
        assertThat(trades.path(1).path("amount").decimalValue()).isEqualByComparingTo("0.01");

        stream.pushTrade("tBTCUST", 401597396, 1574694480000L, "-0.25", "7245.2");
        trades = calls.fromStream(() -> calls.call("trades", "symbol", "BTC_USDT", "limit", "4"),
                reply -> reply.path("data").path(3).path("id").asText().equals("401597396")).path("data");
        assertThat(ids(trades)).as("'te' counted, the 'tu' that repeats it not")
                .containsExactly("401597393", "401597394", "401597395", "401597396");
        assertThat(calls.fromRest("trades", "symbol", "BTC_USDT", "limit", "5").path("data"))
                .as("more trades than the stream has seen: REST").hasSize(3);
        assertThat(calls.fromRest("trades", "symbol", "BTC_USDT").path("data"))
                .as("no limit: Bitfinex's default 125, more than the stream has seen").hasSize(3);
    }

    @Test
    @Order(2)
    void anUpdateIsAppliedCheckedAndAnswersWithItsTime() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);

        stream.pushBookUpdate("tBTCUST", "7254.8", 0, "-1", 1700000000400L); // the best ask leaves
        stream.pushBookUpdate("tBTCUST", "7254.75", 1, "0.4", 1700000000456L); // a new best bid

        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"),
                reply -> reply.path("data").path("time").asLong() == 1700000000456L).path("data");
        assertThat(prices(depth.path("asks"))).containsExactly("7255", "7255.1");
        assertThat(prices(depth.path("bids"))).containsExactly("7254.75", "7254.7", "7254.6");
        assertThat(meter("fmz.stream.resyncs").counter().count()).as("the checksums matched").isZero();
    }

    @Test
    @Order(3)
    void aLostUpdateShowsInTheNextChecksumAndTheBookIsSubscribedAgainWhileRestAnswers() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        List<Long> chanIds = stream.chanIds("book", "tBTCUST");
        long unsubscribes = stream.unsubscribes();
        double resyncs = meter("fmz.stream.resyncs").counter().count();
        stream.holdSnapshots();
        try {
            stream.loseBookUpdate("tBTCUST", "7254.74", 2, "0.8");
            stream.pushBookUpdate("tBTCUST", "7255.1", 3, "-1.5", 1700000000500L);

            calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
            await(() -> stream.unsubscribes() > unsubscribes && stream.subscribed("book", "tBTCUST") == 1
                    && !stream.chanIds("book", "tBTCUST").equals(chanIds));
            for (int i = 0; i < 3; i++) {
                assertThat(bestAsk(calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "3")))
                        .as("never the broken book, nor the new one before its snapshot").isEqualTo(REST_BEST_ASK);
            }
            calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true); // other channels go on
        } finally {
            stream.releaseSnapshots();
        }
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true).path("data");
        assertThat(prices(depth.path("bids"))).as("the new snapshot has the lost level").contains("7254.74");
        assertThat(meter("fmz.stream.resyncs").counter().count()).isEqualTo(resyncs + 1);
    }

    @Test
    @Order(4)
    void aWrongChecksumRebuildsTheBook() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        double resyncs = meter("fmz.stream.resyncs").counter().count();
        stream.holdSnapshots();
        try {
            stream.pushBadChecksum("tBTCUST", 1700000000600L);
            calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
            assertThat(bestAsk(calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "3"))).isEqualTo(REST_BEST_ASK);
            assertThat(meter("fmz.stream.resyncs").counter().count()).isEqualTo(resyncs + 1);
        } finally {
            stream.releaseSnapshots();
        }
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
    }

    @Test
    @Order(5)
    void aQuietConnectionIsKeptFreshByBitfinexsPingAndPong() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        long pings = stream.pings();
        stream.heartbeat(); // [CHAN_ID, "hb"]: read, and nothing changes

        // nothing is pushed for longer than the stale limit; the bridge's pings and Bitfinex's pongs go on
        await(() -> stream.pings() >= pings + 3);

        int before = bitfinex.requests().size();
        JsonNode depth = calls.call("depth", "symbol", "BTC_USDT", "limit", "3");
        assertThat(bitfinex.requests()).as("still answered from the stream").hasSize(before);
        assertThat(depth.path("data").path("asks")).hasSize(2);
    }

    @Test
    @Order(6)
    void aSilentStreamIsNotAnsweredFromAndIsReplaced() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
        int handshakes = stream.handshakes();

        stream.holdSnapshots(); // the connection that replaces it starts with nothing until released
        stream.mute(); // not even pongs: a half-open connection

        assertThat(bestAsk(calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3")))).isEqualTo(REST_BEST_ASK);
        calls.awaitRest(() -> calls.call("ticker", "symbol", "BTC_USDT"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed("book", "tBTCUST") == 1);
        assertThat(bestAsk(calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "3")))
                .as("subscribed again, but no snapshot yet: REST").isEqualTo(REST_BEST_ASK);
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
    }

    @Test
    @Order(7)
    void aDroppedConnectionIsReconnectedWithNewChannelIdsAndConfAgain() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
        List<Long> bookIds = stream.chanIds("book", "tBTCUST");
        List<Long> tickerIds = stream.chanIds("ticker", "tBTCUST");
        int confs = stream.confFlags().size();
        int handshakes = stream.handshakes();
        stream.holdSnapshots();

        stream.drop();

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed("book", "tBTCUST") == 1
                && stream.subscribed("ticker", "tBTCUST") == 1);
        assertThat(stream.chanIds("book", "tBTCUST")).doesNotContainAnyElementsOf(bookIds);
        assertThat(stream.chanIds("ticker", "tBTCUST")).doesNotContainAnyElementsOf(tickerIds);
        assertThat(stream.confFlags()).as("conf sent again on the new connection").hasSizeGreaterThan(confs);
        stream.releaseSnapshots();
        stream.pushTicker("tBTCUST", 1700000000777L);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> reply.path("data").path("time").asLong() == 1700000000777L);
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);

        // a resync on the new connection unsubscribes the book by its new channel id
        List<Long> newBookIds = stream.chanIds("book", "tBTCUST");
        stream.pushBadChecksum("tBTCUST", 1700000000800L);
        await(() -> stream.subscribed("book", "tBTCUST") == 1 && !stream.chanIds("book", "tBTCUST").equals(newBookIds));
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
    }

    @Test
    @Order(8)
    void infoCode20051MakesTheBridgeReconnectAtOnce() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        int handshakes = stream.handshakes();
        stream.holdSnapshots();

        stream.sendInfo(20051, "Stop/Restart Websocket Server (please reconnect)");

        await(() -> stream.handshakes() > handshakes && stream.subscribed("book", "tBTCUST") == 1);
        assertThat(bestAsk(calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "3")))
                .as("the old connection's book no longer counts").isEqualTo(REST_BEST_ASK);
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
    }

    @Test
    @Order(9)
    void aRefusedSubscriptionLeavesTheCallsToRestWithoutAskingAgainAtOnce() throws Exception {
        // the REST stub lists tETHUSD, the stream stub does not: Bitfinex answers error 10300
        for (int i = 0; i < 5; i++) {
            JsonNode ticker = calls.fromRest("ticker", "symbol", "ETH_USD");
            assertThat(ticker.path("data").path("symbol").asText()).isEqualTo("ETH_USD");
            await(() -> stream.subscribes("ticker", "tETHUSD") == 1);
        }
        assertThat(stream.subscribes("ticker", "tETHUSD")).as("one try within the pause").isEqualTo(1);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
    }

    // ---------------------------------------------------------------- helpers

    static String bestAsk(JsonNode depth) {
        return depth.path("data").path("asks").path(0).path(0).decimalValue().stripTrailingZeros().toPlainString();
    }

    static List<String> prices(JsonNode levels) {
        List<String> prices = new ArrayList<>();
        levels.forEach(level -> prices.add(level.path(0).decimalValue().stripTrailingZeros().toPlainString()));
        return prices;
    }

    static List<String> ids(JsonNode trades) {
        List<String> ids = new ArrayList<>();
        trades.forEach(trade -> ids.add(trade.path("id").asText()));
        return ids;
    }

    static io.micrometer.core.instrument.search.Search meter(String name) {
        return bridge.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class)
                .find(name).tag("exchange", "bitfinex");
    }
}
