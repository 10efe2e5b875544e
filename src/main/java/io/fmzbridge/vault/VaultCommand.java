package io.fmzbridge.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar fmz-camel-bridge.jar vault add|secret|list|remove}: keeps the key vault's
 * aliases. Keys are read from the terminal without echo, or, when standard input is not a terminal
 * (a script), as lines: the access key, the secret key, then the alias's own secret (an empty or
 * missing line has one made). No key and no password is ever printed; a made alias secret is
 * printed once, since FMZ's Secret Key field needs it; {@code list} shows each access key's first
 * four characters only.
 */
public final class VaultCommand {

    public static final String FILE_PROPERTY = "fmz.vault.file";

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -Dfmz.vault.file=<file> -jar fmz-camel-bridge.jar vault <command>",
            "  add <alias> <exchange>   store keys under an alias; they are read without echo, or from",
            "                           standard input as three lines: access key, secret key, and the",
            "                           alias's own secret for FMZ's Secret Key field (empty: one is made",
            "                           and printed once)",
            "  secret <alias>           give an alias a new secret (read the same way; empty: one is made)",
            "  list                     the aliases, their exchange, the start of each access key, and",
            "                           whether the alias has a secret",
            "  remove <alias>           forget an alias",
            "The file may also be given as FMZ_VAULT_FILE; the master password comes from FMZ_VAULT_PASSWORD,",
            "from the file named by fmz.vault.password-file (FMZ_VAULT_PASSWORD_FILE), or is asked for.");

    private final String file;
    private final String passwordFile;
    private final Map<String, String> environment;
    private final Console console;
    private final BufferedReader input;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param console the terminal, or null when standard input is not one: keys are then read as lines
     */
    public VaultCommand(String file, String passwordFile, Map<String, String> environment, Console console,
                        InputStream input, PrintStream out, PrintStream err) {
        this.file = file;
        this.passwordFile = passwordFile;
        this.environment = environment;
        this.console = console;
        this.input = new BufferedReader(new InputStreamReader(input, UTF_8));
        this.out = out;
        this.err = err;
    }

    /** The command as the jar runs it: settings from {@code -D} or the environment, the process's terminal. */
    public static VaultCommand ofThisProcess() {
        Map<String, String> environment = System.getenv();
        return new VaultCommand(setting(FILE_PROPERTY, environment), setting(MasterPassword.FILE_PROPERTY, environment),
                environment, System.console(), System.in, System.out, System.err);
    }

    /** A setting as {@code -Dfmz.vault.file} or, as the bridge reads it too, {@code FMZ_VAULT_FILE}. */
    private static String setting(String key, Map<String, String> environment) {
        String value = System.getProperty(key);
        return value != null ? value : environment.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }

    /** Runs one command; the exit status: 0 done, 1 failed, 2 not understood. */
    public int run(List<String> args) {
        String command = args.isEmpty() ? "" : args.get(0);
        try {
            if (command.equals("add") && args.size() == 3) {
                add(KeyVault.alias(args.get(1)), KeyVault.exchange(args.get(2)));
            } else if (command.equals("secret") && args.size() == 2) {
                secret(KeyVault.alias(args.get(1)));
            } else if (command.equals("list") && args.size() == 1) {
                list();
            } else if (command.equals("remove") && args.size() == 2) {
                remove(KeyVault.alias(args.get(1)));
            } else if (command.equals("help")) {
                out.println(USAGE);
            } else {
                err.println(USAGE);
                return 2;
            }
            return 0;
        } catch (VaultException e) {
            err.println("vault: " + e.getMessage());
            return 1;
        }
    }

    private void add(String alias, String exchange) {
        Path path = path();
        boolean creating = !Files.exists(path);
        char[] password = password(creating);
        try {
            KeyVault vault = creating ? KeyVault.empty() : KeyVault.load(path, password);
            if (vault.find(alias).isPresent()) {
                throw new VaultException("alias '" + alias + "' is already in " + path + "; remove it first to replace its keys");
            }
            String accessKey = key("Access key", "the access key on the first line");
            String secretKey = key("Secret key", "the secret key on the second line");
            if (accessKey.startsWith(VaultCredentials.PREFIX)) {
                throw new VaultException("the access key to store is the exchange's key, not a vault alias");
            }
            NewSecret aliasSecret = aliasSecret();
            VaultEntry entry = new VaultEntry(exchange, accessKey, secretKey, aliasSecret.secret());
            vault.with(alias, entry).save(path, password);
            out.println("added '" + alias + "' for " + exchange + " (access key " + entry.maskedAccessKey() + ") to " + path);
            out.println("On FMZ fill Access Key with " + VaultCredentials.PREFIX + alias
                    + " and Secret Key with the alias's secret; a running bridge picks the alias up within seconds.");
            aliasSecret.printIfMade(out);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void secret(String alias) {
        Path path = existingPath();
        char[] password = password(false);
        try {
            KeyVault vault = KeyVault.load(path, password);
            VaultEntry entry = vault.find(alias).orElseThrow(() -> new VaultException("no alias '" + alias + "' in " + path));
            NewSecret aliasSecret = aliasSecret();
            vault.with(alias, entry.withAliasSecret(aliasSecret.secret())).save(path, password);
            out.println("new secret for '" + alias + "' in " + path + "; put it in FMZ's Secret Key field of this exchange;"
                    + " a running bridge takes it within seconds, and the old one no longer serves.");
            aliasSecret.printIfMade(out);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** An alias secret just chosen or made; {@code made} is the text to print once, null when the user typed it. */
    private record NewSecret(AliasSecret secret, String made) {
        void printIfMade(PrintStream out) {
            if (made != null) {
                out.println("The alias's secret, shown this once (FMZ's Secret Key field): " + made);
            }
        }
    }

    /** From the terminal (typed twice, unseen) or the next line of standard input; empty or absent: made here. */
    private NewSecret aliasSecret() {
        String chosen;
        if (console != null) {
            char[] typed = console.readPassword("Alias secret for FMZ's Secret Key field (not shown; Enter: make one): ");
            chosen = typed == null ? "" : new String(typed).trim();
            if (!chosen.isEmpty()) {
                char[] again = console.readPassword("Alias secret again: ");
                if (again == null || !chosen.equals(new String(again).trim())) {
                    throw new VaultException("the two alias secrets differ; nothing was written");
                }
            }
        } else {
            try {
                String line = input.readLine();
                chosen = line == null ? "" : line.trim();
            } catch (IOException e) {
                throw new VaultException("standard input cannot be read: " + e.getClass().getSimpleName());
            }
        }
        if (chosen.isEmpty()) {
            String made = AliasSecret.generate();
            return new NewSecret(AliasSecret.chosen(made), made);
        }
        return new NewSecret(AliasSecret.chosen(chosen), null);
    }

    private void list() {
        Path path = existingPath();
        char[] password = password(false);
        KeyVault vault;
        try {
            vault = KeyVault.load(path, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        out.println("key vault " + path + ": " + vault.entries().size() + (vault.entries().size() == 1 ? " alias" : " aliases"));
        if (!vault.entries().isEmpty()) {
            out.printf("%-24s %-12s %-12s %s%n", "ALIAS", "EXCHANGE", "ACCESS KEY", "SECRET");
            vault.entries().forEach((alias, entry) -> out.printf("%-24s %-12s %-12s %s%n", alias, entry.exchange(),
                    entry.maskedAccessKey(), entry.aliasSecret() != null ? "set" : "none: refused until `vault secret " + alias + "`"));
        }
    }

    private void remove(String alias) {
        Path path = existingPath();
        char[] password = password(false);
        try {
            KeyVault vault = KeyVault.load(path, password);
            if (vault.find(alias).isEmpty()) {
                throw new VaultException("no alias '" + alias + "' in " + path);
            }
            vault.without(alias).save(path, password);
            out.println("removed '" + alias + "' from " + path);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private Path path() {
        if (file == null || file.isBlank()) {
            throw new VaultException("no vault file given: run with -D" + FILE_PROPERTY + "=<file> or set FMZ_VAULT_FILE");
        }
        return Path.of(file.trim());
    }

    private Path existingPath() {
        Path path = path();
        if (!Files.exists(path)) {
            throw new VaultException("key vault " + path + " does not exist (create it with: vault add <alias> <exchange>)");
        }
        return path;
    }

    /** From the environment or a password file; else asked for, twice when it protects a new vault. */
    private char[] password(boolean creating) {
        Optional<char[]> given = MasterPassword.read(passwordFile, environment);
        if (given.isPresent()) {
            return given.get();
        }
        if (console == null) {
            return MasterPassword.require(passwordFile, environment); // fails, saying how to give one
        }
        char[] password = console.readPassword("Master password: ");
        if (password == null || password.length == 0) {
            throw new VaultException("no master password given");
        }
        if (creating) {
            char[] again = console.readPassword("Master password again: ");
            boolean same = Arrays.equals(password, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(password, '\0');
                throw new VaultException("the two master passwords differ; nothing was written");
            }
        }
        return password;
    }

    private String key(String prompt, String expectedLine) {
        String value;
        if (console != null) {
            char[] typed = console.readPassword(prompt + " (not shown): ");
            value = typed == null ? null : new String(typed);
        } else {
            try {
                value = input.readLine();
            } catch (IOException e) {
                throw new VaultException("standard input cannot be read: " + e.getClass().getSimpleName());
            }
        }
        if (value == null || value.isBlank()) {
            throw new VaultException((console != null ? "no " + prompt.toLowerCase(Locale.ROOT) + " given"
                    : "expected " + expectedLine + " of standard input") + "; nothing was written");
        }
        return value.trim();
    }
}
