package io.fmzbridge.exchange.korbit;

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
 * Korbit market data from its public stream, end to end: FMZ calls over HTTP to the bridge, the bridge
 * over a real WebSocket to {@link KorbitStreamStub} and over REST to {@link KorbitStub}. Which source
 * answered shows in the REST stub's requests: a call answered from the stream sends none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KorbitStreamTest {

    /** Short, so silence is noticed within a test: pings after 300 ms of quiet, replaced after 1200 ms. */
    static final long STALE_AFTER_MS = 600;

    static KorbitStub korbit;
    static KorbitStreamStub stream;
    static RunningBridge bridge;
    static StreamCalls calls;

    @BeforeAll
    static void start() throws Exception {
        korbit = KorbitStub.start();
        stream = KorbitStreamStub.start();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.korbit.base-url", korbit.baseUrl(),
                "fmz.exchange.korbit.ws-url", stream.wsUrl(),
                "fmz.exchange.korbit.stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.stream.reconnect-max-ms", "200",
                "fmz.call.rate-limit-enabled", "false"));
        calls = new StreamCalls(bridge, "/Korbit", korbit);
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        stream.close();
        korbit.close();
    }

    @Test
    @Order(1)
    void theFirstCallIsAnsweredByRestWhileTheSubscriptionStartsThenTheStreamAnswers() throws Exception {
        stream.holdSnapshots();
        JsonNode restTicker = calls.fromRest("ticker", "symbol", "BTC_KRW");
        assertThat(restTicker.path("data").path("time").asLong()).as("Korbit's REST example").isEqualTo(KorbitStub.NOW_TICKER);
        await(() -> stream.subscribed("ticker", "btc_krw") == 1);
        stream.pushTicker("btc_krw", 1700000000123L);
        JsonNode ticker = calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"),
                reply -> reply.path("data").path("time").asLong() == 1700000000123L);
        JsonNode t = ticker.path("data");
        assertThat(t.path("symbol").asText()).isEqualTo("BTC_KRW");
        assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("77136000");
        assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("77193000");
        assertThat(t.path("high").decimalValue()).isEqualByComparingTo("79650000");
        assertThat(t.path("low").decimalValue()).isEqualByComparingTo("76550000");
        assertThat(t.path("open").decimalValue()).isEqualByComparingTo("77060000");
        assertThat(t.path("last").decimalValue()).isEqualByComparingTo("77136000");
        assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("48.73739983");
        assertThat(ticker.path("raw").path("data").path(0).path("symbol").asText()).as("Korbit's REST shape").isEqualTo("btc_krw");

        calls.fromRest("depth", "symbol", "BTC_KRW", "limit", "3");
        await(() -> stream.subscribed("orderbook", "btc_krw") == 1);
        stream.releaseSnapshots();
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"), reply -> true);
        assertThat(prices(depth.path("data").path("asks"))).containsExactly("73304000", "73305000", "73306000");
        assertThat(prices(depth.path("data").path("bids"))).containsExactly("73303000", "73302000", "73301000");
        assertThat(depth.path("data").path("asks").path(0).path(1).asText()).isEqualTo("0.00985212");
        assertThat(depth.path("data").path("time").asLong()).as("the book's own timestamp").isEqualTo(1708057740895L);
        assertThat(depth.path("raw").path("data").path("bids").path(0).toString())
                .as("Korbit's own level object, as its REST orderbook reply has it")
                .isEqualTo("{\"price\":\"73303000\",\"qty\":\"0.00898326\"}");
        assertThat(prices(calls.call("depth", "symbol", "BTC_KRW", "limit", "20").path("data").path("asks")))
                .as("a thin book: all Korbit streams").hasSize(5);
        assertThat(prices(calls.call("depth", "symbol", "BTC_KRW", "limit", "31").path("data").path("asks")))
                .as("fewer than 30 levels: the whole book, however deep the ask").hasSize(5);

        calls.fromRest("trades", "symbol", "BTC_KRW", "limit", "3");
        await(() -> stream.subscribed("trade", "btc_krw") == 1);
        stream.pushTrades("btc_krw", List.of(
                List.of("1005", "70508000", "0.00682475", "true", "1708057272035"),
                List.of("1006", "70509000", "0.00000001", "false", "1708057272922")));
        JsonNode trades = calls.fromStream(() -> calls.call("trades", "symbol", "BTC_KRW", "limit", "3"), reply -> true).path("data");
        assertThat(trades).hasSize(3);
        assertThat(trades.path(0).path("id").asText()).as("oldest first, Korbit's trade ids; the snapshot's first").isEqualTo("1004");
        assertThat(trades.path(2).path("id").asText()).isEqualTo("1006");
        assertThat(trades.path(2).path("amount").decimalValue()).isEqualByComparingTo("0.00000001");
        assertThat(trades.path(1).path("type").asText()).as("the buyer took the offer").isEqualTo("buy");
        assertThat(calls.fromRest("trades", "symbol", "BTC_KRW", "limit", "4").path("data")).as("more than streamed: REST").hasSize(3);
        calls.fromRest("trades", "symbol", "BTC_KRW");

        assertThat(answers("stream")).isGreaterThanOrEqualTo(3);
        assertThat(answers("rest")).isGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(2)
    void eachBookMessageReplacesTheBookAndAnswersWithItsTime() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"), reply -> true);

        stream.pushBook("btc_krw", List.of(List.of("73304000", "0"), List.of("73304500", "2")),
                List.of(List.of("73303000", "0.5")), 1708057741000L);

        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"),
                reply -> reply.path("data").path("time").asLong() == 1708057741000L).path("data");
        assertThat(prices(depth.path("asks"))).containsExactly("73304500", "73305000", "73306000");
        assertThat(depth.path("asks").path(0).path(1).asText()).isEqualTo("2");
        assertThat(depth.path("bids").path(0).path(1).asText()).isEqualTo("0.5");

        List<List<String>> asks = new ArrayList<>();
        List<List<String>> bids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            asks.add(List.of(String.valueOf(73309000 + i * 1000), "1"));
            bids.add(List.of(String.valueOf(73298000 - i * 1000), "1"));
        }
        stream.pushBook("btc_krw", asks, bids, 1708057741000L);
        JsonNode full = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "30"),
                reply -> reply.path("data").path("asks").size() == 30).path("data");
        assertThat(full.path("bids")).hasSize(30);
        assertThat(calls.fromRest("depth", "symbol", "BTC_KRW", "limit", "31").path("data").path("asks"))
                .as("deeper than Korbit's 30-level channel: REST").hasSize(30);
    }

    @Test
    @Order(3)
    void aBookOutOfOrderIsDiscardedRestAnswersWhileItIsRebuiltAndTheStreamAfter() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"), reply -> true);
        double resyncs = meter("fmz.stream.resyncs").counter().count();
        long subscribes = stream.requests("subscribe", "orderbook", "btc_krw");
        stream.holdSnapshots();
        try {
            stream.pushOlderBook("btc_krw");

            calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"));
            await(() -> stream.requests("unsubscribe", "orderbook", "btc_krw") > 0
                    && stream.requests("subscribe", "orderbook", "btc_krw") > subscribes);
            for (int i = 0; i < 3; i++) {
                calls.fromRest("depth", "symbol", "BTC_KRW", "limit", "3");
            }
            calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"), reply -> true);
        } finally {
            stream.releaseSnapshots();
        }
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"), reply -> true).path("data");
        assertThat(depth.path("time").asLong()).as("the new snapshot").isEqualTo(1708057741000L);
        assertThat(meter("fmz.stream.resyncs").counter().count()).isEqualTo(resyncs + 1);
    }

    @Test
    @Order(4)
    void aQuietConnectionIsKeptFreshByPingFrames() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"), reply -> true);
        int pings = stream.pings();

        // nothing is pushed for longer than the stale limit; the bridge's pings and their pongs go on
        await(() -> stream.pings() >= pings + 3);

        int before = korbit.requests().size();
        JsonNode depth = calls.call("depth", "symbol", "BTC_KRW", "limit", "3");
        assertThat(korbit.requests()).as("still answered from the stream").hasSize(before);
        assertThat(depth.path("data").path("asks")).hasSize(3);
    }

    @Test
    @Order(5)
    void aSilentStreamIsNotAnsweredFromAndIsReplaced() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"), reply -> true);
        int handshakes = stream.handshakes();
        double reconnects = meter("fmz.stream.reconnects").counter().count();

        stream.holdSnapshots();
        stream.mute(); // not even a pong: a half-open connection

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"));
        assertThat(calls.awaitRest(() -> calls.call("ticker", "symbol", "BTC_KRW")).path("data").path("time").asLong())
                .as("REST's, never the stale stream's").isEqualTo(KorbitStub.NOW_TICKER);
        await(() -> stream.handshakes() > handshakes && stream.subscribed("orderbook", "btc_krw") == 1);
        calls.fromRest("depth", "symbol", "BTC_KRW", "limit", "3");
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"), reply -> true);
        assertThat(meter("fmz.stream.reconnects").counter().count()).isGreaterThan(reconnects);
    }

    @Test
    @Order(6)
    void aDroppedConnectionIsReconnectedAndItsTopicsSubscribedAgain() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"), reply -> true);
        int handshakes = stream.handshakes();
        stream.holdSnapshots();

        stream.drop();

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed("orderbook", "btc_krw") == 1
                && stream.subscribed("ticker", "btc_krw") == 1);
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"), reply -> true);
    }

    @Test
    @Order(7)
    void aRefusedSubscriptionLeavesTheCallsToRestWithoutAskingAgainAtOnce() throws Exception {
        // the REST stub lists eth_krw, the stream stub does not: Korbit answers INVALID_SYMBOL
        for (int i = 0; i < 5; i++) {
            JsonNode ticker = calls.fromRest("ticker", "symbol", "ETH_KRW");
            assertThat(ticker.path("data").path("symbol").asText()).isEqualTo("ETH_KRW");
            await(() -> stream.requests("subscribe", "ticker", "eth_krw") == 1);
        }
        assertThat(stream.requests("subscribe", "ticker", "eth_krw")).as("one try within the pause").isEqualTo(1);
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
        return meters().find(name).tag("exchange", "korbit");
    }

    static double answers(String source) {
        return meters().find("fmz.market.data.answers").tag("exchange", "korbit").tag("source", source).counters()
                .stream().mapToDouble(Counter::count).sum();
    }
}
