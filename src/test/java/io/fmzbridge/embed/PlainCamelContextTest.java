package io.fmzbridge.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.BridgeBeans;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

/**
 * The bridge inside someone else's CamelContext, without camel-main: the beans of BridgeBeans, the
 * packaged YAML routes and the bridge's properties are all an embedding application needs.
 */
class PlainCamelContextTest {

    @Test
    void theRoutesAndBeansServeFmzCallsInAPlainCamelContext() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        try (OkxStub okx = OkxStub.start(); DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            Properties overrides = new Properties();
            overrides.setProperty("fmz.listen.port", String.valueOf(port));
            overrides.setProperty("fmz.exchange.okx.base-url", okx.baseUrl());
            // no test reaches a real exchange: its stream is a closed local port, so the ticker is REST's
            overrides.setProperty("fmz.exchange.okx.ws-url", "ws://127.0.0.1:1");
            overrides.setProperty("fmz.clock.sync-enabled", "false");
            overrides.setProperty("fmz.markets.sync-enabled", "false");
            overrides.setProperty("fmz.management.enabled", "false");
            context.getPropertiesComponent().setOverrideProperties(overrides);

            // @BindToRegistry methods of the configuration class become beans
            PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(new BridgeBeans(), "bridgeBeans");
            Collection<Resource> routes = PluginHelper.getPackageScanResourceResolver(context)
                    .findResources("classpath:routes/*.camel.yaml");
            assertThat(routes).hasSizeGreaterThan(3);
            PluginHelper.getRoutesLoader(context).loadRoutes(routes);
            context.start();

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/OKX"))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    RunningBridge.envelope("ticker", "", "", "symbol", "BTC_USDT").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode reply = RunningBridge.JSON.readTree(response.body());
            assertThat(reply.path("data").path("symbol").asText()).as(response.body()).isEqualTo("BTC_USDT");
            assertThat(reply.path("data").path("last").decimalValue()).isEqualByComparingTo("9999.99");
        }
    }
}
