package io.fmzbridge;

import static io.fmzbridge.RunningBridge.envelope;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.exchange.okx.OkxStub;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key vault as a user meets it in the packaged jar: {@code vault add} fed by a script (three
 * lines: access key, secret key, alias secret), then the bridge started with the master password
 * in {@code FMZ_VAULT_PASSWORD} and the file in {@code FMZ_VAULT_FILE}, serving an envelope that
 * holds only the alias and its secret.
 */
class VaultJarIT {

    static final String PASSWORD = "jar-it-master-password";
    static final String KEY = "jar-it-okx-access-key";
    static final String SECRET = "JARITSECRET0123456789";
    static final String PASSPHRASE = "Jar-It-Phrase";
    static final String ALIAS_SECRET = "jar-it-alias-secret-0a1b2c";

    @TempDir
    Path dir;

    Process jar(Map<String, String> environment, Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    @Test
    void aliasesAddedByTheCommandServeTheBridgeStartedFromTheEnvironment() throws Exception {
        Map<String, String> environment = Map.of("FMZ_VAULT_PASSWORD", PASSWORD, "FMZ_VAULT_FILE", dir.resolve("vault.p12").toString());
        Path commandLog = dir.resolve("command.log");
        Process add = jar(environment, commandLog, "-jar", "target/fmz-camel-bridge.jar", "vault", "add", "okx-main", "okx");
        add.getOutputStream().write((KEY + "\n" + SECRET + "," + PASSPHRASE + "\n" + ALIAS_SECRET + "\n").getBytes(UTF_8));
        add.getOutputStream().close();
        assertThat(add.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(add.exitValue()).as(Files.readString(commandLog)).isZero();
        Process list = jar(environment, commandLog, "-jar", "target/fmz-camel-bridge.jar", "vault", "list");
        assertThat(list.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(commandLog)).contains("okx-main").contains("jar-…").contains("set")
                .doesNotContain(KEY).doesNotContain(SECRET).doesNotContain(PASSWORD).doesNotContain(ALIAS_SECRET);

        int port = AvailablePortFinder.getNextAvailable();
        Path bridgeLog = Path.of("target", "vault-jar-it.log");
        try (OkxStub okx = OkxStub.start()) {
            okx.addAccount(KEY, SECRET, PASSPHRASE);
            Process bridge = jar(environment, bridgeLog, "-Dfmz.listen.port=" + port, "-Dfmz.management.port=" + AvailablePortFinder.getNextAvailable(),
                    "-Dfmz.exchange.okx.base-url=" + okx.baseUrl(),
                    "-Dfmz.clock.sync-enabled=false", "-Dfmz.markets.sync-enabled=false", "-jar", "target/fmz-camel-bridge.jar");
            try {
                JsonNode accounts = PackagedJarIT.firstReply(port, envelope("accounts", "vault:okx-main", ALIAS_SECRET).toString());
                assertThat(accounts.path("data").isArray()).as(accounts.toString()).isTrue();
                assertThat(okx.requests().get(okx.requests().size() - 1).headers()).containsEntry("ok-access-key", KEY);
                assertThat(PackagedJarIT.logLine(bridgeLog, "key vault: on")).endsWith("vault.p12, 1 alias");
            } finally {
                bridge.destroy();
                assertThat(bridge.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(Files.readString(bridgeLog)).contains("FMZ_VAULT_PASSWORD=<redacted>")
                .doesNotContain(PASSWORD).doesNotContain(SECRET).doesNotContain(PASSPHRASE).doesNotContain(ALIAS_SECRET);
    }

    @Test
    void aWrongMasterPasswordEndsTheStartWithAClearMessage() throws Exception {
        io.fmzbridge.vault.KeyVault.empty().with("a", new io.fmzbridge.vault.VaultEntry("okx", KEY, SECRET))
                .save(dir.resolve("vault.p12"), PASSWORD.toCharArray());
        Path log = dir.resolve("bridge.log");
        Process bridge = jar(Map.of("FMZ_VAULT_PASSWORD", "jar-it-wrong-guess", "FMZ_VAULT_FILE", dir.resolve("vault.p12").toString()),
                log, "-Dfmz.listen.port=" + AvailablePortFinder.getNextAvailable(),
                "-Dfmz.management.port=" + AvailablePortFinder.getNextAvailable(), "-jar", "target/fmz-camel-bridge.jar");
        try {
            assertThat(bridge.waitFor(60, TimeUnit.SECONDS)).as("the process ends by itself").isTrue();
            assertThat(bridge.exitValue()).isNotZero();
            assertThat(Files.readString(log)).contains("ERROR [main] VaultCredentials - the bridge cannot start: key vault "
                            + dir.resolve("vault.p12") + ": wrong master password, or the file was altered")
                    .doesNotContain("jar-it-wrong-guess").doesNotContain(PASSWORD);
        } finally {
            bridge.destroyForcibly();
        }
    }
}
