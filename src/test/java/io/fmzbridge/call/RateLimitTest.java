package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Limits enforced before a call leaves, and backing off when the exchange says so. */
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

    @Test
    void overTheLimitCallsAreRefusedWhenConfiguredSoEachKeyWithItsOwnAllowance() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                     "fmz.exchange.okx.rate-limit", "3", "fmz.exchange.okx.rate-period-ms", "60000",
                     "fmz.call.rate-limit-reject", "true"))) {
            okx.addAccount("key-a", "sa", "pa");
            okx.addAccount("key-b", "sb", "pb");
            List<String> publicErrors = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                publicErrors.add(ticker(bridge));
            }
            assertThat(publicErrors.subList(0, 3)).containsOnly("");
            assertThat(publicErrors.subList(3, 5)).containsOnly(
                    "OKX: the bridge's rate limit for this exchange is reached (fmz.exchange.<id>.rate-limit); call again shortly");
            assertThat(okx.requests()).hasSize(3);

            for (String key : new String[] {"key-a", "key-b"}) {
                String secret = key.equals("key-a") ? "sa,pa" : "sb,pb";
                for (int i = 0; i < 3; i++) {
                    assertThat(bridge.call("/OKX", envelope("orders", key, secret, "symbol", "BTC_USDT")).has("data"))
                            .as(key + " call " + i).isTrue();
                }
                assertThat(bridge.call("/OKX", envelope("orders", key, secret, "symbol", "BTC_USDT")).path("error").asText())
                        .contains("rate limit for this exchange is reached");
            }
        }
    }

    @Test
    void overTheLimitCallsWaitTheirTurnByDefault() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                     "fmz.exchange.okx.rate-limit", "2", "fmz.exchange.okx.rate-period-ms", "500"))) {
            long start = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                assertThat(ticker(bridge)).isEmpty();
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMs).as("6 calls at 2 per 500 ms").isGreaterThanOrEqualTo(900);
        }
    }
}
