package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The breaker every exchange gets from the shared call leg, driven through OKX. */
class CircuitBreakerTest {

    private static final String TICKER = "/api/v5/market/ticker";
    private static final String PAUSED = "OKX: calls to the exchange are paused after repeated failures; they resume by themselves once it recovers";

    private OkxStub okx;
    private RunningBridge bridge;

    @BeforeEach
    void start() throws Exception {
        okx = OkxStub.start();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.breaker.window-calls", "4",
                "fmz.breaker.minimum-calls", "4",
                "fmz.breaker.failure-rate-percent", "50",
                "fmz.breaker.open-seconds", "1",
                "fmz.breaker.half-open-calls", "1"));
    }

    @AfterEach
    void stop() throws Exception {
        bridge.close();
        okx.close();
    }

    private String ticker(String symbol) throws Exception {
        return bridge.call("/OKX", envelope("ticker", "", "", "symbol", symbol)).path("error").asText();
    }

    @Test
    void serverErrorsOpenTheBreakerAndRecoveryClosesIt() throws Exception {
        okx.failNext(TICKER, 4, new Fault.Status(503, "{\"code\":\"50001\",\"msg\":\"Service temporarily unavailable\",\"data\":[]}"));
        for (int i = 0; i < 4; i++) {
            assertThat(ticker("BTC_USDT")).as("each failure keeps OKX's words")
                    .isEqualTo("OKX: code 50001: Service temporarily unavailable (HTTP 503)");
        }
        okx.clear();
        assertThat(ticker("BTC_USDT")).isEqualTo(PAUSED);
        assertThat(okx.requests()).as("an open breaker answers without calling the exchange").isEmpty();

        Thread.sleep(1300);
        assertThat(ticker("BTC_USDT")).as("the probe after open-seconds succeeds").isEmpty();
        assertThat(ticker("BTC_USDT")).as("closed again").isEmpty();
    }

    @Test
    void transportFailuresOpenTheBreakerToo() throws Exception {
        okx.failNext(TICKER, 4, new Fault.Reset());
        for (int i = 0; i < 4; i++) {
            assertThat(ticker("BTC_USDT")).startsWith("OKX: exchange closed the connection");
        }
        assertThat(ticker("BTC_USDT")).isEqualTo(PAUSED);
    }

    @Test
    void anExchangeRefusingRequestsIsNotFailing() throws Exception {
        for (int i = 0; i < 8; i++) {
            assertThat(ticker("NOPE_USDT")).isEqualTo("OKX: code 51001: Instrument ID, Instrument ID code or Spread ID doesn't exist.");
        }
        assertThat(ticker("BTC_USDT")).isEmpty();
    }
}
