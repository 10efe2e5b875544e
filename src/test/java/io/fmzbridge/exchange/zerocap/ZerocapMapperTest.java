package io.fmzbridge.exchange.zerocap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Ticker;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Zerocap's documented replies (zerocap_api README) in, FMZ shapes out: no network, no Camel. */
class ZerocapMapperTest {

    /** The README's create_order / fetch_order example. */
    static final String DOCUMENTED_ORDER = """
            {"id":"d8dabfbd-e541-4262-b6c2-9f841ef220f6","timestamp":1692346145000,"last_trade_timestamp":1692346145000,
            "status":"closed","symbol":"USDT/AUD","type":"limit","time_in_force":"FOK","side":"sell","price":1,
            "average":1.48249,"amount":500,"filled":500,"remaining":0,"cost":741.245,"fee":0,"error_message":"",
            "client_order_id":"","trades":[{"id":"e86fcf94-88e6-46d8-8cc6-e06891eab6cf","timestamp":1692346145000,
            "symbol":"USDT/AUD","order":"d8dabfbd-e541-4262-b6c2-9f841ef220f6","type":"limit","side":"sell",
            "taker_or_maker":"taker","price":1.48249,"amount":500,"cost":741.245,"order_from":"coinroutes","fee":0,
            "counterparty":"Wu Han"}]}""";

    /** The README's websocket price message. */
    static final String DOCUMENTED_PRICE = """
            {"type":"price","data":{"timestamp":1692340935.4283478,"symbol":"USDT/AUD","exchange":"zerocap",
            "bids":[[1.47386,5000.0],[1.47238,10000.0],[1.4709,20000.0],[1.46941,30000.0]],
            "asks":[[1.57236,5000.0],[1.57392,10000.0],[1.57548,20000.0],[1.57705,30000.0]]}}""";

    private final ZerocapMapper mapper = new ZerocapMapper();

    private JsonNode reply(String json) {
        return reply(200, json);
    }

    private JsonNode reply(int status, String json) {
        return mapper.reply(json.getBytes(StandardCharsets.UTF_8), status);
    }

    private static FmzRequest request(Object... params) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            values.put((String) params[i], params[i + 1]);
        }
        return new FmzRequest("zerocap", "x", FmzJson.MAPPER.valueToTree(values), "key", "secret", null);
    }

    /** When the stream received the message, its time if Zerocap gave none. */
    private static final Long RECEIVED = Instant.parse("2023-08-18T06:42:16Z").toEpochMilli();

    private static JsonNode price(String message) throws Exception {
        return FmzJson.MAPPER.readTree(message);
    }

    @Test
    void documentedOrderIsFilled() {
        Order o = (Order) mapper.order(reply(DOCUMENTED_ORDER), request("id", "USDT/AUD,d8dabfbd-e541-4262-b6c2-9f841ef220f6")).data();
        assertThat(o.id()).isEqualTo("USDT/AUD,d8dabfbd-e541-4262-b6c2-9f841ef220f6");
        assertThat(o.symbol()).isEqualTo("USDT_AUD");
        assertThat(o.amount()).isEqualByComparingTo("500");
        assertThat(o.price()).isEqualByComparingTo("1");
        assertThat(o.dealAmount()).isEqualByComparingTo("500");
        assertThat(o.avgPrice()).isEqualTo(new BigDecimal("1.48249"));
        assertThat(o.type()).isEqualTo("sell");
        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void placedOrderIdCarriesTheSymbol() {
        FmzReply placed = mapper.placed(reply(DOCUMENTED_ORDER), request("symbol", "usdt_aud"));
        assertThat(placed.data()).isEqualTo(new PlacedOrder("USDT/AUD,d8dabfbd-e541-4262-b6c2-9f841ef220f6"));
        assertThat(((JsonNode) placed.raw()).path("time_in_force").asText()).isEqualTo("FOK");
        assertThatThrownBy(() -> mapper.placed(reply("{\"status\":\"closed\"}"), request("symbol", "USDT_AUD")))
                .isInstanceOf(FmzError.class).hasMessage("Zerocap accepted the order request but returned no order id");
    }

    @Test
    void documentedOrderListOldestFirst() {
        JsonNode reply = reply("""
                {"order_list":[
                 {"id":"b","timestamp":1690797504000,"status":"closed","symbol":"USDT/AUD","side":"buy","price":21.1,
                  "average":2.98442,"amount":101,"filled":101,"error_message":""},
                 {"id":"a","timestamp":1690797000000,"status":"open","symbol":"BTC/AUD","side":"sell","price":40000.5,
                  "average":0,"amount":0.001,"filled":0,"error_message":""},
                 {"id":"c","timestamp":1690796000000,"status":"closed","symbol":"USDT/AUD","side":"sell","price":1.4,
                  "average":1.4,"amount":10,"filled":10,"error_message":""}],
                 "status":"success","total":14087,"page":1}""");
        @SuppressWarnings("unchecked")
        List<Order> orders = (List<Order>) mapper.orders(reply).data();
        assertThat(orders).extracting(Order::id).containsExactly("BTC/AUD,a");
        assertThat(orders.get(0).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(orders.get(0).amount()).isEqualTo(new BigDecimal("0.001"));
        @SuppressWarnings("unchecked")
        List<Order> history = (List<Order>) mapper.historyOrders(reply).data();
        assertThat(history).extracting(Order::id).containsExactly("USDT/AUD,c", "USDT/AUD,b");
        assertThat(history.get(1).status()).isEqualTo(OrderStatus.FILLED);
        assertThatThrownBy(() -> mapper.orders(reply("{\"status\":\"success\"}"))).isInstanceOf(FmzError.class);
    }

    @Test
    void statusesMapToFmzWords() {
        BigDecimal ten = BigDecimal.TEN;
        assertThat(ZerocapMapper.status("open", BigDecimal.ZERO, ten)).isEqualTo(OrderStatus.PENDING);
        assertThat(ZerocapMapper.status("open", BigDecimal.ONE, ten)).isEqualTo(OrderStatus.PARTIAL_FILLED);
        assertThat(ZerocapMapper.status("closed", ten, ten)).isEqualTo(OrderStatus.FILLED);
        assertThat(ZerocapMapper.status("closed", BigDecimal.ONE, ten)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(ZerocapMapper.status("closed", BigDecimal.ZERO, ten)).isEqualTo(OrderStatus.CANCELED);
        assertThat(ZerocapMapper.status("rejected", BigDecimal.ZERO, ten)).isEqualTo(OrderStatus.CANCELED);
        assertThat(ZerocapMapper.status("canceled", BigDecimal.ZERO, ten)).isEqualTo(OrderStatus.CANCELED);
        assertThat(ZerocapMapper.status("expired", BigDecimal.ONE, ten)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThatThrownBy(() -> ZerocapMapper.status("teleported", BigDecimal.ZERO, ten)).isInstanceOf(FmzError.class);
    }

    /**
     * The README's order shape as Zerocap reports a rejected one: nothing filled (average and trades
     * empty, as in the README's websocket example of an unfilled order) and the reason in error_message.
     */
    static final String REJECTED_ORDER = """
            {"id":"f7fc4e4f-c099-4b18-a231-f032adc8ae87","timestamp":1692354083000,"last_trade_timestamp":1692354083000,
            "status":"rejected","symbol":"USDT/AUD","type":"limit","time_in_force":"FOK","side":"buy","price":1.45,
            "average":0,"amount":250,"filled":0,"remaining":250,"cost":0,"fee":0,"error_message":"Insufficient balance.",
            "client_order_id":"","trades":[]}""";

    @Test
    void aRejectedOrderIsAnOrderThatEndedUnfilled() {
        JsonNode reply = reply(REJECTED_ORDER);
        FmzReply answered = mapper.order(reply, request("id", "USDT/AUD,f7fc4e4f-c099-4b18-a231-f032adc8ae87"));
        Order o = (Order) answered.data();
        assertThat(o.id()).isEqualTo("USDT/AUD,f7fc4e4f-c099-4b18-a231-f032adc8ae87");
        assertThat(o.status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(o.dealAmount()).isEqualByComparingTo("0");
        assertThat(o.type()).isEqualTo("buy");
        assertThat(o.price()).isEqualByComparingTo("1.45");
        assertThat(o.amount()).isEqualByComparingTo("250");
        assertThat(((JsonNode) answered.raw()).path("error_message").asText()).isEqualTo("Insufficient balance.");

        assertThatThrownBy(() -> mapper.placed(reply, request("symbol", "USDT_AUD")))
                .as("only the placement is refused").isInstanceOf(FmzError.class).hasMessage("rejected: Insufficient balance.");
        assertThatThrownBy(() -> mapper.placed(reply(REJECTED_ORDER.replace("Insufficient balance.", "")),
                request("symbol", "USDT_AUD"))).isInstanceOf(FmzError.class).hasMessage("rejected: Zerocap gave no reason");
        assertThatThrownBy(() -> mapper.placed(reply(DOCUMENTED_ORDER.replace("\"error_message\":\"\"",
                "\"error_message\":\"Price moved\"")), request("symbol", "USDT_AUD")))
                .isInstanceOf(FmzError.class).hasMessage("Price moved");
    }

    @Test
    void aRejectedOrderIsListedAsFinishedNeverAsOpen() {
        JsonNode list = reply("{\"order_list\":[" + REJECTED_ORDER + "],\"status\":\"success\",\"total\":1,\"page\":1}");
        @SuppressWarnings("unchecked")
        List<Order> history = (List<Order>) mapper.historyOrders(list).data();
        assertThat(history).extracting(Order::status).containsExactly(OrderStatus.CANCELED);
        @SuppressWarnings("unchecked")
        List<Order> open = (List<Order>) mapper.orders(list).data();
        assertThat(open).as("GetOrders lists open orders only, whatever the filter let through").isEmpty();
    }

    @Test
    void errorsWithoutAnOrderOnHttp200AreErrors() {
        assertThatThrownBy(() -> reply("{\"status\":\"rejected\",\"error_message\":\"Insufficient balance\"}"))
                .isInstanceOf(FmzError.class).hasMessage("rejected: Insufficient balance");
        assertThatThrownBy(() -> reply("{\"status\":\"rejected\",\"error_message\":\"\"}"))
                .isInstanceOf(FmzError.class).hasMessage("rejected: Zerocap gave no reason");
        assertThatThrownBy(() -> reply("{\"status\":\"failed\",\"error_message\":\"Unknown symbol\"}"))
                .isInstanceOf(FmzError.class).hasMessage("Unknown symbol");
        assertThatThrownBy(() -> reply("{\"status_code\":401,\"message\":\"Authentication failed\"}"))
                .isInstanceOf(FmzError.class).hasMessage("status_code 401: Authentication failed");
    }

    @Test
    void httpErrorsKeepZerocapWords() {
        assertThatThrownBy(() -> reply(401, "{\"detail\":\"Invalid signature\"}"))
                .isInstanceOf(FmzError.class).hasMessage("HTTP 401: Invalid signature");
        assertThatThrownBy(() -> reply(422, """
                {"detail":[{"loc":["body","amount"],"msg":"field required","type":"value_error.missing"}]}"""))
                .isInstanceOf(FmzError.class).hasMessage("HTTP 422: amount: field required");
        assertThatThrownBy(() -> reply(503, "{\"maintenance\":true}"))
                .isInstanceOf(FmzError.class).hasMessage("HTTP 503 from exchange");
        assertThatThrownBy(() -> reply(502, "<html>Bad Gateway</html>"))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("unreadable reply from exchange (HTTP 502)");
    }

    @Test
    void tickerFromTheDocumentedLadder() throws Exception {
        FmzReply reply = mapper.ticker(price(DOCUMENTED_PRICE), RECEIVED);
        Ticker t = (Ticker) reply.data();
        assertThat(t.symbol()).isEqualTo("USDT_AUD");
        assertThat(t.buy()).isEqualTo(new BigDecimal("1.47386"));
        assertThat(t.sell()).isEqualTo(new BigDecimal("1.57236"));
        assertThat(t.last()).as("mid of best bid and best ask").isEqualTo(new BigDecimal("1.52311"));
        assertThat(List.of(t.high(), t.low(), t.open(), t.vol())).allMatch(v -> v.signum() == 0);
        assertThat(t.time()).as("fractional seconds → ms").isEqualTo(1692340935428L);
        assertThat(((JsonNode) reply.raw()).path("data").path("exchange").asText()).isEqualTo("zerocap");
    }

    @Test
    void tickerWithOneSideOnly() throws Exception {
        Ticker t = (Ticker) mapper.ticker(price(
                "{\"type\":\"price\",\"data\":{\"symbol\":\"USDT/AUD\",\"bids\":[[1.4,1]],\"asks\":[]}}"), RECEIVED).data();
        assertThat(t.buy()).isEqualByComparingTo("1.4");
        assertThat(t.sell()).isEqualByComparingTo("0");
        assertThat(t.last()).isEqualByComparingTo("1.4");
        assertThat(t.time()).as("no timestamp: when it was received").isEqualTo(1692340936000L);
        assertThatThrownBy(() -> mapper.ticker(price(
                "{\"type\":\"price\",\"data\":{\"symbol\":\"USDT/AUD\",\"bids\":[],\"asks\":[]}}"), RECEIVED))
                .isInstanceOf(FmzError.class).hasMessageContaining("neither bids nor asks");
    }

    @Test
    void depthOrderedAndLimited() throws Exception {
        String shuffled = DOCUMENTED_PRICE.replace("[[1.47386,5000.0],[1.47238,10000.0]", "[[1.47238,10000.0],[1.47386,0.00000001]");
        Depth depth = (Depth) mapper.depth(price(shuffled), request("symbol", "USDT_AUD", "limit", "3"), RECEIVED).data();
        assertThat(depth.bids()).extracting(Depth.Level::price).containsExactly(
                new BigDecimal("1.47386"), new BigDecimal("1.47238"), new BigDecimal("1.4709"));
        assertThat(depth.bids().get(0).amount()).isEqualTo(new BigDecimal("0.00000001"));
        assertThat(depth.asks()).extracting(Depth.Level::price).containsExactly(
                new BigDecimal("1.57236"), new BigDecimal("1.57392"), new BigDecimal("1.57548"));
        Depth all = (Depth) mapper.depth(price(DOCUMENTED_PRICE), request("symbol", "USDT_AUD"), RECEIVED).data();
        assertThat(all.asks()).hasSize(4);
        assertThat(all.time()).isEqualTo(1692340935428L);
    }

    @Test
    void balancesInCcxtShape() {
        JsonNode reply = reply("""
                {"info":{"raw":true},"AUD":{"free":1000.5,"used":0,"total":1000.5},
                 "USDT":{"free":"0.00000001","used":"2","total":"2.00000001"},
                 "free":{"AUD":1000.5,"USDT":"0.00000001"},"used":{"AUD":0,"USDT":"2"},
                 "total":{"AUD":1000.5,"USDT":"2.00000001"}}""");
        assertThat(mapper.balances(reply).data()).isEqualTo(List.of(
                new Balance("AUD", new BigDecimal("1000.5"), new BigDecimal("0")),
                new Balance("USDT", new BigDecimal("0.00000001"), new BigDecimal("2"))));
    }

    @Test
    void balancesPerCurrencyOrAsRows() {
        assertThat(mapper.balances(reply("""
                {"data":{"BTC":{"free":"0.5","used":"0.1"},"AUD":{"total":"100","locked":"40"}}}""")).data())
                .isEqualTo(List.of(new Balance("BTC", new BigDecimal("0.5"), new BigDecimal("0.1")),
                        new Balance("AUD", new BigDecimal("60"), new BigDecimal("40"))));
        assertThat(mapper.balances(reply("""
                {"status":"success","balances":[{"asset":"usdt","available":"10","balance":"12.5"},
                 {"currency":"AUD","balance":"3"}]}""")).data())
                .isEqualTo(List.of(new Balance("USDT", new BigDecimal("10"), new BigDecimal("2.5")),
                        new Balance("AUD", new BigDecimal("3"), BigDecimal.ZERO)));
        assertThat(mapper.balances(reply("[]")).data()).isEqualTo(List.of());
    }

    @Test
    void anUnknownBalanceShapeIsAClearError() {
        assertThatThrownBy(() -> mapper.balances(reply("{\"accounts\":\"see elsewhere\"}")))
                .isInstanceOf(FmzError.class)
                .hasMessageStartingWith("the balances reply is an object with keys [accounts], a shape the bridge does not read");
        assertThatThrownBy(() -> mapper.balances(reply("[{\"asset\":\"BTC\",\"note\":\"no amounts\"}]")))
                .isInstanceOf(FmzError.class);
    }

    @Test
    void instrumentsInCcxtShape() {
        JsonNode reply = reply("""
                [{"id":"USDTAUD","symbol":"USDT/AUD","base":"USDT","quote":"AUD","active":true,
                  "precision":{"amount":2,"price":0.00001},
                  "limits":{"amount":{"min":"0.01","max":1000000},"cost":{"min":10,"max":null}}},
                 {"symbol":"BTC/AUD","precision":{"amount":0.00000001,"price":0.01}}]""");
        @SuppressWarnings("unchecked")
        Map<String, Market> markets = (Map<String, Market>) mapper.markets(reply).data();
        assertThat(markets).containsOnlyKeys("USDT_AUD", "BTC_AUD");
        Market usdt = markets.get("USDT_AUD");
        assertThat(usdt.baseAsset()).isEqualTo("USDT");
        assertThat(usdt.quoteAsset()).isEqualTo("AUD");
        assertThat(usdt.tickSize()).isEqualTo(new BigDecimal("0.00001"));
        assertThat(usdt.pricePrecision()).isEqualTo(5);
        assertThat(usdt.amountSize()).isEqualByComparingTo("0.01");
        assertThat(usdt.amountPrecision()).isEqualTo(2);
        assertThat(usdt.minQty()).isEqualByComparingTo("0.01");
        assertThat(usdt.maxQty()).isEqualByComparingTo("1000000");
        assertThat(usdt.minNotional()).isEqualByComparingTo("10");
        assertThat(usdt.maxNotional()).isEqualByComparingTo("0");
        assertThat(markets.get("BTC_AUD").amountPrecision()).isEqualTo(8);
    }

    @Test
    void instrumentsAsBareSymbolsOrFlatNames() {
        @SuppressWarnings("unchecked")
        Map<String, Market> bare = (Map<String, Market>) mapper.markets(reply(
                "{\"status\":\"success\",\"data\":[\"USDT/AUD\",\"ETH/AUD\"]}")).data();
        assertThat(bare).containsOnlyKeys("USDT_AUD", "ETH_AUD");
        assertThat(bare.get("ETH_AUD").tickSize()).isEqualByComparingTo("0");

        @SuppressWarnings("unchecked")
        Map<String, Market> flat = (Map<String, Market>) mapper.markets(reply("""
                {"instruments":{"BTC/USDT":{"tick_size":"0.1","lot_size":"0.0001","min_amount":"0.001"}}}""")).data();
        assertThat(flat.get("BTC_USDT").tickSize()).isEqualByComparingTo("0.1");
        assertThat(flat.get("BTC_USDT").amountPrecision()).isEqualTo(4);
        assertThat(flat.get("BTC_USDT").minQty()).isEqualByComparingTo("0.001");

        assertThatThrownBy(() -> mapper.markets(reply("[{\"what\":1}]"))).isInstanceOf(FmzError.class)
                .hasMessageStartingWith("the instruments reply is an array, a shape the bridge does not read");
    }

    @Test
    void amountsSerializePlainWithEveryDigit() throws Exception {
        JsonNode reply = reply("[{\"asset\":\"BTC\",\"free\":\"1E-8\",\"used\":0.00000001}]");
        assertThat(FmzJson.MAPPER.writeValueAsString(mapper.balances(reply).data()))
                .isEqualTo("[{\"currency\":\"BTC\",\"free\":0.00000001,\"frozen\":0.00000001}]");
    }
}
