package io.fmzbridge.exchange.binance;

import static io.fmzbridge.stream.StreamCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stream.StreamCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
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
 * Binance market data from its streams, end to end: FMZ calls over HTTP to the bridge, the bridge
 * over a real WebSocket to {@link BinanceStreamStub} and over REST to {@link BinanceStub}, which also
 * serves the depth snapshot a live book starts from. A call answered from the stream sends no REST request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinanceStreamTest {

    static final long STALE_AFTER_MS = 600;
    static final String BOOK = "btcusdt@depth@100ms";

    static BinanceStub binance;
    static BinanceStreamStub stream;
    static RunningBridge bridge;
    static StreamCalls calls;

    @BeforeAll
    static void start() throws Exception {
        binance = BinanceStub.start();
        stream = BinanceStreamStub.start();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.binance.base-url", binance.baseUrl(),
                "fmz.exchange.binance.ws-url", stream.wsUrl(),
                "fmz.exchange.binance.stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.stream.reconnect-max-ms", "200",
                "fmz.call.rate-limit-enabled", "false"));
        calls = new StreamCalls(bridge, "/Binance", binance);
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        stream.close();
        binance.close();
    }

    @Test
    @Order(1)
    void theFirstCallIsAnsweredByRestThenTheStreamsAnswerInBinancesRestShapes() throws Exception {
        // the first call never waits for the stream; held back, its first event cannot win the race
        stream.holdFirstTickers(true);
        calls.fromRest("ticker", "symbol", "BTC_USDT");
        await(() -> stream.subscribed("btcusdt@ticker") == 1);
        stream.holdFirstTickers(false);
        stream.pushTicker("btcusdt", 1700000000123L);
        JsonNode ticker = calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"),
                reply -> reply.path("data").path("time").asLong() == 1700000000123L);
        JsonNode t = ticker.path("data");
        assertThat(t.path("symbol").asText()).isEqualTo("BTC_USDT");
        assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("0.0024");
        assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("0.0026");
        assertThat(t.path("high").decimalValue()).isEqualByComparingTo("0.0025");
        assertThat(t.path("low").decimalValue()).isEqualByComparingTo("0.0010");
        assertThat(t.path("open").decimalValue()).isEqualByComparingTo("0.0010");
        assertThat(t.path("last").decimalValue()).isEqualByComparingTo("0.0025");
        assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("10000");
        assertThat(ticker.path("raw").path("lastPrice").asText()).as("GET /api/v3/ticker/24hr's names").isEqualTo("0.0025");

        calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "5");
        await(() -> stream.subscribed(BOOK) == 1);
        // the first update (1027020-1027025) straddles the REST book's lastUpdateId 1027024
        stream.pushDepth("btcusdt", List.of(List.of("29999.99000000", "0.50000000")), List.of(), 1700000000200L);
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "5"), reply -> true);
        assertThat(depth.path("data").path("time").asLong()).as("the update's event time E").isEqualTo(1700000000200L);
        assertThat(prices(depth.path("data").path("bids"))).containsExactly("29999.99", "29999.98", "29999.5", "29990",
                "29900");
        assertThat(depth.path("data").path("bids").path(0).path(1).decimalValue()).isEqualByComparingTo("0.5");
        assertThat(prices(depth.path("data").path("asks")).get(0)).isEqualTo("30000.01");
        assertThat(depth.path("raw").path("lastUpdateId").asLong()).as("GET /api/v3/depth's shape").isEqualTo(1027025);
        assertThat(binance.requestsTo("/api/v3/depth")).extracting(r -> r.rawQuery())
                .as("the snapshot the book starts from").contains("symbol=BTCUSDT&limit=1000");

        calls.fromRest("trades", "symbol", "BTC_USDT", "limit", "3");
        await(() -> stream.subscribed("btcusdt@trade") == 1);
        stream.pushTrades("btcusdt", List.of(
                List.of("12345", "30000.00000000", "0.01000000", "1700000000300", "true"),
                List.of("12346", "30000.01000000", "0.00000123", "1700000000301", "false"),
                List.of("12347", "29999.99000000", "1.50000000", "1700000000302", "true")));
        JsonNode trades = calls.fromStream(() -> calls.call("trades", "symbol", "BTC_USDT", "limit", "3"), reply -> true).path("data");
        assertThat(trades).hasSize(3);
        assertThat(trades.path(0).path("id").asText()).as("oldest first, Binance's trade ids").isEqualTo("12345");
        assertThat(trades.path(0).path("type").asText()).as("the buyer was the maker: a taker sell").isEqualTo("sell");
        assertThat(trades.path(1).path("type").asText()).isEqualTo("buy");
        assertThat(trades.path(2).path("time").asLong()).isEqualTo(1700000000302L);
        assertThat(trades.path(2).path("amount").decimalValue()).isEqualByComparingTo("1.5");
    }

    @Test
    @Order(2)
    void theBookFollowsEachUpdate() throws Exception {
        ensureLiveBook();

        stream.pushDepth("btcusdt", List.of(List.of("29999.99000000", "0.00000000")),
                List.of(List.of("30000.00500000", "2.00000000")), 1700000000400L);

        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "2"),
                reply -> reply.path("data").path("time").asLong() == 1700000000400L).path("data");
        assertThat(prices(depth.path("bids"))).containsExactly("29999.98", "29999.5");
        assertThat(prices(depth.path("asks"))).containsExactly("30000.005", "30000.01");
    }

    @Test
    @Order(3)
    void aGapDiscardsTheBookRestAnswersUntilANewSnapshotSynchronisesIt() throws Exception {
        ensureLiveBook();
        double resyncs = meter("fmz.stream.resyncs").counter().count();

        stream.pushDepthGap("btcusdt", 1700000000500L);

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
        for (int i = 0; i < 3; i++) {
            JsonNode depth = calls.fromRest("depth", "symbol", "BTC_USDT", "limit", "3");
            assertThat(depth.path("raw").path("lastUpdateId").asLong()).as("never the broken book: REST's").isEqualTo(1027024);
        }
        assertThat(meter("fmz.stream.resyncs").counter().count()).isEqualTo(resyncs + 1);

        int snapshots = binance.requestsTo("/api/v3/depth").size();
        syncBook(1700000000600L);
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
        assertThat(depth.path("data").path("time").asLong()).isEqualTo(1700000000600L);
        assertThat(binance.requestsTo("/api/v3/depth").size()).as("a new snapshot").isGreaterThan(snapshots);
    }

    @Test
    @Order(4)
    void binancesPingFramesAreAnsweredWithTheirPayload() throws Exception {
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);

        stream.ping("are-you-there");

        await(() -> stream.pongs().contains("are-you-there"));
    }

    @Test
    @Order(5)
    void aSilentStreamIsNotAnsweredFromAndIsReplaced() throws Exception {
        ensureLiveBook();
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
        int handshakes = stream.handshakes();

        stream.mute(); // reads nothing, so the bridge's pings go unanswered

        calls.awaitRest(() -> calls.call("ticker", "symbol", "BTC_USDT"));
        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
        await(() -> stream.handshakes() > handshakes);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
        ensureLiveBook();
    }

    @Test
    @Order(6)
    void aDroppedConnectionIsReconnectedAndItsStreamsSubscribedAgain() throws Exception {
        ensureLiveBook();
        int handshakes = stream.handshakes();
        double reconnects = meter("fmz.stream.reconnects").counter().count();

        stream.drop();

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed(BOOK) == 1
                && stream.subscribed("btcusdt@ticker") == 1);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
        ensureLiveBook();
        assertThat(meter("fmz.stream.reconnects").counter().count()).isGreaterThan(reconnects);
    }

    @Test
    @Order(7)
    void aRefusedSubscriptionLeavesTheCallsToRest() throws Exception {
        // the REST stub lists ETHBTC, the stream stub does not: the documented error {"code":2,…}
        for (int i = 0; i < 5; i++) {
            assertThat(calls.fromRest("ticker", "symbol", "ETH_BTC").path("data").path("symbol").asText()).isEqualTo("ETH_BTC");
            await(() -> stream.requests("SUBSCRIBE", "ethbtc@ticker") == 1);
        }
        assertThat(stream.requests("SUBSCRIBE", "ethbtc@ticker")).as("one try within the pause").isEqualTo(1);
        calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_USDT"), reply -> true);
    }

    // ---------------------------------------------------------------- helpers

    /** Waits for the book's subscription and feeds it until the stream answers depth. */
    static void ensureLiveBook() throws Exception {
        int before = binance.requests().size();
        calls.call("depth", "symbol", "BTC_USDT", "limit", "3");
        if (binance.requests().size() == before) {
            return;
        }
        await(() -> stream.subscribed(BOOK) == 1);
        syncBook(System.currentTimeMillis());
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_USDT", "limit", "3"), reply -> true);
    }

    /** The REST book has moved on to within the next update, which the stream then pushes. */
    static void syncBook(long eventTime) {
        binance.bookUpdateId(stream.nextUpdateId("btcusdt") + 2);
        stream.pushDepth("btcusdt", List.of(), List.of(), eventTime);
    }

    /** FMZ's prices, plain: the reply's numbers are decimals. */
    static List<String> prices(JsonNode levels) {
        List<String> prices = new ArrayList<>();
        levels.forEach(level -> prices.add(level.path(0).decimalValue().stripTrailingZeros().toPlainString()));
        return prices;
    }

    static Search meter(String name) {
        return bridge.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class)
                .find(name).tag("exchange", "binance");
    }
}
