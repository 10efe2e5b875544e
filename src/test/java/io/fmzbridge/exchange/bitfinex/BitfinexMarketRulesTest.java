package io.fmzbridge.exchange.bitfinex;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bitfinex's markets, kept by the shared job, carry its five-significant-digit prices: an order whose
 * price Bitfinex would cut never leaves, and the error says which prices would do.
 */
class BitfinexMarketRulesTest {

    private static final String KEY = "bfx-rules-key";
    private static final String SECRET = "bfx-rules-secret";

    private static BitfinexStub bitfinex;
    private static RunningBridge bridge;
    @TempDir
    static Path state;

    @BeforeAll
    static void start() throws Exception {
        bitfinex = BitfinexStub.start();
        bitfinex.addAccount(KEY, SECRET);
        bridge = RunningBridge.start(Map.of("fmz.exchange.bitfinex.base-url", bitfinex.baseUrl(),
                "fmz.call.rate-limit-enabled", "false", "fmz.state.dir", state.toString(),
                "fmz.markets.sync-enabled", "true"));
        bridge.awaitMarketRules("bitfinex");
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        bitfinex.close();
    }

    @BeforeEach
    void forget() {
        bitfinex.clear();
    }

    private static String trade(String type, String amount, String price) throws Exception {
        return bridge.call("/Bitfinex", envelope("trade", KEY, SECRET, "symbol", "BTC_USDT",
                "type", type, "amount", amount, "price", price)).path("error").asText();
    }

    @Test
    void aPriceWithASixthSignificantDigitIsRefusedBeforeBitfinexCutsIt() throws Exception {
        assertThat(trade("buy", "0.001", "30000.5")).isEqualTo("Bitfinex: price 30000.5 is not a multiple of BTC_USDT's"
                + " step 1 (30000 or 30001 would be); the bridge does not round");
        assertThat(trade("sell", "0.001", "100005")).isEqualTo("Bitfinex: price 100005 is not a multiple of BTC_USDT's"
                + " step 10 (100000 or 100010 would be); the bridge does not round");
        assertThat(trade("buy", "100", "0.000123456")).startsWith("Bitfinex: price 0.000123456 is not a multiple of"
                + " BTC_USDT's step 0.00000001 (0.00012345 or 0.00012346 would be)");
        assertThat(bitfinex.requests()).isEmpty();
    }

    @Test
    void pricesOfFiveSignificantDigitsAreSentAsWritten() throws Exception {
        assertThat(trade("buy", "0.001", "30001")).isEmpty();
        assertThat(trade("sell", "0.001", "100010")).isEmpty();
        assertThat(trade("buy", "0.001", "7617.1")).isEmpty();
        assertThat(bitfinex.placedOrders()).extracting(o -> o.path("price").asText()).containsExactly("30001", "100010", "7617.1");
    }

    @Test
    void getMarketsIsAnsweredFromTheKeptRules() throws Exception {
        var markets = bridge.call("/Bitfinex", envelope("markets", "", "")).path("data");
        assertThat(markets.path("BTC_USDT").path("tickSize").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(bitfinex.requests()).isEmpty();
    }
}
