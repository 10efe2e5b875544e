package io.fmzbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.call.RestCall;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.apache.camel.CamelExchangeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

/** The words for a connection that never came up are not the words for a reply that never came. */
class FailureMessagesTest {

    private static final RestCall TICKER = RestCall.of("GET /api/v5/market/ticker").param("instId", "BTC-USDT");

    @Test
    void aConnectTimeoutIsNotAResponseTimeout() {
        Exception wrapped = new CamelExchangeException("failed", null,
                new ConnectTimeoutException("Connect to http://127.0.0.1:1 failed: Connect timed out"));
        assertThat(FailureMessages.describe(wrapped, TICKER))
                .isEqualTo("exchange did not accept a connection in time (GET /api/v5/market/ticker)");
        assertThat(FailureMessages.describe(new SocketTimeoutException("Read timed out"), TICKER))
                .isEqualTo("exchange did not reply in time (GET /api/v5/market/ticker)");
        assertThat(FailureMessages.describe(new ConnectException("Connection refused"), TICKER))
                .isEqualTo("cannot connect to the exchange: connection refused (GET /api/v5/market/ticker)");
    }

    @Test
    void theLibrarysTextNeverReachesTheStrategy() {
        String said = FailureMessages.describe(new ConnectTimeoutException("Connect to http://user:pw@host failed"), null);
        assertThat(said).isEqualTo("exchange did not accept a connection in time").doesNotContain("pw@host");
        assertThat(FailureMessages.isExpected(new ConnectTimeoutException("x"))).isTrue();
    }
}
