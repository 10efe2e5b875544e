package io.fmzbridge.exchange.upbit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Ticker;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upbit's documented sample replies (exchange notes §1) through the mapper. */
class UpbitMapperTest {

    final UpbitMapper mapper = new UpbitMapper();

    static JsonNode json(String text) throws Exception {
        return FmzJson.MAPPER.readTree(text);
    }

    @Test
    void tickerWithTheBookTop() throws Exception {
        JsonNode ticker = json("[{\"market\":\"KRW-BTC\",\"trade_timestamp\":1524047020000,\"opening_price\":8450000,"
                + "\"high_price\":8679000,\"low_price\":8445000,\"trade_price\":8621000,\"prev_closing_price\":8450000,"
                + "\"change\":\"RISE\",\"change_rate\":0.0202366864,\"acc_trade_volume_24h\":27181.31137002,\"timestamp\":1524047026072}]");
        JsonNode book = json("[{\"market\":\"KRW-BTC\",\"timestamp\":1529910247984,\"total_ask_size\":8.83621228,"
                + "\"total_bid_size\":2.43976741,\"orderbook_units\":[{\"ask_price\":6956000,\"bid_price\":6954000,"
                + "\"ask_size\":0.24078656,\"bid_size\":0.00718341}]}]");
        Ticker t = (Ticker) mapper.ticker(ticker, book).data();
        assertThat(t).isEqualTo(new Ticker("BTC_KRW", new BigDecimal("6954000"), new BigDecimal("6956000"),
                new BigDecimal("8679000"), new BigDecimal("8445000"), new BigDecimal("8450000"), new BigDecimal("8621000"),
                new BigDecimal("27181.31137002"), 1524047026072L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void balancesFreeAndLocked() throws Exception {
        JsonNode reply = json("[{\"currency\":\"KRW\",\"balance\":\"1000000.0\",\"locked\":\"0.0\",\"avg_buy_price\":\"0\","
                + "\"avg_buy_price_modified\":false,\"unit_currency\":\"KRW\"},{\"currency\":\"BTC\",\"balance\":\"2.0\","
                + "\"locked\":\"0.0\",\"avg_buy_price\":\"101000\",\"avg_buy_price_modified\":false,\"unit_currency\":\"KRW\"}]");
        assertThat((List<Object>) mapper.balances(reply).data()).containsExactly(
                new Balance("KRW", new BigDecimal("1000000.0"), new BigDecimal("0.0")),
                new Balance("BTC", new BigDecimal("2.0"), new BigDecimal("0.0")));
    }

    @Test
    void placedAndLookedUpOrders() throws Exception {
        JsonNode placed = json("{\"uuid\":\"cdd92199-2897-4e14-9448-f923320408ad\",\"side\":\"bid\",\"ord_type\":\"limit\","
                + "\"price\":\"100.0\",\"state\":\"wait\",\"market\":\"KRW-BTC\",\"created_at\":\"2018-04-10T15:42:23+09:00\","
                + "\"volume\":\"0.01\",\"remaining_volume\":\"0.01\",\"reserved_fee\":\"0.0015\",\"remaining_fee\":\"0.0015\","
                + "\"paid_fee\":\"0.0\",\"locked\":\"1.0015\",\"executed_volume\":\"0.0\",\"trades_count\":0}");
        assertThat(mapper.placed(placed).data()).isEqualTo(new PlacedOrder("KRW-BTC,cdd92199-2897-4e14-9448-f923320408ad"));
        assertThat(((Order) mapper.order(placed).data()).status()).isEqualTo(OrderStatus.PENDING);

        JsonNode done = json("{\"uuid\":\"a08f09b1-1718-42e2-9358-f0e5e083d3ee\",\"side\":\"bid\",\"ord_type\":\"limit\","
                + "\"price\":\"17417000.0\",\"state\":\"done\",\"market\":\"KRW-BTC\",\"created_at\":\"2018-04-05T14:09:14+09:00\","
                + "\"volume\":\"1.0\",\"remaining_volume\":\"0.0\",\"paid_fee\":\"151.5\",\"executed_volume\":\"1.0\",\"trades_count\":2,"
                + "\"trades\":[{\"uuid\":\"78162304\",\"price\":\"101000.0\",\"volume\":\"0.77368323\",\"funds\":\"78142.00623\",\"side\":\"bid\"},"
                + "{\"uuid\":\"78162305\",\"price\":\"101000.0\",\"volume\":\"0.22631677\",\"funds\":\"22857.99377\",\"side\":\"bid\"}]}");
        Order order = (Order) mapper.order(done).data();
        assertThat(order.id()).isEqualTo("KRW-BTC,a08f09b1-1718-42e2-9358-f0e5e083d3ee");
        assertThat(order.symbol()).isEqualTo("BTC_KRW");
        assertThat(order.amount()).isEqualByComparingTo("1");
        assertThat(order.dealAmount()).isEqualByComparingTo("1");
        assertThat(order.avgPrice()).as("funds over volume of the trades").isEqualByComparingTo("101000");
        assertThat(order.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(order.type()).isEqualTo("buy");
    }

    @Test
    void statesByAmounts() throws Exception {
        assertThat(status("wait", "limit", "1", "0.5", "0.5")).isEqualTo(OrderStatus.PARTIAL_FILLED);
        assertThat(status("watch", "limit", "1", "1", "0")).isEqualTo(OrderStatus.PENDING);
        assertThat(status("cancel", "limit", "1", "0.5", "0.5")).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(status("cancel", "limit", "1", "1", "0")).isEqualTo(OrderStatus.CANCELED);
        assertThat(status("done", "limit", "1", "0.4", "0.6")).as("an IOC that traded in part").isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(status("cancel", "price", null, null, "0.001")).as("a market buy that spent its KRW").isEqualTo(OrderStatus.FILLED);
        assertThat(status("cancel", "market", "1", "0.2", "0.8")).isEqualTo(OrderStatus.PARTIAL_CANCELED);
    }

    private OrderStatus status(String state, String type, String volume, String remaining, String executed) throws Exception {
        String o = "{\"uuid\":\"u\",\"side\":\"ask\",\"ord_type\":\"" + type + "\",\"price\":\"10000\",\"state\":\"" + state
                + "\",\"market\":\"KRW-BTC\",\"volume\":" + quoted(volume) + ",\"remaining_volume\":" + quoted(remaining)
                + ",\"executed_volume\":\"" + executed + "\"}";
        return ((Order) mapper.order(json(o)).data()).status();
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    @Test
    void errorsKeepNameAndMessage() {
        assertThatThrownBy(() -> mapper.reply("{\"error\":{\"name\":\"insufficient_funds_bid\",\"message\":\"주문가능한 금액(KRW)이 부족합니다.\"}}"
                .getBytes(UTF_8), 400))
                .isInstanceOf(FmzError.class)
                .hasMessage("insufficient_funds_bid: 주문가능한 금액(KRW)이 부족합니다. (HTTP 400)");
        assertThatThrownBy(() -> mapper.reply("{\"error\":{\"name\":404,\"message\":\"Code not found\"}}".getBytes(UTF_8), 404))
                .hasMessage("404: Code not found (HTTP 404)");
    }

    @Test
    void krwTicksGoByPriceBand() throws Exception {
        JsonNode list = json("[{\"market\":\"KRW-BTC\"},{\"market\":\"KRW-XRP\"},{\"market\":\"KRW-USDT\"}]");
        JsonNode tickers = json("[{\"market\":\"KRW-BTC\",\"trade_price\":8621000},{\"market\":\"KRW-XRP\",\"trade_price\":750},"
                + "{\"market\":\"KRW-USDT\",\"trade_price\":1400}]");
        @SuppressWarnings("unchecked")
        Map<String, Market> markets = (Map<String, Market>) mapper.markets(tickers, list).data();
        Market btc = markets.get("BTC_KRW");
        assertThat(btc.tickSize()).isEqualByComparingTo("1000");
        assertThat(btc.tickAt(new BigDecimal("999999"))).isEqualByComparingTo("500");
        assertThat(btc.tickAt(new BigDecimal("50000"))).isEqualByComparingTo("50");
        assertThat(btc.tickAt(new BigDecimal("4999"))).isEqualByComparingTo("1");
        assertThat(btc.tickAt(new BigDecimal("99.5"))).as("below 100 KRW: no documented rule").isNull();
        assertThat(markets.get("XRP_KRW").tickSize()).isEqualByComparingTo("1");
        assertThat(markets.get("USDT_KRW").tickAt(new BigDecimal("1400.5"))).as("KRW-USDT: an exception, unchecked")
                .isEqualByComparingTo("0");
    }

    @Test
    void upbitsClockIsReadFromItsDateHeader() {
        assertThat(mapper.serverTime(null, "Wed, 18 Apr 2018 10:16:00 GMT")).isEqualTo(1524046560500L);
        assertThatThrownBy(() -> mapper.serverTime(null, "")).hasMessage("Upbit sent an unreadable Date header");
        assertThatThrownBy(() -> mapper.serverTime(null, null)).hasMessage("Upbit sent no Date header to read its clock from");
    }
}
