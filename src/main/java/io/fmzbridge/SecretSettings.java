package io.fmzbridge;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which settings must not be printed. None of the bridge's own holds a secret (the vault's
 * master password is never a setting), but a user may add one, {@code -Dfmz.my-api-secret=…} or
 * {@code FMZ_TOKEN=…}: any key that speaks of a secret is shown redacted, whatever its value.
 */
final class SecretSettings {

    static final String REDACTED = "<redacted>";

    private static final Pattern SECRET_WORD = Pattern.compile("secret|passw|passphrase|token|key|credential");
    /** Keys that sound secret but hold a path or a name, compared in {@link #normalized} form. */
    private static final Set<String> NOT_SECRET = Set.of(normalized("fmz.vault.password-file"));
    /** The user-info part of a URL, {@code https://user:pass@host}. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private SecretSettings() {
    }

    static boolean isSecret(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        return SECRET_WORD.matcher(name).find() && !NOT_SECRET.contains(normalized(key));
    }

    /** The value as it may be printed: redacted for a secret key, without a URL's user info otherwise. */
    static String shown(String key, String value) {
        return isSecret(key) ? REDACTED : URL_USER_INFO.matcher(value).replaceAll(REDACTED + "@");
    }

    /** The same for {@code fmz.vault.password-file} and its environment form {@code FMZ_VAULT_PASSWORD_FILE}. */
    private static String normalized(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
