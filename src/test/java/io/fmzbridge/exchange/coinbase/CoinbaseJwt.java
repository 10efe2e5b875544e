package io.fmzbridge.exchange.coinbase;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A Coinbase JWT taken apart and checked the way a JWS verifier does (RFC 7515), written for the
 * tests from the JOSE rules with the JDK and BouncyCastle, independently of the bridge's signer.
 */
record CoinbaseJwt(JsonNode header, JsonNode claims, String signingInput, byte[] signature,
                   String headerSegment, String payloadSegment) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Null when the token is not three base64url segments of JSON objects. */
    static CoinbaseJwt parse(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(b64.decode(parts[0]));
            JsonNode claims = JSON.readTree(b64.decode(parts[1]));
            if (!header.isObject() || !claims.isObject() || parts[0].contains("=") || parts[2].contains("=")) {
                return null;
            }
            return new CoinbaseJwt(header, claims, parts[0] + "." + parts[1], b64.decode(parts[2]), parts[0], parts[1]);
        } catch (Exception e) {
            return null;
        }
    }

    /** ES256: ECDSA P-256 SHA-256 over the signing input, signature as JOSE's 64-byte R||S. */
    boolean verifiesEs256(PublicKey key) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initVerify(key);
            ecdsa.update(signingInput.getBytes(US_ASCII));
            return signature.length == 64 && ecdsa.verify(signature);
        } catch (Exception e) {
            return false;
        }
    }

    /** EdDSA: Ed25519 (RFC 8032) over the signing input. */
    boolean verifiesEdDsa(byte[] publicKey) {
        Ed25519Signer ed = new Ed25519Signer();
        ed.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        byte[] input = signingInput.getBytes(US_ASCII);
        ed.update(input, 0, input.length);
        return ed.verifySignature(signature);
    }
}
