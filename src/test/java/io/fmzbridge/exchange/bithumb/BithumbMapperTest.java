package io.fmzbridge.exchange.bithumb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bithumb's documented sample replies (exchange notes §2) through the mapper. */
class BithumbMapperTest {

    final BithumbMapper mapper = new BithumbMapper();

    static JsonNode json(String text) throws Exception {
        return FmzJson.MAPPER.readTree(text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void balances() throws Exception {
        JsonNode reply = json("[{\"currency\":\"KRW\",\"balance\":\"10981650.10635\",\"locked\":\"98246\",\"avg_buy_price\":\"0\","
                + "\"avg_buy_price_modified\":false,\"unit_currency\":\"KRW\"},{\"currency\":\"BTC\",\"balance\":\"124.45272908\","
                + "\"locked\":\"0\",\"avg_buy_price\":\"36340973\",\"avg_buy_price_modified\":false,\"unit_currency\":\"KRW\"}]");
        assertThat((List<Object>) mapper.balances(reply).data()).containsExactly(
                new Balance("KRW", new BigDecimal("10981650.10635"), new BigDecimal("98246")),
                new Balance("BTC", new BigDecimal("124.45272908"), BigDecimal.ZERO));
    }

    @Test
    void aDoneOrderWithItsExecutedFunds() throws Exception {
        JsonNode reply = json("{\"uuid\":\"C0101000000001799231\",\"side\":\"bid\",\"ord_type\":\"limit\",\"price\":\"83000000\","
                + "\"state\":\"done\",\"market\":\"KRW-BTC\",\"created_at\":\"2024-07-09T16:32:23+09:00\",\"volume\":\"1\","
                + "\"remaining_volume\":\"0\",\"paid_fee\":\"207500\",\"executed_volume\":\"1\",\"executed_funds\":\"83000000\","
                + "\"trades_count\":1,\"stp_type\":\"cancel_taker\",\"trades\":[{\"uuid\":\"C0101000000001713006\",\"price\":\"83000000\","
                + "\"volume\":\"1\",\"funds\":\"83000000\",\"side\":\"bid\"}]}");
        Order order = (Order) mapper.order(reply).data();
        assertThat(order.id()).isEqualTo("KRW-BTC,C0101000000001799231");
        assertThat(order.symbol()).isEqualTo("BTC_KRW");
        assertThat(order.avgPrice()).isEqualByComparingTo("83000000");
        assertThat(order.status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void placedFromTheOrderIdAndCanceledFromItsReply() throws Exception {
        FmzRequest trade = new FmzRequest("bithumb", "trade", json("{\"symbol\":\"BTC_KRW\"}"), "k", "s", null);
        JsonNode placed = json("{\"client_order_id\":\"20260106-test00\",\"order_id\":\"C0101000007410713262\",\"market\":\"KRW-BTC\","
                + "\"side\":\"bid\",\"order_type\":\"limit\",\"created_at\":\"2026-01-06T12:08:11+09:00\",\"stp_type\":\"cancel_taker\"}");
        assertThat(mapper.placed(placed, trade).data()).isEqualTo(new PlacedOrder("KRW-BTC,C0101000007410713262"));
        assertThat(mapper.canceled(json("{\"order_id\":\"C0101000000001799625\",\"created_at\":\"2024-07-12T16:30:01+09:00\"}")).data())
                .isEqualTo(true);
    }

    @Test
    void errorsKeepNameAndMessage() {
        assertThatThrownBy(() -> mapper.reply("{\"error\":{\"name\":\"order_not_found\",\"message\":\"주문을 찾지 못했습니다.\"}}"
                .getBytes(UTF_8), 404)).hasMessage("order_not_found: 주문을 찾지 못했습니다. (HTTP 404)");
    }

    @Test
    void bithumbsClockIsTheMiddleOfTheSecondItsDateHeaderNames() {
        assertThat(mapper.serverTime(null, "Wed, 18 Apr 2018 10:16:00 GMT")).isEqualTo(1524046560500L);
        assertThat(mapper.serverTime(null, " Wed, 18 Apr 2018 19:16:00 +0900 ")).as("any zone, trimmed").isEqualTo(1524046560500L);
        assertThatThrownBy(() -> mapper.serverTime(null, null)).hasMessage("Bithumb sent no Date header to read its clock from");
        assertThatThrownBy(() -> mapper.serverTime(null, "yesterday")).hasMessage("Bithumb sent an unreadable Date header");
    }
}
