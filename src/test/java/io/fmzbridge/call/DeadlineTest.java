package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deadlines are set per exchange, falling back to the bridge-wide ones. */
class DeadlineTest {

    @Test
    void anExchangesOwnResponseTimeoutWins() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of(
                     "fmz.exchange.okx.base-url", okx.baseUrl(),
                     "fmz.call.response-timeout-ms", "20000",
                     "fmz.exchange.okx.response-timeout-ms", "400"))) {
            okx.failNext("/api/v5/market/ticker", new Fault.Delay(1500));
            long start = System.nanoTime();
            String error = bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT")).path("error").asText();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(error).isEqualTo("OKX: exchange did not reply in time (GET /api/v5/market/ticker)");
            assertThat(tookMs).isBetween(350L, 1400L);
        }
    }
}
