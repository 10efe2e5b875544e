package io.fmzbridge.exchange.upbitstyle;

import static io.fmzbridge.stream.StreamCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stream.StreamCalls;
import io.fmzbridge.stub.StubExchange;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cases every Upbit-style stream (Upbit's, and Bithumb's, which follows its format) answers alike,
 * end to end: FMZ calls over HTTP to the bridge, the bridge over a real WebSocket to
 * {@link UpbitStyleStreamStub} and over REST to the exchange's stub. A call answered from the stream
 * sends no REST request. An exchange's class names its id, its frames and how deep a book it keeps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class UpbitStyleStreamCases {

    static final long STALE_AFTER_MS = 600;

    private final String id;
    private final String name;
    private final boolean binaryFrames;
    private final int bookLevels;
    private StubExchange rest;
    private UpbitStyleStreamStub stream;
    private RunningBridge bridge;
    private StreamCalls calls;

    /**
     * @param name the exchange as FMZ names it ("Upbit"): its service address and its errors' prefix
     * @param binaryFrames whether its stream sends JSON in binary frames (Upbit) or text frames (Bithumb)
     * @param bookLevels the levels of a stream book the bridge answers from; deeper asks go to REST
     */
    protected UpbitStyleStreamCases(String name, boolean binaryFrames, int bookLevels) {
        this.id = name.toLowerCase(java.util.Locale.ROOT);
        this.name = name;
        this.binaryFrames = binaryFrames;
        this.bookLevels = bookLevels;
    }

    /** The exchange's REST stub, which answers while the stream has nothing fresh. */
    protected abstract StubExchange startRest() throws Exception;

    @BeforeAll
    void start() throws Exception {
        rest = startRest();
        stream = UpbitStyleStreamStub.start(binaryFrames);
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange." + id + ".base-url", rest.baseUrl(),
                "fmz.exchange." + id + ".ws-url", stream.wsUrl(),
                "fmz.exchange." + id + ".stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.stream.reconnect-max-ms", "200",
                "fmz.call.rate-limit-enabled", "false"));
        calls = new StreamCalls(bridge, "/" + name, rest);
    }

    @AfterAll
    void stop() throws Exception {
        bridge.close();
        stream.close();
        rest.close();
    }

    @Test
    @Order(1)
    void theFirstCallsAreAnsweredByRestThenTheStreamAnswersInTheExchangesRestShapes() throws Exception {
        // the first call never waits for the stream; held back, its snapshots cannot win the race
        stream.holdSnapshots(true);
        calls.fromRest("depth", "symbol", "BTC_KRW", "limit", "2");
        await(() -> stream.subscribed("orderbook", "KRW-BTC") == 1);
        stream.holdSnapshots(false);
        stream.pushBook("KRW-BTC", UpbitStyleStreamStub.FIRST_BOOK, 1700000000100L);
        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
        assertThat(depth.path("data").path("time").asLong()).as("the message's timestamp").isEqualTo(1700000000100L);
        assertThat(prices(depth.path("data").path("asks"))).containsExactly("6956000", "6958000");
        assertThat(prices(depth.path("data").path("bids"))).containsExactly("6954000", "6953000");
        assertThat(depth.path("data").path("bids").path(0).path(1).decimalValue()).isEqualByComparingTo("0.00718341");
        assertThat(depth.path("raw").path(0).path("orderbook_units").path(0).path("ask_size").decimalValue())
                .as("GET /v1/orderbook's shape").isEqualByComparingTo("0.24078656");

        // the ticker needs the ticker type and the top of the book: both live, no REST call at all
        stream.holdSnapshots(true);
        calls.fromRestAtLeast("ticker", "symbol", "BTC_KRW");
        await(() -> stream.subscribed("ticker", "KRW-BTC") == 1);
        stream.holdSnapshots(false);
        stream.pushTicker("KRW-BTC", 1700000000123L);
        JsonNode ticker = calls.fromStream(() -> calls.call("ticker", "symbol", "BTC_KRW"),
                reply -> reply.path("data").path("time").asLong() == 1700000000123L);
        JsonNode t = ticker.path("data");
        assertThat(t.path("symbol").asText()).isEqualTo("BTC_KRW");
        assertThat(t.path("buy").decimalValue()).as("the live book's best bid").isEqualByComparingTo("6954000");
        assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("6956000");
        assertThat(t.path("high").decimalValue()).isEqualByComparingTo("8679000");
        assertThat(t.path("low").decimalValue()).isEqualByComparingTo("8445000");
        assertThat(t.path("open").decimalValue()).isEqualByComparingTo("8450000");
        assertThat(t.path("last").decimalValue()).isEqualByComparingTo("8629000");
        assertThat(t.path("vol").decimalValue()).as("24 h volume").isEqualByComparingTo("6448.96200341");
        assertThat(ticker.path("raw").path(0).path("market").asText()).as("GET /v1/ticker's names").isEqualTo("KRW-BTC");
        assertThat(ticker.path("raw").path(0).has("stream_type")).isFalse();

        calls.fromRest("trades", "symbol", "BTC_KRW", "limit", "3");
        await(() -> stream.subscribed("trade", "KRW-BTC") == 1);
        stream.pushTrades("KRW-BTC", List.of(
                List.of("17000000000000001", "8616000", "0.03", "ASK", "1700000000300"),
                List.of("17000000000000002", "8617000", "0.00000123", "BID", "1700000000301"),
                List.of("17000000000000003", "8615000", "1.5", "ASK", "1700000000302")));
        JsonNode trades = calls.fromStream(() -> calls.call("trades", "symbol", "BTC_KRW", "limit", "3"), reply -> true);
        JsonNode data = trades.path("data");
        assertThat(data).hasSize(3);
        assertThat(data.path(0).path("id").asText()).as("oldest first, %s's sequential ids", name).isEqualTo("17000000000000001");
        assertThat(data.path(0).path("type").asText()).as("ASK: a taker sell").isEqualTo("sell");
        assertThat(data.path(1).path("type").asText()).isEqualTo("buy");
        assertThat(data.path(2).path("time").asLong()).as("the trade's own time").isEqualTo(1700000000302L);
        assertThat(data.path(2).path("amount").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(trades.path("raw").path(0).path("sequential_id").asLong()).as("GET /v1/trades/ticks: newest first")
                .isEqualTo(17000000000000003L);
        calls.fromRest("trades", "symbol", "BTC_KRW", "limit", "4"); // the subscription's snapshot trade is not kept
    }

    @Test
    @Order(2)
    void everyRequestNamesTheWholeSubscription() throws Exception {
        ensureLiveBook();
        JsonNode last = stream.requests().get(stream.requests().size() - 1);
        assertThat(last.path(0).path("ticket").asText()).isNotEmpty();
        assertThat(codes(last, "orderbook")).containsExactly("KRW-BTC");
        assertThat(codes(last, "ticker")).containsExactly("KRW-BTC");
        assertThat(codes(last, "trade")).containsExactly("KRW-BTC");
        assertThat(last.path(last.size() - 1).path("format").asText()).isEqualTo("DEFAULT");

        // a new code: the request names it and every code before; the ones before keep answering
        int requests = stream.requests().size();
        calls.fromRest("depth", "symbol", "ETH_KRW", "limit", "2");
        await(() -> stream.subscribed("orderbook", "KRW-ETH") == 1);
        JsonNode replacing = stream.requests().get(requests);
        assertThat(codes(replacing, "orderbook")).containsExactlyInAnyOrder("KRW-BTC", "KRW-ETH");
        assertThat(codes(replacing, "ticker")).containsExactly("KRW-BTC");
        assertThat(codes(replacing, "trade")).containsExactly("KRW-BTC");
        calls.fromStream(() -> calls.call("depth", "symbol", "ETH_KRW", "limit", "2"), reply -> true);
        calls.fromStream(() -> calls.call("trades", "symbol", "BTC_KRW", "limit", "3"), reply -> true);
    }

    @Test
    @Order(3)
    void eachOrderbookMessageReplacesTheBook() throws Exception {
        ensureLiveBook();

        stream.pushBook("KRW-BTC", List.of(
                List.of("6957000", "2", "6955000", "1"),
                List.of("6959000", "3", "6954000", "0.5")), 1700000000400L);

        JsonNode depth = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"),
                reply -> reply.path("data").path("time").asLong() == 1700000000400L).path("data");
        assertThat(prices(depth.path("asks"))).as("levels the message leaves out are gone").containsExactly("6957000", "6959000");
        assertThat(prices(depth.path("bids"))).containsExactly("6955000", "6954000");
        assertThat(depth.path("bids").path(1).path(1).decimalValue()).isEqualByComparingTo("0.5");
        JsonNode whole = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "5"), reply -> true).path("data");
        assertThat(whole.path("asks")).as("fewer than 30 units: the whole book").hasSize(2);

        // 30 units, all a message carries: as many levels as the bridge keeps are answered, deeper asks go to REST
        List<List<String>> units = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            units.add(List.of(String.valueOf(6957000 + i * 1000), "0.1", String.valueOf(6955000 - i * 1000), "0.2"));
        }
        stream.pushBook("KRW-BTC", units, 1700000000401L);
        JsonNode kept = calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", String.valueOf(bookLevels)),
                reply -> reply.path("data").path("time").asLong() == 1700000000401L).path("data");
        assertThat(kept.path("asks")).hasSize(bookLevels);
        assertThat(prices(kept.path("bids")).get(bookLevels - 1)).isEqualTo(String.valueOf(6955000 - (bookLevels - 1) * 1000));
        calls.fromRest("depth", "symbol", "BTC_KRW", "limit", String.valueOf(bookLevels + 1));
    }

    @Test
    @Order(4)
    void anOutOfOrderMessageDiscardsTheBookRestAnswersUntilANewSubscriptionStartsIt() throws Exception {
        ensureLiveBook();
        double resyncs = meter("fmz.stream.resyncs").counter().count();
        long requests = stream.requestsNaming("orderbook", "KRW-BTC");
        stream.holdSnapshots(true);

        stream.pushBook("KRW-BTC", UpbitStyleStreamStub.FIRST_BOOK, 1000L);

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"));
        for (int i = 0; i < 3; i++) {
            JsonNode depth = calls.fromRest("depth", "symbol", "BTC_KRW", "limit", "2");
            assertThat(depth.path("raw").path(0).path("timestamp").asLong()).as("never the broken book: REST's")
                    .isEqualTo(1529910247984L);
        }
        assertThat(meter("fmz.stream.resyncs").counter().count()).isEqualTo(resyncs + 1);
        await(() -> stream.requestsNaming("orderbook", "KRW-BTC") > requests);

        stream.holdSnapshots(false);
        stream.pushBook("KRW-BTC", UpbitStyleStreamStub.FIRST_BOOK, System.currentTimeMillis());
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
    }

    @Test
    @Order(5)
    void aQuietConnectionIsKeptWithPingFrames() throws Exception {
        ensureLiveBook();
        int pings = stream.pingsReceived();

        await(() -> stream.pingsReceived() > pings);
    }

    @Test
    @Order(6)
    void aSilentStreamIsNotAnsweredFromAndIsReplaced() throws Exception {
        ensureLiveBook();
        int handshakes = stream.handshakes();

        stream.mute(); // reads nothing, so the bridge's pings go unanswered

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed("orderbook", "KRW-BTC") == 1);
        ensureLiveBook();
    }

    @Test
    @Order(7)
    void aDroppedConnectionIsReconnectedAndItsCodesSubscribedAgain() throws Exception {
        ensureLiveBook();
        int handshakes = stream.handshakes();
        double reconnects = meter("fmz.stream.reconnects").counter().count();

        stream.drop();

        calls.awaitRest(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"));
        await(() -> stream.handshakes() > handshakes && stream.subscribed("orderbook", "KRW-BTC") == 1
                && stream.subscribed("ticker", "KRW-BTC") == 1 && stream.subscribed("trade", "KRW-BTC") == 1);
        ensureLiveBook();
        assertThat(meter("fmz.stream.reconnects").counter().count()).isGreaterThan(reconnects);
    }

    @Test
    @Order(8)
    void aRefusedSubscriptionLeavesItsCodeToRestAndTheOthersStartOver() throws Exception {
        ensureLiveBook();
        // the REST stub lists BTC-ETH, the stream stub does not: INVALID_PARAM, which refuses the whole request
        for (int i = 0; i < 5; i++) {
            assertThat(calls.fromRest("depth", "symbol", "ETH_BTC", "limit", "2").path("data").path("asks")).isNotEmpty();
            await(() -> stream.requestsNaming("orderbook", "BTC-ETH") == 1);
        }
        assertThat(stream.requestsNaming("orderbook", "BTC-ETH")).as("one try within the pause").isEqualTo(1);
        // what the exchange still streams after a refusal is unknown: the others are asked for again, alone
        await(() -> {
            List<JsonNode> all = stream.requests();
            JsonNode last = all.get(all.size() - 1);
            return codes(last, "orderbook").contains("KRW-BTC") && !codes(last, "orderbook").contains("BTC-ETH");
        });
        ensureLiveBook();
    }

    // ---------------------------------------------------------------- helpers

    /** Feeds the book until the stream answers depth. */
    void ensureLiveBook() throws Exception {
        int before = rest.requests().size();
        calls.call("depth", "symbol", "BTC_KRW", "limit", "2");
        if (rest.requests().size() == before) {
            return;
        }
        await(() -> stream.subscribed("orderbook", "KRW-BTC") == 1);
        stream.pushBook("KRW-BTC", UpbitStyleStreamStub.FIRST_BOOK, System.currentTimeMillis());
        calls.fromStream(() -> calls.call("depth", "symbol", "BTC_KRW", "limit", "2"), reply -> true);
    }

    static JsonNode field(JsonNode request, String type) {
        for (JsonNode field : request) {
            if (field.path("type").asText().equals(type)) {
                return field;
            }
        }
        return RunningBridge.JSON.createObjectNode();
    }

    static List<String> codes(JsonNode request, String type) {
        List<String> codes = new ArrayList<>();
        field(request, type).path("codes").forEach(code -> codes.add(code.asText()));
        return codes;
    }

    static List<String> prices(JsonNode levels) {
        List<String> prices = new ArrayList<>();
        levels.forEach(level -> prices.add(level.path(0).decimalValue().stripTrailingZeros().toPlainString()));
        return prices;
    }

    Search meter(String name) {
        return bridge.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class)
                .find(name).tag("exchange", id);
    }
}
