package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.exchange.backpack.BackpackMapper;
import io.fmzbridge.exchange.binance.BinanceMapper;
import io.fmzbridge.exchange.bithumb.BithumbMapper;
import io.fmzbridge.exchange.okx.OkxMapper;
import io.fmzbridge.exchange.upbit.UpbitMapper;
import io.fmzbridge.exchange.zerocap.ZerocapMapper;
import io.fmzbridge.fmz.FmzJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Each clock job's reader against the reply its exchange documents (the exchange notes), for the
 * readers no exchange test covers; ClockSyncTest runs the job end to end where a stub can move its clock.
 */
class ServerTimeReadersTest {

    private static JsonNode json(String text) throws Exception {
        return FmzJson.MAPPER.readTree(text);
    }

    @Test
    void okxTsInItsDataArray() throws Exception {
        assertThat(new OkxMapper().serverTime(json("{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"ts\":\"1597026383085\"}]}")))
                .isEqualTo(1597026383085L);
    }

    @Test
    void binanceServerTime() throws Exception {
        assertThat(new BinanceMapper().serverTime(json("{\"serverTime\":1499827319559}"))).isEqualTo(1499827319559L);
    }

    @Test
    void backpackABareNumberOfMilliseconds() throws Exception {
        assertThat(new BackpackMapper().serverTime(json("1700000000123"))).isEqualTo(1700000000123L);
    }

    @Test
    void upbitAndBithumbTheirDateHeaderAtTheMiddleOfItsSecond() throws Exception {
        long second = Instant.parse("2026-11-21T10:00:07Z").toEpochMilli();
        assertThat(new UpbitMapper().serverTime(json("[]"), "Sat, 21 Nov 2026 10:00:07 GMT")).isEqualTo(second + 500);
        assertThat(new BithumbMapper().serverTime(json("[]"), "Sat, 21 Nov 2026 10:00:07 GMT")).isEqualTo(second + 500);
    }

    @Test
    void zerocapSecondsOrMilliseconds() throws Exception {
        ZerocapMapper mapper = new ZerocapMapper();
        assertThat(mapper.serverTime(json("{\"timestamp\":1692346145}"))).isEqualTo(1692346145000L);
        assertThat(mapper.serverTime(json("{\"timestamp\":1692346145123}"))).isEqualTo(1692346145123L);
    }
}
