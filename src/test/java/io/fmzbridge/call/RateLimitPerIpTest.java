package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.binance.BinanceStub;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Binance limits and bans by address, not by key (rate-limit-per=ip): every key's calls and the public
 * ones share one allowance, and a 429 on one key holds them all, since the next call from any key
 * would count towards the same ban. OKX, counted per key, keeps each key's allowance apart (RateLimitTest).
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
    void everyKeyAndThePublicCallsShareOneAllowance() throws Exception {
        try (BinanceStub binance = BinanceStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.binance.base-url", binance.baseUrl(),
                     "fmz.exchange.binance.rate-limit", "3", "fmz.exchange.binance.rate-period-ms", "60000",
                     "fmz.call.rate-limit-reject", "true"))) {
            binance.addAccount("key-a", SECRET_A);
            binance.addAccount("key-b", SECRET_B);
            assertThat(error(bridge, "orders", "key-a", SECRET_A)).isEmpty();
            assertThat(error(bridge, "orders", "key-b", SECRET_B)).isEmpty();
            assertThat(error(bridge, "ticker", "", "")).isEmpty();

            String refused = "Binance: the bridge's rate limit for this exchange is reached (fmz.exchange.<id>.rate-limit); call again shortly";
            assertThat(error(bridge, "orders", "key-a", SECRET_A)).isEqualTo(refused);
            assertThat(error(bridge, "orders", "key-b", SECRET_B)).isEqualTo(refused);
            assertThat(error(bridge, "ticker", "", "")).isEqualTo(refused);
            assertThat(binance.requests().stream().filter(request -> !request.path().equals("/api/v3/exchangeInfo")))
                    .as("besides the symbol list, spent on its own endpoint's limit").hasSize(3);
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
