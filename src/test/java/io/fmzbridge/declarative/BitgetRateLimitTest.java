package io.fmzbridge.declarative;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.Burst;
import io.fmzbridge.stub.Burst.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits examples/bitget.camel.yaml declares next to its endpoints (Bitget's "Frequency limit"
 * per endpoint) are counted by the bridge's one limiter, as a packaged exchange's are: here with
 * fmz.call.rate-limit-reject, so the call past a limit is refused at once and says which limit.
 */
class BitgetRateLimitTest {

    @Test
    void theCallPastAnEndpointsDeclaredLimitIsRefusedNamingIt(@TempDir Path userRoutes) throws Exception {
        Files.copy(Path.of("examples/bitget.camel.yaml"), userRoutes.resolve("bitget.camel.yaml"));
        try (BitgetStub bitget = new BitgetStub();
             RunningBridge bridge = RunningBridge.start(Map.of(
                     "fmz.routes.extra", "file:" + userRoutes.toAbsolutePath() + "/*.camel.yaml",
                     "fmz.exchange.bitget.base-url", bitget.baseUrl(),
                     "fmz.call.rate-limit-reject", "true"))) {
            Callable<JsonNode> trades = () -> bridge.call("/Bitget", envelope("trades", "", "", "symbol", "BTC_USDT"));
            Callable<JsonNode> accounts = () -> bridge.call("/Bitget", envelope("accounts", BitgetStub.KEY,
                    BitgetStub.SECRET + "," + BitgetStub.PASSPHRASE));
            Callable<JsonNode> ticker = () -> bridge.call("/Bitget", envelope("ticker", "", "", "symbol", "BTC_USDT"));
            Callable<JsonNode> tickers = () -> bridge.call("/Bitget", envelope("tickers", "", ""));
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(11, trades));
            calls.addAll(Burst.times(11, accounts));
            calls.addAll(Burst.times(11, ticker));
            calls.addAll(Burst.times(10, tickers));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies.subList(0, 11)).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "Bitget: the bridge's limit for GET /api/v2/spot/market/fills (10 calls per 1000 ms per ip) is reached "
                            + "(its route's endpointLimit); call again shortly");
            assertThat(replies.subList(11, 22)).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "Bitget: the bridge's limit for GET /api/v2/spot/account/assets (10 calls per 1000 ms per key) is reached "
                            + "(its route's endpointLimit); call again shortly");
            assertThat(bitget.requestsTo("/api/v2/spot/market/fills")).hasSize(10);
            // GetTicker and GetTickers call one Bitget endpoint, with and without its symbol: one count of 20
            assertThat(replies.subList(22, 43)).filteredOn(reply -> !reply.ok() && reply.error().contains("bridge's limit"))
                    .extracting(Reply::error).containsExactly(
                    "Bitget: the bridge's limit for GET /api/v2/spot/market/tickers (20 calls per 1000 ms per ip) is reached "
                            + "(its route's endpointLimit); call again shortly");
        }
    }
}
