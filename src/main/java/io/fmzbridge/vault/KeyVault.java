package io.fmzbridge.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The aliases of a key vault file and what each stands for. The file is a PKCS12 key store (the
 * JDK's own format, readable by {@code keytool -list}): one secret-key entry per alias, encrypted
 * with AES-256 under a key derived from the master password, the whole file under an HMAC that the
 * same password keys, so a wrong password or an altered file is refused before anything is read.
 *
 * <p>Instances are immutable: {@link #with} and {@link #without} give the changed vault, {@link #save}
 * writes it.
 */
public final class KeyVault {

    /** Aliases are matched without regard to case: PKCS12 keeps them in lower case anyway. */
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern EXCHANGE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final String STORE_TYPE = "PKCS12";
    /** Named rather than left to the JDK's default, which older Java 17 builds set to 3DES. */
    private static final String ENTRY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
    /** The entry's JSON field holding the SHA-256 of the alias's secret, base64. */
    private static final String ALIAS_SECRET_FIELD = "alias_secret_sha256";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final SortedMap<String, VaultEntry> entries;

    private KeyVault(SortedMap<String, VaultEntry> entries) {
        this.entries = Collections.unmodifiableSortedMap(entries);
    }

    public static KeyVault empty() {
        return new KeyVault(new TreeMap<>());
    }

    /** The alias as the vault keys it, or a {@link VaultException} saying what an alias may be. */
    public static String alias(String text) {
        String alias = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (!ALIAS.matcher(alias).matches()) {
            throw new VaultException("an alias is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return alias;
    }

    /** The exchange id as the bridge names routes (okx, binance), or a {@link VaultException}. */
    public static String exchange(String text) {
        String exchange = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (!EXCHANGE.matcher(exchange).matches()) {
            throw new VaultException("an exchange is its id as in the service address path, like okx or binance");
        }
        return exchange;
    }

    public static KeyVault load(Path file, char[] password) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance(STORE_TYPE);
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new VaultException("key vault " + file + " does not exist (create it with: vault add <alias> <exchange>)");
        } catch (AccessDeniedException e) {
            throw new VaultException("key vault " + file + " cannot be read by this user");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new VaultException("key vault " + file + ": wrong master password, or the file was altered");
            }
            throw new VaultException("key vault " + file + " is not a readable PKCS12 file: " + e.getClass().getSimpleName());
        } catch (GeneralSecurityException e) {
            throw new VaultException("key vault " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        SortedMap<String, VaultEntry> entries = new TreeMap<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                KeyStore.Entry entry = store.getEntry(alias, new KeyStore.PasswordProtection(password));
                if (entry instanceof KeyStore.SecretKeyEntry secret) {
                    entries.put(alias, decode(secret.getSecretKey()));
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException | IOException | VaultException e) {
            throw new VaultException("key vault " + file + " holds an entry this bridge cannot read: " + e.getClass().getSimpleName());
        }
        return new KeyVault(entries);
    }

    public Optional<VaultEntry> find(String alias) {
        return Optional.ofNullable(entries.get(alias));
    }

    /** Every alias, in order, with what it stands for. */
    public SortedMap<String, VaultEntry> entries() {
        return entries;
    }

    /** The aliases stored before aliases had secrets: refused until each gets one. */
    public List<String> aliasesWithoutSecret() {
        return entries.entrySet().stream().filter(entry -> entry.getValue().aliasSecret() == null).map(Map.Entry::getKey).toList();
    }

    public KeyVault with(String alias, VaultEntry entry) {
        SortedMap<String, VaultEntry> changed = new TreeMap<>(entries);
        changed.put(alias(alias), new VaultEntry(exchange(entry.exchange()), entry.accessKey(), entry.secretKey(), entry.aliasSecret()));
        return new KeyVault(changed);
    }

    public KeyVault without(String alias) {
        SortedMap<String, VaultEntry> changed = new TreeMap<>(entries);
        changed.remove(alias(alias));
        return new KeyVault(changed);
    }

    /**
     * Writes the vault readable by its owner only, replacing the file in one step: a reader (the
     * bridge, another command) sees the old file or the new one, never half of one.
     */
    public void save(Path file, char[] password) {
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp", ownerOnly());
            Files.write(temporary, encode(password));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VaultException("key vault " + file + " cannot be written: " + e.getClass().getSimpleName());
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** True when the file system has owners and groups and someone other than the owner may read the file. */
    public static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    private byte[] encode(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance(STORE_TYPE);
            store.load(null, password);
            KeyStore.ProtectionParameter protection = new KeyStore.PasswordProtection(password, ENTRY_PROTECTION, null);
            SecretKeyFactory keys = SecretKeyFactory.getInstance("PBE");
            for (var alias : entries.entrySet()) {
                SecretKey value = keys.generateSecret(new PBEKeySpec(text(alias.getValue()).toCharArray()));
                store.setEntry(alias.getKey(), new KeyStore.SecretKeyEntry(value), protection);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new VaultException("key vault cannot be encoded: " + e.getClass().getSimpleName());
        }
    }

    /**
     * An entry as the text a PBE key holds. Such a key takes printable ASCII only, and a secret may
     * hold anything (a PEM with line breaks), so the JSON travels base64-encoded. The alias secret is
     * stored as its digest only, and left out while the alias has none.
     */
    private static String text(VaultEntry entry) throws IOException {
        ObjectNode json = FmzJson.MAPPER.createObjectNode()
                .put("exchange", entry.exchange())
                .put("access_key", entry.accessKey())
                .put("secret_key", entry.secretKey());
        if (entry.aliasSecret() != null) {
            json.put(ALIAS_SECRET_FIELD, entry.aliasSecret().stored());
        }
        return Base64.getEncoder().encodeToString(FmzJson.MAPPER.writeValueAsBytes(json));
    }

    /** An entry; one written before aliases had secrets has no {@value #ALIAS_SECRET_FIELD}. */
    private static VaultEntry decode(SecretKey key) throws IOException {
        JsonNode json = FmzJson.MAPPER.readTree(new String(Base64.getDecoder().decode(key.getEncoded()), UTF_8));
        JsonNode aliasSecret = json.get(ALIAS_SECRET_FIELD);
        return new VaultEntry(json.path("exchange").asText(), json.path("access_key").asText(), json.path("secret_key").asText(),
                aliasSecret == null || aliasSecret.isNull() ? null : AliasSecret.fromStored(aliasSecret.asText()));
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the temporary file was moved or never written; nothing to clean up
            }
        }
    }
}
