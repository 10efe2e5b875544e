package io.fmzbridge.exchange.kraken;

import static io.fmzbridge.stream.StreamCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stream.StreamCalls;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kraken market data from its public WebSocket v2, end to end: FMZ calls over HTTP to the bridge, the
 * bridge over a real WebSocket to {@link KrakenStreamStub} and over REST to {@link KrakenStub}. A call
 * answered from the stream sends no market-data request to the REST stub.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KrakenStreamTest {

    static final long STALE_AFTER_MS = 600;
    static final Set<String> MARKET_PATHS = Set.of("/0/public/Ticker", "/0/public/Depth", "/0/public/Trades");
    /** The REST stub's best ask (its Depth reply). */
    static final String REST_BEST_ASK = "3539.9";

    static KrakenStub kraken;
    static KrakenStreamStub stream;
    static RunningBridge bridge;
    static StreamCalls calls;
    static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        kraken = KrakenStub.start();
        stream = KrakenStreamStub.start();
        managementPort = AvailablePortFinder.getNextAvailable();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.kraken.base-url", kraken.baseUrl(),
                "fmz.exchange.kraken.ws-url", stream.wsUrl(),
                "fmz.exchange.kraken.stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.stream.reconnect-max-ms", "200",
                "fmz.call.rate-limit-enabled", "false",
                "fmz.management.enabled", "true",
                "fmz.management.port", String.valueOf(managementPort)));
        calls = new StreamCalls(bridge, "/Kraken", kraken).countingOnly(request -> MARKET_PATHS.contains(request.path()));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        stream.close();
        kraken.close();
    }

    @Test
    @Order(1)
    void theFirstCallsGoToRestThenTheStreamAnswersInKrakensRestShapes() throws Exception {
        stream.holdSnapshots();
        JsonNode restTicker = calls.fromRest("ticker", "symbol", "BTC_USD");
        assertThat(restTicker.path("data").path("buy").decimalValue()).as("Kraken's REST example").isEqualByComparingTo("3537.4");
        await(() -> stream.subscribed("ticker", "BTC/USD") == 1);
        stream.releaseSnapshots();
        JsonNode ticker = calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USD"), reply -> true);
        JsonNode t = ticker.path("data");
        assertThat(t.path("symbol").asText()).isEqualTo("BTC_USD");
        assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("0.10025");
        assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("0.10036");
        assertThat(t.path("last").decimalValue()).isEqualByComparingTo("0.10035");
        assertThat(t.path("high").decimalValue()).isEqualByComparingTo("0.10285");
        assertThat(t.path("low").decimalValue()).isEqualByComparingTo("0.09979");
        assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("997038.98383185");
        assertThat(t.path("open").decimalValue()).as("24 h ago: last less the 24 h change").isEqualByComparingTo("0.10052");

        stream.holdSnapshots();
        calls.fromRest("depth", "symbol", "BTC_USD", "limit", "5");
        await(() -> stream.subscribed("book", "BTC/USD") == 1);
        assertThat(stream.lastSubscribe("book").path("params").path("depth").asInt()).isEqualTo(100);
        stream.releaseSnapshots();
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "5"), reply -> true);
        assertThat(prices(depth.path("data").path("asks"))).containsExactly("45285.2", "45286.4", "45286.6", "45289.6", "45290.2");
        assertThat(prices(depth.path("data").path("bids"))).containsExactly("45283.5", "45283.4", "45282.1", "45281", "45280.3");
        assertThat(depth.path("raw").path("result").path(KrakenStream.RESULT_KEY).path("asks").path(0).path(1).asText())
                .as("Kraken's digits, trailing zeros kept").isEqualTo("0.00100000");

        calls.fromRest("trades", "symbol", "BTC_USD", "limit", "2");
        await(() -> stream.subscribed("trade", "BTC/USD") == 1);
        assertThat(stream.lastSubscribe("trade").path("params").path("snapshot").asBoolean()).isTrue();
        stream.pushTrades("BTC/USD", List.of(
                List.of("4665905", "0.5117", "40.0", "buy", "limit", "2023-09-25T07:49:37.708706Z"),
                List.of("4665906", "0.5116", "0.00000001", "sell", "market", "2023-09-25T07:49:37.708706Z")));
        JsonNode trades = calls.fromStream(() -> calls.call("trades", "symbol", "BTC_USD", "limit", "2"), reply -> true).path("data");
        assertThat(trades).hasSize(2);
        assertThat(trades.path(0).path("id").asText()).as("oldest first, Kraken's trade ids").isEqualTo("4665905");
        assertThat(trades.path(1).path("amount").decimalValue()).isEqualByComparingTo("0.00000001");
        assertThat(trades.path(1).path("type").asText()).isEqualTo("sell");
        assertThat(trades.path(1).path("time").asLong()).isEqualTo(1695628177708L);
        assertThat(calls.fromRest("trades", "symbol", "BTC_USD", "limit", "3").path("data"))
                .as("more trades than the stream has seen: REST").hasSize(3);
    }

    @Test
    @Order(2)
    void anUpdateIsAppliedAndAnswersWithItsTime() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true);

        stream.pushUpdate("BTC/USD", List.of(List.of("45285.2", "0"), List.of("45285.9", "0.50000000")),
                List.of(List.of("45283.5", "0.20000000")), Instant.parse("2023-10-06T17:35:55.440295Z"));

        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"),
                reply -> reply.path("data").path("time").asLong() == 1696613755440L).path("data");
        assertThat(prices(depth.path("asks"))).containsExactly("45285.9", "45286.4", "45286.6");
        assertThat(depth.path("bids").path(0).path(1).decimalValue()).isEqualByComparingTo("0.2");
    }

    @Test
    @Order(3)
    void aLostUpdateShowsInTheNextChecksumAndTheBookIsRebuiltWhileRestAnswers() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true);
        double resyncs = meter("fmz.stream.resyncs").counter().count();
        long subscribes = stream.requests("subscribe", "book", "BTC/USD");
        stream.holdSnapshots();
        try {
            stream.loseUpdate("BTC/USD", List.of(), List.of(List.of("45284.0", "1.00000000")));
            stream.pushUpdate("BTC/USD", List.of(List.of("45286.4", "1.00000000")), List.of(), Instant.now());

            calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"));
            await(() -> stream.requests("unsubscribe", "book", "BTC/USD") > 0
                    && stream.requests("subscribe", "book", "BTC/USD") > subscribes);
            for (int i = 0; i < 3; i++) {
                assertThat(calls.fromRest("depth", "symbol", "BTC_USD", "limit", "3").path("data").path("asks").path(0).path(0).asText())
                        .as("never the broken book: REST's").isEqualTo(REST_BEST_ASK);
            }
        } finally {
            stream.releaseSnapshots();
        }
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true).path("data");
        assertThat(prices(depth.path("bids"))).as("the new snapshot holds the lost level").startsWith("45284");
        assertThat(meter("fmz.stream.resyncs").counter().count()).isEqualTo(resyncs + 1);
    }

    @Test
    @Order(4)
    void aWrongChecksumRebuildsTheBook() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true);
        double resyncs = meter("fmz.stream.resyncs").counter().count();
        stream.holdSnapshots();
        try {
            stream.pushBadChecksum("BTC/USD", Instant.now());

            calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"));
            assertThat(calls.fromRest("depth", "symbol", "BTC_USD", "limit", "3").path("data").path("asks").path(0).path(0).asText())
                    .isEqualTo(REST_BEST_ASK);
            assertThat(meter("fmz.stream.resyncs").counter().count()).isEqualTo(resyncs + 1);
        } finally {
            stream.releaseSnapshots();
        }
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true);
    }

    @Test
    @Order(5)
    void aQuietConnectionIsKeptFreshByKrakensPingAndPong() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true);
        long pings = stream.pings();

        await(() -> stream.pings() >= pings + 3);

        int before = marketRequests();
        assertThat(calls.call("depth", "symbol", "BTC_USD", "limit", "3").path("data").path("asks")).hasSize(3);
        assertThat(marketRequests()).as("still answered from the stream").isEqualTo(before);
    }

    @Test
    @Order(6)
    void aSilentStreamIsNotAnsweredFromAndIsReplaced() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USD"), reply -> true);
        int handshakes = stream.handshakes();
        double reconnects = meter("fmz.stream.reconnects").counter().count();
        stream.holdSnapshots();

        stream.mute();

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"));
        assertThat(calls.awaitRest(() -> calls.call("ticker", "symbol", "BTC_USD")).path("data").path("buy").decimalValue())
                .as("REST's, never the stale stream's").isEqualByComparingTo("3537.4");
        await(() -> stream.handshakes() > handshakes && stream.subscribed("book", "BTC/USD") == 1);
        assertThat(calls.fromRest("depth", "symbol", "BTC_USD", "limit", "3").path("data").path("asks").path(0).path(0).asText())
                .as("subscribed again, no snapshot yet: REST").isEqualTo(REST_BEST_ASK);
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USD"), reply -> true);
        assertThat(meter("fmz.stream.reconnects").counter().count()).isGreaterThan(reconnects);
    }

    @Test
    @Order(7)
    void aDroppedConnectionIsReconnectedAndItsTopicsSubscribedAgain() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true);
        int handshakes = stream.handshakes();
        stream.holdSnapshots();

        stream.drop();

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed("book", "BTC/USD") == 1
                && stream.subscribed("ticker", "BTC/USD") == 1);
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USD"), reply -> true);
    }

    @Test
    @Order(8)
    void aRefusedSubscriptionLeavesTheCallsToRestWithoutAskingAgainAtOnce() throws Exception {
        // the REST stub lists ETH/USD (XETHZUSD), the stream stub does not: "Currency pair not supported"
        for (int i = 0; i < 5; i++) {
            assertThat(calls.fromRest("ticker", "symbol", "ETH_USD").path("data").path("symbol").asText()).isEqualTo("ETH_USD");
            await(() -> stream.requests("subscribe", "ticker", "ETH/USD") == 1);
        }
        assertThat(stream.requests("subscribe", "ticker", "ETH/USD")).as("one try within the pause").isEqualTo(1);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USD"), reply -> true);
    }

    @Test
    @Order(9)
    void theHealthEndpointReportsTheOpenStream() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "3"), reply -> true);
        HttpResponse<String> health = bridge.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/observe/health")).timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(health.body()).contains("kraken stream 1: open");
    }

    // ---------------------------------------------------------------- helpers

    static int marketRequests() {
        return (int) kraken.requests().stream().filter(request -> MARKET_PATHS.contains(request.path())).count();
    }

    static List<String> prices(JsonNode levels) {
        List<String> prices = new ArrayList<>();
        levels.forEach(level -> prices.add(level.path(0).asText()));
        return prices;
    }

    static io.micrometer.core.instrument.search.Search meter(String name) {
        return bridge.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class)
                .find(name).tag("exchange", "kraken");
    }
}
