package io.fmzbridge.exchange.zerocap;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stream.MarketStream;
import io.fmzbridge.stream.StreamCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zerocap's prices from its price websocket on the stream mechanism, end to end: FMZ calls over HTTP
 * to the bridge, the bridge over a real WebSocket to {@link ZerocapStreamStub}, which checks every
 * handshake's signature and speaks the zerocap_api README's messages. Zerocap has no REST prices, so
 * whenever the stream has no fresh ladder the call is an error that says why, never an older ladder.
 * Each test uses its own symbol, and so its own connection.
 */
class ZerocapStreamTest {

    static final String KEY = "zerocap-stream-key";
    static final String OTHER_KEY = "zerocap-stream-other-key";
    static final String SECRET = "3d5a6f8e0c2b4d6a8f1e3c4f2a9c1e7b";
    /** Short, so silence is noticed within a test: pings after 350 ms of quiet, replaced after 1400 ms. */
    static final long STALE_AFTER_MS = 700;
    static final long FIRST_DATA_WAIT_MS = 1500;
    static final List<List<String>> BIDS = List.of(List.of("1.47386", "5000.0"), List.of("1.47238", "0.00000001"),
            List.of("1.4709", "20000"));
    static final List<List<String>> ASKS = List.of(List.of("1.57392", "10000.0"), List.of("1.57236", "5000.0"),
            List.of("1.57548", "20000"));

    static ZerocapStreamStub prices;
    static RunningBridge bridge;
    static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        prices = ZerocapStreamStub.start(100);
        prices.addAccount(KEY, SECRET);
        prices.addAccount(OTHER_KEY, SECRET);
        managementPort = AvailablePortFinder.getNextAvailable();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.zerocap.ws-url", prices.wsUrl(),
                "fmz.exchange.zerocap.stale-after-ms", String.valueOf(STALE_AFTER_MS),
                "fmz.exchange.zerocap.first-data-wait-ms", String.valueOf(FIRST_DATA_WAIT_MS),
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.stream.reconnect-max-ms", "200",
                "fmz.call.rate-limit-enabled", "false",
                "fmz.management.enabled", "true",
                "fmz.management.port", String.valueOf(managementPort)));
        // the stream's first connection makes its HTTP client: a cold start the first-data wait is not for
        prices.setLadder("WARM/AUD", BIDS, ASKS);
        eventually(() -> priced("WARM_AUD"));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        prices.close();
    }

    @Test
    void theLadderAnswersTickerAndDepthAndEachPushReplacesIt() throws Exception {
        prices.setLadder("USDT/AUD", BIDS, ASKS);
        long before = System.currentTimeMillis();
        JsonNode reply = call("ticker", "symbol", "usdt_aud");
        JsonNode t = reply.path("data");
        assertThat(t.path("symbol").asText()).isEqualTo("USDT_AUD");
        assertThat(t.path("buy").decimalValue()).as("best bid").isEqualTo(new BigDecimal("1.47386"));
        assertThat(t.path("sell").decimalValue()).as("best ask").isEqualTo(new BigDecimal("1.57236"));
        assertThat(t.path("last").decimalValue()).as("mid").isEqualTo(new BigDecimal("1.52311"));
        for (String unknown : List.of("high", "low", "open", "vol")) {
            assertThat(t.path(unknown).decimalValue()).as(unknown).isEqualByComparingTo("0");
        }
        assertThat(t.path("time").asLong()).as("Zerocap's timestamp").isBetween(before - 2000, System.currentTimeMillis() + 1000);
        assertThat(reply.path("raw").path("type").asText()).as("Zerocap's own message").isEqualTo("price");
        assertThat(reply.path("raw").path("data").path("symbol").asText()).isEqualTo("USDT/AUD");

        JsonNode depth = data("depth", "symbol", "USDT_AUD", "limit", "2");
        assertThat(prices(depth.path("bids"))).containsExactly("1.47386", "1.47238");
        assertThat(prices(depth.path("asks"))).containsExactly("1.57236", "1.57392");
        assertThat(depth.at("/bids/1/1").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
        assertThat(data("depth", "symbol", "USDT_AUD", "limit", 50).path("asks")).as("a limit past the ladder: all of it").hasSize(3);
        String wire = bridge.post("/Zerocap", envelope("depth", KEY, SECRET, "symbol", "USDT_AUD").toString(), Map.of()).body();
        assertThat(wire).as("plain notation on the wire").contains("0.00000001").doesNotContain("E-8");

        // every price message is the whole ladder: a level it no longer has is gone
        prices.setLadder("USDT/AUD", List.of(List.of("1.48", "100")), List.of(List.of("1.56", "100"), List.of("1.57", "5")));
        eventually(() -> data("depth", "symbol", "USDT_AUD").path("bids").size() == 1);
        JsonNode replaced = data("depth", "symbol", "USDT_AUD");
        assertThat(prices(replaced.path("bids"))).containsExactly("1.48");
        assertThat(prices(replaced.path("asks"))).containsExactly("1.56", "1.57");
        assertThat(data("ticker", "symbol", "USDT_AUD").path("last").decimalValue()).isEqualByComparingTo("1.52");

        assertThat(prices.received()).contains("{\"type\":\"price\",\"symbol\":\"USDT/AUD\"}");
        ZerocapStreamStub.Handshake handshake = prices.handshakes().stream()
                .filter(h -> h.apiKey().equals(KEY)).findFirst().orElseThrow();
        assertThat(handshake.accepted()).isTrue();
        assertThat(handshake.signature()).isEqualTo(ZerocapStub.expectedSignature(SECRET, handshake.timestamp()));
        assertThat(Long.parseLong(handshake.timestamp())).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        assertThat(answers("stream")).isGreaterThanOrEqualTo(5);
        assertThat(answers("rest")).as("Zerocap has no REST prices").isZero();
        assertThat(meters().find("fmz.stream.messages").tag("exchange", "zerocap").counter().count()).isPositive();
    }

    @Test
    void withoutALimitDepthIsTwentyLevelsASide() throws Exception {
        List<List<String>> bids = new ArrayList<>();
        List<List<String>> asks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            bids.add(List.of(new BigDecimal("0.6000").subtract(new BigDecimal("0.0001").multiply(BigDecimal.valueOf(i))).toPlainString(), "100"));
            asks.add(List.of(new BigDecimal("0.6100").add(new BigDecimal("0.0001").multiply(BigDecimal.valueOf(i))).toPlainString(), "100"));
        }
        prices.setLadder("DOT/AUD", bids, asks);
        JsonNode depth = data("depth", "symbol", "DOT_AUD");
        assertThat(depth.path("bids")).hasSize(20);
        assertThat(depth.path("asks")).hasSize(20);
        assertThat(depth.at("/bids/19/0").decimalValue()).as("the best twenty").isEqualByComparingTo("0.5981");
        assertThat(depth.at("/asks/19/0").decimalValue()).isEqualByComparingTo("0.6119");
        assertThat(data("depth", "symbol", "DOT_AUD", "limit", 25).path("bids")).hasSize(25);
    }

    @Test
    void oneConnectionPerKeyAndSymbol() throws Exception {
        prices.setLadder("BTC/AUD", List.of(List.of("40000.5", "0.1")), List.of(List.of("40010", "0.2")));
        for (int i = 0; i < 4; i++) {
            data(i % 2 == 0 ? "ticker" : "depth", "symbol", "BTC_AUD");
        }
        assertThat(prices.connectionsFor("BTC/AUD")).as("ticker and depth share the one ladder").isEqualTo(1);
        JsonNode other = bridge.call("/Zerocap", envelope("ticker", OTHER_KEY, SECRET, "symbol", "BTC_AUD"));
        assertThat(other.path("data").path("buy").decimalValue()).isEqualByComparingTo("40000.5");
        assertThat(prices.connectionsFor("BTC/AUD")).as("a key of its own, a connection of its own").isEqualTo(2);
    }

    @Test
    void concurrentFirstRequestsShareOneConnection() throws Exception {
        prices.setLadder("LTC/AUD", List.of(List.of("100.1", "1")), List.of(List.of("100.3", "1")));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(pool.submit(() -> data("ticker", "symbol", "LTC_AUD")));
            }
            for (Future<JsonNode> reply : replies) {
                assertThat(reply.get().path("last").decimalValue()).isEqualByComparingTo("100.2");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(prices.connectionsFor("LTC/AUD")).isEqualTo(1);
    }

    @Test
    void theFirstRequestWaitsBrieflyThenSaysSo() throws Exception {
        prices.list("SOL/AUD");
        long start = System.nanoTime();
        assertThat(error("ticker", "symbol", "SOL_AUD")).isEqualTo("Zerocap: no fresh SOL/AUD price from Zerocap's price"
                + " stream: no data within 1500 ms of subscribing; try again shortly");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(FIRST_DATA_WAIT_MS - 100), Duration.ofMillis(FIRST_DATA_WAIT_MS + 1500));

        prices.setLadder("SOL/AUD", List.of(List.of("150", "2")), List.of(List.of("151", "2")));
        eventually(() -> priced("SOL_AUD"));
    }

    @Test
    void aSilentStreamIsAnErrorNeverTheOldLadder() throws Exception {
        prices.setLadder("ETH/AUD", List.of(List.of("2500.1", "1")), List.of(List.of("2500.3", "1")));
        assertThat(data("ticker", "symbol", "ETH_AUD").path("buy").decimalValue()).isEqualByComparingTo("2500.1");

        // no more ladders; the connection lives on, Zerocap answering the bridge's pings
        prices.silence("ETH/AUD");
        eventually(() -> call("ticker", "symbol", "ETH_AUD").has("error"));
        assertThat(error("ticker", "symbol", "ETH_AUD"))
                .startsWith("Zerocap: no fresh ETH/AUD price from Zerocap's price stream: the latest data is ")
                .endsWith("ms old (stale after 700 ms); older data is not served as current");
        assertThat(error("depth", "symbol", "ETH_AUD")).contains("stale after 700 ms");
        eventually(() -> prices.received().contains(ZerocapStream.PING));

        prices.setLadder("ETH/AUD", List.of(List.of("2600.1", "1")), List.of(List.of("2600.3", "1")));
        prices.resume("ETH/AUD");
        eventually(() -> priced("ETH_AUD"));
        assertThat(data("ticker", "symbol", "ETH_AUD").path("buy").decimalValue()).isEqualByComparingTo("2600.1");
        assertThat(prices.connectionsFor("ETH/AUD")).as("a quiet connection that answers pings is kept").isEqualTo(1);
    }

    @Test
    void aHalfOpenConnectionIsReplacedAndSignedAgain() throws Exception {
        prices.setLadder("MUTE/AUD", List.of(List.of("1.1", "1")), List.of(List.of("1.2", "1")));
        data("ticker", "symbol", "MUTE_AUD");
        int handshakes = prices.handshakes().size();

        prices.mute("MUTE/AUD"); // not even "pong"
        eventually(() -> call("ticker", "symbol", "MUTE_AUD").has("error"));
        eventually(() -> prices.handshakes().size() > handshakes);
        prices.setLadder("MUTE/AUD", List.of(List.of("1.3", "1")), List.of(List.of("1.4", "1")));
        prices.resume("MUTE/AUD");
        eventually(() -> priced("MUTE_AUD") && data("ticker", "symbol", "MUTE_AUD").path("buy").decimalValue()
                .compareTo(new BigDecimal("1.3")) == 0);
        eventually(() -> prices.connectionsFor("MUTE/AUD") == 1);
        ZerocapStreamStub.Handshake again = prices.handshakes().get(prices.handshakes().size() - 1);
        assertThat(again.accepted()).isTrue();
    }

    @Test
    void aDroppedConnectionReconnectsWithAFreshSignatureAndSubscribesAgain() throws Exception {
        prices.setLadder("XRP/AUD", List.of(List.of("0.81", "100")), List.of(List.of("0.83", "100")));
        data("ticker", "symbol", "XRP_AUD");
        int handshakes = prices.handshakes().size();
        double reconnects = meters().find("fmz.stream.reconnects").tag("exchange", "zerocap").counter().count();

        prices.setLadder("XRP/AUD", List.of(List.of("0.91", "100")), List.of(List.of("0.93", "100")));
        prices.drop("XRP/AUD");
        eventually(() -> prices.connectionsFor("XRP/AUD") == 1 && priced("XRP_AUD")
                && data("ticker", "symbol", "XRP_AUD").path("buy").decimalValue().compareTo(new BigDecimal("0.91")) == 0);
        List<ZerocapStreamStub.Handshake> all = prices.handshakes();
        assertThat(all.size()).isGreaterThan(handshakes);
        ZerocapStreamStub.Handshake again = all.get(all.size() - 1);
        assertThat(again.apiKey()).isEqualTo(KEY);
        assertThat(again.accepted()).isTrue();
        assertThat(again.signature()).as("signed for that attempt").isEqualTo(ZerocapStub.expectedSignature(SECRET, again.timestamp()));
        assertThat(prices.received().stream().filter(m -> m.contains("XRP/AUD")).count())
                .as("subscribed again after reconnecting").isGreaterThanOrEqualTo(2);
        assertThat(meters().find("fmz.stream.reconnects").tag("exchange", "zerocap").counter().count()).isGreaterThan(reconnects);
    }

    @Test
    void aWrongSecretGetsZerocapsUnauthorizedAtOnceAndTheRightOneItsOwnConnection() throws Exception {
        prices.setLadder("AUTH/AUD", BIDS, ASKS);
        long start = System.nanoTime();
        JsonNode reply = bridge.call("/Zerocap", envelope("ticker", KEY, "not-the-secret", "symbol", "AUTH_AUD"));
        assertThat(reply.path("error").asText()).isEqualTo(
                "Zerocap: no fresh AUTH/AUD price from Zerocap's price stream: Zerocap answered error 401: Unauthorized");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no need to wait out the first-data wait")
                .isLessThan(Duration.ofMillis(FIRST_DATA_WAIT_MS));
        assertThat(prices.handshakes()).anyMatch(h -> h.apiKey().equals(KEY) && !h.accepted());
        assertThat(data("ticker", "symbol", "AUTH_AUD").path("buy").decimalValue())
                .as("the right secret has its own connection").isEqualByComparingTo("1.47386");
        // the refused key is tried again after the back-off, each attempt signed afresh, and refused again
        long refused = prices.handshakes().stream().filter(h -> !h.accepted()).count();
        eventually(() -> prices.handshakes().stream().filter(h -> !h.accepted()).count() > refused);
        assertThat(bridge.call("/Zerocap", envelope("ticker", KEY, "not-the-secret", "symbol", "AUTH_AUD")).path("error").asText())
                .contains("Unauthorized");
    }

    @Test
    void aRefusedHandshakeIsReportedAndRetried() throws Exception {
        prices.setLadder("ADA/AUD", List.of(List.of("0.51", "100")), List.of(List.of("0.52", "100")));
        prices.refuseUpgrades(503);
        try {
            assertThat(error("ticker", "symbol", "ADA_AUD")).isEqualTo("Zerocap: no fresh ADA/AUD price from Zerocap's"
                    + " price stream: the exchange refused the stream handshake (HTTP 503)");
        } finally {
            prices.refuseUpgrades(0);
        }
        eventually(() -> priced("ADA_AUD"));
    }

    @Test
    void aSymbolZerocapDoesNotStreamIsAClearErrorAndNotAskedForAgainAtOnce() throws Exception {
        String expected = "Zerocap: no fresh DOGE/AUD price from Zerocap's price stream: Zerocap says: Price stream unavailable.";
        assertThat(error("ticker", "symbol", "DOGE_AUD")).isEqualTo(expected);
        for (int i = 0; i < 3; i++) {
            assertThat(error("depth", "symbol", "DOGE_AUD")).isEqualTo(expected);
        }
        assertThat(prices.received().stream().filter(m -> m.contains("DOGE/AUD")).count())
                .as("one try within the refusal's pause").isEqualTo(1);
        eventually(() -> prices.connectionsFor("DOGE/AUD") == 0);
    }

    @Test
    void symbolsAndKeysAreCheckedBeforeAnyConnection() throws Exception {
        int handshakes = prices.handshakes().size();
        assertThat(error("ticker", "symbol", "USDT_AUD.swap"))
                .isEqualTo("Zerocap: Zerocap trades spot pairs only; use a symbol like USDT_AUD, not USDT_AUD.swap");
        assertThat(error("depth")).isEqualTo("Zerocap: missing parameter 'symbol' (expected BASE_QUOTE like BTC_USDT)");
        assertThat(bridge.call("/Zerocap", envelope("ticker", "", SECRET, "symbol", "USDT_AUD")).path("error").asText())
                .startsWith("Zerocap: missing access_key");
        assertThat(prices.handshakes()).hasSize(handshakes);
    }

    @Test
    void healthAndMetersShowTheConnectionByAliasNeverByKey() throws Exception {
        prices.setLadder("HEALTH/AUD", BIDS, ASKS);
        data("ticker", "symbol", "HEALTH_AUD");
        HttpResponse<String> health = bridge.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/observe/health")).timeout(Duration.ofSeconds(10)).GET().build());
        JsonNode streams = null;
        for (JsonNode check : RunningBridge.JSON.readTree(health.body()).path("checks")) {
            if (check.path("name").asText().equals("fmz-streams")) {
                streams = check;
            }
        }
        assertThat(streams).as(health.body()).isNotNull();
        assertThat(streams.path("message").asText()).containsPattern("zerocap stream \\d+ \\(key [0-9a-f]{8}\\): open");
        assertThat(health.body()).doesNotContain(KEY).doesNotContain(SECRET);
        for (Meter meter : meters().getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                assertThat(tag.getValue()).as(meter.getId().getName()).doesNotContain(KEY).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void aSymbolNobodyAsksForClosesItsConnectionAndTheBridgeClosesEveryOneWhenItStops() throws Exception {
        prices.setLadder("STOP/AUD", List.of(List.of("2.1", "1")), List.of(List.of("2.2", "1")));
        MarketStream stream;
        RunningBridge own = RunningBridge.start(Map.of(
                // a name of its own: two bridges of one name in one JVM would share one Quartz scheduler
                "camel.main.name", "zerocap-stream-lifecycle",
                "fmz.exchange.zerocap.ws-url", prices.wsUrl(),
                "fmz.stream.idle-unsubscribe-ms", "400"));
        try {
            assertThat(own.call("/Zerocap", envelope("ticker", KEY, SECRET, "symbol", "STOP_AUD"))
                    .path("data").path("buy").decimalValue()).isEqualByComparingTo("2.1");
            assertThat(prices.connectionsFor("STOP/AUD")).isEqualTo(1);

            eventually(() -> prices.connectionsFor("STOP/AUD") == 0);
            assertThat(prices.received()).as("Zerocap documents no unsubscribe: the connection closes instead")
                    .allMatch(message -> message.startsWith("{\"type\":\"price\"") || message.equals(ZerocapStream.PING));
            assertThat(own.call("/Zerocap", envelope("depth", KEY, SECRET, "symbol", "STOP_AUD"))
                    .path("data").path("asks").path(0).path(0).decimalValue()).as("asked again: open again").isEqualByComparingTo("2.2");
            stream = own.context().getRegistry().lookupByNameAndType("zerocapStream", MarketStream.class);
            assertThat(stream.openStreams()).hasSize(1);
        } finally {
            own.close();
        }
        eventually(() -> prices.connectionsFor("STOP/AUD") == 0);
        assertThat(stream.openStreams()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    static JsonNode call(String method, Object... params) throws Exception {
        return bridge.call("/Zerocap", envelope(method, KEY, SECRET, params));
    }

    static JsonNode data(String method, Object... params) throws Exception {
        JsonNode reply = call(method, params);
        assertThat(reply.has("error")).as("error: %s", reply.path("error").asText()).isFalse();
        return reply.path("data");
    }

    static String error(String method, Object... params) throws Exception {
        JsonNode reply = call(method, params);
        assertThat(reply.has("error")).as("an error, not %s", reply).isTrue();
        assertThat(reply.has("data")).isFalse();
        return reply.path("error").asText();
    }

    static boolean priced(String symbol) throws Exception {
        return !call("ticker", "symbol", symbol).has("error");
    }

    /** Polls until the condition holds; the bridge's streams reconnect on their own time. */
    static void eventually(Callable<Boolean> condition) throws Exception {
        StreamCalls.await(Duration.ofSeconds(15), Duration.ofMillis(20), condition);
    }

    static List<String> prices(JsonNode levels) {
        List<String> prices = new ArrayList<>();
        levels.forEach(level -> prices.add(level.path(0).decimalValue().toPlainString()));
        return prices;
    }

    static MeterRegistry meters() {
        return bridge.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
    }

    static double answers(String source) {
        return meters().find("fmz.market.data.answers").tag("exchange", "zerocap").tag("source", source).counters()
                .stream().mapToDouble(Counter::count).sum();
    }
}
