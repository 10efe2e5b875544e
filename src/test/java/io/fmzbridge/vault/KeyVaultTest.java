package io.fmzbridge.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyVaultTest {

    static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    static final String PEM = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oxS2WSw1zHnooAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    @Test
    void whatIsSavedLoadsBackUnchanged() {
        Path file = dir.resolve("vault.p12");
        KeyVault.empty()
                .with("okx-main", new VaultEntry("okx", "a1b2c3d4-key", "s3cret,pass phrase"))
                .with("Coinbase.Main", new VaultEntry("COINBASE", "organizations/o/apiKeys/k", PEM))
                .with("utf", new VaultEntry("upbit", "ключ", "秘密 ✓"))
                .save(file, PASSWORD);

        KeyVault loaded = KeyVault.load(file, PASSWORD);

        assertThat(loaded.entries()).containsOnlyKeys("coinbase.main", "okx-main", "utf");
        assertThat(loaded.find("okx-main")).contains(new VaultEntry("okx", "a1b2c3d4-key", "s3cret,pass phrase"));
        assertThat(loaded.find("coinbase.main")).contains(new VaultEntry("coinbase", "organizations/o/apiKeys/k", PEM));
        assertThat(loaded.find("utf")).contains(new VaultEntry("upbit", "ключ", "秘密 ✓"));
    }

    @Test
    void anAliasSecretIsStoredAsItsDigestAndAnEntryFromBeforeHasNone() throws Exception {
        Path file = dir.resolve("vault.p12");
        String aliasSecret = "alias-secret-kept-local-93c1";
        KeyVault.empty()
                .with("new", new VaultEntry("okx", "key-new-0001", "secret-new", AliasSecret.chosen(aliasSecret)))
                .with("old", new VaultEntry("okx", "key-old-0001", "secret-old"))
                .save(file, PASSWORD);

        KeyVault loaded = KeyVault.load(file, PASSWORD);

        assertThat(loaded.find("new").orElseThrow().aliasSecret().matches(aliasSecret)).isTrue();
        assertThat(loaded.find("new").orElseThrow().aliasSecret().matches(aliasSecret + " ")).isFalse();
        assertThat(loaded.find("old").orElseThrow().aliasSecret()).isNull();
        assertThat(loaded.find("new").orElseThrow().toString()).isEqualTo("VaultEntry[exchange=okx, accessKey=key-…, aliasSecret=set]");
        assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(aliasSecret);
    }

    @Test
    void theFileIsAPkcs12StoreWithOneEncryptedSecretEntryPerAlias() throws Exception {
        Path file = dir.resolve("vault.p12");
        KeyVault.empty().with("a", new VaultEntry("okx", "key-a", "secret-a"))
                .with("b", new VaultEntry("binance", "key-b", "secret-b")).save(file, PASSWORD);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        assertThat(Collections.list(store.aliases())).containsExactlyInAnyOrder("a", "b");
        assertThat(store.entryInstanceOf("a", KeyStore.SecretKeyEntry.class)).isTrue();
        assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("nothing stored in clear").doesNotContain("secret-a").doesNotContain("key-b").doesNotContain("binance");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutNamingIt() {
        Path file = dir.resolve("vault.p12");
        KeyVault.empty().with("a", new VaultEntry("okx", "key-a", "secret-a")).save(file, PASSWORD);

        assertThatThrownBy(() -> KeyVault.load(file, "not-the-password".toCharArray()))
                .isInstanceOf(VaultException.class)
                .hasMessage("key vault " + file + ": wrong master password, or the file was altered")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void anAlteredFileIsRefused() throws Exception {
        Path file = dir.resolve("vault.p12");
        KeyVault.empty().with("a", new VaultEntry("okx", "key-a", "secret-a")).save(file, PASSWORD);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);

        assertThatThrownBy(() -> KeyVault.load(file, PASSWORD)).isInstanceOf(VaultException.class)
                .hasMessageStartingWith("key vault " + file);
    }

    @Test
    void aMissingOrForeignFileIsNamed() throws Exception {
        assertThatThrownBy(() -> KeyVault.load(dir.resolve("none.p12"), PASSWORD))
                .hasMessageContaining("none.p12 does not exist");
        Path text = Files.writeString(dir.resolve("text.p12"), "not a key store");
        assertThatThrownBy(() -> KeyVault.load(text, PASSWORD)).isInstanceOf(VaultException.class)
                .hasMessageContaining("text.p12 is not a readable PKCS12 file");
    }

    @Test
    void theFileIsReadableByItsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("sub").resolve("vault.p12");
        KeyVault.empty().with("a", new VaultEntry("okx", "key-a", "secret-a")).save(file, PASSWORD);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KeyVault.readableByOthers(file)).isFalse();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(KeyVault.readableByOthers(file)).isTrue();

        KeyVault.load(file, PASSWORD).without("a").save(file, PASSWORD);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("a rewrite tightens it again")
                .isEqualTo("rw-------");
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file stays behind").containsExactly(file);
        }
    }

    @Test
    void aliasesAndExchangesAreCheckedAndCaseInsensitive() {
        assertThat(KeyVault.alias(" OKX-Main ")).isEqualTo("okx-main");
        assertThat(KeyVault.exchange("Binance")).isEqualTo("binance");
        assertThatThrownBy(() -> KeyVault.alias("has space")).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> KeyVault.alias("")).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> KeyVault.alias("x".repeat(65))).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> KeyVault.exchange("ok/x")).isInstanceOf(VaultException.class);
    }

    @Test
    void anEntryPrintsNoKey() {
        VaultEntry entry = new VaultEntry("okx", "a1b2c3d4-key", "s3cret,phrase");
        assertThat(entry.toString()).isEqualTo("VaultEntry[exchange=okx, accessKey=a1b2…, aliasSecret=none]");
        assertThat(new VaultEntry("okx", "short", "s").maskedAccessKey()).isEqualTo("…");
    }
}
