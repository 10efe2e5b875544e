package io.fmzbridge.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault command as a script runs it: keys on standard input, password in the environment. */
class VaultCommandTest {

    static final String PASSWORD = "master-pw-for-tests";
    static final Map<String, String> ENV = Map.of("FMZ_VAULT_PASSWORD", PASSWORD);
    static final String OKX_KEY = "8f3e1c2a-okx-key";
    static final String OKX_SECRET = "4F2A9C1E7B3D,Pass-phrase.1";

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Run(int status, String out, String err) {
        String all() {
            return out + err;
        }
    }

    Run run(String stdin, Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        VaultCommand command = new VaultCommand(dir.resolve("vault.p12").toString(), null, environment, null,
                new ByteArrayInputStream(stdin.getBytes(UTF_8)), new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        int status = command.run(List.of(args));
        return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    Run run(String stdin, String... args) {
        return run(stdin, ENV, args);
    }

    @Test
    void addReadsBothKeysFromStandardInputAndStoresThem() {
        Run added = run(OKX_KEY + "\n" + OKX_SECRET + "\n", "add", "OKX-Main", "OKX");

        assertThat(added.status()).as(added.all()).isZero();
        assertThat(added.out()).contains("added 'okx-main' for okx (access key 8f3e…)")
                .contains("Access Key with vault:okx-main");
        assertThat(added.all()).doesNotContain(OKX_KEY).doesNotContain(OKX_SECRET).doesNotContain(PASSWORD);
        assertThat(KeyVault.load(dir.resolve("vault.p12"), PASSWORD.toCharArray()).find("okx-main"))
                .contains(new VaultEntry("okx", OKX_KEY, OKX_SECRET));
    }

    @Test
    void listShowsAliasesExchangesAndMaskedAccessKeysOnly() {
        run(OKX_KEY + "\n" + OKX_SECRET + "\n", "add", "okx-main", "okx");
        run("binance-key-123456\nbinance-secret-abcdef\n", "add", "bn", "binance");

        Run listed = run("", "list");

        assertThat(listed.status()).isZero();
        assertThat(listed.out().lines()).containsExactly(
                "key vault " + dir.resolve("vault.p12") + ": 2 aliases",
                String.format("%-24s %-12s %s", "ALIAS", "EXCHANGE", "ACCESS KEY"),
                String.format("%-24s %-12s %s", "bn", "binance", "bina…"),
                String.format("%-24s %-12s %s", "okx-main", "okx", "8f3e…"));
        assertThat(listed.all()).doesNotContain(OKX_KEY).doesNotContain("binance-secret").doesNotContain(PASSWORD);
    }

    @Test
    void removeForgetsAnAlias() {
        run(OKX_KEY + "\n" + OKX_SECRET + "\n", "add", "okx-main", "okx");

        assertThat(run("", "remove", "OKX-MAIN").out()).contains("removed 'okx-main'");
        assertThat(run("", "list").out()).contains(": 0 aliases");
        Run again = run("", "remove", "okx-main");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("no alias 'okx-main'");
    }

    @Test
    void anExistingAliasIsNotOverwritten() {
        run(OKX_KEY + "\n" + OKX_SECRET + "\n", "add", "okx-main", "okx");

        Run second = run("other-key-0000\nother-secret\n", "add", "okx-main", "okx");

        assertThat(second.status()).isEqualTo(1);
        assertThat(second.err()).contains("already in").contains("remove it first");
        assertThat(KeyVault.load(dir.resolve("vault.p12"), PASSWORD.toCharArray()).find("okx-main").orElseThrow().accessKey())
                .isEqualTo(OKX_KEY);
    }

    @Test
    void aWrongPasswordChangesNothingAndIsNotPrinted() throws Exception {
        run(OKX_KEY + "\n" + OKX_SECRET + "\n", "add", "okx-main", "okx");
        byte[] before = Files.readAllBytes(dir.resolve("vault.p12"));

        for (String[] args : List.of(new String[] {"list"}, new String[] {"remove", "okx-main"},
                new String[] {"add", "x", "okx"})) {
            Run wrong = run("k-123456\ns\n", Map.of("FMZ_VAULT_PASSWORD", "guessed-wrong"), args);
            assertThat(wrong.status()).isEqualTo(1);
            assertThat(wrong.err()).contains("wrong master password").doesNotContain("guessed-wrong");
        }
        assertThat(Files.readAllBytes(dir.resolve("vault.p12"))).isEqualTo(before);
    }

    @Test
    void missingInputWritesNothing() {
        Run noSecret = run(OKX_KEY + "\n", "add", "okx-main", "okx");

        assertThat(noSecret.status()).isEqualTo(1);
        assertThat(noSecret.err()).contains("expected the secret key on the second line of standard input; nothing was written");
        assertThat(dir.resolve("vault.p12")).doesNotExist();
    }

    @Test
    void anAliasCannotStandForAnotherAlias() {
        Run nested = run("vault:other\nsecret\n", "add", "okx-main", "okx");
        assertThat(nested.status()).isEqualTo(1);
        assertThat(nested.err()).contains("not a vault alias");
    }

    @Test
    void withoutAPasswordOrATerminalItSaysHowToGiveOne() {
        Run run = run(OKX_KEY + "\n" + OKX_SECRET + "\n", Map.of(), "add", "okx-main", "okx");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("FMZ_VAULT_PASSWORD");
    }

    @Test
    void withoutAFileItSaysHowToNameOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new VaultCommand(null, null, ENV, null, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, UTF_8)).run(List.of("list"));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("-Dfmz.vault.file=<file>").contains("FMZ_VAULT_FILE");
    }

    @Test
    void unknownCommandsAndBadNamesAreRefused() {
        assertThat(run("", "open").status()).isEqualTo(2);
        assertThat(run("", "add", "only-alias").status()).isEqualTo(2);
        assertThat(run("", "help").status()).isZero();
        Run badAlias = run("k\ns\n", "add", "no spaces", "okx");
        assertThat(badAlias.status()).isEqualTo(1);
        assertThat(badAlias.err()).contains("an alias is 1 to 64 letters");
    }
}
