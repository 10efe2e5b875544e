package io.fmzbridge.exchange.backpack;

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
 * Backpack market data from its public streams, end to end: FMZ calls over HTTP to the bridge, the
 * bridge over a real WebSocket to {@link BackpackStreamStub} and over REST to {@link BackpackStub}
 * (whose depth reply is the book's snapshot, {@code lastUpdateId} 1504999670 until moved on). A call
 * answered from the stream sends no REST request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackpackStreamTest {

    static final long STALE_AFTER_MS = 600;
    static final long SNAPSHOT_ID = 1504999670L;
    static final long E = 1_700_000_000_000_000L;

    static BackpackStub backpack;
    static BackpackStreamStub stream;
    static RunningBridge bridge;
    static StreamCalls calls;
    /** The last update id the stream has sent. */
    static long lastId;

    @BeforeAll
    static void start() throws Exception {
        backpack = BackpackStub.start();
        stream = BackpackStreamStub.start();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.backpack.base-url", backpack.baseUrl(),
                "fmz.exchange.backpack.ws-url", stream.wsUrl(),
                "fmz.exchange.backpack.stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.stream.reconnect-max-ms", "200",
                "fmz.call.rate-limit-enabled", "false"));
        calls = new StreamCalls(bridge, "/Backpack", backpack);
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        stream.close();
        backpack.close();
    }

    @Test
    @Order(1)
    void theFirstCallsGoToRestThenTheStreamAnswersInTheSameShapes() throws Exception {
        calls.fromRestAtLeast("ticker", "symbol", "SOL_USDC");
        await(() -> stream.subscribed("bookTicker.SOL_USDC") == 1 && stream.subscribed("ticker.SOL_USDC") == 1);
        stream.pushTicker("SOL_USDC", E);
        stream.pushBookTicker("SOL_USDC", "19.25", "4", "19.23", "2.5", E + 1000);
        JsonNode t = calls.fromStream(() -> calls.call("ticker", "symbol", "SOL_USDC"), reply -> true).path("data");
        assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("19.23");
        assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("19.25");
        assertThat(t.path("open").decimalValue()).isEqualByComparingTo("18.75");
        assertThat(t.path("last").decimalValue()).isEqualByComparingTo("19.24");
        assertThat(t.path("high").decimalValue()).isEqualByComparingTo("19.80");
        assertThat(t.path("low").decimalValue()).isEqualByComparingTo("18.50");
        assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("32123");
        assertThat(t.path("time").asLong()).as("the book ticker's E, in ms").isEqualTo((E + 1000) / 1000);

        calls.fromRestAtLeast("depth", "symbol", "SOL_USDC", "limit", "3");
        await(() -> stream.subscribed("depth.SOL_USDC") == 1);
        // an event straddling the snapshot's lastUpdateId, one before it, one after
        stream.pushDepth("SOL_USDC", SNAPSHOT_ID - 5, SNAPSHOT_ID - 2, List.of(List.of("171.26", "9")), List.of(), E);
        stream.pushDepth("SOL_USDC", SNAPSHOT_ID - 1, SNAPSHOT_ID + 2, List.of(List.of("171.26", "0")),
                List.of(List.of("171.24", "0.02")), E + 2000);
        lastId = SNAPSHOT_ID + 2;
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "SOL_USDC", "limit", "3"), reply -> true).path("data");
        assertThat(prices(depth.path("asks"))).as("the snapshot, 171.26 removed").containsExactly("171.27", "171.28", "171.3");
        assertThat(prices(depth.path("bids"))).containsExactly("171.24", "171.2", "171.1");
        assertThat(depth.path("bids").path(0).path(1).decimalValue()).isEqualByComparingTo("0.02");
        assertThat(depth.path("time").asLong()).isEqualTo((E + 2000) / 1000);

        calls.fromRestAtLeast("trades", "symbol", "SOL_USDC", "limit", "2");
        await(() -> stream.subscribed("trade.SOL_USDC") == 1);
        stream.pushTrade("SOL_USDC", 3_000_001, "19.24", "0.5", true, E + 3000);
        stream.pushTrade("SOL_USDC", 3_000_002, "19.25", "1.5", false, E + 4000);
        JsonNode trades = calls.fromStream(() -> calls.call("trades", "symbol", "SOL_USDC", "limit", "2"), reply -> true).path("data");
        assertThat(trades.path(0).path("id").asText()).as("oldest first, Backpack's trade ids").isEqualTo("3000001");
        assertThat(trades.path(0).path("type").asText()).as("the buyer made: the taker sold").isEqualTo("sell");
        assertThat(trades.path(1).path("amount").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(trades.path(1).path("time").asLong()).isEqualTo((E + 4000 - 3) / 1000);
    }

    @Test
    @Order(2)
    void eachEventMustFollowTheLastAndAGapRebuildsTheBookFromANewSnapshot() throws Exception {
        stream.pushDepth("SOL_USDC", lastId + 1, lastId + 3, List.of(), List.of(List.of("171.25", "1")), E + 5000);
        lastId += 3;
        calls.fromStream(() -> calls.call("depth", "symbol", "SOL_USDC", "limit", "3"),
                reply -> prices(reply.path("data").path("bids")).contains("171.25"));
        double resyncs = meter("fmz.stream.resyncs");

        stream.pushDepth("SOL_USDC", lastId + 2, lastId + 4, List.of(), List.of(List.of("171.245", "1")), E + 6000);
        lastId += 4;
        calls.awaitRest(() -> calls.call("depth", "symbol", "SOL_USDC", "limit", "3"));
        assertThat(meter("fmz.stream.resyncs")).isEqualTo(resyncs + 1);
        for (int i = 0; i < 3; i++) {
            assertThat(prices(calls.fromRestAtLeast("depth", "symbol", "SOL_USDC", "limit", "3").path("data").path("bids")))
                    .as("never the book that missed an event: REST's").containsExactly("171.24", "171.2", "171.1");
        }

        backpack.useBookUpdateId(lastId + 1);
        stream.pushDepth("SOL_USDC", lastId + 1, lastId + 2, List.of(), List.of(List.of("171.22", "3")), E + 7000);
        lastId += 2;
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "SOL_USDC", "limit", "3"), reply -> true).path("data");
        assertThat(prices(depth.path("bids"))).as("a new snapshot, then the event past it").containsExactly("171.24", "171.22", "171.2");
    }

    @Test
    @Order(3)
    void aDroppedConnectionIsReconnectedAndItsStreamsSubscribedAgain() throws Exception {
        calls.fromStream(() -> calls.call("ticker", "symbol", "SOL_USDC"), reply -> true);
        int handshakes = stream.handshakes();

        stream.drop();

        calls.awaitRest(() -> calls.call("ticker", "symbol", "SOL_USDC"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed("ticker.SOL_USDC") == 1
                && stream.subscribed("bookTicker.SOL_USDC") == 1 && stream.subscribed("depth.SOL_USDC") == 1);
        assertThat(calls.fromRestAtLeast("ticker", "symbol", "SOL_USDC").path("data").path("last").decimalValue())
                .as("nothing heard on the new connection yet: REST").isEqualByComparingTo("171.25");
        stream.pushTicker("SOL_USDC", E + 8000);
        stream.pushBookTicker("SOL_USDC", "19.26", "4", "19.23", "2.5", E + 9000);
        calls.fromStream(() -> calls.call("ticker", "symbol", "SOL_USDC"),
                reply -> reply.path("data").path("sell").decimalValue().compareTo(new java.math.BigDecimal("19.26")) == 0);
    }

    // ---------------------------------------------------------------- helpers

    static List<String> prices(JsonNode levels) {
        List<String> prices = new ArrayList<>();
        levels.forEach(level -> prices.add(level.path(0).asText()));
        return prices;
    }

    static double meter(String name) {
        MeterRegistry meters = bridge.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return meters.find(name).tag("exchange", "backpack").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
