package io.fmzbridge.exchange.coinone;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Coinone's markets, kept by the shared job, carry its KRW ticks per price range and its lot: orders off them never leave. */
class CoinoneMarketRulesTest {

    private static CoinoneStub coinone;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        coinone = CoinoneStub.start();
        coinone.addAccount("token", "secret");
        bridge = RunningBridge.start(Map.of("fmz.exchange.coinone.base-url", coinone.baseUrl(),
                "fmz.call.rate-limit-enabled", "false", "fmz.markets.sync-enabled", "true"));
        bridge.awaitMarketRules("coinone");
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        coinone.close();
    }

    @BeforeEach
    void forget() {
        coinone.clear();
    }

    private static String trade(String type, String amount, String price) throws Exception {
        return bridge.call("/Coinone", envelope("trade", "token", "secret", "symbol", "BTC_KRW",
                "type", type, "amount", amount, "price", price)).path("error").asText();
    }

    @Test
    void aPriceOffTheKrwTickIsRefusedWithoutRounding() throws Exception {
        assertThat(trade("buy", "0.001", "50000500")).isEqualTo("Coinone: price 50000500 is not a multiple of BTC_KRW's"
                + " step 1000 (50000000 or 50001000 would be); the bridge does not round");
        assertThat(coinone.requests()).isEmpty();
    }

    @Test
    void aPriceInAnotherRangeGoesByThatRangesTick() throws Exception {
        assertThat(trade("buy", "0.001", "9999700")).isEqualTo("Coinone: price 9999700 is not a multiple of BTC_KRW's"
                + " step 500 (9999500 or 10000000 would be); the bridge does not round");
        assertThat(coinone.requests()).isEmpty();
        assertThat(trade("buy", "0.001", "9999500")).as("on the 1,000,000-10,000,000 range's tick of 500, not price_unit 1000")
                .isEmpty();
        assertThat(coinone.placedOrders()).extracting(o -> o.get("price")).endsWith("9999500");
    }

    @Test
    void anAmountOffTheLotOrAnOrderBelowTheMinimumValueIsRefused() throws Exception {
        assertThat(trade("sell", "0.00015", "50000000")).startsWith("Coinone: amount 0.00015 is not a multiple of BTC_KRW's step 0.0001");
        assertThat(trade("buy", "1000", "-1")).isEqualTo("Coinone: amount to spend 1000 is below BTC_KRW's minimum 5000");
        assertThat(coinone.requests()).isEmpty();
    }

    @Test
    void ordersThatFitAreSent() throws Exception {
        int before = coinone.placedOrders().size();
        assertThat(trade("buy", "0.0002", "50001000")).isEmpty();
        assertThat(coinone.placedOrders()).hasSize(before + 1);
    }
}
