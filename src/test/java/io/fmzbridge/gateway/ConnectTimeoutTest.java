package io.fmzbridge.gateway;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An exchange host that never completes the TCP handshake: a listener that never accepts, whose
 * accept queue is already full, so the kernel drops further connection attempts unanswered. The
 * bridge must give up after {@code fmz.call.connect-timeout-ms} and say so.
 */
class ConnectTimeoutTest {

    private static final long CONNECT_TIMEOUT_MS = 600;
    private static final long RESPONSE_TIMEOUT_MS = 8000;

    private static ServerSocket silent;
    private static final List<Socket> queued = new ArrayList<>();
    private static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        fillAcceptQueue();
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.okx.base-url", "http://127.0.0.1:" + silent.getLocalPort(),
                "fmz.call.connect-timeout-ms", String.valueOf(CONNECT_TIMEOUT_MS),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS)));
    }

    /** Connects until one attempt goes unanswered: from then on the listener takes no one. */
    private static void fillAcceptQueue() throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(silent.getLocalSocketAddress(), 300);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return;
            }
        }
        throw new IllegalStateException("the listener kept accepting connections; this host does not drop them when full");
    }

    @AfterAll
    static void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        for (Socket socket : queued) {
            socket.close();
        }
        silent.close();
    }

    @Test
    void aHostThatNeverAcceptsIsAClearErrorWithinTheConnectTimeout() throws Exception {
        long start = System.nanoTime();
        JsonNode reply = bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(reply.path("error").asText())
                .isEqualTo("OKX: exchange did not accept a connection in time (GET /api/v5/market/ticker)");
        assertThat(tookMs).as("bounded by the connect timeout, not the response timeout")
                .isGreaterThanOrEqualTo(CONNECT_TIMEOUT_MS - 50).isLessThan(CONNECT_TIMEOUT_MS + 1500);
    }

    @Test
    void thePerExchangeSettingIsTheOneUsed() throws Exception {
        try (RunningBridge own = RunningBridge.start(Map.of(
                "fmz.exchange.okx.base-url", "http://127.0.0.1:" + silent.getLocalPort(),
                "fmz.call.connect-timeout-ms", "5000",
                "fmz.exchange.okx.connect-timeout-ms", "300"))) {
            long start = System.nanoTime();
            JsonNode reply = own.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(reply.path("error").asText()).startsWith("OKX: exchange did not accept a connection in time");
            assertThat(tookMs).isLessThan(2000);
        }
    }
}
