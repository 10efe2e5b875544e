package io.fmzbridge.exchange.kraken;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Concurrent private calls on one Kraken key (FMZ's exchange.Go) are signed in the call leg one at a
 * time per key, from the nonce to the reply: none can overtake another on its way to Kraken, which
 * refuses any nonce not above the key's last.
 */
class KrakenNonceOrderTest {

    private static final String BALANCE = "/0/private/BalanceEx";
    private static final int CALLS = 10;

    @Test
    void tenConcurrentCallsOnOneKeyAreAllAnsweredAndNoneRefusedForItsNonce() throws Exception {
        ExecutorService strategy = Executors.newFixedThreadPool(CALLS);
        try (KrakenStub kraken = KrakenStub.start();
             // eleven private calls: within the call counter's fourteen at once
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.kraken.base-url", kraken.baseUrl()))) {
            kraken.addAccount(KrakenBridgeTest.KEY, KrakenBridgeTest.SECRET);
            // the symbol map first, so the ten calls race for the key and nothing else
            assertThat(balance(bridge).has("data")).isTrue();
            kraken.clear();
            // the first calls to reach Kraken travel slowly, as over a congested connection: a call
            // signed later would overtake them if signing did not wait for the previous reply
            kraken.failNext(BALANCE, 3, new Fault.Delay(300));

            List<Callable<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(() -> balance(bridge));
            }
            List<String> errors = new ArrayList<>();
            for (Future<JsonNode> reply : strategy.invokeAll(calls)) {
                errors.add(reply.get().path("error").asText());
            }

            assertThat(errors).as("every call answered with data").containsOnly("");
            List<Long> nonces = kraken.acceptedNonces();
            assertThat(nonces).hasSize(CALLS + 1);
            assertThat(nonces).as("nonces reached Kraken in increasing order").isSorted().doesNotHaveDuplicates();
            assertThat(kraken.requestsTo(BALANCE)).hasSize(CALLS);
        } finally {
            strategy.shutdownNow();
        }
    }

    private static JsonNode balance(RunningBridge bridge) throws Exception {
        return bridge.call("/Kraken", envelope("accounts", KrakenBridgeTest.KEY, KrakenBridgeTest.SECRET));
    }
}
