package io.fmzbridge.gateway;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the FMZ side gets for requests that never reach an exchange: every one is HTTP 200 JSON
 * with an error naming the exchange and the cause, and the bridge keeps serving.
 */
class GatewayTest {

    private static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        // nothing listens on port 1: a call that got this far would fail loudly, not hang
        bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", "http://127.0.0.1:1",
                "fmz.listen.max-body-bytes", "4096"));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON           | {\"method\": \"ticker\",                  | OKX: request body is not valid JSON",
            "a JSON array             | [1, 2, 3]                                | OKX: request body must be a JSON object",
            "a JSON string            | \"ticker\"                               | OKX: request body must be a JSON object",
            "empty body               | ''                                       | OKX: empty request body",
            "missing method           | {\"params\": {}}                         | OKX: missing 'method'",
            "method not a string      | {\"method\": 7, \"params\": {}}          | OKX: 'method' must be a non-empty string",
            "missing params           | {\"method\": \"ticker\"}                 | OKX: missing 'params'",
            "params not an object     | {\"method\": \"ticker\", \"params\": [1]}  | OKX: 'params' must be a JSON object",
            "trailing garbage         | {\"method\": \"ticker\", \"params\": {}} x | OKX: request body is not valid JSON",
            "unknown method           | {\"method\": \"teleport\", \"params\": {}} | OKX: not supported: teleport",
            "incomplete symbol        | {\"method\": \"ticker\", \"params\": {\"symbol\": \"USDT\"}} | OKX: malformed symbol 'USDT'",
            "missing symbol           | {\"method\": \"ticker\", \"params\": {}}   | OKX: missing parameter 'symbol'",
            "symbol with junk         | {\"method\": \"ticker\", \"params\": {\"symbol\": \"BTC_US/DT\"}} | OKX: malformed symbol",
    })
    void badRequestsGetAnErrorReply(String what, String body, String error) throws Exception {
        JsonNode reply = bridge.call("/OKX", body, Map.of());
        assertThat(reply.path("error").asText()).as(what).startsWith(error);
        assertThat(reply.has("data")).isFalse();
    }

    @Test
    void unknownExchangeIsNamedWithTheServedOnes() throws Exception {
        JsonNode reply = bridge.call("/NoSuchExchange", envelope("ticker", "", "", "symbol", "BTC_USDT").toString(), Map.of());
        assertThat(reply.path("error").asText())
                .startsWith("NoSuchExchange: unknown exchange 'NoSuchExchange' in the service address (served: ")
                .contains("okx");
    }

    @Test
    void exchangeHelperRoutesAreNotExchanges() throws Exception {
        JsonNode reply = bridge.call("/okx-call", envelope("ticker", "", "", "symbol", "BTC_USDT").toString(), Map.of());
        assertThat(reply.path("error").asText()).startsWith("okx-call: unknown exchange");
    }

    @Test
    void aPathWithoutExchangeIsAnError() throws Exception {
        assertThat(bridge.call("/", "{}", Map.of()).path("error").asText())
                .contains("the service address must name the exchange");
    }

    @Test
    void theExchangePathIsCaseInsensitive() throws Exception {
        for (String path : new String[] {"/OKX", "/okx", "/Okx", "/okx/"}) {
            JsonNode reply = bridge.call(path, "{\"method\": \"ticker\", \"params\": {\"symbol\": \"X\"}}", Map.of());
            assertThat(reply.path("error").asText()).as(path).contains("malformed symbol 'X'");
        }
    }

    @Test
    void aGetGetsAnErrorReply() throws Exception {
        HttpResponse<String> response = bridge.send(HttpRequest.newBuilder(URI.create(bridge.url("/OKX"))).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RunningBridge.JSON.readTree(response.body()).path("error").asText())
                .isEqualTo("OKX: the bridge serves POST requests from the FMZ docker, not GET");
    }

    @Test
    void theBodyIsReadWhateverTheContentTypeSays() throws Exception {
        String body = "{\"method\": \"ticker\", \"params\": {\"symbol\": \"USDT\"}}";
        for (String type : new String[] {"application/x-www-form-urlencoded", "text/plain", "application/json"}) {
            JsonNode reply = bridge.call("/OKX", body, Map.of("Content-Type", type));
            assertThat(reply.path("error").asText()).as(type).isEqualTo("OKX: malformed symbol 'USDT' (expected BASE_QUOTE like BTC_USDT)");
        }
    }

    @Test
    void anOversizedBodyIsRefused() throws Exception {
        String padding = "x".repeat(5000);
        JsonNode reply = bridge.call("/OKX", "{\"method\": \"ticker\", \"params\": {\"pad\": \"" + padding + "\"}}", Map.of());
        assertThat(reply.path("error").asText()).isEqualTo("OKX: request body is over the 4096-byte limit");
    }

    @Test
    void anOversizedBodySentInChunksIsRefusedToo() throws Exception {
        // over the 4096-byte cap, within the 64 KiB the bridge reads and drops before answering: a
        // longer body would leave bytes unread, and the connection's close could reset the reply away
        byte[] body = ("{\"method\": \"ticker\", \"params\": {\"pad\": \"" + "x".repeat(50_000) + "\"}}")
                .getBytes(StandardCharsets.US_ASCII);
        // a stream publisher has no length: the request goes out chunked, without Content-Length
        HttpRequest request = HttpRequest.newBuilder(URI.create(bridge.url("/OKX")))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = bridge.send(request);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"error\":\"OKX: request body is over the 4096-byte limit\"}");
    }

    @Test
    void aDeclaredHundredMegabytesAreRefusedAfterAFractionIsSent() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", URI.create(bridge.url("/")).getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /OKX HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 104857600\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // the bridge drops at most 16 times its cap (64 KiB here), then answers and closes; sending
            // exactly that much leaves nothing unread, so the close cannot reset the reply away
            out.write(new byte[16 * 4096]);
            out.flush();
            String reply = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 200")
                    .contains("{\"error\":\"OKX: request body is over the 4096-byte limit\"}");
        }
    }

    @Test
    void deeplyNestedJsonIsRefused() throws Exception {
        String nested = "[".repeat(1000) + "]".repeat(1000);
        JsonNode reply = bridge.call("/OKX", "{\"method\": \"ticker\", \"params\": " + nested + "}", Map.of());
        assertThat(reply.path("error").asText()).isEqualTo("OKX: request body is nested too deeply or holds an oversized value");
    }

    @Test
    void theBridgeKeepsServingAfterBadRequests() throws Exception {
        for (int i = 0; i < 50; i++) {
            bridge.call("/OKX", "{{{" + i, Map.of());
        }
        JsonNode reply = bridge.call("/OKX", "{\"method\": \"ticker\", \"params\": {\"symbol\": \"BTC\"}}", Map.of());
        assertThat(reply.path("error").asText()).contains("malformed symbol 'BTC'");
    }

    @Test
    void aRefusedConnectionIsAClearError() throws Exception {
        JsonNode reply = bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT").toString(), Map.of());
        assertThat(reply.path("error").asText())
                .isEqualTo("OKX: cannot connect to the exchange: connection refused (GET /api/v5/market/ticker)");
    }
}
