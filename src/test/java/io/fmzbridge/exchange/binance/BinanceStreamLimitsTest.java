package io.fmzbridge.exchange.binance;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The stream's limits, shown on Binance with the exchange's numbers turned down so they show within
 * a test: subscriptions per connection (Binance: 1024), the connection lifetime (24 h: the bridge
 * replaces a connection before it ends) and the idle time after which nobody's topic is unsubscribed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinanceStreamLimitsTest {

    static BinanceStub binance;
    static BinanceStreamStub stream;
    static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        binance = BinanceStub.start();
        stream = BinanceStreamStub.start();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.binance.base-url", binance.baseUrl(),
                "fmz.exchange.binance.ws-url", stream.wsUrl(),
                "fmz.exchange.binance.stale-after-ms", "400",
                "fmz.exchange.binance.stream-topics-per-connection", "2",
                "fmz.exchange.binance.stream-max-connection-age-ms", "2500",
                "fmz.stream.idle-unsubscribe-ms", "1000",
                "fmz.stream.reconnect-min-ms", "50",
                "fmz.call.rate-limit-enabled", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        stream.close();
        binance.close();
    }

    @Test
    @Order(1)
    void moreTopicsThanOneConnectionTakesOpenAnotherConnection() throws Exception {
        call("ticker", "symbol", "BTC_USDT");
        call("trades", "symbol", "BTC_USDT");
        call("depth", "symbol", "BTC_USDT");

        awaitAsking(() -> stream.subscribed("btcusdt@ticker") == 1 && stream.subscribed("btcusdt@trade") == 1
                && stream.subscribed("btcusdt@depth@100ms") == 1 && stream.connections() == 2, () -> {
                    call("trades", "symbol", "BTC_USDT");
                    call("depth", "symbol", "BTC_USDT");
                });
        assertThat(stream.mostStreamsOnOneConnection()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void topicsNobodyAsksForAreUnsubscribedAndAConnectionWithoutTopicsCloses() throws Exception {
        // only the ticker is asked for from here on (a trade stream on a connection that was just
        // replaced needs no UNSUBSCRIBE: it is simply not subscribed again)
        awaitAsking(() -> stream.subscribed("btcusdt@trade") == 0 && stream.subscribed("btcusdt@depth@100ms") == 0
                && stream.connections() == 1 && stream.subscribed("btcusdt@ticker") == 1, () -> { });
    }

    @Test
    @Order(3)
    void aConnectionIsReplacedBeforeTheExchangesLifetimeEndsAndServesOn() throws Exception {
        int handshakes = stream.handshakes();

        awaitAsking(() -> stream.handshakes() > handshakes && stream.subscribed("btcusdt@ticker") == 1, () -> { });

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            int before = binance.requests().size();
            call("ticker", "symbol", "BTC_USDT");
            if (binance.requests().size() == before) {
                break;
            }
            assertThat(System.nanoTime()).as("answered from the new connection within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    static JsonNode call(String method, Object... params) throws Exception {
        JsonNode reply = bridge.call("/Binance", envelope(method, "", "", params));
        assertThat(reply.has("error")).as("error: %s", reply.path("error").asText()).isFalse();
        return reply;
    }

    interface Asking {
        void ask() throws Exception;
    }

    /** Waits for the condition while a strategy keeps polling the ticker (and whatever else {@code more} asks). */
    static void awaitAsking(Callable<Boolean> condition, Asking more) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            call("ticker", "symbol", "BTC_USDT");
            more.ask();
            Thread.sleep(20);
        }
    }
}
