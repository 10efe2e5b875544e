package io.fmzbridge.sign;

import io.fmzbridge.fmz.FmzError;

/**
 * What FMZ's Access Key and Secret Key fields hold for a configured HMAC scheme: the API key, the
 * secret and, for exchanges that issue one, the passphrase after the first comma
 * ({@code secret,passphrase}, as FMZ users already write it for OKX).
 */
record ApiKey(String key, String secret, String passphrase) {

    static ApiKey parse(String accessKey, String secretKey, boolean withPassphrase) {
        if (accessKey.isBlank()) {
            throw new FmzError("missing access_key: put the API key in the exchange's Access Key on FMZ");
        }
        if (!withPassphrase) {
            if (secretKey.isBlank()) {
                throw new FmzError("missing secret_key: put the API secret in the exchange's Secret Key on FMZ");
            }
            return new ApiKey(accessKey.trim(), secretKey.trim(), null);
        }
        int comma = secretKey.indexOf(',');
        if (comma < 0 || secretKey.substring(0, comma).isBlank() || secretKey.substring(comma + 1).isBlank()) {
            throw new FmzError("secret_key must be 'secret,passphrase' for this exchange");
        }
        return new ApiKey(accessKey.trim(), secretKey.substring(0, comma).trim(), secretKey.substring(comma + 1).trim());
    }

    /** Records print every component; the secret and passphrase must not be. */
    @Override
    public String toString() {
        return "ApiKey[key=" + key + "]";
    }
}
