package io.fmzbridge.exchange.coinbase;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Test-only keys, made for this suite with openssl; they guard nothing. */
final class CoinbaseTestKeys {

    static final String EC_KEY_NAME = "organizations/test-org/apiKeys/ec-key";
    static final String ED_KEY_NAME = "organizations/test-org/apiKeys/ed-key";

    /** {@code openssl ecparam -name prime256v1 -genkey -noout}: SEC1, as Coinbase hands out ECDSA keys. */
    static final String EC_PEM = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEII7LOjZqnh6zpHpH9kVoyfnklI0Po3lKhEWMkY29MeIJoAoGCCqGSM49
            AwEHoUQDQgAExm50fZX+2Q6yZDlK7tLsiZVeMwqfUe8eB2NawfdUO8nJ3BDOyfMh
            qJJpu1tGPf2ZtdeMQGuHQ/pB6BqfEM23Eg==
            -----END EC PRIVATE KEY-----
            """;

    /** The same key as PKCS#8. */
    static final String EC_PKCS8_PEM = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjss6NmqeHrOkekf2
            RWjJ+eSUjQ+jeUqERYyRjb0x4gmhRANCAATGbnR9lf7ZDrJkOUru0uyJlV4zCp9R
            7x4HY1rB91Q7ycncEM7J8yGokmm7W0Y9/Zm114xAa4dD+kHoGp8QzbcS
            -----END PRIVATE KEY-----
            """;

    static final String EC_PUBLIC_X509 = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExm50fZX+2Q6yZDlK7tLsiZVeMwqf"
            + "Ue8eB2NawfdUO8nJ3BDOyfMhqJJpu1tGPf2ZtdeMQGuHQ/pB6BqfEM23Eg==";

    /** {@code openssl genpkey -algorithm ed25519}: PKCS#8 PEM, and its public key (X.509). */
    static final String ED_PKCS8_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIHPcXn5iNuvlCKRLY0Hwyxm9RvAXNf3siN0GzFmzjHEa
            -----END PRIVATE KEY-----
            """;
    static final String ED_PKCS8_PUBLIC_X509 = "MCowBQYDK2VwAyEACjbVR4NIJSiFCrIxo7+aPu7MQ2LENi53MFvLQ3wsjeA=";

    /** The notes' Ed25519 vector: seed 0x00..0x1f, base64 of seed||public as CDP hands it out. */
    static final String ED_SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8DoQe/884Qvh1w3RjnS8CZZ+TWMJulDV8d3IZkElUxuA==";

    static PublicKey ecPublicKey() throws Exception {
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(EC_PUBLIC_X509)));
    }

    /** The raw 32-byte Ed25519 public key of {@link #ED_SECRET}: its second half. */
    static byte[] edPublicKey() {
        byte[] both = Base64.getDecoder().decode(ED_SECRET);
        return java.util.Arrays.copyOfRange(both, 32, 64);
    }

    /** The raw public key of {@link #ED_PKCS8_PEM}: the last 32 bytes of its X.509 form. */
    static byte[] edPkcs8PublicKey() {
        byte[] x509 = Base64.getDecoder().decode(ED_PKCS8_PUBLIC_X509);
        return java.util.Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    /** A PEM as FMZ's one-line Secret Key field carries it: line breaks written as literal \n. */
    static String oneLine(String pem) {
        return pem.strip().replace("\n", "\\n");
    }

    private CoinbaseTestKeys() {
    }
}
