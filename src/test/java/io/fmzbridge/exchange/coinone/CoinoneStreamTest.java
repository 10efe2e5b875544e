package io.fmzbridge.exchange.coinone;

import static io.fmzbridge.RunningBridge.envelope;
import static io.fmzbridge.stream.StreamCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stream.StreamCalls;
import io.micrometer.core.instrument.Counter;
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
 * Coinone market data from its public stream, end to end: FMZ calls over HTTP to the bridge, the bridge
 * over a real WebSocket to {@link CoinoneStreamStub} and over REST to {@link CoinoneStub}. Which source
 * answered shows in the REST stub's requests: a call answered from the stream sends none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoinoneStreamTest {

    /** Short, so silence is noticed within a test: PING after 300 ms of quiet, replaced after 1200 ms. */
    static final long STALE_AFTER_MS = 600;

    static CoinoneStub coinone;
    static CoinoneStreamStub stream;
    static RunningBridge bridge;
    static StreamCalls calls;

    @BeforeAll
    static void start() throws Exception {
        coinone = CoinoneStub.start();
        stream = CoinoneStreamStub.start();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.coinone.base-url", coinone.baseUrl(),
                "fmz.exchange.coinone.ws-url", stream.wsUrl(),
                "fmz.exchange.coinone.stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.stream.reconnect-max-ms", "200",
                "fmz.call.rate-limit-enabled", "false"));
        calls = new StreamCalls(bridge, "/Coinone", coinone);
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        stream.close();
        coinone.close();
    }

    @Test
    @Order(1)
    void theFirstCallIsAnsweredByRestWhileTheSubscriptionStartsThenTheStreamAnswers() throws Exception {
        stream.holdSnapshots();
        JsonNode restTicker = calls.fromRest("ticker", "symbol", "BTC_KRW");
        assertThat(restTicker.path("data").path("time").asLong()).as("Coinone's REST example").isEqualTo(1701067920001L);
        await(() -> stream.subscribed("TICKER", "BTC") == 1);
        stream.pushTicker("BTC", 1700000000123L);
        JsonNode ticker = calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"),
                reply -> reply.path("data").path("time").asLong() == 1700000000123L);
        JsonNode t = ticker.path("data");
        assertThat(t.path("symbol").asText()).isEqualTo("BTC_KRW");
        assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("688.3");
        assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("688.5");
        assertThat(t.path("high").decimalValue()).isEqualByComparingTo("699.3");
        assertThat(t.path("low").decimalValue()).isEqualByComparingTo("681.1");
        assertThat(t.path("open").decimalValue()).isEqualByComparingTo("685.4");
        assertThat(t.path("last").decimalValue()).isEqualByComparingTo("688.3");
        assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("28234366.0437");
        assertThat(ticker.path("raw").path("tickers").path(0).path("best_asks").path(0).path("qty").asText())
                .as("Coinone's REST shape").isEqualTo("3000");

        calls.fromRest("depth", "symbol", "BTC_KRW", "limit", "2");
        await(() -> stream.subscribed("ORDERBOOK", "BTC") == 1);
        stream.releaseSnapshots();
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        assertThat(prices(depth.path("data").path("asks"))).as("best first, though Coinone sends asks worst first")
                .containsExactly("689.5", "689.6");
        assertThat(prices(depth.path("data").path("bids"))).containsExactly("688.3", "688.2");
        assertThat(depth.path("data").path("time").asLong()).isEqualTo(1693560155038L);
        assertThat(depth.path("raw").path("bids").path(0).toString()).isEqualTo("{\"price\":\"688.3\",\"qty\":\"5000\"}");
        assertThat(prices(calls.call("depth", "symbol", "BTC_KRW").path("data").path("asks")))
                .as("a thin book: all Coinone streams").hasSize(3);

        calls.fromRest("trades", "symbol", "BTC_KRW", "limit", "2");
        await(() -> stream.subscribed("TRADE", "BTC") == 1);
        stream.pushTrade("BTC", "1693560450996001", 1693560450996L, "688.3", "5000", true);
        stream.pushTrade("BTC", "1693560563084003", 1693560563084L, "688.3", "290.745", false);
        JsonNode trades = calls.fromStream(() -> calls.call("trades", "symbol", "BTC_KRW", "limit", "2"), reply -> true).path("data");
        assertThat(trades).hasSize(2);
        assertThat(trades.path(0).path("id").asText()).as("oldest first, Coinone's ids").isEqualTo("1693560450996001");
        assertThat(trades.path(0).path("type").asText()).as("the seller was the maker: a buy took it").isEqualTo("sell");
        assertThat(trades.path(1).path("amount").decimalValue()).isEqualByComparingTo("290.745");
        assertThat(calls.fromRest("trades", "symbol", "BTC_KRW").path("data")).as("Coinone's 200 by default: REST").hasSize(3);

        assertThat(answers("stream")).isGreaterThanOrEqualTo(3);
        assertThat(answers("rest")).isGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(2)
    void eachBookReplacesTheLastAndARepeatChangesNothing() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);

        stream.pushBook("BTC", List.of(List.of("690.3", "1"), List.of("689.9", "2")), List.of(List.of("688.4", "7")), 1693560160000L);
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"),
                reply -> reply.path("data").path("time").asLong() == 1693560160000L).path("data");
        assertThat(prices(depth.path("asks"))).containsExactly("689.9", "690.3");
        assertThat(prices(depth.path("bids"))).as("a level left out is gone").containsExactly("688.4");

        double resyncs = meter("fmz.stream.resyncs").counter().count();
        stream.pushSameBook("BTC");
        stream.pushTicker("BTC", 1700000000999L);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"), reply -> reply.path("data").path("time").asLong() == 1700000000999L);
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        assertThat(meter("fmz.stream.resyncs").counter().count()).as("the same id again is no disorder").isEqualTo(resyncs);
    }

    @Test
    @Order(3)
    void aBookOutOfOrderIsDiscardedRestAnswersWhileItIsRebuiltAndTheStreamAfter() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        double resyncs = meter("fmz.stream.resyncs").counter().count();
        long subscribes = stream.requests("SUBSCRIBE", "ORDERBOOK", "BTC");
        stream.holdSnapshots();
        try {
            stream.pushOlderBook("BTC");

            calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"));
            await(() -> stream.requests("UNSUBSCRIBE", "ORDERBOOK", "BTC") > 0
                    && stream.requests("SUBSCRIBE", "ORDERBOOK", "BTC") > subscribes);
            for (int i = 0; i < 3; i++) {
                assertThat(prices(calls.fromRest("depth", "symbol", "BTC_KRW", "limit", "2").path("data").path("asks")))
                        .as("never the broken book: REST's").containsExactly("50058000", "50059000");
            }
        } finally {
            stream.releaseSnapshots();
        }
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        assertThat(meter("fmz.stream.resyncs").counter().count()).isEqualTo(resyncs + 1);
    }

    @Test
    @Order(4)
    void aQuietConnectionIsKeptFreshByCoinonesPing() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        long pings = stream.pings();

        await(() -> stream.pings() >= pings + 3);

        int before = coinone.requests().size();
        JsonNode depth = calls.call("depth", "symbol", "BTC_KRW", "limit", "2");
        assertThat(coinone.requests()).as("still answered from the stream").hasSize(before);
        assertThat(depth.path("data").path("asks")).hasSize(2);
    }

    @Test
    @Order(5)
    void aSilentStreamIsNotAnsweredFromAndIsReplaced() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        int handshakes = stream.handshakes();
        double reconnects = meter("fmz.stream.reconnects").counter().count();

        stream.holdSnapshots();
        stream.mute(); // not even PONG: a half-open connection

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"));
        assertThat(calls.awaitRest(() -> calls.call("ticker", "symbol", "BTC_KRW")).path("data").path("time").asLong())
                .as("REST's, never the stale stream's").isEqualTo(1701067920001L);
        await(() -> stream.handshakes() > handshakes && stream.subscribed("ORDERBOOK", "BTC") == 1);
        calls.fromRest("depth", "symbol", "BTC_KRW", "limit", "2");
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        assertThat(meter("fmz.stream.reconnects").counter().count()).isGreaterThan(reconnects);
    }

    @Test
    @Order(6)
    void aDroppedConnectionIsReconnectedAndItsTopicsSubscribedAgain() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        int handshakes = stream.handshakes();
        stream.holdSnapshots();

        stream.drop();

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed("ORDERBOOK", "BTC") == 1
                && stream.subscribed("TICKER", "BTC") == 1);
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"), reply -> true);
    }

    @Test
    @Order(7)
    void aRefusedTopicGoesToRestWithoutAskingAgainAtOnceAndTheOthersStay() throws Exception {
        // the stream stub does not stream KRW-ETH: SUBSCRIBED, then ERROR 160012 Invalid Topic
        for (int i = 0; i < 5; i++) {
            int before = coinone.requests().size();
            bridge.call("/Coinone", envelope("depth", "", "", "symbol", "ETH_KRW", "limit", "2"));
            assertThat(coinone.requests()).as("REST asked").hasSize(before + 1);
            await(() -> stream.requests("SUBSCRIBE", "ORDERBOOK", "ETH") == 1);
        }
        assertThat(stream.requests("SUBSCRIBE", "ORDERBOOK", "ETH")).as("one try within the pause").isEqualTo(1);
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"), reply -> true);
    }

    // ---------------------------------------------------------------- helpers

    static List<String> prices(JsonNode levels) {
        List<String> prices = new ArrayList<>();
        levels.forEach(level -> prices.add(level.path(0).asText()));
        return prices;
    }

    static MeterRegistry meters() {
        return bridge.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
    }

    static io.micrometer.core.instrument.search.Search meter(String name) {
        return meters().find(name).tag("exchange", "coinone");
    }

    static double answers(String source) {
        return meters().find("fmz.market.data.answers").tag("exchange", "coinone").tag("source", source).counters()
                .stream().mapToDouble(Counter::count).sum();
    }
}
