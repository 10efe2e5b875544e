package io.fmzbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages depend one way: the gateway sits on top of the call leg, the signers, the vault and the
 * exchanges, and none of them reaches up into it (what they share with it lives in fmz/).
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/fmzbridge");

    @Test
    void nothingBelowTheGatewayUsesIt() throws IOException {
        List<String> upward;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            upward = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.getParent().equals(SOURCES) && !file.startsWith(SOURCES.resolve("gateway")))
                    .filter(PackageDependenciesTest::namesTheGateway)
                    .map(file -> SOURCES.relativize(file).toString())
                    .toList();
        }
        assertThat(upward).as("classes outside the gateway that use it").isEmpty();
    }

    private static boolean namesTheGateway(Path file) {
        try {
            return Files.readString(file).contains("io.fmzbridge.gateway.");
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
