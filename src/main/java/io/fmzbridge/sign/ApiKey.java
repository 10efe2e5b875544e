package io.fmzbridge.sign;

import io.fmzbridge.fmz.FmzError;

/**
 * What FMZ's Access Key and Secret Key fields hold for a configured HMAC scheme: the API key, the
 * secret and, for exchanges that issue one, the passphrase after the first comma
 * ({@code secret,passphrase}, as FMZ users already write it for OKX) and, where the exchange has a
 * demo environment a key reaches by a header, a word after the passphrase that asks for it
 * ({@code secret,passphrase,simulate}).
 *
 * @param demo the Secret Key ends in the demo word
 */
record ApiKey(String key, String secret, String passphrase, boolean demo) {

    static ApiKey parse(String accessKey, String secretKey, boolean withPassphrase) {
        return parse(accessKey, secretKey, withPassphrase, null);
    }

    /**
     * @param demoWord the word a third part may hold ({@code simulate}), null when the exchange has none;
     *                 with one, the passphrase is the second part alone, no comma in it
     */
    static ApiKey parse(String accessKey, String secretKey, boolean withPassphrase, String demoWord) {
        if (accessKey.isBlank()) {
            throw new FmzError("missing access_key: put the API key in the exchange's Access Key on FMZ");
        }
        if (!withPassphrase) {
            if (secretKey.isBlank()) {
                throw new FmzError("missing secret_key: put the API secret in the exchange's Secret Key on FMZ");
            }
            return new ApiKey(accessKey.trim(), secretKey.trim(), null, false);
        }
        if (demoWord != null) {
            String[] parts = secretKey.split(",", -1);
            boolean demo = parts.length == 3 && parts[2].trim().equals(demoWord);
            if ((parts.length != 2 && !demo) || parts[0].isBlank() || parts[1].isBlank()) {
                throw new FmzError("secret_key must be 'secret,passphrase' or 'secret,passphrase," + demoWord + "'");
            }
            return new ApiKey(accessKey.trim(), parts[0].trim(), parts[1].trim(), demo);
        }
        int comma = secretKey.indexOf(',');
        if (comma < 0 || secretKey.substring(0, comma).isBlank() || secretKey.substring(comma + 1).isBlank()) {
            throw new FmzError("secret_key must be 'secret,passphrase' for this exchange");
        }
        return new ApiKey(accessKey.trim(), secretKey.substring(0, comma).trim(), secretKey.substring(comma + 1).trim(), false);
    }

    /** Records print every component; the secret and passphrase must not be. */
    @Override
    public String toString() {
        return "ApiKey[key=" + key + "]";
    }
}
