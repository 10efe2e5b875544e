package io.fmzbridge.exchange.zerocap;

import static io.fmzbridge.RunningBridge.envelope;
import static io.fmzbridge.exchange.zerocap.ZerocapBridgeTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The price streams' life: nothing before the first ask, replaced when mute, all gone at shutdown. */
class ZerocapPriceStreamsTest {

    static final String KEY = "streams-key";
    static final String SECRET = "streams-secret";

    static ZerocapPriceStub prices;

    @BeforeAll
    static void start() {
        prices = ZerocapPriceStub.start(50);
        prices.addAccount(KEY, SECRET);
    }

    @AfterAll
    static void stop() {
        prices.close();
    }

    static ZerocapPriceStreams streams(Duration pingEvery, Duration silenceLimit) {
        return streams(pingEvery, silenceLimit, Duration.ofMinutes(10));
    }

    static ZerocapPriceStreams streams(Duration pingEvery, Duration silenceLimit, Duration idleLimit) {
        return new ZerocapPriceStreams(URI.create(prices.wsUrl()), Duration.ofSeconds(2), Duration.ofMillis(1500),
                Duration.ofSeconds(2), pingEvery, silenceLimit, idleLimit, Clock.systemUTC());
    }

    static FmzRequest ticker(String symbol) {
        return new FmzRequest("zerocap", "ticker", FmzJson.MAPPER.valueToTree(Map.of("symbol", symbol)), KEY, SECRET, null);
    }

    static long bridgeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("zerocap-price-")).count();
    }

    @Test
    void nothingStartsUntilAPriceIsAskedFor() {
        long threads = bridgeThreads();
        int handshakes = prices.handshakes().size();
        ZerocapPriceStreams streams = streams(Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(bridgeThreads()).isEqualTo(threads);
        assertThat(streams.size()).isZero();
        streams.close();
        streams.close();
        assertThat(prices.handshakes()).hasSize(handshakes);
    }

    @Test
    void aConnectionThatFallsSilentIsReplaced() throws Exception {
        prices.setLadder("MUTE/AUD", List.of(List.of("1.1", "1")), List.of(List.of("1.2", "1")));
        ZerocapPriceStreams streams = streams(Duration.ofMillis(100), Duration.ofMillis(500));
        try {
            assertThat(streams.book(ticker("MUTE_AUD")).bestBid()).hasValueSatisfying(bid -> assertThat(bid).isEqualByComparingTo("1.1"));
            eventually(Duration.ofSeconds(2), () -> prices.received().contains(PriceStream.PING));
            int handshakes = prices.handshakes().size();

            prices.mute("MUTE/AUD");
            eventually(Duration.ofSeconds(3), () -> prices.handshakes().size() > handshakes);
            prices.setLadder("MUTE/AUD", List.of(List.of("1.3", "1")), List.of(List.of("1.4", "1")));
            prices.resume("MUTE/AUD");
            eventually(Duration.ofSeconds(3), () -> {
                try {
                    return streams.book(ticker("MUTE_AUD")).bestBid().orElseThrow().compareTo(new java.math.BigDecimal("1.3")) == 0;
                } catch (FmzError e) {
                    return false;
                }
            });
            eventually(Duration.ofSeconds(2), () -> prices.connectionsFor("MUTE/AUD") == 1);
        } finally {
            streams.close();
        }
    }

    @Test
    void aStreamNobodyAsksForIsClosedAndReopenedOnDemand() throws Exception {
        prices.setLadder("IDLE/AUD", List.of(List.of("3.1", "1")), List.of(List.of("3.2", "1")));
        ZerocapPriceStreams streams = streams(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(400));
        try {
            streams.book(ticker("IDLE_AUD"));
            assertThat(prices.connectionsFor("IDLE/AUD")).isEqualTo(1);
            eventually(Duration.ofSeconds(3), () -> prices.connectionsFor("IDLE/AUD") == 0 && streams.size() == 0);
            assertThat(streams.book(ticker("IDLE_AUD")).bestAsk()).hasValueSatisfying(ask -> assertThat(ask).isEqualByComparingTo("3.2"));
            assertThat(streams.size()).isEqualTo(1);
        } finally {
            streams.close();
        }
    }

    @Test
    void aWsUrlThatIsNotAWebsocketIsRefusedAtStartup() {
        assertThatThrownBy(() -> new ZerocapPriceStreams("https://dma-ws.zerocap.com/v2", 5000, 2000, 3000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fmz.exchange.zerocap.ws-url must be a wss:// (or ws://) URL");
    }

    @Test
    void closingWakesWaitingCallsAndRefusesNewOnes() throws Exception {
        prices.list("WAIT/AUD");
        ZerocapPriceStreams streams = new ZerocapPriceStreams(URI.create(prices.wsUrl()), Duration.ofSeconds(2),
                Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(10),
                Clock.systemUTC());
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return streams.book(ticker("WAIT_AUD"));
            } catch (FmzError e) {
                return e;
            }
        });
        eventually(Duration.ofSeconds(2), () -> prices.connectionsFor("WAIT/AUD") == 1);
        long start = System.nanoTime();
        streams.close();
        Object outcome = waiting.get(3, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(outcome).isInstanceOf(FmzError.class);
        assertThat(((FmzError) outcome).getMessage()).isEqualTo("the WAIT/AUD price stream is closed: the bridge is stopping");
        assertThatThrownBy(() -> streams.book(ticker("WAIT_AUD"))).isInstanceOf(FmzError.class)
                .hasMessage("the bridge is stopping: Zerocap price streams are closed");
    }

    @Test
    void theBridgeClosesItsStreamsAndEndsItsThreadsWhenItStops() throws Exception {
        prices.setLadder("STOP/AUD", List.of(List.of("2.1", "1")), List.of(List.of("2.2", "1")));
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.zerocap.ws-url", prices.wsUrl()));
        try {
            assertThat(bridge.call("/Zerocap", envelope("ticker", KEY, SECRET, "symbol", "STOP_AUD"))
                    .path("data").path("buy").decimalValue()).isEqualByComparingTo("2.1");
            assertThat(prices.connectionsFor("STOP/AUD")).isEqualTo(1);
            assertThat(newThreads(before)).anyMatch(name -> name.startsWith("zerocap-price-"));
        } finally {
            bridge.close();
        }
        bridge = null; // its test HTTP client too, so that every JDK client thread can end
        eventually(Duration.ofSeconds(3), () -> prices.connectionsFor("STOP/AUD") == 0);
        eventually(Duration.ofSeconds(3), () -> newThreads(before).stream().noneMatch(name -> name.startsWith("zerocap-price-")));
        // JDK 17's HttpClient has no close(): its selector thread ends once the client is unreachable
        eventually(Duration.ofSeconds(15), () -> {
            System.gc();
            return newThreads(before).stream().noneMatch(name -> name.startsWith("HttpClient-"));
        });
        assertThat(prices.received()).contains("{\"type\":\"price\",\"symbol\":\"STOP/AUD\"}");
    }

    /** Threads alive now that were not alive before, by name. */
    static List<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t)).map(Thread::getName).toList();
    }
}
