package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Markets kept by the job serve GetMarkets and stop orders the exchange would refuse. */
class MarketRulesTest {

    private static final String INSTRUMENTS = "/api/v5/public/instruments";

    private static OkxStub okx;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        okx = OkxStub.start();
        okx.addAccount("key", "secret", "phrase");
        bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.markets.sync-enabled", "true"));
        bridge.awaitMarketRules("okx");
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        okx.close();
    }

    @BeforeEach
    void forget() {
        okx.clear();
    }

    private static String trade(String type, String amount, String price) throws Exception {
        return bridge.call("/OKX", envelope("trade", "key", "secret,phrase", "symbol", "BTC_USDT",
                "type", type, "amount", amount, "price", price)).path("error").asText();
    }

    @Test
    void getMarketsIsAnsweredFromTheKeptRules() throws Exception {
        JsonNode btc = bridge.call("/OKX", envelope("markets", "", "")).path("data").path("BTC_USDT");
        assertThat(btc.path("tickSize").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(okx.requestsTo(INSTRUMENTS)).as("no call to OKX").isEmpty();
    }

    @Test
    void aPriceOffTheTickIsRefusedWithoutRounding() throws Exception {
        assertThat(trade("buy", "0.01", "20000.05")).isEqualTo("OKX: price 20000.05 is not a multiple of BTC_USDT's step 0.1"
                + " (20000 or 20000.1 would be); the bridge does not round");
        assertThat(okx.requests()).isEmpty();
    }

    @Test
    void anAmountOffTheLotOrBelowTheMinimumIsRefused() throws Exception {
        assertThat(trade("sell", "0.000000015", "20000")).startsWith("OKX: amount 0.000000015 is not a multiple of BTC_USDT's step 0.00000001");
        assertThat(trade("sell", "0.000001", "20000")).isEqualTo("OKX: amount 0.000001 is below BTC_USDT's minimum 0.00001");
        assertThat(trade("sell", "0.000001", "-1")).as("market sells too").isEqualTo("OKX: amount 0.000001 is below BTC_USDT's minimum 0.00001");
        assertThat(okx.requests()).isEmpty();
    }

    @Test
    void ordersThatFitAreSent() throws Exception {
        assertThat(trade("buy", "0.00002", "20000.1")).isEmpty();
        assertThat(trade("buy", "15", "-1")).as("a market buy's amount is quote to spend, not lots").isEmpty();
        assertThat(okx.placedOrders()).hasSize(2);
    }
}
