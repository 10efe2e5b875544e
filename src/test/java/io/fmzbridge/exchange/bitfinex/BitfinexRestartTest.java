package io.fmzbridge.exchange.bitfinex;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.call.ExchangeClocks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bitfinex refuses for good a nonce not above the highest a key used ({@code 10114 nonce: small}). A run
 * that signed on Bitfinex's clock measured ahead of this host's is restarted against the same Bitfinex,
 * which remembers the key's last nonce, and calls at once, before any clock measurement.
 */
class BitfinexRestartTest {

    private static final String KEY = "bfx-restart-key";
    private static final String SECRET = "bfx-restart-secret";
    private static final long BITFINEX_AHEAD_MS = 30_000;

    @TempDir
    Path state;

    @Test
    void aRestartedBridgeSignsAboveTheLastRunsNonces() throws Exception {
        try (BitfinexStub bitfinex = BitfinexStub.start()) {
            bitfinex.addAccount(KEY, SECRET);
            Map<String, String> settings = Map.of("fmz.exchange.bitfinex.base-url", bitfinex.baseUrl(),
                    "fmz.call.rate-limit-enabled", "false", "fmz.state.dir", state.toString());

            long lastOfFirstRun;
            try (RunningBridge first = RunningBridge.start(settings)) {
                long sentAt = System.currentTimeMillis();
                first.lookup(ExchangeClocks.class).update("bitfinex", sentAt, sentAt + BITFINEX_AHEAD_MS);
                assertThat(accounts(first).has("error")).isFalse();
                List<Long> nonces = bitfinex.acceptedNonces();
                lastOfFirstRun = nonces.get(nonces.size() - 1);
                assertThat(lastOfFirstRun).as("signed on Bitfinex's clock")
                        .isGreaterThan((System.currentTimeMillis() + BITFINEX_AHEAD_MS / 2) * 1000);
            }

            try (RunningBridge restarted = RunningBridge.start(settings)) {
                JsonNode reply = accounts(restarted);
                assertThat(reply.has("error")).as("%s", reply).isFalse();
                List<Long> nonces = bitfinex.acceptedNonces();
                assertThat(nonces).hasSize(2);
                assertThat(nonces.get(1)).isGreaterThan(lastOfFirstRun);
            }
        }
    }

    private static JsonNode accounts(RunningBridge bridge) throws Exception {
        return bridge.call("/Bitfinex", envelope("accounts", KEY, SECRET));
    }
}
