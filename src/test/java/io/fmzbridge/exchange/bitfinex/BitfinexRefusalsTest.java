package io.fmzbridge.exchange.bitfinex;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which of Bitfinex's HTTP 500 bodies are refusals (the breaker ignores them) and which are outages. */
class BitfinexRefusalsTest {

    private final BitfinexRefusals refusals = new BitfinexRefusals();

    @ParameterizedTest(name = "{0} → refusal {1}")
    @CsvSource(delimiter = '|', value = {
            "[\"error\",10020,\"symbol: invalid\"]|true",
            "[\"error\",10114,\"nonce: small\"]|true",
            "[\"error\",10100,\"apikey: invalid\"]|true",
            "[\"error\",10001,\"Invalid order: not enough exchange balance\"]|true",
            "{\"error\":\"ERR_RATE_LIMIT\"}|true",
            "[\"error\",20060,\"maintenance\"]|false",
            "[\"error\",10000,\"unknown error\"]|false",
            "[\"error\",\"x\",\"no code\"]|false",
            "{\"code\":503,\"error\":\"temporarily_unavailable\"}|false",
            "<html>Bad Gateway</html>|false",
            "[\"error\",10020|false"})
    void tellsRefusalsFromOutages(String body, boolean refusal) {
        assertThat(refusals.isRefusal(body.getBytes(UTF_8))).isEqualTo(refusal);
    }
}
