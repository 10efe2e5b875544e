package io.fmzbridge.declarative;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.RunningBridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route file with a mistake stops the start and says where and what: the file, the bean, and what
 * was expected. Each case is examples/bitget.camel.yaml with one edit a user could make.
 */
class BrokenRouteFileTest {

    @TempDir
    Path userRoutes;

    private void startsWith(String from, String to) throws Exception {
        String example = Files.readString(Path.of("examples/bitget.camel.yaml"));
        if (!example.contains(from)) {
            throw new AssertionError("the example no longer holds '" + from + "'");
        }
        Files.writeString(userRoutes.resolve("bitget.camel.yaml"), example.replace(from, to));
        try (RunningBridge bridge = RunningBridge.start(Map.of(
                "fmz.routes.extra", "file:" + userRoutes.toAbsolutePath() + "/*.camel.yaml"))) {
            throw new AssertionError("the bridge started");
        }
    }

    private String file() {
        return "file:" + userRoutes.toAbsolutePath() + "/bitget.camel.yaml";
    }

    @Test
    void anUnknownPropertyNamesTheFileTheBeanAndTheWordsItTakes() {
        assertThatThrownBy(() -> startsWith("          time: /0\n", "          tme: /0\n"))
                .hasStackTraceContaining(file())
                .hasStackTraceContaining("bean: bitgetReplies")
                .hasStackTraceContaining("name: tme on bean: records (its properties: close, high, list, low, open, time, volume)");
    }

    @Test
    void aMethodRoutedWithoutItsPointersIsNamedWithWhatItNeeds() {
        assertThatThrownBy(() -> startsWith("        placedId: /data/orderId\n", ""))
                .hasStackTraceContaining(file() + " line ")
                .hasStackTraceContaining("route bitget: bean bitgetReplies: the route maps 'placed' with it, which needs placedId declared");
        assertThatThrownBy(() -> startsWith("          side: /side\n        # [ts", "        # [ts"))
                .hasStackTraceContaining("the route maps 'trades' with it, which needs trades.side declared");
    }

    @Test
    void aMethodTheBeanDoesNotHaveIsNamedWithTheFileTheLineAndTheMethodsItHas() {
        assertThatThrownBy(() -> startsWith("method: ticker}", "method: tickr}"))
                .hasStackTraceContaining(file() + " line ")
                .hasStackTraceContaining("route bitget: bean bitgetReplies has no method 'tickr'; its methods for a route's step:"
                        + " reply, ticker, tickers, depth, trades, records, markets, balances, placed, order, orders, historyOrders,"
                        + " canceled, passThrough, serverTime");
        assertThatThrownBy(() -> startsWith("method: historyOrders}", "method: historyorders}"))
                .hasStackTraceContaining(file() + " line ")
                .hasStackTraceContaining("bean bitgetReplies has no method 'historyorders'");
        assertThatThrownBy(() -> startsWith("{ref: bitgetRequests, method: call}", "{ref: bitgetRequests, method: cal}"))
                .hasStackTraceContaining(file() + " line ")
                .hasStackTraceContaining("bean bitgetRequests has no method 'cal'; its methods for a route's step: call");
    }

    @Test
    void orderIdsWrittenInOneSpellingAndReadInAnotherAreNamed() throws Exception {
        // OKX in YAML alone, its replies bean left reading FMZ's spelling
        String okx = Files.readString(Path.of("src/test/resources/yaml-only/okx.camel.yaml"));
        String readsExchangeSpelling = "        symbol: \"{base}-{quote}\"\n        orderIdMarket: exchange\n";
        if (!okx.contains(readsExchangeSpelling)) {
            throw new AssertionError("the OKX file no longer holds '" + readsExchangeSpelling + "'");
        }
        Files.writeString(userRoutes.resolve("okx.camel.yaml"), okx.replace(readsExchangeSpelling, "        symbol: \"{base}-{quote}\"\n"));
        String file = "file:" + userRoutes.toAbsolutePath() + "/okx.camel.yaml";
        assertThatThrownBy(() -> {
            try (RunningBridge bridge = RunningBridge.start(Map.of(
                    "fmz.routes.extra", "file:" + userRoutes.toAbsolutePath() + "/*.camel.yaml",
                    "camel.main.routes-exclude-pattern", "classpath:routes/okx.camel.yaml"))) {
                throw new AssertionError("the bridge started");
            }
        }).hasStackTraceContaining(file + " line ")
                .hasStackTraceContaining("route okx: bean okxReplies reads order ids with orderIdMarket fmz but the route's"
                        + " requests bean writes them with exchange: declare the same orderIdMarket on both");
    }

    @Test
    void aMalformedEndpointIsNamedWithItsLine() {
        assertThatThrownBy(() -> startsWith("&limit={limit:500}\"", "&limit={limit:500\""))
                .hasStackTraceContaining(file() + " line ")
                .hasStackTraceContaining("the route's endpoint 'GET /api/v2/spot/market/fills?symbol={symbol}&limit={limit:500'"
                        + " has a value '{limit:500' that is neither one {placeholder} nor plain text");
        assertThatThrownBy(() -> startsWith("\"force\": \"gtc\",", "\"force\": gtc,"))
                .hasStackTraceContaining("has a body that is not one JSON object");
    }

    @Test
    void aPlaceholderTheBeanCannotFillIsNamed() {
        assertThatThrownBy(() -> startsWith("        periods: {1: 1min", "        # periods: {1: 1min"))
                .hasStackTraceContaining("uses {period}, but periods is not declared");
    }

    @Test
    void aTableMapWithAWrongEntryNamesTheFileTheBeanAndWhatItTakes() {
        assertThatThrownBy(() -> startsWith("periods: {1: 1min,", "periods: {1m: 1min,"))
                .hasStackTraceContaining(file())
                .hasStackTraceContaining("bean: bitgetRequests")
                .hasStackTraceContaining("periods takes FMZ minutes (1, 5, 60, 1440) on the left, like {1: 1min, 60: 1h}; '1m' is not one");
        assertThatThrownBy(() -> startsWith("live: pending,", "live: open,"))
                .hasStackTraceContaining("bean: bitgetReplies")
                .hasStackTraceContaining("order.states maps 'live' to 'open', which is not one of FMZ's states");
    }

    @Test
    void anEmptyTableMapNamesTheFileAndTheBean() {
        assertThatThrownBy(() -> startsWith("\n        periods: {1: 1min", "\n        periods: {}\n        # {1: 1min"))
                .hasStackTraceContaining(file() + ", bean bitgetRequests: periods is an empty map");
        assertThatThrownBy(() -> startsWith("          states: {init", "          states: {}\n          # {init"))
                .hasStackTraceContaining(file() + ", bean bitgetReplies: order.states is an empty map");
    }

    @Test
    void aTableMapWithoutAWordItNeedsNamesTheFileAndTheBean() {
        assertThatThrownBy(() -> startsWith("        clientOrderIdFormat: hex\n", "        clientOrderIdFormat: hex\n        sides: {buy: buy}\n"))
                .hasStackTraceContaining(file() + ", bean bitgetRequests: sides must give a word for each of buy and sell,"
                        + " like {buy: BUY, sell: SELL}; it has none for sell");
    }

    @Test
    void aKeyPairJwtSignerMissingWhatItsUriNamesOrMisspeltIsNamedWithTheFileAndTheBean() {
        String spare = "    - name: spareJwt\n      type: io.fmzbridge.sign.KeyPairJwtSigner\n      properties:\n";
        assertThatThrownBy(() -> startsWith("    - name: bitgetSigner\n",
                spare + "        uri: \"{verb} {host}{path}\"\n    - name: bitgetSigner\n"))
                .hasStackTraceContaining(file() + ", bean spareJwt: the signer's uri names {host}, but its 'baseUrl' is not set");
        assertThatThrownBy(() -> startsWith("    - name: bitgetSigner\n", spare + "        isuer: cdp\n    - name: bitgetSigner\n"))
                .hasStackTraceContaining(file())
                .hasStackTraceContaining("bean: spareJwt")
                .hasStackTraceContaining("name: isuer on bean: KeyPairJwtSigner(its properties: algorithm, baseUrl, issuer,");
    }
}
