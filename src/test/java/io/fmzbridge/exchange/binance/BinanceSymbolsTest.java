package io.fmzbridge.exchange.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzSymbol;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** When the bridge fetches exchangeInfo, and what the map makes of it. */
class BinanceSymbolsTest {

    private static final String INFO = """
            {"symbols":[{"symbol":"BTCUSDT","baseAsset":"BTC","quoteAsset":"USDT"},
                        {"symbol":"USDTTRY","baseAsset":"USDT","quoteAsset":"TRY"},
                        {"symbol":"BNBFDUSD","baseAsset":"BNB","quoteAsset":"FDUSD"},
                        {"symbol":"1000SATSUSDT","baseAsset":"1000SATS","quoteAsset":"USDT"}]}""";

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final BinanceSymbols symbols = new BinanceSymbols(Duration.ofSeconds(10), clock);

    private static JsonNode json(String text) throws Exception {
        return FmzJson.MAPPER.readTree(text);
    }

    @Test
    void theMapComesFromBaseAndQuoteAssetsNotFromTheText() throws Exception {
        BinanceSymbolMap map = BinanceSymbolMap.from(json(INFO));
        assertThat(map.fmzSymbol("USDTTRY")).isEqualTo(new FmzSymbol("USDT", "TRY", null));
        assertThat(map.fmzSymbol("BNBFDUSD").toString()).isEqualTo("BNB_FDUSD");
        assertThat(map.fmzSymbol("1000SATSUSDT").toString()).isEqualTo("1000SATS_USDT");
        assertThat(map.find("NOPE")).isEmpty();
        assertThatThrownBy(() -> BinanceSymbolMap.from(json("{\"code\":-1}"))).isInstanceOf(FmzError.class);
    }

    @Test
    void loadsOnFirstUseThenOnlyForASymbolItLacks() throws Exception {
        JsonNode btcOrder = json("{\"symbol\":\"BTCUSDT\",\"orderId\":1}");
        assertThat(symbols.needsReload(btcOrder)).as("nothing loaded yet").isTrue();
        symbols.load(json(INFO));

        clock.now = clock.now.plusSeconds(60);
        assertThat(symbols.needsReload(btcOrder)).isFalse();
        assertThat(symbols.needsReload(json("[{\"symbol\":\"USDTTRY\"},{\"symbol\":\"BNBFDUSD\"}]"))).isFalse();
        assertThat(symbols.needsReload(json("[]"))).isFalse();
        assertThat(symbols.needsReload(json("[{\"symbol\":\"USDTTRY\"},{\"symbol\":\"NEWUSDT\"}]"))).as("a new listing").isTrue();
    }

    @Test
    void aSymbolExchangeInfoLacksCostsAtMostOneReloadPerInterval() throws Exception {
        symbols.needsReload(json("{}"));
        symbols.load(json(INFO));
        clock.now = clock.now.plusSeconds(10);
        JsonNode ghost = json("{\"symbol\":\"GHOSTUSDT\"}");
        assertThat(symbols.needsReload(ghost)).isTrue();
        symbols.load(json(INFO));
        assertThat(symbols.needsReload(ghost)).isFalse();
        clock.now = clock.now.plusSeconds(9);
        assertThat(symbols.needsReload(ghost)).isFalse();
        clock.now = clock.now.plusSeconds(1);
        assertThat(symbols.needsReload(ghost)).isTrue();
    }

    @Test
    void aFailedReloadServesOnWithTheMapInHandButNotWithoutOne() throws Exception {
        SocketTimeoutException timeout = new SocketTimeoutException("Read timed out");
        assertThatThrownBy(() -> symbols.reloadFailed(timeout)).isInstanceOf(FmzError.class)
                .hasMessage("Binance's symbol list (GET /api/v3/exchangeInfo) could not be loaded: no reply in time");
        assertThatThrownBy(() -> symbols.reloadFailed(new RuntimeException(new FmzError("code -1003: Too many requests."))))
                .hasMessage("Binance's symbol list (GET /api/v3/exchangeInfo) could not be loaded: code -1003: Too many requests.");

        symbols.load(json(INFO));
        symbols.reloadFailed(timeout);
        assertThat(symbols.current().knows("BTCUSDT")).isTrue();
    }
}
