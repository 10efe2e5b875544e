package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.binance.BinanceStub;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Binance limits and bans by address, not by key: every key's calls and the public ones spend one weight
 * allowance, and a 429 on one key holds them all (rate-limit-per=ip), since the next call from any key
 * would count towards the same ban. OKX, counted per user, keeps each key's allowance apart (OkxRateLimitTest).
 */
class RateLimitPerIpTest {

    private static final String SECRET_A = "secret-of-key-a";
    private static final String SECRET_B = "secret-of-key-b";

    private static String error(RunningBridge bridge, String method, String key, String secret) throws Exception {
        return bridge.call("/Binance", envelope(method, key, secret, "symbol", "BTC_USDT")).path("error").asText();
    }

    @Test
    void a429OnOneKeyHoldsEveryKeysCallsAndThePublicOnes() throws Exception {
        try (BinanceStub binance = BinanceStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.binance.base-url", binance.baseUrl()))) {
            binance.addAccount("key-a", SECRET_A);
            binance.addAccount("key-b", SECRET_B);
            assertThat(error(bridge, "accounts", "key-b", SECRET_B)).as("key b before").isEmpty();
            binance.failNext("/api/v3/account", new Fault.TooManyRequests("30",
                    "{\"code\":-1003,\"msg\":\"Too many requests; current limit is 6000 request weight per 1 MINUTE.\"}"));
            assertThat(error(bridge, "accounts", "key-a", SECRET_A)).startsWith("Binance: code -1003: Too many requests").contains("HTTP 429");
            binance.clear();

            assertThat(error(bridge, "accounts", "key-b", SECRET_B)).as("another key")
                    .startsWith("Binance: rate limited by the exchange; the bridge holds calls for another ");
            assertThat(error(bridge, "ticker", "", "")).as("a public call")
                    .startsWith("Binance: rate limited by the exchange; the bridge holds calls for another ");
            assertThat(binance.requests()).as("held calls never reach Binance").isEmpty();
        }
    }

    @Test
    void everyKeyAndThePublicCallsShareOneWeightAllowance() throws Exception {
        try (BinanceStub binance = BinanceStub.start();
             // two account calls (20 each) and a ticker (2)
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.binance.base-url", binance.baseUrl(),
                     "fmz.exchange.binance.limits.weight", "42/60000 per ip", "fmz.call.rate-limit-reject", "true"))) {
            binance.addAccount("key-a", SECRET_A);
            binance.addAccount("key-b", SECRET_B);
            assertThat(error(bridge, "accounts", "key-a", SECRET_A)).isEmpty();
            assertThat(error(bridge, "accounts", "key-b", SECRET_B)).isEmpty();
            assertThat(error(bridge, "ticker", "", "")).isEmpty();

            String refused = "Binance: the bridge's limit weight for this exchange (42 per 60000 ms per ip) is reached "
                    + "(fmz.exchange.binance.limits.weight); call again shortly";
            assertThat(error(bridge, "accounts", "key-a", SECRET_A)).isEqualTo(refused);
            assertThat(error(bridge, "accounts", "key-b", SECRET_B)).isEqualTo(refused);
            assertThat(error(bridge, "ticker", "", "")).isEqualTo(refused);
            assertThat(binance.requests()).hasSize(3);
        }
    }

    @Test
    void aScopeOtherThanKeyOrIpIsNamedToTheCaller() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.binance.rate-limit-per", "account"))) {
            assertThat(error(bridge, "ticker", "", ""))
                    .isEqualTo("Binance: fmz.exchange.binance.rate-limit-per must be key or ip, not 'account'");
        }
    }
}
