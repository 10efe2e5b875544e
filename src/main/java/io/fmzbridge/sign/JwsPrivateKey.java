package io.fmzbridge.sign;

import io.fmzbridge.fmz.FmzError;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The private half of a key-pair API key, as FMZ's Secret Key field carries it, for JWTs signed with
 * it ({@link KeyPairJwtSigner}): an ECDSA key as SEC1 PEM ({@code -----BEGIN EC PRIVATE KEY-----},
 * signs ES256), an Ed25519 key as base64 of {@code seed||public} (64 bytes) or of the bare seed
 * (32 bytes), or either as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}): the forms Coinbase's CDP
 * keys come in. FMZ keeps the field on one line, so a PEM may arrive with literal {@code \n}
 * sequences where its line breaks were.
 */
public sealed interface JwsPrivateKey {

    /** ECDSA on P-256, signing ES256 (Coinbase's "ECDSA" API keys). */
    record EcKey(ECPrivateKey key) implements JwsPrivateKey {
        @Override
        public String toString() {
            return "JwsPrivateKey.EcKey[redacted]";
        }
    }

    /** Ed25519, signing EdDSA (Coinbase's default key type); {@code seed} is the 32-byte private key. */
    record Ed25519Key(byte[] seed) implements JwsPrivateKey {
        @Override
        public String toString() {
            return "JwsPrivateKey.Ed25519Key[redacted]";
        }
    }

    String EC_PEM = "EC PRIVATE KEY";
    String PKCS8_PEM = "PRIVATE KEY";
    String SHAPE = "secret_key must be the API key's private key: the EC PEM"
            + " (-----BEGIN EC PRIVATE KEY-----...) or the base64 Ed25519 secret";

    static JwsPrivateKey parse(String secretKey) {
        // FMZ's field is one line: the PEM's line breaks may come as literal "\n"
        String secret = secretKey.replace("\\r", "").replace("\\n", "\n").trim();
        if (secret.isEmpty()) {
            throw new FmzError("missing secret_key: " + SHAPE.substring("secret_key must be ".length()));
        }
        if (secret.startsWith("-----BEGIN " + EC_PEM + "-----")) {
            return new EcKey(sec1(pemBody(secret, EC_PEM)));
        }
        if (secret.startsWith("-----BEGIN " + PKCS8_PEM + "-----")) {
            return pkcs8(pemBody(secret, PKCS8_PEM));
        }
        if (secret.startsWith("-----")) {
            throw new FmzError(SHAPE);
        }
        return ed25519Base64(secret);
    }

    private static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int stop = pem.indexOf(end);
        if (stop < 0) {
            throw new FmzError("secret_key: the PEM has no '" + end + "' line");
        }
        return base64(pem.substring(begin.length(), stop), "the PEM's body is not base64");
    }

    /** SEC1 {@code ECPrivateKey} (RFC 5915): the private scalar, on P-256 only (ES256). */
    private static ECPrivateKey sec1(byte[] der) {
        org.bouncycastle.asn1.sec.ECPrivateKey sec1;
        try {
            sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (Exception e) {
            throw new FmzError("secret_key: the EC PEM does not hold an EC private key");
        }
        var curve = sec1.getParametersObject();
        if (curve != null && !X9ObjectIdentifiers.prime256v1.equals(curve)) {
            throw new FmzError("secret_key: ES256 keys are on P-256; this EC key is on another curve");
        }
        return ecKey(sec1.getKey());
    }

    private static ECPrivateKey ecKey(BigInteger scalar) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec p256 = parameters.getParameterSpec(ECParameterSpec.class);
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(scalar, p256));
        } catch (GeneralSecurityException e) {
            throw new FmzError("secret_key: the EC private key is not a valid P-256 key");
        }
    }

    private static JwsPrivateKey pkcs8(byte[] der) {
        for (String algorithm : new String[] {"EC", "Ed25519"}) {
            PrivateKey key;
            try {
                key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                continue;
            }
            if (key instanceof ECPrivateKey ec) {
                if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
                    throw new FmzError("secret_key: ES256 keys are on P-256; this EC key is on another curve");
                }
                return new EcKey(ecKey(ec.getS())); // re-made on the named P-256 curve
            }
            if (key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
                return new Ed25519Key(ed.getBytes().get());
            }
        }
        throw new FmzError("secret_key: the PKCS#8 PEM holds neither a P-256 nor an Ed25519 private key");
    }

    /** Coinbase's SDK's rule: base64, the first 32 bytes are the seed (the rest, when 64, the public key). */
    private static JwsPrivateKey ed25519Base64(String secret) {
        byte[] bytes = base64(secret, SHAPE);
        if (bytes.length != 32 && bytes.length != 64) {
            throw new FmzError("secret_key: a base64 Ed25519 secret decodes to 32 or 64 bytes, this one to " + bytes.length);
        }
        byte[] seed = Arrays.copyOf(bytes, Ed25519.SEED_BYTES);
        if (bytes.length == 64 && !Arrays.equals(Ed25519.publicKey(seed), Arrays.copyOfRange(bytes, 32, 64))) {
            throw new FmzError("secret_key: the Ed25519 secret's public half does not belong to its private half; copy it again");
        }
        return new Ed25519Key(seed);
    }

    private static byte[] base64(String text, String complaint) {
        try {
            return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new FmzError(complaint.startsWith("secret_key") ? complaint : "secret_key: " + complaint);
        }
    }
}
