package io.fmzbridge.vault;

/**
 * What one alias stands for: the exchange the keys belong to and the two values FMZ's Access Key
 * and Secret Key fields would otherwise hold (for OKX the secret is {@code secret,passphrase}).
 */
public record VaultEntry(String exchange, String accessKey, String secretKey) {

    /** The first four characters of the access key, enough to tell keys apart, none of a short one. */
    public String maskedAccessKey() {
        return accessKey.length() >= 8 ? accessKey.substring(0, 4) + "…" : "…";
    }

    /** Never print the keys: records print every component by default. */
    @Override
    public String toString() {
        return "VaultEntry[exchange=" + exchange + ", accessKey=" + maskedAccessKey() + "]";
    }
}
