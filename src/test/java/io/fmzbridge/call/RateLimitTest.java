package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Backing off when the exchange says so. The bridge's own limits before a call leaves have their tests
 * per exchange (OkxRateLimitTest and the others) and of the mechanism (ExchangeLimitsTest).
 */
class RateLimitTest {

    private static final String TOO_MANY = "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}";

    private static String ticker(RunningBridge bridge) throws Exception {
        return bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT")).path("error").asText();
    }

    @Test
    void anExchanges429PausesCallsForItsRetryAfter() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl()))) {
            okx.failNext("/api/v5/market/ticker", new Fault.TooManyRequests("1", TOO_MANY));
            assertThat(ticker(bridge)).isEqualTo("OKX: code 50011: Too Many Requests (HTTP 429)");
            okx.clear();
            assertThat(ticker(bridge)).startsWith("OKX: rate limited by the exchange; the bridge holds calls for another ");
            assertThat(okx.requests()).as("held calls never reach the exchange").isEmpty();
            Thread.sleep(1100);
            assertThat(ticker(bridge)).isEmpty();
        }
    }

    @Test
    void a429WithoutRetryAfterPausesForTheDefault() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                     "fmz.call.rate-limit-pause-ms", "300"))) {
            okx.failNext("/api/v5/market/ticker", new Fault.TooManyRequests(null, TOO_MANY));
            ticker(bridge);
            assertThat(ticker(bridge)).startsWith("OKX: rate limited by the exchange");
            Thread.sleep(400);
            assertThat(ticker(bridge)).isEmpty();
        }
    }
}
