package io.fmzbridge.exchange.coinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.Ticker;
import io.fmzbridge.fmz.Trade;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coinone's documented replies (exchange notes, "Example responses") in, FMZ shapes out. */
class CoinoneMapperTest {

    private final CoinoneMapper mapper = new CoinoneMapper();

    private JsonNode reply(String json) {
        return mapper.reply(json.getBytes(StandardCharsets.UTF_8), 200);
    }

    private static FmzRequest request(String method, Object... params) {
        ObjectNode values = FmzJson.MAPPER.createObjectNode();
        for (int i = 0; i < params.length; i += 2) {
            values.set((String) params[i], FmzJson.MAPPER.valueToTree(params[i + 1]));
        }
        return new FmzRequest("coinone", method, values, "", "", null);
    }

    @Test
    void documentedTickerWithLowerCaseCodes() {
        Ticker t = (Ticker) mapper.ticker(reply("""
                {"result":"success","error_code":"0","server_time":1701067923060,"tickers":[{"quote_currency":"krw",
                "target_currency":"btc","timestamp":1701067920001,"high":"50500000","low":"49500000","first":"49900000",
                "last":"50048000","quote_volume":"1","target_volume":"2.5","best_asks":[{"price":"50058000","qty":"0.00272592"}],
                "best_bids":[{"price":"50048000","qty":"0.01080229"}],"id":"1701067920001001"}]}""")).data();
        assertThat(t.symbol()).isEqualTo("BTC_KRW");
        assertThat(t.buy()).isEqualByComparingTo("50048000");
        assertThat(t.sell()).isEqualByComparingTo("50058000");
        assertThat(t.time()).isEqualTo(1701067920001L);
    }

    @Test
    void documentedOrderbook() {
        FmzRequest request = new FmzRequest("coinone", "depth", FmzJson.MAPPER.createObjectNode(), "", "", null);
        Depth d = (Depth) mapper.depth(reply("""
                {"result":"success","error_code":"0","timestamp":1701071108673,"id":"1701071108673001","quote_currency":"KRW",
                "target_currency":"BTC","order_book_unit":"0.0","bids":[{"price":"50048000","qty":"0.01080229"}],
                "asks":[{"price":"50058000","qty":"0.00272592"}]}"""), request).data();
        assertThat(d.time()).isEqualTo(1701071108673L);
        assertThat(d.bids()).containsExactly(new Depth.Level(new BigDecimal("50048000"), new BigDecimal("0.01080229")));
    }

    @Test
    void documentedBalance() {
        assertThat(mapper.balances(reply("""
                {"result":"success","error_code":"0","balances":[{"available":"1000000","limit":"0","average_price":"0",
                "currency":"KRW"},{"available":"0.5","limit":"0.1","average_price":"50000000","currency":"BTC"}]}""")).data())
                .isEqualTo(List.of(new Balance("KRW", new BigDecimal("1000000"), new BigDecimal("0")),
                        new Balance("BTC", new BigDecimal("0.5"), new BigDecimal("0.1"))));
    }

    @Test
    void documentedCanceledOrder() {
        Order o = (Order) mapper.order(reply("""
                {"result":"success","error_code":"0","order":{"order_id":"0f1c26d0-1e4d-11e9-9ec7-00e04c3600d7","type":"LIMIT",
                "quote_currency":"KRW","target_currency":"BTC","status":"CANCELED","side":"BUY","fee":"0","fee_rate":"0.0",
                "average_executed_price":"0","updated_at":1680055490000,"ordered_at":1680051059000,"price":"100000",
                "original_qty":"1","executed_qty":"0","canceled_qty":"1","remain_qty":"0","trigger_price":null}}""")).data();
        assertThat(o).isEqualTo(new Order("KRW/BTC,0f1c26d0-1e4d-11e9-9ec7-00e04c3600d7", "BTC_KRW", new BigDecimal("1"),
                new BigDecimal("100000"), new BigDecimal("0"), new BigDecimal("0"), "buy", OrderStatus.CANCELED));
    }

    /** Coinone's recent-completed-orders example, and its rule: is_seller_maker true is a sell, false a buy. */
    @Test
    @SuppressWarnings("unchecked")
    void documentedTradesTakeTheirSideFromIsSellerMaker() {
        JsonNode documented = reply("""
                {"result":"success","error_code":"0","server_time":1701075315771,"quote_currency":"KRW","target_currency":"BTC",
                "transactions":[{"id":"1701075265708002","timestamp":1701075265709,"price":"50021000","qty":"0.001",
                "is_seller_maker":true},{"id":"1701075265708001","timestamp":1701075265708,"price":"50020000",
                "qty":"0.00155177","is_seller_maker":false}]}""");
        List<Trade> trades = (List<Trade>) mapper.trades(documented, request("trades")).data();
        assertThat(trades).containsExactly(
                new Trade("1701075265708001", 1701075265708L, new BigDecimal("50020000"), new BigDecimal("0.00155177"), "buy"),
                new Trade("1701075265708002", 1701075265709L, new BigDecimal("50021000"), new BigDecimal("0.001"), "sell"));
        assertThat((List<Trade>) mapper.trades(documented, request("trades", "limit", 1)).data()).as("the newest")
                .extracting(Trade::id).containsExactly("1701075265708002");
    }

    /** Coinone's find-completed-orders example, paged: the walk asks what Coinone requires and notes each order once. */
    @Test
    void aWalkThroughDocumentedFillsAsksWhatCoinoneRequires() {
        long now = 1_750_000_000_000L;
        CoinoneFillWalk walk = new CoinoneFillWalk(0, 0, now);
        ObjectNode page = FmzJson.MAPPER.createObjectNode();
        walk.nextPage(page);
        assertThat(page.path("size").asInt()).isEqualTo(100);
        assertThat(page.path("to_ts").asLong()).isEqualTo(now);
        assertThat(page.path("from_ts").asLong()).isEqualTo(now - 90L * 24 * 3600 * 1000);
        assertThat(page.has("to_trade_id")).isFalse();
        walk.read(reply("""
                {"result":"success","error_code":"0","completed_orders":[{"trade_id":"0e2bb80f-1e4d-11e9-9ec7-00e04c3600d1",
                "order_id":"0e2b9627-1e4d-11e9-9ec7-00e04c3600d2","quote_currency":"KRW","target_currency":"BTC",
                "order_type":"LIMIT","is_ask":true,"is_maker":true,"price":"8420","qty":"0.1599","timestamp":8964000,
                "fee_rate":"0.001","fee":"162","fee_currency":"KRW"}]}"""));
        assertThat(walk.hasMore()).as("a short page ends the only window").isFalse();
        assertThat(walk.orderIdsOldestFirst()).containsExactly("0e2b9627-1e4d-11e9-9ec7-00e04c3600d2");
    }

    @Test
    void aWalkStopsAtTheOrdersAskedAndAtASinceToCome() {
        CoinoneFillWalk walk = new CoinoneFillWalk(0, 1, 1_750_000_000_000L);
        walk.read(reply("""
                {"result":"success","error_code":"0","completed_orders":[
                {"trade_id":"t3","order_id":"b","timestamp":3},{"trade_id":"t2","order_id":"a","timestamp":2}]}"""));
        assertThat(walk.hasMore()).isFalse();
        assertThat(walk.orderIdsOldestFirst()).containsExactly("b");
        assertThat(new CoinoneFillWalk(1_750_000_000_001L, 0, 1_750_000_000_000L).hasMore()).isFalse();
    }

    /** Coinone's find-active-orders example: the items have no status; an active order is open. */
    @Test
    @SuppressWarnings("unchecked")
    void documentedActiveOrdersArePendingWithoutAStatus() {
        List<Object> orders = (List<Object>) mapper.openOrders(reply("""
                {"result":"success","error_code":"0","active_orders":[{"order_id":"0f5122d8-1e4d-11e9-9ec7-00e04c3600d7",
                "type":"STOP_LIMIT","quote_currency":"KRW","target_currency":"ETH","price":"35000000","remain_qty":"1",
                "original_qty":"1","canceled_qty":"0","executed_qty":"0","side":"SELL","fee":"0","fee_rate":"0.0",
                "average_executed_price":"0","ordered_at":1682382211000,"is_triggered":false,"trigger_price":"37000000",
                "triggered_at":null}]}""")).data();
        assertThat(orders).containsExactly(new Order("KRW/ETH,0f5122d8-1e4d-11e9-9ec7-00e04c3600d7", "ETH_KRW",
                new BigDecimal("1"), new BigDecimal("35000000"), new BigDecimal("0"), new BigDecimal("0"), "sell", OrderStatus.PENDING));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anActiveOrderThatTradedIsPartlyFilled() {
        List<Object> orders = (List<Object>) mapper.openOrders(reply("""
                {"result":"success","error_code":"0","active_orders":[{"order_id":"0f5122d8-1e4d-11e9-9ec7-00e04c3600d7",
                "type":"LIMIT","quote_currency":"KRW","target_currency":"BTC","price":"50000000","remain_qty":"0.6",
                "original_qty":"1","canceled_qty":"0","executed_qty":"0.4","side":"BUY","fee":"0","fee_rate":"0.002",
                "average_executed_price":"50000000","ordered_at":1682382211000,"is_triggered":null,"trigger_price":null,
                "triggered_at":null}]}""")).data();
        assertThat(((Order) orders.get(0)).status()).isEqualTo(OrderStatus.PARTIAL_FILLED);
        assertThat(((Order) orders.get(0)).dealAmount()).isEqualByComparingTo("0.4");
    }

    @Test
    void statusesMapToFmzWords() {
        BigDecimal none = BigDecimal.ZERO;
        BigDecimal some = BigDecimal.ONE;
        assertThat(CoinoneMapper.status("LIVE", none, some)).isEqualTo(OrderStatus.PENDING);
        assertThat(CoinoneMapper.status("TRIGGERED", none, some)).isEqualTo(OrderStatus.PENDING);
        assertThat(CoinoneMapper.status("PARTIALLY_FILLED", some, some)).isEqualTo(OrderStatus.PARTIAL_FILLED);
        assertThat(CoinoneMapper.status("FILLED", some, none)).isEqualTo(OrderStatus.FILLED);
        assertThat(CoinoneMapper.status("CANCELED", none, none)).isEqualTo(OrderStatus.CANCELED);
        assertThat(CoinoneMapper.status("PARTIALLY_CANCELED", some, none)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(CoinoneMapper.status("PARTIALLY_CANCELED", some, some)).as("still working").isEqualTo(OrderStatus.PARTIAL_FILLED);
        assertThat(CoinoneMapper.status("CANCELED_NO_ORDER", some, none)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThatThrownBy(() -> CoinoneMapper.status("TELEPORTED", none, none)).isInstanceOf(FmzError.class);
    }

    @Test
    void documentedErrorsKeepTheirCodes() {
        assertThatThrownBy(() -> reply("{\"result\":\"error\",\"error_code\":\"107\",\"error_msg\":\"Parameter value is wrong\"}"))
                .isInstanceOf(FmzError.class).hasMessage("error 107: Parameter value is wrong");
        assertThatThrownBy(() -> mapper.reply("{\"result\":\"error\",\"errorCode\":\"4\",\"errorMsg\":\"Blocked user access.\"}"
                .getBytes(StandardCharsets.UTF_8), 429)).hasMessage("error 4 (rate limit exceeded; Coinone blocks the caller for about a minute): Blocked user access. (HTTP 429)");
    }

    @Test
    void serverTimeFromAnyPublicReply() {
        assertThat(mapper.serverTime(reply("{\"result\":\"success\",\"error_code\":\"0\",\"server_time\":1701067923060,\"tickers\":[]}")))
                .isEqualTo(1701067923060L);
    }
}
