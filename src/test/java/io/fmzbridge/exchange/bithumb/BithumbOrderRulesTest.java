package io.fmzbridge.exchange.bithumb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What /v1/orders/chance tells, kept for a minute and applied to orders. */
class BithumbOrderRulesTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-06T03:00:00Z"));
    private final BithumbOrderRules rules = new BithumbOrderRules(new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });

    private static FmzRequest trade(String type, String amount, String price) {
        var params = FmzJson.MAPPER.createObjectNode().put("symbol", "BTC_KRW").put("type", type)
                .put("amount", amount).put("price", price);
        return new FmzRequest("bithumb", "trade", params, "key", "secret", null);
    }

    private void keep(String chance) throws Exception {
        rules.keep(FmzJson.MAPPER.readTree(chance), trade("buy", "1", "1"));
    }

    @Test
    void keptForAMinute() throws Exception {
        assertThat(rules.stale(trade("buy", "1", "1"))).isTrue();
        keep("{\"market\":{\"bid\":{\"price_unit\":\"1000\",\"min_total\":\"5000\"},\"ask\":{},\"max_total\":\"0\"}}");
        assertThat(rules.stale(trade("buy", "1", "1"))).isFalse();
        now.set(now.get().plus(Duration.ofSeconds(61)));
        assertThat(rules.stale(trade("buy", "1", "1"))).isTrue();
    }

    @Test
    void eachSideHasItsOwnUnitAndMinimumAndNoUnitMeansNoTickCheck() throws Exception {
        keep("{\"market\":{\"bid\":{\"currency\":\"KRW\",\"price_unit\":1000,\"min_total\":5000},"
                + "\"ask\":{\"currency\":\"BTC\",\"price_unit\":null,\"min_total\":\"10000\"},\"max_total\":\"1000000000\"}}");
        assertThatThrownBy(() -> rules.check(trade("buy", "0.001", "8000500"))).hasMessageStartingWith("price 8000500 is not a multiple");
        assertThatCode(() -> rules.check(trade("sell", "0.01", "8000500"))).as("the ask side names no unit").doesNotThrowAnyException();
        assertThatThrownBy(() -> rules.check(trade("sell", "0.001", "8000000")))
                .hasMessage("order value (price × amount) 8000 is below BTC_KRW's minimum 10000");
        assertThatCode(() -> rules.check(trade("sell", "0.0000001", "-1"))).as("a market sell's value is Bithumb's to judge")
                .doesNotThrowAnyException();
    }
}
