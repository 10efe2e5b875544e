package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.Map;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

/**
 * A placement that never left the bridge is not remembered as sent: when the strategy sends the same
 * FMZ request again, the order is placed, instead of being looked up and reported as unknown.
 */
class UnsentPlacementTest {

    private static final String PLACE = "/api/v5/trade/order";
    private static final String TOO_MANY = "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}";

    private static ObjectNode buy() {
        return envelope("trade", "key", "secret,phrase", "symbol", "BTC_USDT", "type", "buy", "amount", "0.01", "price", "20000");
    }

    @Test
    void aPlacementHeldByTheExchangesPauseIsPlacedWhenTheSameRequestComesAgain() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl()))) {
            okx.addAccount("key", "secret", "phrase");
            okx.failNext("/api/v5/account/balance", new Fault.TooManyRequests("1", TOO_MANY));
            assertThat(bridge.call("/OKX", envelope("accounts", "key", "secret,phrase")).path("error").asText())
                    .contains("Too Many Requests");

            ObjectNode request = buy();
            assertThat(bridge.call("/OKX", request).path("error").asText())
                    .startsWith("OKX: rate limited by the exchange; the bridge holds calls for another ");
            assertThat(okx.requestsTo(PLACE)).as("held: nothing sent").isEmpty();

            Thread.sleep(1100);
            JsonNode again = bridge.call("/OKX", request);
            assertThat(again.path("data").path("id").asText()).as(again.toString()).matches("BTC-USDT,\\d+");
            assertThat(okx.placedOrders()).hasSize(1);
        }
    }

    @Test
    void aPlacementThatFoundNoConnectionIsNotReportedAsSentWhenRetried() throws Exception {
        String nobody = "http://127.0.0.1:" + AvailablePortFinder.getNextAvailable();
        try (RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", nobody,
                "fmz.order.lookup-pause-ms", "0"))) {
            ObjectNode request = buy();
            for (int attempt = 1; attempt <= 2; attempt++) {
                assertThat(bridge.call("/OKX", request).path("error").asText()).as("attempt " + attempt)
                        .startsWith("OKX: cannot connect to the exchange: connection refused");
            }
        }
    }
}
