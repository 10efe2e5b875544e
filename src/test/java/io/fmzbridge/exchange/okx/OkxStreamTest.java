package io.fmzbridge.exchange.okx;

import static io.fmzbridge.stream.StreamCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stream.StreamCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * OKX market data from its public stream, end to end: FMZ calls over HTTP to the bridge, the bridge
 * over a real WebSocket to {@link OkxStreamStub} and over REST to {@link OkxStub}. Which source
 * answered shows in the REST stub's requests: a call answered from the stream sends none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OkxStreamTest {

    /** Short, so silence is noticed within a test: pings after 300 ms of quiet, replaced after 1200 ms. */
    static final long STALE_AFTER_MS = 600;

    static OkxStub okx;
    static OkxStreamStub stream;
    static RunningBridge bridge;
    static StreamCalls calls;
    static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        okx = OkxStub.start();
        stream = OkxStreamStub.start();
        managementPort = AvailablePortFinder.getNextAvailable();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.exchange.okx.ws-url", stream.wsUrl(),
                "fmz.exchange.okx.stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.stream.reconnect-max-ms", "200",
                "fmz.call.rate-limit-enabled", "false",
                "fmz.management.enabled", "true",
                "fmz.management.port", String.valueOf(managementPort)));
        calls = new StreamCalls(bridge, "/OKX", okx);
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        stream.close();
        okx.close();
    }

    @Test
    @Order(1)
    void theFirstCallIsAnsweredByRestWhileTheSubscriptionStartsThenTheStreamAnswers() throws Exception {
        // the first calls never wait for the stream; held back, its first messages cannot win the race
        stream.holdSnapshots();
        JsonNode restTicker = calls.fromRest("ticker", "symbol", "BTC_USDT");
        assertThat(restTicker.path("data").path("time").asLong()).as("OKX's REST example").isEqualTo(1597026383085L);
        await(() -> stream.subscribed("tickers", "BTC-USDT") == 1);
        stream.pushTicker("BTC-USDT", 1700000000123L);
        JsonNode ticker = calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"),
                reply -> reply.path("data").path("time").asLong() == 1700000000123L);
        JsonNode t = ticker.path("data");
        assertThat(t.path("symbol").asText()).isEqualTo("BTC_USDT");
        assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("8888.88");
        assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("9999.99");
        assertThat(t.path("high").decimalValue()).isEqualByComparingTo("10000");
        assertThat(t.path("low").decimalValue()).isEqualByComparingTo("8888.88");
        assertThat(t.path("open").decimalValue()).isEqualByComparingTo("9000");
        assertThat(t.path("last").decimalValue()).isEqualByComparingTo("9999.99");
        assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("2222");
        assertThat(ticker.path("raw").path("data").path(0).path("instId").asText()).as("OKX's REST shape").isEqualTo("BTC-USDT");

        JsonNode restDepth = calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "5");
        assertThat(restDepth.path("data").path("asks").path(0).path(0).asText()).isEqualTo("41006.8");
        await(() -> stream.subscribed("books", "BTC-USDT") == 1);
        stream.releaseSnapshots();
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "5"), reply -> true);
        assertThat(prices(depth.path("data").path("asks"))).containsExactly("8476.98", "8477", "8477.34", "8477.56", "8505.84");
        assertThat(prices(depth.path("data").path("bids"))).containsExactly("8476.97", "8475.55", "8475.54", "8475.3", "8447.32");
        assertThat(depth.path("data").path("asks").path(0).path(1).asText()).isEqualTo("415");
        assertThat(depth.path("raw").path("data").path(0).path("asks").path(0).toString())
                .as("OKX's own level array, as its REST books reply has it").isEqualTo("[\"8476.98\",\"415\",\"0\",\"13\"]");
        assertThat(prices(calls.call("depth", "symbol", "BTC_USDT").path("data").path("asks")))
                .as("no limit: OKX's default, up to what the book holds").hasSize(8);

        calls.fromRest("trades", "symbol", "BTC_USDT", "limit", "3");
        await(() -> stream.subscribed("trades", "BTC-USDT") == 1);
        stream.pushTrades("BTC-USDT", List.of(
                List.of("130639472", "42219.7", "0.1", "sell", "1630048897700"),
                List.of("130639473", "42219.8", "0.00000001", "buy", "1630048897800"),
                List.of("130639474", "42219.9", "0.12060306", "buy", "1630048897897")));
        JsonNode trades = calls.fromStream(() -> calls.call("trades", "symbol", "BTC_USDT", "limit", "3"), reply -> true).path("data");
        assertThat(trades).hasSize(3);
        assertThat(trades.path(0).path("id").asText()).as("oldest first, OKX's trade ids").isEqualTo("130639472");
        assertThat(trades.path(2).path("id").asText()).isEqualTo("130639474");
        assertThat(trades.path(2).path("amount").decimalValue()).isEqualByComparingTo("0.12060306");
        assertThat(trades.path(0).path("type").asText()).isEqualTo("sell");
        assertThat(calls.fromRest("trades", "symbol", "BTC_USDT", "limit", "4").path("data"))
                .as("more trades than the stream has seen: REST").hasSize(4);

        assertThat(answers("stream")).isGreaterThanOrEqualTo(3);
        assertThat(answers("rest")).isGreaterThanOrEqualTo(3);
        assertThat(meter("fmz.stream.messages").counter().count()).isPositive();
        assertThat(meter("fmz.stream.data.age").tag("method", "depth").timer().count()).isPositive();
    }

    @Test
    @Order(2)
    void aBookFollowsItsIncrementsAndAnswersWithTheirTime() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);

        stream.pushUpdate("BTC-USDT",
                List.of(List.of("8476.98", "0", "0", "0"), List.of("8476.99", "2", "0", "1")),
                List.of(List.of("8476.97", "300", "0", "13")), 1700000000456L);

        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"),
                reply -> reply.path("data").path("time").asLong() == 1700000000456L).path("data");
        assertThat(prices(depth.path("asks"))).containsExactly("8476.99", "8477", "8477.34");
        assertThat(depth.path("asks").path(0).path(1).asText()).isEqualTo("2");
        assertThat(depth.path("bids").path(0).path(1).asText()).isEqualTo("300");
    }

    @Test
    @Order(3)
    void aGapDiscardsTheBookRestAnswersWhileItIsRebuiltAndTheStreamAfter() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        double resyncs = meter("fmz.stream.resyncs").counter().count();
        long subscribes = stream.requests("subscribe", "books", "BTC-USDT");
        stream.holdSnapshots();
        try {
            stream.pushGap("BTC-USDT", 1700000000789L);

            calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
            await(() -> stream.requests("unsubscribe", "books", "BTC-USDT") > 0
                    && stream.requests("subscribe", "books", "BTC-USDT") > subscribes);
            for (int i = 0; i < 3; i++) {
                JsonNode depth = calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "3");
                assertThat(depth.path("data").path("asks").path(0).path(0).asText())
                        .as("never the broken book: REST's").isEqualTo("41006.8");
            }
            assertThat(calls.call("ticker", "symbol", "BTC_USDT").path("data").path("buy").asText())
                    .as("other channels go on").isNotEmpty();
        } finally {
            stream.releaseSnapshots();
        }
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "10"), reply -> true).path("data");
        assertThat(prices(depth.path("bids"))).as("the new snapshot, with the level the lost message added").contains("8476.5");
        assertThat(meter("fmz.stream.resyncs").counter().count()).isEqualTo(resyncs + 1);
    }

    @Test
    @Order(4)
    void aChecksumIsCheckedWhenOkxSendsOneAndAMismatchRebuildsTheBook() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        stream.sendChecksums(true);
        stream.holdSnapshots();
        try {
            stream.pushUpdate("BTC-USDT", List.of(List.of("8477.01", "5", "0", "1")), List.of(), 1700000001000L);
            calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"),
                    reply -> reply.path("data").path("time").asLong() == 1700000001000L);
            double resyncs = meter("fmz.stream.resyncs").counter().count();

            stream.pushBadChecksum("BTC-USDT", 1700000001100L);

            calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
            assertThat(calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "3").path("data").path("asks").path(0).path(0).asText())
                    .isEqualTo("41006.8");
            assertThat(meter("fmz.stream.resyncs").counter().count()).isEqualTo(resyncs + 1);
        } finally {
            stream.releaseSnapshots();
            stream.sendChecksums(false);
        }
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
    }

    @Test
    @Order(5)
    void aQuietConnectionIsKeptFreshByOkxsPingAndPong() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        long pings = stream.pings();

        // nothing is pushed for longer than the stale limit; the bridge's "ping" and OKX's "pong" go on
        await(() -> stream.pings() >= pings + 3);

        int before = okx.requests().size();
        JsonNode depth = calls.call("depth", "symbol", "BTC_USDT", "limit", "3");
        assertThat(okx.requests()).as("still answered from the stream").hasSize(before);
        assertThat(depth.path("data").path("asks")).hasSize(3);
    }

    @Test
    @Order(6)
    void aSilentStreamIsNotAnsweredFromAndIsReplaced() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
        int handshakes = stream.handshakes();
        double reconnects = meter("fmz.stream.reconnects").counter().count();

        stream.holdSnapshots(); // the connection that replaces it starts with nothing until released
        stream.mute(); // not even "pong": a half-open connection

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
        assertThat(calls.awaitRest(() -> calls.call("ticker", "symbol", "BTC_USDT")).path("data").path("time").asLong())
                .as("REST's, never the stale stream's").isEqualTo(1597026383085L);
        await(() -> stream.handshakes() > handshakes && stream.subscribed("books", "BTC-USDT") == 1);
        assertThat(calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "3").path("data").path("asks").path(0).path(0).asText())
                .as("subscribed again, but no snapshot yet: REST").isEqualTo("41006.8");
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
        assertThat(meter("fmz.stream.reconnects").counter().count()).isGreaterThan(reconnects);
    }

    @Test
    @Order(7)
    void aDroppedConnectionIsReconnectedAndItsTopicsSubscribedAgain() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
        int handshakes = stream.handshakes();
        stream.holdSnapshots();

        stream.drop();

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed("books", "BTC-USDT") == 1
                && stream.subscribed("tickers", "BTC-USDT") == 1);
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
    }

    @Test
    @Order(8)
    void aRefusedSubscriptionLeavesTheCallsToRestWithoutAskingAgainAtOnce() throws Exception {
        // the REST stub lists ETH-USDT, the stream stub does not: OKX answers the documented error 60012
        for (int i = 0; i < 5; i++) {
            JsonNode ticker = calls.fromRest("ticker", "symbol", "ETH_USDT");
            assertThat(ticker.path("data").path("symbol").asText()).isEqualTo("ETH_USDT");
            await(() -> stream.requests("subscribe", "tickers", "ETH-USDT") == 1);
        }
        assertThat(stream.requests("subscribe", "tickers", "ETH-USDT")).as("one try within the pause").isEqualTo(1);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
    }

    @Test
    @Order(9)
    void theHealthEndpointReportsTheOpenStream() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        HttpResponse<String> health = bridge.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/observe/health")).timeout(Duration.ofSeconds(10)).GET().build());
        JsonNode streams = null;
        for (JsonNode check : RunningBridge.JSON.readTree(health.body()).path("checks")) {
            if (check.path("name").asText().equals("fmz-streams")) {
                streams = check;
            }
        }
        assertThat(streams).as(health.body()).isNotNull();
        assertThat(streams.path("status").asText()).isEqualTo("UP");
        assertThat(streams.path("message").asText()).contains("okx stream 1: open").contains("live");
    }

    @Test
    @Order(10)
    void theStatusPageShowsTheOpenStreamAndHowOldItsDataWas() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        HttpResponse<String> status = bridge.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/observe/status.json")).timeout(Duration.ofSeconds(10)).GET().build());
        JsonNode okxStatus = null;
        for (JsonNode exchange : RunningBridge.JSON.readTree(status.body()).path("exchanges")) {
            if (exchange.path("exchange").asText().equals("okx")) {
                okxStatus = exchange;
            }
        }
        assertThat(okxStatus).as(status.body()).isNotNull();
        JsonNode live = okxStatus.path("stream");
        assertThat(live.path("connections")).hasSize(1);
        assertThat(live.path("connections").get(0).asText()).contains("okx stream 1: open").contains("live");
        assertThat(live.path("reconnects").asLong()).as("the silent and the dropped connection were replaced").isGreaterThanOrEqualTo(2);
        assertThat(live.path("dataAgeMs").path("p50").isNumber()).as("stream answers were timed").isTrue();
        assertThat(live.path("dataAgeMs").path("p50").asDouble()).isNotNegative()
                .isLessThanOrEqualTo(live.path("dataAgeMs").path("p99").asDouble());
    }

    @Test
    @Order(11)
    void aBookThatFallsSilentWhileItsTickerFlowsIsLeftToRestAndTheTickerIsStillStreamed() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
        int handshakes = stream.handshakes();
        // the ticker keeps the shared connection busy; the book channel says nothing more (quiet, or
        // its subscription lost on OKX's side)
        AtomicLong tickerTime = new AtomicLong(1700000002000L);
        ScheduledExecutorService ticking = Executors.newSingleThreadScheduledExecutor();
        ticking.scheduleAtFixedRate(() -> stream.pushTicker("BTC-USDT", tickerTime.incrementAndGet()),
                0, STALE_AFTER_MS / 10, TimeUnit.MILLISECONDS);
        try {
            JsonNode depth = calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
            assertThat(depth.path("data").path("asks").path(0).path(0).asText()).as("REST's book").isEqualTo("41006.8");
            JsonNode ticker = calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"),
                    reply -> reply.path("data").path("time").asLong() > 1700000002000L);
            assertThat(ticker.path("data").path("buy").asText()).isEqualTo("8888.88");
            assertThat(calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "3").path("data").path("asks").path(0).path(0).asText())
                    .as("still REST's while the book is silent").isEqualTo("41006.8");
            assertThat(stream.handshakes()).as("the connection itself is fine: kept").isEqualTo(handshakes);

            // the book's next message makes it answerable again
            stream.pushUpdate("BTC-USDT", List.of(List.of("8477.02", "5", "0", "1")), List.of(), 1700000003000L);
            calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"),
                    reply -> reply.path("data").path("time").asLong() == 1700000003000L);
        } finally {
            ticking.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- helpers

    static List<String> prices(JsonNode levels) {
        List<String> prices = new java.util.ArrayList<>();
        levels.forEach(level -> prices.add(level.path(0).asText()));
        return prices;
    }

    static MeterRegistry meters() {
        return bridge.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
    }

    static io.micrometer.core.instrument.search.Search meter(String name) {
        return meters().find(name).tag("exchange", "okx");
    }

    static double answers(String source) {
        return meters().find("fmz.market.data.answers").tag("exchange", "okx").tag("source", source).counters()
                .stream().mapToDouble(Counter::count).sum();
    }
}
