package io.fmzbridge.declarative;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packaged exchange changed without Java: the user's folder holds an edited copy of okx.camel.yaml
 * whose ticker branch maps OKX's reply declaratively, and the packaged file is left out in its favour.
 */
class OverriddenExchangeTest {

    /** The edit a user makes: GetTicker's Open becomes OKX's UTC+8 day open instead of the rolling 24 h one. */
    static final String DAY_OPEN_TICKER = """
                - name: okxDayOpenTicker
                  type: io.fmzbridge.declarative.DeclaredReplies
                  properties:
                    ticker: {item: /data/0, buy: /bidPx, sell: /askPx, high: /high24h, low: /low24h,
                             open: /sodUtc8, last: /last, vol: /vol24h, time: /ts}
            """;
    static final String PACKAGED_TICKER_MAPPER = "- bean: {ref: okxMapper, method: ticker}";

    @Test
    void anEditedCopyReplacesThePackagedFile(@TempDir Path userRoutes) throws Exception {
        String packaged = Files.readString(Path.of("routes/okx.camel.yaml"));
        assertThat(packaged).contains("- beans:\n", PACKAGED_TICKER_MAPPER);
        Files.writeString(userRoutes.resolve("okx.camel.yaml"), packaged
                .replace("- beans:\n", "- beans:\n" + DAY_OPEN_TICKER)
                .replace(PACKAGED_TICKER_MAPPER, "- bean: {ref: okxDayOpenTicker, method: ticker}"));

        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of(
                     "fmz.routes.extra", "file:" + userRoutes.toAbsolutePath() + "/*.camel.yaml",
                     // the packaged file, as fmz.routes.packaged names it
                     "camel.main.routes-exclude-pattern", "classpath:routes/okx.camel.yaml",
                     "fmz.exchange.okx.base-url", okx.baseUrl()))) {
            JsonNode ticker = bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT"));
            assertThat(ticker.path("data").path("open").decimalValue()).as("sodUtc8").isEqualByComparingTo("2222");
            assertThat(ticker.path("data").path("buy").decimalValue()).isEqualByComparingTo("8888.88");
            assertThat(ticker.path("data").path("time").asLong()).isEqualTo(1597026383085L);

            // the rest of OKX is untouched: errors still read by okxMapper, depth still mapped in Java
            assertThat(bridge.call("/OKX", envelope("ticker", "", "", "symbol", "NOPE_USDT")).path("error").asText())
                    .isEqualTo("OKX: code 51001: Instrument ID, Instrument ID code or Spread ID doesn't exist.");
            assertThat(bridge.call("/OKX", envelope("depth", "", "", "symbol", "BTC_USDT", "limit", "2"))
                    .path("data").path("asks")).hasSize(2);
        }
    }
}
