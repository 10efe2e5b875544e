package io.fmzbridge.exchange.coinbase;

import static io.fmzbridge.stream.StreamCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stream.StreamCalls;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
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
 * Coinbase market data from its Advanced Trade stream, end to end: FMZ calls over HTTP to the
 * bridge, the bridge over a real WebSocket to {@link CoinbaseStreamStub} and over REST to
 * {@link CoinbaseStub}. A call answered from the stream sends no REST request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoinbaseStreamTest {

    /** Short, so silence is noticed within a test: the bridge subscribes heartbeats after 300 ms of quiet. */
    static final long STALE_AFTER_MS = 600;
    /** REST's product_book and ticker examples, as CoinbaseStub answers them. */
    static final String REST_BEST_ASK = "30759.07";

    static CoinbaseStub coinbase;
    static CoinbaseStreamStub stream;
    static RunningBridge bridge;
    static StreamCalls calls;

    @BeforeAll
    static void start() throws Exception {
        coinbase = new CoinbaseStub();
        stream = CoinbaseStreamStub.start(200);
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.coinbase.base-url", coinbase.baseUrl(),
                "fmz.exchange.coinbase.ws-url", stream.wsUrl(),
                "fmz.exchange.coinbase.stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.stream.reconnect-max-ms", "200",
                "fmz.call.rate-limit-enabled", "false"));
        calls = new StreamCalls(bridge, "/Coinbase", coinbase);
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        stream.close();
        coinbase.close();
    }

    @Test
    @Order(1)
    void theFirstCallsGoToRestThenTheStreamAnswersInTheSameShapes() throws Exception {
        stream.holdSnapshots();
        assertThat(calls.fromRestAtLeast("ticker", "symbol", "BTC_USD").path("data").path("last").asText()).isEqualTo("66363.03");
        assertThat(calls.fromRestAtLeast("depth", "symbol", "BTC_USD", "limit", "2").path("data").path("asks").path(0).path(0).asText())
                .isEqualTo(REST_BEST_ASK);
        calls.fromRestAtLeast("trades", "symbol", "BTC_USD", "limit", "2");
        await(() -> stream.subscribed("ticker", "BTC-USD") == 1 && stream.subscribed("level2", "BTC-USD") == 1
                && stream.subscribed("market_trades", "BTC-USD") == 1);
        stream.releaseSnapshots();

        JsonNode t = calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USD"), reply -> true).path("data");
        assertThat(t.path("symbol").asText()).isEqualTo("BTC_USD");
        assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("21931.98");
        assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("21933.98");
        assertThat(t.path("last").decimalValue()).isEqualByComparingTo("21932.98");
        assertThat(t.path("high").decimalValue()).isEqualByComparingTo("23011.18");
        assertThat(t.path("low").decimalValue()).isEqualByComparingTo("21835.29");
        assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("16038.28770938");
        assertThat(t.path("open").decimalValue()).as("the ticker channel has no 24 h open").isZero();

        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"), reply -> true).path("data");
        assertThat(prices(depth.path("asks"))).containsExactly("21922.1", "21922.9");
        assertThat(prices(depth.path("bids"))).containsExactly("21921.73", "21921.3");
        assertThat(depth.path("bids").path(0).path(1).decimalValue()).isEqualByComparingTo("0.06317902");

        JsonNode trades = calls.fromStream(() -> calls.call("trades", "symbol", "BTC_USD", "limit", "2"), reply -> true).path("data");
        assertThat(trades).hasSize(2);
        assertThat(trades.path(0).path("id").asText()).as("oldest first, Coinbase's trade ids").isEqualTo("000000000");
        assertThat(trades.path(1).path("id").asText()).isEqualTo("000000001");
        assertThat(trades.path(1).path("price").decimalValue()).isEqualByComparingTo("1260.01");
        assertThat(stream.anyJwt()).as("public channels are subscribed without a JWT").isFalse();
    }

    @Test
    @Order(2)
    void anUpdateReplacesTheLevelsSizeAndAnswersWithItsTime() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"), reply -> true);
        Instant time = Instant.parse("2026-12-01T10:00:00.123456789Z");
        stream.pushUpdate("BTC-USD", List.of(List.of("offer", "21922.1", "0"), List.of("bid", "21921.73", "0.5"),
                List.of("offer", "21922.5", "0.25")), time);
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"),
                reply -> reply.path("data").path("time").asLong() == time.toEpochMilli()).path("data");
        assertThat(prices(depth.path("asks"))).containsExactly("21922.5", "21922.9");
        assertThat(depth.path("bids").path(0).path(1).decimalValue()).isEqualByComparingTo("0.5");

        stream.pushTrades("BTC-USD", List.of(List.of("000000002", "1261", "0.2", "SELL", "2019-08-14T20:42:28.265Z")), time);
        JsonNode trades = calls.fromStream(() -> calls.call("trades", "symbol", "BTC_USD", "limit", "2"),
                reply -> reply.path("data").path(1).path("id").asText().equals("000000002")).path("data");
        assertThat(trades.path(0).path("id").asText()).isEqualTo("000000001");
    }

    @Test
    @Order(3)
    void aSkippedSequenceNumberReplacesTheConnectionAndRestAnswersUntilFreshSnapshots() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"), reply -> true);
        int handshakes = stream.handshakes();
        double reconnects = meter("fmz.stream.reconnects");
        stream.holdSnapshots();
        try {
            stream.loseOneMessage();
            stream.pushUpdate("BTC-USD", List.of(List.of("bid", "21921.8", "3")), Instant.now());

            calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"));
            await(() -> stream.handshakes() > handshakes && stream.subscribed("level2", "BTC-USD") == 1);
            for (int i = 0; i < 3; i++) {
                assertThat(calls.fromRestAtLeast("depth", "symbol", "BTC_USD", "limit", "2").path("data").path("asks").path(0).path(0).asText())
                        .as("never the book that missed a message: REST's").isEqualTo(REST_BEST_ASK);
            }
        } finally {
            stream.releaseSnapshots();
        }
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"), reply -> true).path("data");
        assertThat(prices(depth.path("bids"))).as("the new snapshot has the level").contains("21921.8");
        assertThat(meter("fmz.stream.reconnects")).isGreaterThan(reconnects);
    }

    @Test
    @Order(4)
    void aQuietConnectionIsKeptLiveByTheHeartbeatsChannel() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"), reply -> true);
        await(() -> stream.requests("subscribe", "heartbeats", null) >= 1);

        // no data for several stale limits: heartbeats alone keep it live
        long until = System.nanoTime() + Duration.ofMillis(3 * STALE_AFTER_MS).toNanos();
        while (System.nanoTime() < until) {
            Thread.sleep(100);
        }
        int before = coinbase.requests().size();
        assertThat(calls.call("depth", "symbol", "BTC_USD", "limit", "2").path("data").path("asks")).hasSize(2);
        assertThat(coinbase.requests()).as("still answered from the stream").hasSize(before);
    }

    @Test
    @Order(5)
    void aSilentStreamIsNotAnsweredFromAndIsReplaced() throws Exception {
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USD"), reply -> true);
        int handshakes = stream.handshakes();
        stream.holdSnapshots();
        stream.mute();

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"));
        assertThat(calls.awaitRest(() -> calls.call("ticker", "symbol", "BTC_USD")).path("data").path("last").asText())
                .as("REST's, never the stale stream's").isEqualTo("66363.03");
        await(() -> stream.handshakes() > handshakes && stream.subscribed("level2", "BTC-USD") == 1);
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USD"), reply -> true);
    }

    @Test
    @Order(6)
    void aDroppedConnectionIsReconnectedAndSubscribedAgain() throws Exception {
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"), reply -> true);
        int handshakes = stream.handshakes();
        stream.holdSnapshots();

        stream.drop();

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed("level2", "BTC-USD") == 1
                && stream.subscribed("ticker", "BTC-USD") == 1);
        stream.releaseSnapshots();
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USD", "limit", "2"), reply -> true);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USD"), reply -> true);
    }

    @Test
    @Order(7)
    void aRefusedSubscriptionLeavesTheCallsToRest() throws Exception {
        // the REST stub lists ETH-USD, the stream stub does not: Coinbase answers with an error message
        for (int i = 0; i < 5; i++) {
            assertThat(calls.fromRestAtLeast("ticker", "symbol", "ETH_USD").path("data").path("symbol").asText()).isEqualTo("ETH_USD");
            await(() -> stream.requests("subscribe", "ticker", "ETH-USD") == 1);
        }
        assertThat(stream.requests("subscribe", "ticker", "ETH-USD")).as("one try within the pause").isEqualTo(1);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USD"), reply -> true);
    }

    // ---------------------------------------------------------------- helpers

    static List<String> prices(JsonNode levels) {
        List<String> prices = new ArrayList<>();
        levels.forEach(level -> prices.add(level.path(0).asText()));
        return prices;
    }

    static double meter(String name) {
        MeterRegistry meters = bridge.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return meters.find(name).tag("exchange", "coinbase").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
