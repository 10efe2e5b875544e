package io.fmzbridge.exchange.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.call.HttpRequestStep;
import io.fmzbridge.call.RestCall;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * What a futures call spends, by the API it goes to and its parameters, as Binance's USDⓈ-M and COIN-M
 * pages give each endpoint's "Request Weight"; and the reply headers read into that API's limits.
 */
class BinanceFuturesCostsTest {

    private static String cost(String endpoint, String query) {
        RestCall call = RestCall.of(endpoint);
        return BinanceFuturesCosts.cost(new RestCall(call.verb(), call.path(), query, "", Map.of()), false);
    }

    @Test
    void eachApiWeighsItsOwnEndpointsByTheirParameters() {
        assertThat(cost("GET /fapi/v1/depth", "symbol=BTCUSDT&limit=20")).isEqualTo("fapi-weight 2");
        assertThat(cost("GET /fapi/v1/depth", "symbol=BTCUSDT&limit=1000")).isEqualTo("fapi-weight 20");
        assertThat(cost("GET /dapi/v1/depth", "symbol=BTCUSD_PERP&limit=100")).isEqualTo("dapi-weight 5");
        assertThat(cost("GET /fapi/v1/klines", "symbol=BTCUSDT&interval=1h")).as("Binance's default 500").isEqualTo("fapi-weight 5");
        assertThat(cost("GET /fapi/v1/klines", "symbol=BTCUSDT&interval=1h&limit=99")).isEqualTo("fapi-weight 1");
        assertThat(cost("GET /fapi/v1/openOrders", "")).isEqualTo("fapi-weight 40");
        assertThat(cost("GET /fapi/v1/openOrders", "symbol=BTCUSDT")).isEqualTo("fapi-weight 1");
        assertThat(cost("GET /fapi/v2/positionRisk", "")).isEqualTo("fapi-weight 5");
        assertThat(cost("GET /dapi/v1/positionRisk", "")).as("COIN-M's own figure, not its twin's").isEqualTo("dapi-weight 1");
        assertThat(cost("GET /dapi/v1/allOrders", "symbol=BTCUSD_PERP")).isEqualTo("dapi-weight 20");
        assertThat(cost("GET /fapi/v1/positionSide/dual", "")).isEqualTo("fapi-weight 30");
    }

    @Test
    void aNewOrderSpendsItsAccountsOrderCountsAndNoWeight() {
        assertThat(cost("POST /fapi/v1/order", "symbol=BTCUSDT")).isEqualTo("fapi-orders 1, fapi-orders-minute 1");
        assertThat(cost("POST /dapi/v1/order", "symbol=BTCUSD_PERP")).isEqualTo("dapi-orders-minute 1");
    }

    @Test
    void spotPathsSpendSpotsDefaultAndNothingOfTheFuturesApisIsFree() {
        assertThat(cost("GET /api/v3/account", "")).as("spot's own default applies").isNull();
        assertThat(cost("GET /fapi/v1/leverageBracket", "")).as("an endpoint the table lacks").isEqualTo("fapi-weight 1");
        RestCall fundingInfo = RestCall.of("GET /fapi/v1/fundingInfo");
        assertThat(BinanceFuturesCosts.cost(fundingInfo, true)).as("weight 0 beside its own limit").isNull();
        assertThat(BinanceFuturesCosts.cost(fundingInfo, false)).as("weight 0 without a limit of its own").isEqualTo("fapi-weight 1");
    }

    @Test
    void replyHeadersCountAgainstTheLimitsOfTheApiTheCallWentTo() {
        DefaultCamelContext context = new DefaultCamelContext();
        BinanceLimitUsage usage = new BinanceLimitUsage();
        for (var expected : Map.of(
                "GET /api/v3/account", Map.of("weight", 90L, "orders", 4L),
                "GET /fapi/v1/depth", Map.of("fapi-weight", 90L, "fapi-orders", 4L, "fapi-orders-minute", 7L),
                "GET /dapi/v1/depth", Map.of("dapi-weight", 90L, "dapi-orders-minute", 7L)).entrySet()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.setProperty(HttpRequestStep.CALL_PROPERTY, RestCall.of(expected.getKey()));
            exchange.getMessage().setHeader("X-MBX-USED-WEIGHT-1M", "90");
            exchange.getMessage().setHeader("X-MBX-ORDER-COUNT-10S", "4");
            exchange.getMessage().setHeader("X-MBX-ORDER-COUNT-1M", "7");
            assertThat(usage.used(exchange.getMessage())).as(expected.getKey()).isEqualTo(expected.getValue());
        }
    }
}
