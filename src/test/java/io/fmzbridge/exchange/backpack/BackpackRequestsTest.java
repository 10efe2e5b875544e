package io.fmzbridge.exchange.backpack;

import static io.fmzbridge.exchange.backpack.BackpackMapperTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import io.fmzbridge.call.OrderPlacements;
import java.util.HashMap;
import java.util.Map;

/** FMZ parameters → the Backpack call, on a fixed clock. */
class BackpackRequestsTest {

    private static final Instant NOW = Instant.parse("2025-07-19T13:09:30Z");
    private final BackpackRequests requests = new BackpackRequests(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void klinesStartLimitPeriodsBackInSeconds() {
        RestCall call = requests.records(request("records", "symbol", "SOL_USDC", "period", 60, "limit", 3), "GET /api/v1/klines");
        // (13:09:30 − 3 h, 13:09:30]: the bars of 11:00, 12:00 and 13:00 start in it
        assertThat(call.query()).isEqualTo("symbol=SOL_USDC&interval=1h&startTime=" + (NOW.getEpochSecond() - 3 * 3600 + 1));
        call = requests.records(request("records", "symbol", "SOL_USDC", "period", 1440), "GET /api/v1/klines");
        assertThat(call.query()).as("100 days by default").endsWith("interval=1d&startTime=" + (NOW.getEpochSecond() - 100 * 86400 + 1));
        assertThatThrownBy(() -> requests.records(request("records", "symbol", "SOL_USDC", "period", 2), "GET /api/v1/klines"))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("period 2 has no Backpack interval");
    }

    @Test
    void depthAsksForTheSmallestSizeThatCoversTheLimit() {
        assertThat(requests.depth(request("depth", "symbol", "SOL_USDC", "limit", 1), "GET /api/v1/depth").query())
                .isEqualTo("symbol=SOL_USDC&limit=5");
        assertThat(requests.depth(request("depth", "symbol", "SOL_USDC", "limit", 21), "GET /api/v1/depth").query())
                .isEqualTo("symbol=SOL_USDC&limit=50");
        assertThat(requests.depth(request("depth", "symbol", "SOL_USDC", "limit", 501), "GET /api/v1/depth").query())
                .isEqualTo("symbol=SOL_USDC&limit=1000");
        assertThat(requests.bookTop(request("ticker", "symbol", "SOL_USDC"), "GET /api/v1/depth").query())
                .isEqualTo("symbol=SOL_USDC&limit=5");
    }

    @Test
    void limitAndMarketOrders() {
        Map<String, Object> properties = new HashMap<>();
        RestCall limit = requests.trade(request("trade", "symbol", "sol_usdc", "type", "sell", "amount", "0.001", "price", "170.50"),
                "POST /api/v1/order", properties);
        String guardKey = (String) properties.get(OrderPlacements.CLIENT_ORDER_ID);
        assertThat(guardKey).as("the client id, then 64 more bits of the request's digest").matches("\\d+/[0-9a-f]{16}");
        String clientId = guardKey.substring(0, guardKey.indexOf('/'));
        assertThat(Long.parseLong(clientId)).as("uint32").isBetween(0L, 4_294_967_295L);
        assertThat(limit.body()).isEqualTo("{\"symbol\":\"SOL_USDC\",\"clientId\":" + clientId
                + ",\"side\":\"Ask\",\"orderType\":\"Limit\",\"quantity\":\"0.001\",\"price\":\"170.50\"}");
        assertThat(limit.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(requests.trade(request("trade", "symbol", "SOL_USDC", "type", "buy", "amount", "25", "price", "-1"),
                "POST /api/v1/order", properties).body())
                .matches("\\{\"symbol\":\"SOL_USDC\",\"clientId\":\\d+,\"side\":\"Bid\",\"orderType\":\"Market\",\"quoteQuantity\":\"25\"}");
        assertThat(requests.trade(request("trade", "symbol", "SOL_USDC", "type", "sell", "amount", "2", "price", "-1"),
                "POST /api/v1/order", properties).body())
                .matches("\\{\"symbol\":\"SOL_USDC\",\"clientId\":\\d+,\"side\":\"Ask\",\"orderType\":\"Market\",\"quantity\":\"2\"}");
    }

    @Test
    void orderAndCancelCarryTheMarketFromTheId() {
        FmzRequest byId = request("order", "id", "SOL_USDC,4228978330");
        assertThat(requests.order(byId, "GET /api/v1/order").query()).isEqualTo("orderId=4228978330&symbol=SOL_USDC");
        assertThat(requests.cancel(byId, "DELETE /api/v1/order").body()).isEqualTo("{\"orderId\":\"4228978330\",\"symbol\":\"SOL_USDC\"}");
        assertThat(requests.order(request("order", "id", "42", "symbol", "BTC_USDC"), "GET /api/v1/order").query())
                .isEqualTo("orderId=42&symbol=BTC_USDC");
        assertThatThrownBy(() -> requests.order(request("order", "id", "SOL-USDC,42"), "GET /api/v1/order"))
                .isInstanceOf(FmzError.class).hasMessage("order id must look like SOL_USDC,4227701917");
    }

    @Test
    void exchangeIoSignsWithTheInstructionButDoesNotSendIt() {
        FmzRequest io = new FmzRequest("backpack", "__api_/wapi/v1/history/fills",
                request("x", "instruction", "fillHistoryQueryAll", "symbol", "SOL_USDC").params(), "", "", "GET");
        RestCall call = requests.api(io);
        assertThat(call.path()).isEqualTo("/wapi/v1/history/fills");
        assertThat(call.query()).isEqualTo("symbol=SOL_USDC");
        assertThat(io.param("instruction")).as("the FMZ request itself is untouched").isEqualTo("fillHistoryQueryAll");
    }
}
