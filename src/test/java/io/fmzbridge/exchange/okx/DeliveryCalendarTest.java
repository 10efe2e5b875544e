package io.fmzbridge.exchange.okx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OKX's delivery aliases: its own where given, the delivery calendar's where OKX leaves the deprecated field empty. */
class DeliveryCalendarTest {

    @Test
    void okxsOwnAliasWins() throws Exception {
        // OKX's FUTURES list as recorded (nautilus-okx test data, instruments FUTURES), trimmed to the fields read
        JsonNode list = FmzJson.MAPPER.readTree("""
                [{"alias":"this_week","expTime":"1734681600000","instFamily":"BTC-USD","instId":"BTC-USD-241220"},
                 {"alias":"next_week","expTime":"1735286400000","instFamily":"BTC-USD","instId":"BTC-USD-241227"}]""");
        assertThat(DeliveryCalendar.aliases(list)).containsEntry("BTC-USD-241220", "this_week")
                .containsEntry("BTC-USD-241227", "next_week");
    }

    @Test
    void withoutAliasesTheCalendarNamesThem() throws Exception {
        // Fridays 08:00 UTC: 2025-03-07 and 03-14 weekly, 03-28 (last of March) and 06-27 quarterly, 04-25 monthly
        JsonNode list = FmzJson.MAPPER.readTree("""
                [{"alias":"","expTime":"1743148800000","instFamily":"BTC-USD","instId":"BTC-USD-250328"},
                 {"alias":"","expTime":"1741334400000","instFamily":"BTC-USD","instId":"BTC-USD-250307"},
                 {"alias":"","expTime":"1741939200000","instFamily":"BTC-USD","instId":"BTC-USD-250314"},
                 {"alias":"","expTime":"1745568000000","instFamily":"BTC-USD","instId":"BTC-USD-250425"},
                 {"alias":"","expTime":"1751011200000","instFamily":"BTC-USD","instId":"BTC-USD-250627"},
                 {"alias":"","expTime":"1743148800000","instFamily":"BTC-USDT","instId":"BTC-USDT-250328"}]""");
        Map<String, String> aliases = DeliveryCalendar.aliases(list);
        assertThat(aliases).containsEntry("BTC-USD-250307", "this_week").containsEntry("BTC-USD-250314", "next_week")
                .containsEntry("BTC-USD-250425", "this_month").containsEntry("BTC-USD-250328", "quarter")
                .containsEntry("BTC-USD-250627", "next_quarter").containsEntry("BTC-USDT-250328", "quarter");
    }
}
