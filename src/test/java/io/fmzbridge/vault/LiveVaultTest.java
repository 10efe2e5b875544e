package io.fmzbridge.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveVaultTest {

    static final char[] PASSWORD = "pw-live".toCharArray();

    @TempDir
    Path dir;

    @Test
    void aChangedFileIsReadAgain() {
        Path file = dir.resolve("vault.p12");
        KeyVault first = KeyVault.empty().with("a", new VaultEntry("okx", "key-a", "secret-a"));
        first.save(file, PASSWORD);
        LiveVault live = LiveVault.open(file, PASSWORD, Duration.ZERO);
        assertThat(live.current().entries()).containsOnlyKeys("a");

        first.with("b", new VaultEntry("okx", "key-b", "secret-b")).without("a").save(file, PASSWORD);

        assertThat(live.current().entries()).containsOnlyKeys("b");
    }

    @Test
    void untilTheCheckIsDueTheLoadedAliasesServe() {
        Path file = dir.resolve("vault.p12");
        KeyVault.empty().with("a", new VaultEntry("okx", "key-a", "secret-a")).save(file, PASSWORD);
        LiveVault live = LiveVault.open(file, PASSWORD, Duration.ofHours(1));

        KeyVault.empty().save(file, PASSWORD);

        assertThat(live.current().entries()).containsOnlyKeys("a");
    }

    @Test
    void aChangeThatCannotBeReadKeepsTheAliasesLoadedBefore() throws Exception {
        Path file = dir.resolve("vault.p12");
        KeyVault.empty().with("a", new VaultEntry("okx", "key-a", "secret-a")).save(file, PASSWORD);
        LiveVault live = LiveVault.open(file, PASSWORD, Duration.ZERO);

        try (LogCapture log = new LogCapture()) {
            KeyVault.empty().save(file, "another password".toCharArray());
            assertThat(live.current().entries()).containsOnlyKeys("a");
            assertThat(log.text()).contains("key vault changed but cannot be read, the aliases loaded before stay in use")
                    .doesNotContain("another password").doesNotContain(new String(PASSWORD));
        }
        Files.delete(file);
        assertThat(live.current().entries()).as("a deleted file too").containsOnlyKeys("a");
    }
}
