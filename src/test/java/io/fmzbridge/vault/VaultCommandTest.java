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

/** The vault command as a script runs it: keys and alias secret on standard input, password in the environment. */
class VaultCommandTest {

    static final String PASSWORD = "master-pw-for-tests";
    static final Map<String, String> ENV = Map.of("FMZ_VAULT_PASSWORD", PASSWORD);
    static final String OKX_KEY = "8f3e1c2a-okx-key";
    static final String OKX_SECRET = "4F2A9C1E7B3D,Pass-phrase.1";
    static final String ALIAS_SECRET = "chosen-alias-secret-7c1e90";
    /** The three lines a script pipes into {@code vault add}. */
    static final String OKX_LINES = OKX_KEY + "\n" + OKX_SECRET + "\n" + ALIAS_SECRET + "\n";

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

    KeyVault vault() {
        return KeyVault.load(dir.resolve("vault.p12"), PASSWORD.toCharArray());
    }

    @Test
    void addReadsBothKeysAndTheAliasSecretFromThreeLinesOfStandardInput() {
        Run added = run(OKX_LINES, "add", "OKX-Main", "OKX");

        assertThat(added.status()).as(added.all()).isZero();
        assertThat(added.out()).contains("added 'okx-main' for okx (access key 8f3e…)")
                .contains("Access Key with vault:okx-main and Secret Key with the alias's secret");
        assertThat(added.all()).doesNotContain(OKX_KEY).doesNotContain(OKX_SECRET).doesNotContain(PASSWORD)
                .doesNotContain(ALIAS_SECRET).doesNotContain("shown this once");
        VaultEntry stored = vault().find("okx-main").orElseThrow();
        assertThat(stored).isEqualTo(new VaultEntry("okx", OKX_KEY, OKX_SECRET, AliasSecret.chosen(ALIAS_SECRET)));
        assertThat(stored.aliasSecret().matches(ALIAS_SECRET)).isTrue();
    }

    @Test
    void anEmptyOrMissingThirdLineMakesAStrongSecretAndPrintsItOnce() {
        for (String lines : new String[] {OKX_KEY + "\n" + OKX_SECRET + "\n\n", OKX_KEY + "\n" + OKX_SECRET + "\n"}) {
            run("", "remove", "okx-main");
            Run added = run(lines, "add", "okx-main", "okx");

            assertThat(added.status()).as(added.all()).isZero();
            List<String> shown = added.out().lines().filter(line -> line.startsWith("The alias's secret, shown this once")).toList();
            assertThat(shown).hasSize(1);
            String made = shown.get(0).substring(shown.get(0).lastIndexOf(' ') + 1);
            assertThat(made).matches("[A-Za-z0-9_-]{43}");
            assertThat(added.err()).doesNotContain(made);
            assertThat(vault().find("okx-main").orElseThrow().aliasSecret().matches(made)).isTrue();
        }
    }

    @Test
    void aShortChosenSecretIsRefusedAndNothingIsWritten() {
        Run added = run(OKX_KEY + "\n" + OKX_SECRET + "\nshort-secret\n", "add", "okx-main", "okx");

        assertThat(added.status()).isEqualTo(1);
        assertThat(added.err()).contains("an alias secret has at least 16 characters; leave it empty to have a strong one made")
                .doesNotContain("short-secret");
        assertThat(dir.resolve("vault.p12")).doesNotExist();
    }

    @Test
    void secretGivesAnAliasANewSecretAndTheOldOneNoLongerMatches() {
        run(OKX_LINES, "add", "okx-main", "okx");

        Run chosen = run("another-alias-secret-2b7f\n", "secret", "OKX-main");
        assertThat(chosen.status()).as(chosen.all()).isZero();
        assertThat(chosen.out()).contains("new secret for 'okx-main'").doesNotContain("another-alias-secret-2b7f");
        VaultEntry entry = vault().find("okx-main").orElseThrow();
        assertThat(entry.aliasSecret().matches("another-alias-secret-2b7f")).isTrue();
        assertThat(entry.aliasSecret().matches(ALIAS_SECRET)).isFalse();
        assertThat(entry.accessKey()).as("the keys stay").isEqualTo(OKX_KEY);

        Run made = run("", "secret", "okx-main");
        assertThat(made.status()).isZero();
        String secret = made.out().lines().filter(line -> line.startsWith("The alias's secret, shown this once")).findFirst()
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).orElseThrow();
        assertThat(vault().find("okx-main").orElseThrow().aliasSecret().matches(secret)).isTrue();

        Run unknown = run("", "secret", "nope");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("no alias 'nope'");
    }

    @Test
    void secretGivesAnAliasStoredWithoutOneItsFirst() {
        KeyVault.empty().with("okx-old", new VaultEntry("okx", OKX_KEY, OKX_SECRET)).save(dir.resolve("vault.p12"), PASSWORD.toCharArray());
        assertThat(run("", "list").out()).contains("none: refused until `vault secret okx-old`");

        assertThat(run(ALIAS_SECRET + "\n", "secret", "okx-old").status()).isZero();

        assertThat(vault().find("okx-old").orElseThrow()).isEqualTo(new VaultEntry("okx", OKX_KEY, OKX_SECRET, AliasSecret.chosen(ALIAS_SECRET)));
    }

    @Test
    void listShowsAliasesExchangesAndMaskedAccessKeysOnly() {
        run(OKX_LINES, "add", "okx-main", "okx");
        run("binance-key-123456\nbinance-secret-abcdef\n\n", "add", "bn", "binance");
        KeyVault.load(dir.resolve("vault.p12"), PASSWORD.toCharArray()).with("old", new VaultEntry("okx", "old-key-0000", "s"))
                .save(dir.resolve("vault.p12"), PASSWORD.toCharArray());

        Run listed = run("", "list");

        assertThat(listed.status()).isZero();
        assertThat(listed.out().lines()).containsExactly(
                "key vault " + dir.resolve("vault.p12") + ": 3 aliases",
                String.format("%-24s %-12s %-12s %s", "ALIAS", "EXCHANGE", "ACCESS KEY", "SECRET"),
                String.format("%-24s %-12s %-12s %s", "bn", "binance", "bina…", "set"),
                String.format("%-24s %-12s %-12s %s", "okx-main", "okx", "8f3e…", "set"),
                String.format("%-24s %-12s %-12s %s", "old", "okx", "old-…", "none: refused until `vault secret old`"));
        assertThat(listed.all()).doesNotContain(OKX_KEY).doesNotContain("binance-secret").doesNotContain(PASSWORD);
    }

    @Test
    void removeForgetsAnAlias() {
        run(OKX_LINES, "add", "okx-main", "okx");

        assertThat(run("", "remove", "OKX-MAIN").out()).contains("removed 'okx-main'");
        assertThat(run("", "list").out()).contains(": 0 aliases");
        Run again = run("", "remove", "okx-main");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("no alias 'okx-main'");
    }

    @Test
    void anExistingAliasIsNotOverwritten() {
        run(OKX_LINES, "add", "okx-main", "okx");

        Run second = run("other-key-0000\nother-secret\n\n", "add", "okx-main", "okx");

        assertThat(second.status()).isEqualTo(1);
        assertThat(second.err()).contains("already in").contains("remove it first");
        assertThat(KeyVault.load(dir.resolve("vault.p12"), PASSWORD.toCharArray()).find("okx-main").orElseThrow().accessKey())
                .isEqualTo(OKX_KEY);
    }

    @Test
    void aWrongPasswordChangesNothingAndIsNotPrinted() throws Exception {
        run(OKX_LINES, "add", "okx-main", "okx");
        byte[] before = Files.readAllBytes(dir.resolve("vault.p12"));

        for (String[] args : List.of(new String[] {"list"}, new String[] {"remove", "okx-main"},
                new String[] {"add", "x", "okx"}, new String[] {"secret", "okx-main"})) {
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
        Run run = run(OKX_LINES, Map.of(), "add", "okx-main", "okx");
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
