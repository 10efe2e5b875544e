package io.fmzbridge;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.Testnets;
import io.fmzbridge.exchange.binance.BinanceStub;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

/** fmz.exchange.<id>.testnet: an exchange's published test environment, or a start refused with the reason. */
class TestnetsTest {

    @Test
    void anExchangeWithoutATestEnvironmentStopsTheStartWithTheReason() {
        assertThatThrownBy(() -> RunningBridge.start(Map.of("fmz.exchange.kraken.testnet", "true")))
                .satisfies(failure -> assertThat(messages(failure)).contains("fmz.exchange.kraken.testnet=true, but kraken"
                        + " has no test environment: Kraken has no spot test environment"));
        assertThatThrownBy(() -> RunningBridge.start(Map.of("fmz.exchange.upbit.testnet", "true")))
                .satisfies(failure -> assertThat(messages(failure)).contains("Upbit publishes no test environment"));
    }

    @Test
    void everyPackagedExchangeEitherHasATestEnvironmentOrSaysWhyNot() {
        Properties packaged = BridgeDefaults.properties();
        for (String exchange : List.of("okx", "backpack", "zerocap", "binance", "upbit", "bithumb", "korbit", "coinone",
                "coinbase", "kraken", "bitfinex")) {
            String prefix = "fmz.exchange." + exchange + ".";
            assertThat(packaged.getProperty(prefix + "testnet")).as(exchange).isEqualTo("false");
            boolean hasOne = packaged.stringPropertyNames().stream().anyMatch(key -> key.startsWith(prefix + "testnet."));
            assertThat(hasOne || packaged.getProperty(prefix + "testnet-none") != null)
                    .as(exchange + ": a test environment or the reason it has none").isTrue();
        }
    }

    @Test
    void onlyTheChosenExchangesSettingsAreReplaced() {
        Properties settings = new Properties();
        settings.setProperty("fmz.exchange.binance.testnet", "true");
        settings.setProperty("fmz.exchange.binance.testnet.base-url", "https://testnet.example");
        settings.setProperty("fmz.exchange.okx.testnet", "false");
        settings.setProperty("fmz.exchange.okx.testnet.ws-url", "wss://demo.example");

        Testnets testnets = Testnets.of(settings);

        assertThat(testnets.exchanges()).containsExactly("binance");
        assertThat(testnets.getProperty("fmz.exchange.binance.base-url")).isEqualTo("https://testnet.example");
        assertThat(testnets.getProperty("fmz.exchange.okx.ws-url")).isNull();
        assertThat(Testnets.of(new Properties()).exchanges()).isEmpty();
    }

    @Test
    void binancesTestnetTakesEveryCallAndSaysTestnetAtStartAndOnTheStatusPage() throws Exception {
        int managementPort = AvailablePortFinder.getNextAvailable();
        try (BinanceStub testnet = BinanceStub.start();
             LogCapture log = new LogCapture("%level %c{1} %m%n");
             RunningBridge bridge = RunningBridge.start(Map.of(
                     "fmz.management.enabled", "true",
                     "fmz.management.port", String.valueOf(managementPort),
                     "fmz.exchange.binance.testnet", "true",
                     // the test environment's addresses, here a stub standing in for testnet.binance.vision
                     "fmz.exchange.binance.testnet.base-url", testnet.baseUrl(),
                     "fmz.exchange.binance.testnet.ws-url", "ws://127.0.0.1:1"))) {
            testnet.addAccount("testnet-key", "testnet-secret");

            JsonNode account = bridge.call("/Binance", envelope("accounts", "testnet-key", "testnet-secret"));

            assertThat(account.has("data")).as(account.toString()).isTrue();
            assertThat(testnet.requestsTo("/api/v3/account")).hasSize(1);
            assertThat(property(bridge, "fmz.exchange.binance.fapi-base-url")).isEqualTo("https://testnet.binancefuture.com");
            assertThat(property(bridge, "fmz.exchange.binance.dapi-base-url")).isEqualTo("https://testnet.binancefuture.com");
            assertThat(log.text().lines().filter(line -> line.startsWith("INFO StartupSummary exchanges")))
                    .singleElement().asString().contains("binance TESTNET " + testnet.baseUrl())
                    .contains("okx http://127.0.0.1:1");
            JsonNode status = RunningBridge.JSON.readTree(bridge.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/observe/status.json")).GET().build()).body());
            assertThat(status.path("exchanges").findValues("exchange")).extracting(JsonNode::asText).contains("binance");
            for (JsonNode exchange : status.path("exchanges")) {
                assertThat(exchange.path("testnet").asBoolean()).as(exchange.path("exchange").asText())
                        .isEqualTo(exchange.path("exchange").asText().equals("binance"));
            }
        }
    }

    @Test
    void okxDemoTradingMarksEverySignedCallAndUsesTheDemoStream() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of(
                     "fmz.exchange.okx.testnet", "true",
                     // OKX's demo trading is its production REST host; here a stub stands in for it
                     "fmz.exchange.okx.base-url", okx.baseUrl()))) {
            okx.addAccount("demo-key", "demo-secret", "demo-pass");

            JsonNode account = bridge.call("/OKX", envelope("accounts", "demo-key", "demo-secret,demo-pass"));

            assertThat(account.has("data")).as(account.toString()).isTrue();
            StubRequest sent = okx.requestsTo("/api/v5/account/balance").get(0);
            assertThat(sent.header("x-simulated-trading")).as("without ',simulate' in the key's secret").isEqualTo("1");
            assertThat(property(bridge, "fmz.exchange.okx.ws-url")).isEqualTo("wss://wspap.okx.com:8443/ws/v5/public");
        }
    }

    @Test
    void withoutTheSettingOkxCallsAreLiveUnlessTheKeySaysSimulate() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl()))) {
            okx.addAccount("live-key", "live-secret", "live-pass");

            assertThat(bridge.call("/OKX", envelope("accounts", "live-key", "live-secret,live-pass")).has("data")).isTrue();

            assertThat(okx.requestsTo("/api/v5/account/balance").get(0).header("x-simulated-trading")).isNull();
        }
    }

    private static String property(RunningBridge bridge, String key) {
        return bridge.context().getPropertiesComponent().resolveProperty(key).orElseThrow();
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
