package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Orders are never placed twice and never lost: the shared guard, driven through OKX. */
class OrderPlacementTest {

    private static final String PLACE = "/api/v5/trade/order";
    private static final long RESPONSE_TIMEOUT_MS = 800;

    private OkxStub okx;
    private RunningBridge bridge;

    @BeforeEach
    void start() throws Exception {
        okx = OkxStub.start();
        okx.addAccount("key", "secret", "phrase");
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                "fmz.order.lookup-attempts", "2",
                "fmz.order.lookup-pause-ms", "200"));
    }

    @AfterEach
    void stop() throws Exception {
        bridge.close();
        okx.close();
    }

    private static ObjectNode buy() {
        return envelope("trade", "key", "secret,phrase", "symbol", "BTC_USDT", "type", "buy", "amount", "0.01", "price", "20000");
    }

    private long placements() {
        return okx.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals(PLACE)).count();
    }

    @Test
    void aLostReplyIsFoundByClientOrderIdAndAnsweredWithTheRealId() throws Exception {
        okx.failNext(PLACE, new Fault.ReplyLost());
        JsonNode reply = bridge.call("/OKX", buy());
        assertThat(reply.path("error").isMissingNode()).as(reply.toString()).isTrue();
        String id = reply.path("data").path("id").asText();
        assertThat(okx.placedOrders()).hasSize(1);
        assertThat(id).matches("BTC-USDT,\\d+");
        assertThat(okx.stateOf(id.substring(id.indexOf(',') + 1))).as("the id of the order the stub holds").isEqualTo("live");
        assertThat(placements()).as("looked up, never sent again").isEqualTo(1);
        String clOrdId = okx.placedOrders().get(0).get("clOrdId");
        assertThat(clOrdId).matches("fmz[0-9a-f]{29}");
        assertThat(okx.requests()).anyMatch(r -> r.method().equals("GET") && r.rawPathAndQuery().contains("clOrdId=" + clOrdId));
    }

    @Test
    void aRetriedFmzRequestGetsTheSameOrderNotASecondOne() throws Exception {
        ObjectNode request = buy();
        String first = bridge.call("/OKX", request).path("data").path("id").asText();
        String again = bridge.call("/OKX", request).path("data").path("id").asText();
        assertThat(again).isEqualTo(first).isNotEmpty();
        assertThat(okx.placedOrders()).hasSize(1);
        assertThat(placements()).isEqualTo(1);
    }

    @Test
    void twoIdenticalOrdersWithTheirOwnNoncesAreTwoOrders() throws Exception {
        String first = bridge.call("/OKX", buy()).path("data").path("id").asText();
        String second = bridge.call("/OKX", buy()).path("data").path("id").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(okx.placedOrders()).hasSize(2);
    }

    @Test
    void anOrderThatLandsTooLateIsReportedAsUnknownWithItsClientId() throws Exception {
        okx.failNext(PLACE, new Fault.Delay(RESPONSE_TIMEOUT_MS + 2500));
        String error = bridge.call("/OKX", buy()).path("error").asText();
        assertThat(error).matches("OKX: order outcome unknown \\(no complete reply from the exchange\\): no order with client order id "
                + "fmz[0-9a-f]{29} is visible yet; check GetOrders before placing it again");
        Thread.sleep(2500);
        assertThat(okx.placedOrders()).as("it did land, once").hasSize(1);
        assertThat(error).contains(okx.placedOrders().get(0).get("clOrdId"));
    }

    @Test
    void aServerErrorOnPlacementIsLookedUpToo() throws Exception {
        okx.failNext(PLACE, new Fault.Status(502, "<html>Bad Gateway</html>"));
        assertThat(bridge.call("/OKX", buy()).path("error").asText()).startsWith("OKX: order outcome unknown (HTTP 502 from the exchange): ");
        assertThat(placements()).isEqualTo(1);
    }

    @Test
    void aRejectionStandsWithoutLookingAnythingUp() throws Exception {
        okx.rejectNextOrder("51008", "Order failed. Insufficient USDT balance in account.");
        assertThat(bridge.call("/OKX", buy()).path("error").asText()).contains("sCode 51008");
        assertThat(okx.requests()).noneMatch(r -> r.method().equals("GET"));
    }

    @Test
    void aConnectionNeverMadeIsAPlainError() throws Exception {
        try (RunningBridge deadEnd = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", "http://127.0.0.1:1"))) {
            assertThat(deadEnd.call("/OKX", buy()).path("error").asText())
                    .isEqualTo("OKX: cannot connect to the exchange: connection refused (POST /api/v5/trade/order)");
        }
    }
}
