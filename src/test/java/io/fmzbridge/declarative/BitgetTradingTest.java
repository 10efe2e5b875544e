package io.fmzbridge.declarative;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trading on Bitget from examples/bitget.camel.yaml alone, with the guarantees every packaged exchange
 * has: orders checked against Bitget's own market rules before they leave, placed once with a client
 * order id, a lost reply found again by that id, and Bitget's order states in FMZ's words. Every
 * signed call is checked by the stub the way Bitget checks it.
 */
class BitgetTradingTest {

    static final String SECRET_KEY = BitgetStub.SECRET + "," + BitgetStub.PASSPHRASE;
    static final String PLACE = "/api/v2/spot/trade/place-order";

    @TempDir
    static Path userRoutes;

    static BitgetStub bitget;
    static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        Files.copy(Path.of("examples/bitget.camel.yaml"), userRoutes.resolve("bitget.camel.yaml"));
        bitget = new BitgetStub();
        bridge = RunningBridge.startWithJobs(Map.of(
                "fmz.routes.extra", "file:" + userRoutes.toAbsolutePath() + "/*.camel.yaml",
                "fmz.exchange.bitget.base-url", bitget.baseUrl(),
                "fmz.clock.sync-enabled", "false",
                "fmz.call.rate-limit-enabled", "false"));
        bridge.awaitMarketRules("bitget");
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        bitget.close();
    }

    @BeforeEach
    void forget() {
        bitget.clear();
    }

    static JsonNode call(ObjectNode envelope) throws Exception {
        return bridge.call("/Bitget", envelope);
    }

    static ObjectNode signed(String method, Object... params) {
        return envelope(method, BitgetStub.KEY, SECRET_KEY, params);
    }

    static JsonNode data(JsonNode reply) {
        assertThat(reply.has("error")).as("error: %s", reply.path("error").asText()).isFalse();
        return reply.path("data");
    }

    static List<StubRequest> placements() {
        return bitget.requestsTo(PLACE);
    }

    @Test
    void aLimitOrderIsPlacedWithBitgetsWordsAndExactDigits() throws Exception {
        JsonNode placed = data(call(signed("trade", "symbol", "BTC_USDT", "type", "buy", "price", "34000.1234", "amount", "0.00100000")));
        assertThat(placed.path("id").asText()).isEqualTo("BTC_USDT,1001");
        StubRequest sent = placements().get(0);
        assertThat(sent.body()).matches("\\{\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"orderType\":\"limit\",\"force\":\"gtc\","
                + "\"price\":\"34000.1234\",\"size\":\"0.00100000\",\"clientOid\":\"fmz[0-9a-f]{29}\"}");
        assertThat(sent.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void aMarketBuySpendsQuoteAsBitgetsSizeDoesAndSendsNoPrice() throws Exception {
        data(call(signed("trade", "symbol", "BTC_USDT", "type", "buy", "price", -1, "amount", "25.5")));
        assertThat(placements().get(0).body()).matches("\\{\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"orderType\":\"market\","
                + "\"force\":\"gtc\",\"size\":\"25.5\",\"clientOid\":\"fmz[0-9a-f]{29}\"}");
    }

    @Test
    void bitgetsMarketRulesRefuseAnOrderBeforeItLeaves() throws Exception {
        assertThat(call(signed("trade", "symbol", "BTC_USDT", "type", "buy", "price", "34000.12345", "amount", "0.001"))
                .path("error").asText()).isEqualTo("Bitget: price 34000.12345 is not a multiple of BTC_USDT's step 0.0001"
                        + " (34000.1234 or 34000.1235 would be); the bridge does not round");
        assertThat(call(signed("trade", "symbol", "BTC_USDT", "type", "sell", "price", "34000", "amount", "0.00005"))
                .path("error").asText()).isEqualTo("Bitget: amount 0.00005 is below BTC_USDT's minimum 0.0001");
        assertThat(placements()).isEmpty();
    }

    @Test
    void aLostReplyIsFoundByItsClientOrderIdAndNeverPlacedTwice() throws Exception {
        bitget.failNext(PLACE, new Fault.ReplyLost());
        JsonNode placed = data(call(signed("trade", "symbol", "BTC_USDT", "type", "sell", "price", "35000", "amount", "0.01")));
        assertThat(placed.path("id").asText()).isEqualTo("BTC_USDT,1001");
        assertThat(placements()).hasSize(1);
        String clientOid = bitget.orders.get("1001").clientOid;
        StubRequest lookup = bitget.requestsTo("/api/v2/spot/trade/orderInfo").get(0);
        assertThat(lookup.rawQuery()).isEqualTo("clientOid=" + clientOid);
    }

    @Test
    void theSameFmzRequestSentAgainIsLookedUpNotPlacedAgain() throws Exception {
        ObjectNode trade = signed("trade", "symbol", "BTC_USDT", "type", "buy", "price", "30000", "amount", "0.002");
        String first = data(call(trade)).path("id").asText();
        String again = data(call(trade)).path("id").asText();
        assertThat(again).isEqualTo(first);
        assertThat(placements()).hasSize(1);
    }

    @Test
    void anOrderReadsBitgetsStateAndTellsAPartialFill() throws Exception {
        String id = data(call(signed("trade", "symbol", "BTC_USDT", "type", "buy", "price", "30000", "amount", "0.002"))).path("id").asText();
        JsonNode order = data(call(signed("order", "id", id)));
        assertThat(bitget.requestsTo("/api/v2/spot/trade/orderInfo").get(0).rawQuery()).isEqualTo("orderId=1001");
        assertThat(order.path("id").asText()).isEqualTo("BTC_USDT,1001");
        assertThat(order.path("symbol").asText()).isEqualTo("BTC_USDT");
        assertThat(order.path("status").asText()).isEqualTo("pending");
        assertThat(order.path("type").asText()).isEqualTo("buy");
        assertThat(order.path("amount").decimalValue()).isEqualTo("0.002");
        assertThat(order.path("price").decimalValue()).isEqualTo("30000");

        bitget.fill("1001", "0.0005", "29999.5");
        order = data(call(signed("order", "id", id)));
        assertThat(order.path("status").asText()).isEqualTo("partial-filled");
        assertThat(order.path("deal_amount").decimalValue()).isEqualTo("0.0005");
        assertThat(order.path("avg_price").decimalValue()).isEqualTo("29999.5");
    }

    @Test
    void openOrdersComeWithBitgetsOtherFieldNamesAndLowerCaseSymbol() throws Exception {
        data(call(signed("trade", "symbol", "BTC_USDT", "type", "sell", "price", "40000", "amount", "0.003")));
        bitget.fill("1001", "0.001", "40000");
        JsonNode orders = data(call(signed("orders", "symbol", "BTC_USDT")));
        assertThat(bitget.requestsTo("/api/v2/spot/trade/unfilled-orders").get(0).rawQuery()).isEqualTo("symbol=BTCUSDT");
        assertThat(orders).hasSize(1);
        assertThat(orders.path(0).path("id").asText()).isEqualTo("BTC_USDT,1001");
        assertThat(orders.path(0).path("price").decimalValue()).isEqualTo("40000");
        assertThat(orders.path(0).path("status").asText()).isEqualTo("partial-filled");

        orders = data(call(signed("orders")));
        assertThat(bitget.requestsTo("/api/v2/spot/trade/unfilled-orders").get(1).rawQuery()).as("every market").isEmpty();
        assertThat(orders.path(0).path("symbol").asText()).as("btcusdt read back as learned from markets").isEqualTo("BTC_USDT");
    }

    @Test
    void pastOrdersSinceATime() throws Exception {
        JsonNode orders = data(call(signed("historyorders", "symbol", "ETH_USDT", "since", 1698736000000L, "limit", 500)));
        assertThat(bitget.requestsTo("/api/v2/spot/trade/history-orders").get(0).rawQuery())
                .isEqualTo("symbol=ETHUSDT&startTime=1698736000000&limit=100");
        JsonNode o = orders.path(0);
        assertThat(o.path("id").asText()).isEqualTo("ETH_USDT,1098394041043034112");
        assertThat(o.path("status").asText()).isEqualTo("filled");
        assertThat(o.path("amount").decimalValue()).isEqualByComparingTo("20");
        assertThat(o.path("deal_amount").decimalValue()).isEqualByComparingTo("0.0125");
        assertThat(o.path("avg_price").decimalValue()).isEqualByComparingTo("1598.1");
    }

    @Test
    void aCancelSendsTheMarketAndIdAndTheOrderReadsCanceled() throws Exception {
        String id = data(call(signed("trade", "symbol", "BTC_USDT", "type", "buy", "price", "30000", "amount", "0.002"))).path("id").asText();
        bitget.fill("1001", "0.001", "30000");
        assertThat(data(call(signed("cancel", "id", id))).asBoolean()).isTrue();
        assertThat(bitget.requestsTo("/api/v2/spot/trade/cancel-order").get(0).body())
                .isEqualTo("{\"symbol\":\"BTCUSDT\",\"orderId\":\"1001\"}");
        assertThat(data(call(signed("order", "id", id))).path("status").asText()).isEqualTo("partial-canceled");

        assertThat(call(signed("cancel", "id", id)).path("error").asText())
                .isEqualTo("Bitget: code 43001: The order does not exist (HTTP 400)");
    }

    @Test
    void aMalformedOrderIdIsRefusedBeforeAnyCall() throws Exception {
        assertThat(call(signed("order", "id", "1001")).path("error").asText())
                .isEqualTo("Bitget: order id 1001 names no market: use the id trade returned, like BTC_USDT,1234567890");
        assertThat(call(signed("cancel", "id", "BTC_USDT,")).path("error").asText())
                .isEqualTo("Bitget: order id must look like BTC_USDT,1234567890");
        assertThat(bitget.requests()).isEmpty();
    }
}
