package io.fmzbridge.exchange.korbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.OutcomeUnknown;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.Ticker;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Korbit's documented replies (exchange notes, "Example responses") in, FMZ shapes out. */
class KorbitMapperTest {

    private final KorbitMapper mapper = new KorbitMapper();

    private JsonNode reply(String json) {
        return mapper.reply(json.getBytes(StandardCharsets.UTF_8), 200);
    }

    @Test
    void documentedTicker() {
        Ticker t = (Ticker) mapper.ticker(reply("""
                {"success":true,"data":[{"symbol":"btc_krw","open":"77060000","high":"79650000","low":"76550000",
                "close":"77136000","prevClose":"77060000","volume":"48.73739983","quoteVolume":"3785149733.32633",
                "bestBidPrice":"77136000","bestAskPrice":"77193000","lastTradedAt":1725525721041}]}""")).data();
        assertThat(t).isEqualTo(new Ticker("BTC_KRW", new BigDecimal("77136000"), new BigDecimal("77193000"),
                new BigDecimal("79650000"), new BigDecimal("76550000"), new BigDecimal("77060000"), new BigDecimal("77136000"),
                new BigDecimal("48.73739983"), 1725525721041L));
    }

    @Test
    void documentedOrderbook() {
        FmzRequest request = new FmzRequest("korbit", "depth", FmzJson.MAPPER.createObjectNode().put("limit", "1"), "", "", null);
        Depth d = (Depth) mapper.depth(reply("""
                {"success":true,"data":{"timestamp":1708057740895,"bids":[{"price":"73303000","qty":"0.00898326"},
                {"price":"73302000","qty":"0.00790837"}],"asks":[{"price":"73304000","qty":"0.00985212"},
                {"price":"73305000","qty":"0.00367505"}]}}"""), request).data();
        assertThat(d.time()).isEqualTo(1708057740895L);
        assertThat(d.asks()).containsExactly(new Depth.Level(new BigDecimal("73304000"), new BigDecimal("0.00985212")));
        assertThat(d.bids()).containsExactly(new Depth.Level(new BigDecimal("73303000"), new BigDecimal("0.00898326")));
    }

    @Test
    void documentedBalance() {
        assertThat(mapper.balances(reply("""
                {"success":true,"data":[{"currency":"btc","balance":"100","available":"70","tradeInUse":"20",
                "withdrawalInUse":"10","avgPrice":"5000"}]}""")).data())
                .isEqualTo(List.of(new Balance("BTC", new BigDecimal("70"), new BigDecimal("30"))));
    }

    @Test
    void documentedOrderPartlyFilled() {
        Order o = (Order) mapper.order(reply("""
                {"success":true,"data":{"orderId":1234,"clientOrderId":"20141231-155959-abcdef","symbol":"btc_krw",
                "orderType":"limit","side":"buy","timeInForce":"gtc","avgPrice":"5000","price":"5000","qty":"10",
                "filledQty":"1","filledAmt":"5000","createdAt":1700000000000,"lastFilledAt":1700000000000,
                "status":"partiallyFilled"}}""")).data();
        assertThat(o).isEqualTo(new Order("btc_krw,1234", "BTC_KRW", new BigDecimal("10"), new BigDecimal("5000"),
                new BigDecimal("1"), new BigDecimal("5000"), "buy", OrderStatus.PARTIAL_FILLED));
    }

    @Test
    void documentedOpenOrdersTakeTheirPairFromTheRequest() {
        FmzRequest request = new FmzRequest("korbit", "orders", FmzJson.MAPPER.createObjectNode().put("symbol", "BTC_KRW"), "", "", null);
        @SuppressWarnings("unchecked")
        List<Order> orders = (List<Order>) mapper.orders(reply("""
                {"success":true,"data":[{"orderId":1234,"orderType":"limit","side":"buy","avgPrice":"5000","price":"5000",
                "qty":"10","filledQty":"1","filledAmt":"5000","createdAt":1700000000000,"lastFilledAt":1700000000000,
                "status":"partiallyFilled"},{"orderId":1235,"orderType":"limit","side":"sell","price":"5000","qty":"10",
                "filledQty":"0","filledAmt":"0","createdAt":1700000000000,"status":"open"}]}"""), request).data();
        assertThat(orders).containsExactly(
                new Order("btc_krw,1234", "BTC_KRW", new BigDecimal("10"), new BigDecimal("5000"), new BigDecimal("1"),
                        new BigDecimal("5000"), "buy", OrderStatus.PARTIAL_FILLED),
                new Order("btc_krw,1235", "BTC_KRW", new BigDecimal("10"), new BigDecimal("5000"), BigDecimal.ZERO,
                        BigDecimal.ZERO, "sell", OrderStatus.PENDING));
    }

    @Test
    void statusesMapToFmzWords() {
        BigDecimal none = BigDecimal.ZERO;
        BigDecimal one = BigDecimal.ONE;
        BigDecimal two = new BigDecimal("2");
        assertThat(KorbitMapper.status("pending", none, two)).isEqualTo(OrderStatus.PENDING);
        assertThat(KorbitMapper.status("open", none, two)).isEqualTo(OrderStatus.PENDING);
        assertThat(KorbitMapper.status("filled", two, two)).isEqualTo(OrderStatus.FILLED);
        assertThat(KorbitMapper.status("filled", one, two)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(KorbitMapper.status("filled", one, none)).as("market buy by amount").isEqualTo(OrderStatus.FILLED);
        assertThat(KorbitMapper.status("canceled", none, two)).isEqualTo(OrderStatus.CANCELED);
        assertThat(KorbitMapper.status("partiallyFilledCanceled", one, two)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(KorbitMapper.status("expired", none, two)).isEqualTo(OrderStatus.CANCELED);
        assertThatThrownBy(() -> KorbitMapper.status("teleported", none, two)).isInstanceOf(FmzError.class);
    }

    @Test
    void documentedErrorKeepsItsCode() {
        assertThatThrownBy(() -> mapper.reply("{\"success\":false,\"error\":{\"message\":\"ORDER_NOT_FOUND\"}}"
                .getBytes(StandardCharsets.UTF_8), 404)).isInstanceOf(FmzError.class).hasMessage("ORDER_NOT_FOUND (HTTP 404)");
        assertThatThrownBy(() -> reply("{\"success\":false,\"error\":{\"message\":\"NO_BALANCE\",\"description\":\"not enough krw\"}}"))
                .hasMessage("NO_BALANCE: not enough krw");
        assertThatThrownBy(() -> reply("{\"success\":false,\"error\":{\"message\":\"DUPLICATE_CLIENT_ORDER_ID\"}}"))
                .as("already placed: the guard looks it up").isInstanceOf(OutcomeUnknown.class);
    }

    @Test
    void serverTime() {
        assertThat(mapper.serverTime(reply("{\"success\":true,\"data\":{\"time\":1700000000000}}"))).isEqualTo(1700000000000L);
    }
}
