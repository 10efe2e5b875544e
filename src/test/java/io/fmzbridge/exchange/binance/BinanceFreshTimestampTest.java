package io.fmzbridge.exchange.binance;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A signed call that waited for the bridge's rate limit is signed when it leaves, not when it
 * arrived: its timestamp is still inside Binance's recvWindow however long the wait was.
 */
class BinanceFreshTimestampTest {

    private static final long PERIOD_MS = 3000;
    private static final long RECV_WINDOW_MS = 1000;

    @Test
    void aCallThatWaitedForTheLimitCarriesATimestampFromWhenItLeft() throws Exception {
        try (BinanceStub binance = BinanceStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of(
                     "fmz.exchange.binance.base-url", binance.baseUrl(),
                     // room for one account call (weight 20) per period
                     "fmz.exchange.binance.limits.weight", "20/" + PERIOD_MS + " per ip",
                     // shorter than the wait: a timestamp taken on arrival would be refused (-1021)
                     "fmz.exchange.binance.recv-window-ms", String.valueOf(RECV_WINDOW_MS)))) {
            binance.addAccount(BinanceBridgeTest.KEY, BinanceBridgeTest.SECRET);

            JsonNode first = accounts(bridge);
            long arrived = System.currentTimeMillis();
            JsonNode second = accounts(bridge);
            long waitedMs = System.currentTimeMillis() - arrived;

            assertThat(first.has("data")).as(first.toString()).isTrue();
            assertThat(second.has("data")).as(second.toString()).isTrue();
            List<StubExchange.StubRequest> sent = binance.requestsTo("/api/v3/account");
            assertThat(sent).hasSize(2);
            long signedAt = timestamp(sent.get(1));
            // the first call's place is held PERIOD_MS after its reply: the second waited well past the recvWindow
            assertThat(waitedMs).as("the second call waited for the limit").isGreaterThan(RECV_WINDOW_MS + 200);
            assertThat(signedAt - arrived).as("signed after the wait, not on arrival").isGreaterThan(RECV_WINDOW_MS);
        }
    }

    private static JsonNode accounts(RunningBridge bridge) throws Exception {
        return bridge.call("/Binance", envelope("accounts", BinanceBridgeTest.KEY, BinanceBridgeTest.SECRET));
    }

    private static long timestamp(StubExchange.StubRequest request) {
        return Long.parseLong(StubExchange.parseQuery(request.rawQuery()).get("timestamp"));
    }
}
