package io.fmzbridge.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

/** The switches and numbers of an exchange's stream, as the bridge's properties set them. */
class StreamSettingsTest {

    /** An exchange with Binance's limits: 1024 topics per connection, connections that last 24 h. */
    static final class LimitedExchange implements StreamProtocol {
        @Override public String instrument(FmzSymbol symbol) { return symbol.join(""); }
        @Override public StreamLimits limits() {
            return new StreamLimits(1024, 3, Duration.ofSeconds(1), 100, Duration.ofHours(24), Duration.ofSeconds(1));
        }
        @Override public KeepAlive keepAlive() { return KeepAlive.pingFrames(Duration.ofMinutes(1)); }
        @Override public String subscribe(String requestId, List<Topic> topics) { return ""; }
        @Override public String unsubscribe(String requestId, List<Topic> topics) { return ""; }
        @Override public void read(String message, StreamInbox inbox) { }
        @Override public BookRules bookRules() { return null; }
        @Override public int bookWindow() { return Integer.MAX_VALUE; }
        @Override public int depthLevels(FmzRequest request) { return 20; }
        @Override public int tradeCount(FmzRequest request) { return 500; }
        @Override public int tradesKept() { return 1000; }
        @Override public JsonNode tickerReply(JsonNode latest) { return latest; }
        @Override public JsonNode depthReply(LiveBook book, int levels) { return null; }
        @Override public JsonNode tradesReply(List<JsonNode> oldestFirst) { return null; }
    }

    static StreamSettings read(String... keysAndValues) {
        Properties properties = new Properties();
        properties.setProperty("fmz.exchange.binance.ws-url", "wss://stream.binance.com:9443/ws");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        PropertiesComponent component = new DefaultCamelContext().getPropertiesComponent();
        component.setInitialProperties(properties);
        return StreamSettings.read("binance", new LimitedExchange(), component);
    }

    @Test
    void defaultsFollowTheExchangesOwnLimits() {
        StreamSettings settings = read();

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.url()).hasToString("wss://stream.binance.com:9443/ws");
        assertThat(settings.staleAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.pingAfter()).as("half the stale limit").isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.deadAfter()).as("twice the stale limit").isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.idleAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.topicsPerConnection()).isEqualTo(1024);
        assertThat(settings.maxConnectionAge()).as("before the exchange's 24 h").isEqualTo(Duration.ofHours(24).minusMinutes(5));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theSwitchesTurnTheStreamOff() {
        assertThat(read("fmz.stream.enabled", "false").enabled()).isFalse();
        assertThat(read("fmz.exchange.binance.stream-enabled", "false").enabled()).isFalse();
        assertThat(read("fmz.exchange.binance.ws-url", " ").enabled()).as("no stream to connect to").isFalse();
    }

    @Test
    void anOperatorCanLowerTheLimitsNeverRaiseThem() {
        assertThat(read("fmz.exchange.binance.stream-topics-per-connection", "5000").topicsPerConnection()).isEqualTo(1024);
        assertThat(read("fmz.exchange.binance.stream-topics-per-connection", "10").topicsPerConnection()).isEqualTo(10);
        assertThat(read("fmz.exchange.binance.stream-max-connection-age-ms", "60000").maxConnectionAge())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theStreamUrlMustBeAWebSocketUrl() {
        assertThatThrownBy(() -> read("fmz.exchange.binance.ws-url", "https://stream.binance.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fmz.exchange.binance.ws-url must be a wss://");
    }

    @Test
    void reconnectsBackOffDoublingUpToTheMost() {
        StreamSettings settings = read("fmz.stream.reconnect-min-ms", "250", "fmz.stream.reconnect-max-ms", "1000");

        assertThat(settings.backoff(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.backoff(3)).isEqualTo(Duration.ofMillis(1000));
        assertThat(settings.backoff(30)).isEqualTo(Duration.ofMillis(1000));
    }
}
