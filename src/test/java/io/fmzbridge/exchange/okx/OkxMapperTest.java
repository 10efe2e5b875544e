package io.fmzbridge.exchange.okx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OKX's documented replies in, FMZ shapes out: no network, no Camel. */
class OkxMapperTest {

    private final OkxMapper mapper = new OkxMapper();

    private JsonNode reply(String json) {
        return mapper.reply(json.getBytes(StandardCharsets.UTF_8), 200);
    }

    @Test
    void documentedTicker() {
        JsonNode reply = reply("""
                {"code":"0","msg":"","data":[{"instType":"SPOT","instId":"BTC-USDT","last":"9999.99","lastSz":"0.1",
                "askPx":"9999.99","askSz":"11","bidPx":"8888.88","bidSz":"5","open24h":"9000","high24h":"10000",
                "low24h":"8888.88","volCcy24h":"2222","vol24h":"2222","sodUtc0":"2222","sodUtc8":"2222","ts":"1597026383085"}]}""");
        Ticker t = (Ticker) mapper.ticker(reply).data();
        assertThat(t.symbol()).isEqualTo("BTC_USDT");
        assertThat(t.buy()).isEqualByComparingTo("8888.88");
        assertThat(t.sell()).isEqualByComparingTo("9999.99");
        assertThat(t.time()).isEqualTo(1597026383085L);
    }

    @Test
    void documentedBalance() {
        JsonNode reply = reply("""
                {"code":"0","msg":"","data":[{"totalEq":"55837.43","details":[{"ccy":"USDT","availBal":"4834.31",
                "frozenBal":"158.573","cashBal":"4850.43","eq":"4992.89"}]}]}""");
        assertThat(mapper.balances(reply).data())
                .isEqualTo(List.of(new Balance("USDT", new java.math.BigDecimal("4834.31"), new java.math.BigDecimal("158.573"))));
    }

    @Test
    void documentedOrderPartlyFilled() {
        JsonNode reply = reply("""
                {"code":"0","msg":"","data":[{"instType":"SPOT","instId":"BTC-USDT","ordId":"312269865356374016",
                "clOrdId":"b1","px":"30000","sz":"0.01","ordType":"limit","side":"buy","tdMode":"cash",
                "state":"partially_filled","accFillSz":"0.004","avgPx":"29999.5","fee":"-0.000004","feeCcy":"BTC",
                "cTime":"1597026383085"}]}""");
        Order o = (Order) mapper.order(reply).data();
        assertThat(o.id()).isEqualTo("BTC-USDT,312269865356374016");
        assertThat(o.symbol()).isEqualTo("BTC_USDT");
        assertThat(o.amount()).isEqualByComparingTo("0.01");
        assertThat(o.dealAmount()).isEqualByComparingTo("0.004");
        assertThat(o.avgPrice()).isEqualByComparingTo("29999.5");
        assertThat(o.status()).isEqualTo(OrderStatus.PARTIAL_FILLED);
    }

    @Test
    void orderStatesMapToFmzWords() {
        assertThat(OkxMapper.status("live", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(OkxMapper.status("filled", true)).isEqualTo(OrderStatus.FILLED);
        assertThat(OkxMapper.status("canceled", false)).isEqualTo(OrderStatus.CANCELED);
        assertThat(OkxMapper.status("canceled", true)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(OkxMapper.status("mmp_canceled", false)).isEqualTo(OrderStatus.CANCELED);
        assertThatThrownBy(() -> OkxMapper.status("teleported", false)).isInstanceOf(FmzError.class);
    }

    @Test
    void documentedPerOrderFailureKeepsBothCodes() {
        assertThatThrownBy(() -> reply("""
                {"code":"1","msg":"All operations failed","data":[{"ordId":"","sCode":"51008",
                "sMsg":"Order failed. Insufficient USDT balance in account.","ts":"1728445289108"}]}"""))
                .isInstanceOf(FmzError.class)
                .hasMessage("code 1: All operations failed; sCode 51008: Order failed. Insufficient USDT balance in account.");
    }

    @Test
    void documentedParameterError() {
        assertThatThrownBy(() -> reply("{\"code\":\"51000\",\"msg\":\"Parameter {param0} error\",\"data\":[]}"))
                .isInstanceOf(FmzError.class).hasMessage("code 51000: Parameter {param0} error");
    }

    @Test
    void amountsSerializePlainWithEveryDigit() throws Exception {
        JsonNode reply = reply("""
                {"code":"0","msg":"","data":[{"details":[{"ccy":"BTC","availBal":"0.00000001","frozenBal":"1E-8"}]}]}""");
        String json = FmzJson.MAPPER.writeValueAsString(mapper.balances(reply).data());
        assertThat(json).isEqualTo("[{\"currency\":\"BTC\",\"free\":0.00000001,\"frozen\":0.00000001}]");
    }
}
