package io.fmzbridge.fmz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** FMZ sends parameters as strings or numbers, symbols in either case; all must read the same. */
class FmzRequestTest {

    private static FmzRequest request(String params) throws Exception {
        JsonNode node = FmzJson.MAPPER.readTree(params);
        return new FmzRequest("okx", "trade", node, "key", "secret", null);
    }

    @Test
    void numbersKeepTheirExactDigits() throws Exception {
        FmzRequest r = request("{\"amount\": 0.001, \"price\": 1e-3, \"tiny\": 0.00000001, \"big\": 123456789012345678.25}");
        assertThat(r.param("amount")).isEqualTo("0.001");
        assertThat(r.param("price")).isEqualTo("0.001");
        assertThat(r.param("tiny")).isEqualTo("0.00000001");
        assertThat(r.decimal("big").toPlainString()).isEqualTo("123456789012345678.25");
    }

    @Test
    void stringsAndNumbersReadAlike() throws Exception {
        assertThat(request("{\"limit\": \"30\"}").whole("limit", 5)).isEqualTo(30);
        assertThat(request("{\"limit\": 30}").whole("limit", 5)).isEqualTo(30);
        assertThat(request("{\"limit\": 0}").whole("limit", 5)).as("0 means unspecified").isEqualTo(5);
        assertThat(request("{}").whole("limit", 5)).isEqualTo(5);
        assertThat(request("{\"limit\": \"\"}").whole("limit", 5)).isEqualTo(5);
    }

    @Test
    void badNumbersAreClearErrors() throws Exception {
        assertThatThrownBy(() -> request("{\"limit\": \"ten\"}").whole("limit", 5))
                .isInstanceOf(FmzError.class).hasMessage("parameter 'limit' is not a whole number: 'ten'");
        assertThatThrownBy(() -> request("{\"limit\": 2.5}").whole("limit", 5)).isInstanceOf(FmzError.class);
        assertThatThrownBy(() -> request("{\"limit\": -1}").whole("limit", 5)).isInstanceOf(FmzError.class);
        assertThatThrownBy(() -> request("{\"amount\": \"1,5\"}").decimal("amount"))
                .isInstanceOf(FmzError.class).hasMessage("parameter 'amount' is not a number: '1,5'");
        assertThatThrownBy(() -> request("{\"amount\": 1e999999}").decimal("amount"))
                .isInstanceOf(FmzError.class).hasMessage("parameter 'amount' is out of range: '1E+999999'");
        assertThatThrownBy(() -> request("{\"amount\": \"1e-999999\"}").decimal("amount"))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("parameter 'amount' is out of range");
        assertThatThrownBy(() -> request("{\"amount\": {\"x\": 1}}").decimal("amount"))
                .isInstanceOf(FmzError.class).hasMessage("parameter 'amount' must be a string or a number");
    }

    @Test
    void symbolsInEitherCase() throws Exception {
        assertThat(request("{\"symbol\": \"eth_usdt\"}").symbol()).isEqualTo(new FmzSymbol("ETH", "USDT", null));
        assertThat(request("{\"symbol\": \"BTC_USDT.SWAP\"}").symbol()).isEqualTo(new FmzSymbol("BTC", "USDT", "swap"));
        assertThat(FmzSymbol.parse("1inch_usdt").join("-")).isEqualTo("1INCH-USDT");
    }

    @Test
    void incompleteSymbolsAreRejected() {
        for (String bad : new String[] {"USDT", "BTC_", "_USDT", "BTC-USDT", "BTC_USDT_X", "BTC USDT", "BTC_USDT."}) {
            assertThatThrownBy(() -> FmzSymbol.parse(bad)).as(bad).isInstanceOf(FmzError.class)
                    .hasMessageContaining("malformed symbol");
        }
    }

    @Test
    void theSecretIsNeverPrinted() throws Exception {
        FmzRequest r = new FmzRequest("okx", "accounts", FmzJson.MAPPER.readTree("{}"), "key", "topsecret,phrase", null);
        assertThat(r.toString()).doesNotContain("topsecret").doesNotContain("phrase");
    }
}
