package io.fmzbridge.sign;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 (RFC 8032) over UTF-8 text, from the raw 32-byte private key seed that exchanges hand
 * out (Backpack, and later Korbit and Coinbase). BouncyCastle takes the raw seed directly, where
 * the JDK would need it wrapped in PKCS#8 first.
 */
public final class Ed25519 {

    public static final int SEED_BYTES = Ed25519PrivateKeyParameters.KEY_SIZE;

    private Ed25519() {
    }

    /** The 64-byte signature of {@code message}. */
    public static byte[] sign(byte[] seed, String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey(seed));
        signer.update(bytes, 0, bytes.length);
        return signer.generateSignature();
    }

    /** The 32-byte public key that belongs to {@code seed}. */
    public static byte[] publicKey(byte[] seed) {
        return privateKey(seed).generatePublicKey().getEncoded();
    }

    private static Ed25519PrivateKeyParameters privateKey(byte[] seed) {
        if (seed == null || seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 private key seed has " + SEED_BYTES + " bytes");
        }
        return new Ed25519PrivateKeyParameters(seed, 0);
    }
}
