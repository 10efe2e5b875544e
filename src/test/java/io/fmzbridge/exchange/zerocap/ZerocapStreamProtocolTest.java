package io.fmzbridge.exchange.zerocap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.stream.Channel;
import io.fmzbridge.stream.StreamCredential;
import io.fmzbridge.stream.StreamInbox;
import io.fmzbridge.stream.Topic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Zerocap's websocket messages as the zerocap_api README shows them, read into what the stream mechanism needs. */
class ZerocapStreamProtocolTest {

    /** What {@code read} told the mechanism, in order. */
    static final class RecordingInbox implements StreamInbox {
        final List<String> said = new ArrayList<>();

        @Override
        public void ticker(String instrument, JsonNode restShaped, long eventTime) {
            said.add("ticker " + instrument + " " + eventTime);
        }

        @Override
        public void trades(String instrument, List<JsonNode> restShaped, long eventTime) {
            said.add("trades " + instrument);
        }

        @Override
        public void book(String instrument, JsonNode message) {
            said.add("book " + instrument);
        }

        @Override
        public void accepted(String requestId) {
            said.add("accepted " + requestId);
        }

        @Override
        public void refused(String requestId, String why) {
            said.add("refused " + requestId + " " + why);
        }

        @Override
        public void closingSoon(String why) {
            said.add("closing " + why);
        }

        @Override
        public void unauthorized(String why) {
            said.add("unauthorized " + why);
        }
    }

    private final ZerocapStream stream = new ZerocapStream();
    private final RecordingInbox inbox = new RecordingInbox();

    @Test
    void aSymbolIsSubscribedAsTheReadmeShows() {
        assertThat(stream.subscribe("1", List.of(new Topic(Channel.TICKER, "USDT/AUD"))))
                .isEqualTo("{\"type\":\"price\",\"symbol\":\"USDT/AUD\"}");
        assertThat(stream.unsubscribe("2", List.of(new Topic(Channel.TICKER, "USDT/AUD"))))
                .as("Zerocap documents no unsubscribe").isNull();
        assertThat(stream.keepAlive().pingText()).isEqualTo("{\"type\":\"message\",\"message\":\"ping\"}");
    }

    @Test
    void thePriceMessageIsKeptWholeWithItsOwnTime() throws Exception {
        stream.read(ZerocapMapperTest.DOCUMENTED_PRICE, inbox);
        assertThat(inbox.said).containsExactly("ticker USDT/AUD 1692340935428");
        assertThat(stream.tickerReply(FmzJson.MAPPER.readTree(ZerocapMapperTest.DOCUMENTED_PRICE)).path("data").path("bids"))
                .as("as Zerocap sent it").hasSize(4);
    }

    @Test
    void statusLinesAcceptRefuseOrSayNothing() {
        stream.read("{\"type\":\"message\",\"message\":\"Successfully connected.\"}", inbox);
        stream.read("{\"type\":\"message\",\"message\":\"pong\"}", inbox);
        stream.read("{\"type\":\"message\",\"message\":\"price Subscription successful.\"}", inbox);
        stream.read("{\"type\":\"message\",\"message\":\"Price stream unavailable.\"}", inbox);
        stream.read("{\"type\":\"error\",\"error_code\":\"400\",\"error_message\":\"invalid message\"}", inbox);
        stream.read("{\"type\":\"error\",\"error_code\":\"401\",\"error_message\":\"Unauthorized\"}", inbox);
        stream.read("not json", inbox);
        assertThat(inbox.said).containsExactly(
                "accepted null",
                "refused null Zerocap says: Price stream unavailable.",
                "refused null Zerocap answered error 400: invalid message",
                "unauthorized Zerocap answered error 401: Unauthorized");
    }

    @Test
    void eachConnectionBelongsToTheCallsKeyAndItsHandshakeIsSignedAsARestCall() {
        FmzRequest request = new FmzRequest("zerocap", "ticker", FmzJson.MAPPER.valueToTree(Map.of("symbol", "USDT_AUD")),
                "coinroutes", "my-api-secret", null);
        StreamCredential credential = stream.credential(request);
        assertThat(credential).isEqualTo(new StreamCredential("coinroutes", "my-api-secret"))
                .isNotEqualTo(new StreamCredential("coinroutes", "another-secret"));
        assertThat(credential.toString()).startsWith("key ").doesNotContain("coinroutes").doesNotContain("my-api-secret");
        // the signature computed for these values in the shared Zerocap notes
        assertThat(stream.handshakeHeaders(credential, Instant.ofEpochSecond(1692346145))).containsExactly(
                Map.entry("api-key", "coinroutes"),
                Map.entry("signature", "a481a9047040e7f01d1a68fdc9efbb705e8da4e53656d2e8fd47e1e48378f26e"),
                Map.entry("timestamp", "1692346145"));
        FmzRequest keyless = new FmzRequest("zerocap", "ticker", request.params(), "", "my-api-secret", null);
        assertThatThrownBy(() -> stream.credential(keyless)).isInstanceOf(FmzError.class).hasMessageStartingWith("missing access_key");
    }
}
