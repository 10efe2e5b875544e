package io.fmzbridge.exchange.korbit;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Korbit's rules as the shared job keeps them (tick size policy per pair and price band, 8-decimal
 * amounts, 5,000 KRW minimum): orders off them are refused before anything reaches Korbit.
 */
class KorbitMarketRulesTest {

    private static KorbitStub korbit;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        korbit = KorbitStub.start();
        korbit.addHmacKey("key", "secret");
        bridge = RunningBridge.start(Map.of("fmz.exchange.korbit.base-url", korbit.baseUrl(),
                "fmz.call.rate-limit-enabled", "false", "fmz.markets.sync-enabled", "true"));
        bridge.awaitMarketRules("korbit");
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        korbit.close();
    }

    @BeforeEach
    void forget() {
        korbit.clear();
    }

    private static String trade(String symbol, String type, String amount, String price) throws Exception {
        return bridge.call("/Korbit", envelope("trade", "key", "secret", "symbol", symbol,
                "type", type, "amount", amount, "price", price)).path("error").asText();
    }

    @Test
    void aPriceOffItsBandsTickIsRefusedWithoutRounding() throws Exception {
        assertThat(trade("BTC_KRW", "buy", "0.001", "77000500.5")).isEqualTo("Korbit: price 77000500.5 is not a multiple of"
                + " BTC_KRW's step 1000 (77000000 or 77001000 would be); the bridge does not round");
        assertThat(trade("ETH_KRW", "sell", "0.1", "500100")).as("the 500,000 band's tick is 500")
                .startsWith("Korbit: price 500100 is not a multiple of ETH_KRW's step 500");
        assertThat(korbit.requests()).isEmpty();
    }

    @Test
    void anOrderBelowFiveThousandKrwOrFinerThanEightDecimalsIsRefused() throws Exception {
        assertThat(trade("BTC_KRW", "buy", "0.00006", "77000000"))
                .isEqualTo("Korbit: order value (price × amount) 4620 is below BTC_KRW's minimum 5000");
        assertThat(trade("BTC_KRW", "buy", "4999", "-1")).isEqualTo("Korbit: amount to spend 4999 is below BTC_KRW's minimum 5000");
        assertThat(trade("BTC_KRW", "sell", "0.000000015", "77000000"))
                .startsWith("Korbit: amount 0.000000015 is not a multiple of BTC_KRW's step 0.00000001");
        assertThat(korbit.requests()).isEmpty();
    }

    @Test
    void ordersThatFitTheirBandAreSent() throws Exception {
        assertThat(trade("BTC_KRW", "buy", "0.0001", "77001000")).isEmpty();
        assertThat(trade("ETH_KRW", "sell", "0.01", "500500")).as("on the 500,000 band's tick, worth 5,005 KRW").isEmpty();
        assertThat(korbit.placedOrders()).hasSize(2);
    }

    @Test
    void marketsAreAnsweredFromTheKeptRules() throws Exception {
        var btc = bridge.call("/Korbit", envelope("markets", "key", "secret")).path("data").path("BTC_KRW");
        assertThat(btc.path("tickSize").decimalValue()).isEqualByComparingTo("1000");
        assertThat(btc.path("amountPrecision").asInt()).isEqualTo(8);
        assertThat(korbit.requests()).as("from the cache").isEmpty();
    }
}
