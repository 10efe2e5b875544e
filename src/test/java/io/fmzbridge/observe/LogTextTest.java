package io.fmzbridge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.fmz.FmzJson;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What DEBUG lines may print of requests and replies. */
class LogTextTest {

    /** The console's second guard in log4j2.properties: lines it matches are dropped. */
    private static final Pattern CONSOLE_GUARD = Pattern.compile("(?s).*[?&]signature=.*");

    @Test
    void theEnvelopeKeepsNoSecretAndOnlyTheStartOfTheKey() throws Exception {
        String shown = LogText.envelope(FmzJson.MAPPER.readTree("""
                {"access_key":"AKIA1234567890","secret_key":"s3cr3t,pass","method":"ticker","nonce":1,
                 "params":{"symbol":"BTC_USDT","apiKey":"other-key"}}"""));
        assertThat(shown).isEqualTo("{\"access_key\":\"AKIA…\",\"secret_key\":\"***\",\"method\":\"ticker\",\"nonce\":1,"
                + "\"params\":{\"symbol\":\"BTC_USDT\",\"apiKey\":\"***\"}}");
        assertThat(LogText.keyStart("short-key")).isEqualTo("***");
    }

    @Test
    void aQuerySignatureIsLeftOutAndTheLinePassesTheConsoleGuard() {
        String shown = LogText.request("GET", "/api/v3/order", "symbol=BTCUSDT&timestamp=1700000000000&signature=ab12cd", "", null);
        assertThat(shown).isEqualTo("GET /api/v3/order?symbol=BTCUSDT&timestamp=1700000000000&<signature redacted>");
        assertThat(CONSOLE_GUARD.matcher(shown).matches()).isFalse();
    }

    @Test
    void formAndJsonBodiesLoseTheirCredentialFields() {
        assertThat(LogText.request("POST", "/v2/orders", "", "symbol=btc_krw&timestamp=1&signature=ff00",
                "application/x-www-form-urlencoded")).isEqualTo("POST /v2/orders body symbol=btc_krw&timestamp=1&<signature redacted>");
        assertThat(LogText.request("POST", "/v2/order", "", "{\"access_token\":\"tok\",\"nonce\":\"n\",\"orders\":[{\"Sign\":\"x\",\"qty\":\"1\"}]}",
                "application/json")).isEqualTo("POST /v2/order body {\"access_token\":\"***\",\"nonce\":\"n\",\"orders\":[{\"Sign\":\"***\",\"qty\":\"1\"}]}");
    }

    @Test
    void aBodyThatCannotBeReadIsNotShown() {
        // Coinone sends its JSON request base64-encoded: the access token is inside, under no name
        String payload = java.util.Base64.getEncoder().encodeToString("{\"access_token\":\"tok\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(LogText.request("POST", "/v2.1/account/balance/all", "", payload, "application/json"))
                .isEqualTo("POST /v2.1/account/balance/all body (" + payload.length() + " characters, not shown)");
        assertThat(LogText.request("POST", "/x", "", "opaque", null)).endsWith("body (6 characters, not shown)");
    }

    @Test
    void repliesAreOneLineAndBounded() {
        assertThat(LogText.reply("{\"a\":\n1}".getBytes(StandardCharsets.UTF_8))).isEqualTo("{\"a\": 1}");
        String longReply = LogText.reply("x".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        assertThat(longReply).isEqualTo("x".repeat(LogText.MAX_BODY) + "…(10000 bytes)");
        assertThat(LogText.reply(null)).isEqualTo("(none)");
    }

    @Test
    void callerTextIsOnePrintableWord() {
        assertThat(LogText.word("BTC_USDT", 32)).isEqualTo("BTC_USDT");
        assertThat(LogText.word("a b\nc", 32)).isEqualTo("a?b?c");
        assertThat(LogText.word("x".repeat(40), 32)).isEqualTo("x".repeat(32) + "…");
        assertThat(LogText.word(null, 32)).isEqualTo("-");
    }

    @Test
    void anErrorForTheStatusPageLosesTheCallsCredentialsWhereverTheyStand() {
        String echoed = "invalid key 5b3c6d7e-okx-key-0001 or secret s3cr3t-value-99, passphrase My-Pass.1 for this account";
        assertThat(LogText.error(echoed, java.util.List.of("5b3c6d7e-okx-key-0001", "s3cr3t-value-99,My-Pass.1")))
                .isEqualTo("invalid key *** or secret ***, passphrase *** for this account");
    }

    @Test
    void anErrorForTheStatusPageLosesCredentialPairsByName() {
        assertThat(LogText.error("GET /api/v3/order?symbol=BTCUSDT&timestamp=1&signature=ab12cd refused", java.util.List.of()))
                .isEqualTo("GET /api/v3/order?symbol=BTCUSDT&timestamp=1&signature=*** refused");
        assertThat(LogText.error("{\"apiKey\":\"k-123\",\"msg\":\"bad\"} Authorization: Bearer eyJhbGciOi.x.y", java.util.List.of()))
                .isEqualTo("{\"apiKey\":\"***\",\"msg\":\"bad\"} Authorization: ***");
        assertThat(LogText.error("code 51001: Instrument ID doesn't exist.", java.util.List.of("", "short")))
                .as("ordinary words pass, and a short credential is not looked for").isEqualTo("code 51001: Instrument ID doesn't exist.");
    }

    @Test
    void anErrorForTheStatusPageIsOneBoundedLine() {
        String shown = LogText.error("first line\nsecond\tline " + "x".repeat(1000), java.util.List.of());
        assertThat(shown).startsWith("first line second line x").endsWith("…").hasSize(LogText.MAX_ERROR + 1);
    }
}
