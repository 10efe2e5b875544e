package io.fmzbridge.observe;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.LogCapture;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The log as an operator reads it: one INFO line per FMZ call, and nothing secret even at DEBUG. */
class CallLogTest {

    private static final String KEY = "calllog-api-key-7f3e";
    private static final String SECRET = "C0FFEE5EC12E7B3D5A6F8E0C2B4D6A8F";
    private static final String PASSPHRASE = "Log-pass.phrase";
    private static final Pattern CALL_LINE =
            Pattern.compile("INFO io\\.fmzbridge\\.observe\\.CallLog (\\S+) (\\S+) (\\S+) (\\d+\\.\\d) ms (ok|error: .+)");

    private static OkxStub okx;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        okx = OkxStub.start();
        okx.addAccount(KEY, SECRET, PASSPHRASE);
        bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl()));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        okx.close();
    }

    @Test
    void eachCallIsOneInfoLineWithItsFieldsAndNoSecretAtAnyLevel() throws Exception {
        String text;
        try (LogCapture log = new LogCapture()) {
            bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT"));
            bridge.call("/OKX", envelope("ticker", "", "", "symbol", "NOPE_USDT"));
            bridge.call("/OKX", envelope("accounts", KEY, SECRET + "," + PASSPHRASE));
            bridge.call("/OKX", envelope("accounts", KEY, SECRET + ",wrong-" + PASSPHRASE));
            bridge.call("/OKX", envelope("trade", KEY, SECRET + "," + PASSPHRASE,
                    "symbol", "BTC_USDT", "type", "buy", "amount", "0.01", "price", "20000"));
            bridge.call("/OKX", envelope("ticker\nINFO forged line", "", "", "symbol", "BTC_USDT"));
            text = log.text();
        }

        List<String[]> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.contains("io.fmzbridge.observe.CallLog")) {
                Matcher fields = CALL_LINE.matcher(line.strip());
                assertThat(fields.matches()).as("call line: %s", line).isTrue();
                lines.add(new String[] {fields.group(1), fields.group(2), fields.group(3), fields.group(5)});
            }
        }
        assertThat(lines).as(text).hasSize(6);
        assertThat(lines.get(0)).containsExactly("OKX", "ticker", "BTC_USDT", "ok");
        assertThat(lines.get(1)).containsExactly("OKX", "ticker", "NOPE_USDT",
                "error: code 51001: Instrument ID, Instrument ID code or Spread ID doesn't exist.");
        assertThat(lines.get(2)).containsExactly("OKX", "accounts", "-", "ok");
        assertThat(lines.get(3)[3]).as("the words the strategy got").isEqualTo(
                "error: code 50105: Request header OK-ACCESS-PASSPHRASE incorrect. (HTTP 401)");
        assertThat(lines.get(4)).containsExactly("OKX", "trade", "BTC_USDT", "ok");
        assertThat(lines.get(5)[1]).as("a caller cannot write lines of its own").isEqualTo("ticker?INFO?forged?line");

        assertThat(text).as("DEBUG shows the envelope, redacted").contains("\"secret_key\":\"***\"")
                .contains("\"access_key\":\"call…\"");
        assertThat(text).as("DEBUG shows the exchange request").contains("okx request GET /api/v5/market/ticker?instId=BTC-USDT")
                .contains("okx request POST /api/v5/trade/order body {");
        assertThat(text).as("DEBUG shows the exchange's reply").contains("exchange reply HTTP 200: {\"code\":\"0\"");
        assertThat(text).as("DEBUG shows the reply to FMZ").contains("reply {\"data\":");

        List<String> signatures = okx.requests().stream().map(r -> r.headers().get("ok-access-sign"))
                .filter(s -> s != null).toList();
        assertThat(signatures).isNotEmpty();
        assertThat(text).doesNotContain(KEY).doesNotContain(SECRET).doesNotContain(PASSPHRASE);
        for (String signature : signatures) {
            assertThat(text).doesNotContain(signature);
        }
    }

    @Test
    void theCallLineCanBeTurnedOff() throws Exception {
        try (RunningBridge quiet = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.log.calls", "false"));
             LogCapture log = new LogCapture()) {
            assertThat(quiet.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT")).has("data")).isTrue();
            assertThat(log.text()).contains("ReplyWriter").doesNotContain("CallLog");
        }
    }

    @Test
    void latencyIsWrittenInMillisecondsToOneDecimal() {
        assertThat(CallLog.millis(1_849_999)).isEqualTo("1.8");
        assertThat(CallLog.millis(1_850_000)).isEqualTo("1.9");
        assertThat(CallLog.millis(12_000)).isEqualTo("0.0");
        assertThat(CallLog.millis(10_000_000_000L)).isEqualTo("10000.0");
    }
}
