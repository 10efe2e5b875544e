package io.fmzbridge.exchange.korbit;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.Ed25519;
import io.fmzbridge.sign.Ed25519Pkcs8;
import io.fmzbridge.sign.Hmac;
import io.fmzbridge.sign.RequestSigner;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Korbit Open API v2 authentication: {@code timestamp} (ms) joins the url-encoded parameters, the
 * signature is computed over that exact string in sent order and appended last as
 * {@code signature}; the key id travels in {@code X-KAPI-KEY}. An HMAC-SHA256 key signs with the
 * lower-case hex MAC, an ED25519 key with the base64 signature (url-encoded on the wire). GET and
 * DELETE carry the parameters in the query, POST as an {@code application/x-www-form-urlencoded}
 * body: the request builders put them in the query and this signer moves them for a POST.
 */
public final class KorbitSigner implements RequestSigner {

    static final String FORM = "application/x-www-form-urlencoded";

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        Credentials credentials = Credentials.parse(accessKey, secretKey);
        RestCall stamped = call.param("timestamp", now.toEpochMilli());
        // Korbit signs query + body without a separator when both are present
        String signed = stamped.query() + stamped.body();
        RestCall withSignature = stamped.param("signature", credentials.signature(signed))
                .header("X-KAPI-KEY", credentials.keyId());
        if (!withSignature.verb().equals("POST")) {
            return withSignature;
        }
        return new RestCall("POST", withSignature.path(), "", withSignature.query(), withSignature.headers())
                .header("Content-Type", FORM);
    }

    /**
     * What FMZ's key fields hold for Korbit: the Access Key is the API key id; the Secret Key is
     * the HMAC secret as issued, or for an ED25519 key the private key as PKCS#8 (the PEM the
     * user generated, line breaks optional, or its base64 body). The two cannot be confused: an
     * HMAC secret is never an Ed25519 PKCS#8 structure.
     */
    record Credentials(String keyId, String hmacSecret, byte[] ed25519Seed) {

        static Credentials parse(String accessKey, String secretKey) {
            if (accessKey.isBlank()) {
                throw new FmzError("missing access_key: put the Korbit API key in the exchange's Access Key on FMZ");
            }
            String secret = secretKey.trim();
            if (secret.isEmpty()) {
                throw new FmzError("missing secret_key: put the Korbit HMAC secret or ED25519 private key (PKCS#8 PEM)"
                        + " in the exchange's Secret Key on FMZ");
            }
            byte[] seed = Ed25519Pkcs8.seedOf(secret);
            if (seed != null) {
                return new Credentials(accessKey.trim(), null, seed);
            }
            if (Ed25519Pkcs8.isPem(secret)) {
                throw new FmzError("secret_key is a PEM but not an ED25519 private key in PKCS#8"
                        + " (-----BEGIN PRIVATE KEY-----); Korbit signs with ED25519 or HMAC-SHA256 keys");
            }
            return new Credentials(accessKey.trim(), secret, null);
        }

        boolean isEd25519() {
            return ed25519Seed != null;
        }

        String signature(String encodedParams) {
            return isEd25519()
                    ? Base64.getEncoder().encodeToString(Ed25519.sign(ed25519Seed, encodedParams))
                    : HexFormat.of().formatHex(Hmac.sign("HmacSHA256", hmacSecret, encodedParams));
        }

        @Override
        public String toString() {
            return "Credentials[keyId=" + keyId + ", scheme=" + (isEd25519() ? "ed25519" : "hmac-sha256") + "]";
        }
    }
}
