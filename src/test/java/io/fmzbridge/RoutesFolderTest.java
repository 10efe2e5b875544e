package io.fmzbridge;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user runs edited copies of the routes from a folder of their own, without rebuilding. */
class RoutesFolderTest {

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
            assertThat(bridge.call("/OKX", envelope("GetPositions", "", "")).path("error").asText())
                    .isEqualTo("OKX: method 'GetPositions' is not in my edited routes");
        }
    }
}
