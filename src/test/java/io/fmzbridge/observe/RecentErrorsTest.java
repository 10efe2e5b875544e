package io.fmzbridge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The last errors the status page shows: a few per exchange, newest first, without credentials. */
class RecentErrorsTest {

    private final RecentErrors errors = new RecentErrors(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void eachExchangeKeepsItsLastFewNewestFirst() {
        for (int i = 1; i <= 7; i++) {
            errors.add("okx", "ticker", "error " + i, List.of());
        }
        errors.add("binance", "GetDepth", "busy", List.of());

        assertThat(errors.of("okx")).extracting(RecentErrors.Recent::error)
                .containsExactly("error 7", "error 6", "error 5", "error 4", "error 3");
        assertThat(errors.of("binance")).singleElement().satisfies(recent -> {
            assertThat(recent.method()).isEqualTo("GetDepth");
            assertThat(recent.at()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        });
        assertThat(errors.of("kraken")).isEmpty();
    }

    @Test
    void theCallsKeysAndAnUnprintableMethodAreNotKept() {
        errors.add("okx", "Get\nTicker", "key AKIA-0123-4567 has no permission", List.of("AKIA-0123-4567", "secret-0123,pass-0456"));
        RecentErrors.Recent recent = errors.of("okx").get(0);
        assertThat(recent.error()).isEqualTo("key *** has no permission");
        assertThat(recent.method()).isEqualTo("Get?Ticker");
    }
}
