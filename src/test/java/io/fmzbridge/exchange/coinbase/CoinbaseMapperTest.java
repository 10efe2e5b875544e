package io.fmzbridge.exchange.coinbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Trade;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notes' sample replies (ccxt fixtures, §1.4) in, FMZ shapes out: no network, no Camel. */
class CoinbaseMapperTest {

    private final CoinbaseMapper mapper = new CoinbaseMapper();

    private JsonNode reply(String json) {
        return reply(json, 200);
    }

    private JsonNode reply(String json, int status) {
        return mapper.reply(json.getBytes(StandardCharsets.UTF_8), status);
    }

    private static FmzRequest request(String... params) {
        var node = FmzJson.MAPPER.createObjectNode();
        for (int i = 0; i < params.length; i += 2) {
            node.put(params[i], params[i + 1]);
        }
        return new FmzRequest("coinbase", "x", node, "k", "s", null);
    }

    @Test
    void documentedTradesOldestFirst() {
        JsonNode r = reply("""
                {"trades":[{"trade_id":"635541194","product_id":"BTC-USDC","price":"66363.03","size":"0.03720194",
                "time":"2024-04-24T09:56:38.063595Z","side":"BUY","bid":"","ask":""},
                {"trade_id":"635541193","product_id":"BTC-USDC","price":"66363.02","size":"0.1",
                "time":"2024-04-24T09:56:37.000001Z","side":"SELL","bid":"","ask":""}],"best_bid":"66367.58","best_ask":"66367.59"}""");
        @SuppressWarnings("unchecked")
        List<Trade> trades = (List<Trade>) mapper.trades(r).data();
        assertThat(trades).extracting(Trade::id).containsExactly("635541193", "635541194");
        assertThat(trades.get(1)).isEqualTo(new Trade("635541194", 1713952598063L, new BigDecimal("66363.03"),
                new BigDecimal("0.03720194"), "buy"));
    }

    @Test
    void documentedBook() {
        JsonNode r = reply("""
                {"pricebook":{"product_id":"BTC-USDT","bids":[{"price":"30757.85","size":"0.115"}],
                "asks":[{"price":"30759.07","size":"0.04877659"}],"time":"2023-06-30T04:02:40.533606Z"}}""");
        Depth depth = (Depth) mapper.depth(r, request("limit", "5")).data();
        assertThat(depth.time()).isEqualTo(1688097760533L);
        assertThat(depth.asks()).containsExactly(new Depth.Level(new BigDecimal("30759.07"), new BigDecimal("0.04877659")));
        assertThat(depth.bids()).containsExactly(new Depth.Level(new BigDecimal("30757.85"), new BigDecimal("0.115")));
    }

    @Test
    void documentedBalance() {
        JsonNode r = reply("""
                {"accounts":[{"uuid":"11111111-1111-1111-1111-111111111111","name":"USDC Wallet","currency":"USDC",
                "available_balance":{"value":"0.0000000000000000","currency":"USDC"},"type":"ACCOUNT_TYPE_CRYPTO",
                "hold":{"value":"0.0000000000000000","currency":"USDC"}}],"has_next":false,"cursor":"","size":9}""");
        assertThat(mapper.balances(r).data()).isEqualTo(List.of(
                new Balance("USDC", new BigDecimal("0.0000000000000000"), new BigDecimal("0.0000000000000000"))));
    }

    @Test
    void documentedPlacement() {
        JsonNode r = reply("""
                {"success":true,"order_id":"52cfe5e2-0b29-4c19-a245-a6a773de5030","success_response":{
                "order_id":"52cfe5e2-0b29-4c19-a245-a6a773de5030","product_id":"LTC-BTC","side":"SELL",
                "client_order_id":"4d760580-6fca-4094-a70b-ebcca8626288"}}""");
        assertThat(mapper.placed(r, request("symbol", "LTC_BTC")).data())
                .isEqualTo(new PlacedOrder("LTC-BTC,52cfe5e2-0b29-4c19-a245-a6a773de5030"));
    }

    @Test
    void documentedFailedPlacementIsAnErrorDespiteHttp200() {
        assertThatThrownBy(() -> reply("""
                {"success":false,"failure_reason":"UNKNOWN_FAILURE_REASON","order_id":"","error_response":{
                "error":"UNSUPPORTED_ORDER_CONFIGURATION","message":"source is not enabled for trading",
                "new_order_failure_reason":"UNSUPPORTED_ORDER_CONFIGURATION"}}"""))
                .isInstanceOf(FmzError.class)
                .hasMessage("order refused: UNSUPPORTED_ORDER_CONFIGURATION: source is not enabled for trading (UNKNOWN_FAILURE_REASON)");
    }

    @Test
    void documentedOrder() {
        JsonNode r = reply("""
                {"order":{"order_id":"9bc1eb3b-5b46-4b71-9628-ae2ed0cca75b","product_id":"LTC-BTC",
                "order_configuration":{"limit_limit_gtc":{"base_size":"0.2","limit_price":"0.006","post_only":false}},
                "side":"SELL","status":"OPEN","created_time":"2023-01-16T23:37:23.947030Z","filled_size":"0","order_type":"LIMIT"}}""");
        Order o = (Order) mapper.order(r, request("id", "x")).data();
        assertThat(o).isEqualTo(new Order("LTC-BTC,9bc1eb3b-5b46-4b71-9628-ae2ed0cca75b", "LTC_BTC", new BigDecimal("0.2"),
                new BigDecimal("0.006"), BigDecimal.ZERO, BigDecimal.ZERO, "sell", OrderStatus.PENDING));
    }

    @Test
    void aMarketBuyIsSizedInQuoteAsFmzMeansIt() {
        Order o = CoinbaseMapper.toOrder(reply("""
                {"order_id":"a","product_id":"BTC-USD","order_configuration":{"market_market_ioc":{"quote_size":"100"}},
                "side":"BUY","status":"FILLED","filled_size":"0.0015","average_filled_price":"66666.66"}"""));
        assertThat(o.amount()).isEqualByComparingTo("100");
        assertThat(o.price()).isEqualByComparingTo("0");
        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void documentedStatusesMapToFmzWords() {
        assertThat(CoinbaseMapper.status("PENDING", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(CoinbaseMapper.status("QUEUED", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(CoinbaseMapper.status("OPEN", true)).isEqualTo(OrderStatus.PARTIAL_FILLED);
        assertThat(CoinbaseMapper.status("CANCEL_QUEUED", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(CoinbaseMapper.status("FILLED", true)).isEqualTo(OrderStatus.FILLED);
        assertThat(CoinbaseMapper.status("CANCELLED", true)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(CoinbaseMapper.status("EXPIRED", false)).isEqualTo(OrderStatus.CANCELED);
        assertThat(CoinbaseMapper.status("FAILED", false)).isEqualTo(OrderStatus.CANCELED);
        assertThatThrownBy(() -> CoinbaseMapper.status("UNKNOWN_ORDER_STATUS", false))
                .hasMessage("unknown Coinbase order status 'UNKNOWN_ORDER_STATUS'");
    }

    @Test
    void documentedCancelResults() {
        assertThat(mapper.canceled(reply("""
                {"results":[{"success":true,"failure_reason":"UNKNOWN_CANCEL_FAILURE_REASON","order_id":"a"}]}""")).data())
                .isEqualTo(true);
        assertThatThrownBy(() -> mapper.canceled(reply("""
                {"results":[{"success":false,"failure_reason":"UNKNOWN_CANCEL_ORDER","order_id":"a"}]}""")))
                .hasMessage("cancel refused: UNKNOWN_CANCEL_ORDER (order a)");
    }

    @Test
    void errorsKeepCoinbasesWords() {
        assertThatThrownBy(() -> reply("{\"error\":\"PERMISSION_DENIED\",\"error_details\":\"Missing required scopes\","
                + "\"message\":\"Missing required scopes\"}", 403))
                .hasMessage("PERMISSION_DENIED: Missing required scopes (HTTP 403)");
        assertThatThrownBy(() -> reply("Unauthorized", 401))
                .hasMessageStartingWith("HTTP 401 Unauthorized: Coinbase refused the request's JWT");
    }

    @Test
    void documentedServerTime() {
        assertThat(mapper.serverTime(reply("{\"iso\":\"2023-05-18T15:38:18.129Z\",\"epochSeconds\":\"1684424298\","
                + "\"epochMillis\":\"1684424298129\"}"))).isEqualTo(1684424298129L);
    }

    @Test
    void aClientOrderIdIsPickedOutOfTheProductsNewestOrders() {
        JsonNode r = reply("""
                {"orders":[{"order_id":"a","client_order_id":"fmz1","product_id":"BTC-USD","side":"BUY","status":"OPEN",
                "order_configuration":{"limit_limit_gtc":{"base_size":"1","limit_price":"2","post_only":false}}},
                {"order_id":"b","client_order_id":"fmz2","product_id":"BTC-USD","side":"BUY","status":"OPEN",
                "order_configuration":{"limit_limit_gtc":{"base_size":"1","limit_price":"2","post_only":false}}}]}""");
        assertThat(((Order) mapper.order(r, request("symbol", "BTC_USD", "clientOrderId", "fmz2")).data()).id())
                .isEqualTo("BTC-USD,b");
        assertThatThrownBy(() -> mapper.order(r, request("symbol", "BTC_USD", "clientOrderId", "fmz3")))
                .hasMessage("no order with client order id fmz3 among the newest 100 orders of BTC_USD");
    }
}
