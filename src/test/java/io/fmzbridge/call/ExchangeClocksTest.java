package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.observe.CallMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExchangeClocksTest {

    @Test
    void anExchangesMeasuredOffsetIsShownInSecondsFromItsFirstMeasurement() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Clock host = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
        ExchangeClocks clocks = new ExchangeClocks(host, new CallMetrics(() -> registry));
        assertThat(registry.find("fmz.clock.offset").gauges()).as("nothing measured, nothing shown").isEmpty();

        // sent 100 ms ago by the host's clock; the server stamped its reply 1.5 s behind the round trip's middle
        clocks.update("upbit", host.millis() - 100, host.millis() - 50 - 1500);

        assertThat(clocks.offsetMs("upbit")).isEqualTo(-1500);
        assertThat(registry.get("fmz.clock.offset").tag("exchange", "upbit").gauge().value()).isEqualTo(-1.5);
        clocks.update("upbit", host.millis() - 100, host.millis() - 50 + 250);
        assertThat(registry.get("fmz.clock.offset").tag("exchange", "upbit").gauge().value())
                .as("the latest measurement").isEqualTo(0.25);
    }
}
