package io.fmzbridge;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user runs edited copies of the routes, or routes of their own, from a folder, without rebuilding. */
class RoutesFolderTest {

    @Test
    void everyRouteFileIsNamedInThePackagedList() throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = RoutesFolderTest.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        List<String> named = Arrays.stream(defaults.getProperty("fmz.routes.packaged").split(","))
                .map(String::trim).toList();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            List<String> present = files.map(f -> "classpath:routes/" + f.getFileName())
                    .filter(f -> f.endsWith(".camel.yaml")).toList();
            assertThat(named).containsExactlyInAnyOrderElementsOf(present);
        }
    }

    @Test
    void extraRoutesAreServedBesideThePackagedOnes(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("acme.camel.yaml"), """
                - route:
                    id: acme
                    group: exchange
                    routeConfigurationId: exchange
                    from:
                      uri: direct:acme
                      steps:
                        - throwException:
                            exceptionType: io.fmzbridge.fmz.FmzError
                            message: "served from my own folder"
                """);
        try (RunningBridge bridge = RunningBridge.start(Map.of(
                "fmz.routes.extra", "file:" + folder.toAbsolutePath() + "/*.camel.yaml"))) {
            assertThat(bridge.call("/Acme", envelope("ticker", "", "", "symbol", "BTC_USDT")).path("error").asText())
                    .isEqualTo("Acme: served from my own folder");
            assertThat(bridge.call("/OKX", envelope("positions", "", "")).path("error").asText())
                    .isEqualTo("OKX: method 'positions' is not supported");
        }
    }

    @Test
    void editedRoutesFromAFolderAreTheOnesServed(@TempDir Path folder) throws Exception {
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.toList()) {
                Files.copy(route, folder.resolve(route.getFileName()));
            }
        }
        Path okx = folder.resolve("okx.camel.yaml");
        Files.writeString(okx, Files.readString(okx).replace("is not supported\"", "is not in my edited routes\""));

        try (RunningBridge bridge = RunningBridge.start(Map.of(
                "camel.main.routes-include-pattern", "file:" + folder.toAbsolutePath() + "/*.camel.yaml"))) {
            assertThat(bridge.call("/OKX", envelope("positions", "", "")).path("error").asText())
                    .isEqualTo("OKX: method 'positions' is not in my edited routes");
        }
    }
}
