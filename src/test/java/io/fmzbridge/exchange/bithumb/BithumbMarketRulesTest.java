package io.fmzbridge.exchange.bithumb;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bithumb's rules as the bridge runs: the market-rules job keeps the market list (lot step), and a
 * market's price unit and order-value limits are read from /v1/orders/chance with the trading key.
 * An order off them never reaches POST /v2/orders.
 */
class BithumbMarketRulesTest {

    private static final String KEY = "bithumb-rules-key";
    private static final String SECRET = "bithumb-rules-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    private static BithumbStub bithumb;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        bithumb = BithumbStub.start();
        bithumb.addAccount(KEY, SECRET);
        bridge = RunningBridge.start(Map.of("fmz.exchange.bithumb.base-url", bithumb.baseUrl(),
                "fmz.call.rate-limit-enabled", "false", "fmz.markets.sync-enabled", "true"));
        bridge.awaitMarketRules("bithumb");
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        bithumb.close();
    }

    @BeforeEach
    void forget() {
        bithumb.clear();
    }

    private static String trade(String symbol, String type, String amount, String price) throws Exception {
        return bridge.call("/Bithumb", envelope("trade", KEY, SECRET, "symbol", symbol,
                "type", type, "amount", amount, "price", price)).path("error").asText();
    }

    private static String trade(String type, String amount, String price) throws Exception {
        return trade("BTC_KRW", type, amount, price);
    }

    @Test
    void aPriceOffTheMarketsPriceUnitIsRefusedBeforeSending() throws Exception {
        assertThat(trade("buy", "0.001", "8000500")).isEqualTo("Bithumb: price 8000500 is not a multiple of BTC_KRW's"
                + " price unit 1000 (8000000 or 8001000 would be); the bridge does not round");
        assertThat(bithumb.requestsTo("/v2/orders")).isEmpty();
    }

    /** The only test that trades ETH_KRW: its rules are read here first. */
    @Test
    void theRulesAreReadOnceSignedWithTheTradingKeyAndKeptForTheNextOrders() throws Exception {
        assertThat(trade("ETH_KRW", "buy", "0.1", "355100")).isEmpty();
        assertThat(trade("ETH_KRW", "sell", "0.1", "360000")).isEmpty();
        assertThat(trade("ETH_KRW", "sell", "0.1", "355050")).isEqualTo("Bithumb: price 355050 is not a multiple of"
                + " ETH_KRW's price unit 100 (355000 or 355100 would be); the bridge does not round");
        assertThat(bithumb.placedOrders()).hasSize(2);
        assertThat(bithumb.requests()).extracting(StubRequest::rawPathAndQuery)
                .containsExactly("/v1/orders/chance?market=KRW-ETH", "/v2/orders", "/v2/orders");
        assertThat(bithumb.requestsTo("/v1/orders/chance").get(0).header("Authorization")).startsWith("Bearer ");
    }

    @Test
    void anOrderValueBelowTheMinimumIsRefused() throws Exception {
        assertThat(trade("buy", "0.0001", "8000000")).isEqualTo("Bithumb: order value (price × amount) 800 is below BTC_KRW's minimum 5000");
        assertThat(trade("sell", "0.0005", "9000000")).isEqualTo("Bithumb: order value (price × amount) 4500 is below BTC_KRW's minimum 5000");
        assertThat(trade("buy", "4999", "-1")).isEqualTo("Bithumb: amount to spend 4999 is below BTC_KRW's minimum 5000");
        assertThat(trade("buy", "2000000000", "-1")).isEqualTo("Bithumb: amount to spend 2000000000 is above BTC_KRW's maximum 1000000000");
        assertThat(bithumb.requestsTo("/v2/orders")).isEmpty();
    }

    @Test
    void anAmountOffTheLotTheJobKeptIsRefused() throws Exception {
        assertThat(trade("sell", "0.000000015", "9000000")).startsWith("Bithumb: amount 0.000000015 is not a multiple of BTC_KRW's step 0.00000001");
        assertThat(bithumb.requests()).isEmpty();
    }

    @Test
    void whenTheRulesCannotBeReadBithumbJudgesTheOrderItself() throws Exception {
        bithumb.failNext("/v1/orders/chance", new Fault.Status(503, "{\"message\":\"maintenance\"}"));
        assertThat(trade("ETH_BTC", "buy", "0.1", "0.050000005"))
                .isEqualTo("Bithumb: invalid_price_bid: 주문가격 단위를 잘못 입력하셨습니다. (HTTP 400)");
        assertThat(bithumb.requestsTo("/v2/orders")).hasSize(1);
    }
}
