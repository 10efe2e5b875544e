package io.fmzbridge.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the vault's master password comes from: the file named by {@code fmz.vault.password-file}
 * when set (a Docker secret, a systemd credential), else the environment variable
 * {@code FMZ_VAULT_PASSWORD}. Never a property or an argument: those show in process listings and
 * in Camel's own summaries.
 */
public final class MasterPassword {

    public static final String ENVIRONMENT_VARIABLE = "FMZ_VAULT_PASSWORD";
    public static final String FILE_PROPERTY = "fmz.vault.password-file";

    private MasterPassword() {
    }

    /** The password, or empty when neither source is set; a source that is set but unusable is an error. */
    public static Optional<char[]> read(String passwordFile, Map<String, String> environment) {
        if (passwordFile != null && !passwordFile.isBlank()) {
            return Optional.of(fromFile(Path.of(passwordFile.trim())));
        }
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isEmpty()) {
            throw new VaultException(ENVIRONMENT_VARIABLE + " is set but empty");
        }
        return Optional.of(value.toCharArray());
    }

    /** The password, or an error that says how to give one. */
    public static char[] require(String passwordFile, Map<String, String> environment) {
        return read(passwordFile, environment).orElseThrow(() -> new VaultException(
                "the key vault's master password is not set: put it in the environment variable "
                        + ENVIRONMENT_VARIABLE + " or in a file named by " + FILE_PROPERTY));
    }

    private static char[] fromFile(Path file) {
        String content;
        try {
            content = Files.readString(file, UTF_8);
        } catch (IOException e) {
            throw new VaultException(FILE_PROPERTY + " " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        // editors and `echo` end the file with a line break that is not part of the password
        String password = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        if (password.isEmpty()) {
            throw new VaultException(FILE_PROPERTY + " " + file + " is empty");
        }
        return password.toCharArray();
    }
}
