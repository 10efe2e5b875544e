package io.fmzbridge.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterPasswordTest {

    @TempDir
    Path dir;

    @Test
    void fromTheEnvironment() {
        assertThat(MasterPassword.read("", Map.of("FMZ_VAULT_PASSWORD", "from env"))).hasValueSatisfying(
                p -> assertThat(new String(p)).isEqualTo("from env"));
    }

    @Test
    void aPasswordFileWinsAndLosesItsFinalLineBreakOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), " spaced pass \n");
        assertThat(MasterPassword.read(file.toString(), Map.of("FMZ_VAULT_PASSWORD", "from env")))
                .hasValueSatisfying(p -> assertThat(new String(p)).isEqualTo(" spaced pass "));
        Files.writeString(file, "crlf\r\n");
        assertThat(new String(MasterPassword.require(file.toString(), Map.of()))).isEqualTo("crlf");
    }

    @Test
    void noneGivenSaysHowToGiveOne() {
        assertThat(MasterPassword.read(null, Map.of())).isEmpty();
        assertThatThrownBy(() -> MasterPassword.require(null, Map.of()))
                .hasMessageContaining("FMZ_VAULT_PASSWORD").hasMessageContaining("fmz.vault.password-file");
    }

    @Test
    void anUnusableSourceIsAnError() throws Exception {
        assertThatThrownBy(() -> MasterPassword.read(null, Map.of("FMZ_VAULT_PASSWORD", "")))
                .hasMessage("FMZ_VAULT_PASSWORD is set but empty");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> MasterPassword.read(empty.toString(), Map.of())).hasMessageEndingWith("is empty");
        assertThatThrownBy(() -> MasterPassword.read(dir.resolve("none").toString(), Map.of()))
                .hasMessageContaining("cannot be read");
    }
}
