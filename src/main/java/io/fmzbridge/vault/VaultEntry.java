package io.fmzbridge.vault;

/**
 * What one alias stands for: the exchange the keys belong to, the two values FMZ's Access Key
 * and Secret Key fields would otherwise hold (for OKX the secret is {@code secret,passphrase}), and
 * the alias's own secret, which FMZ's Secret Key field holds instead. An entry stored before
 * aliases had secrets has none ({@code aliasSecret} null) and is refused until one is set.
 */
public record VaultEntry(String exchange, String accessKey, String secretKey, AliasSecret aliasSecret) {

    /** An entry without an alias secret yet. */
    public VaultEntry(String exchange, String accessKey, String secretKey) {
        this(exchange, accessKey, secretKey, null);
    }

    public VaultEntry withAliasSecret(AliasSecret secret) {
        return new VaultEntry(exchange, accessKey, secretKey, secret);
    }

    /** The first four characters of the access key, enough to tell keys apart, none of a short one. */
    public String maskedAccessKey() {
        return accessKey.length() >= 8 ? accessKey.substring(0, 4) + "…" : "…";
    }

    /** Never print the keys: records print every component by default. */
    @Override
    public String toString() {
        return "VaultEntry[exchange=" + exchange + ", accessKey=" + maskedAccessKey()
                + ", aliasSecret=" + (aliasSecret == null ? "none" : "set") + "]";
    }
}
