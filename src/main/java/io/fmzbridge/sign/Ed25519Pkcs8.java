package io.fmzbridge.sign;

import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * Ed25519 private keys as exchanges that let users generate their own pair keep them: PKCS#8
 * (RFC 8410), as a PEM ({@code -----BEGIN PRIVATE KEY-----}) or its bare base64 body. A PEM pasted
 * into a one-line field loses its line breaks, so whitespace anywhere is ignored.
 */
public final class Ed25519Pkcs8 {

    private static final String PEM_HEADER = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_FOOTER = "-----END PRIVATE KEY-----";

    private Ed25519Pkcs8() {
    }

    /** Whether the text is PEM armour of any kind, which is never an HMAC secret. */
    public static boolean isPem(String text) {
        return text != null && text.contains("-----BEGIN");
    }

    /**
     * The 32-byte seed inside an Ed25519 PKCS#8 key, or null when the text is not one (an HMAC
     * secret, another key type, garbage). Never echoes the key in an exception.
     */
    public static byte[] seedOf(String text) {
        if (text == null) {
            return null;
        }
        String body = text.replace(PEM_HEADER, "").replace(PEM_FOOTER, "").replaceAll("\\s+", "");
        if (body.isEmpty() || body.contains("-----")) {
            return null;
        }
        try {
            byte[] der = Base64.getDecoder().decode(body);
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der));
            return key instanceof Ed25519PrivateKeyParameters ed25519 ? ed25519.getEncoded() : null;
        } catch (RuntimeException | java.io.IOException e) {
            return null;
        }
    }
}
