package io.fmzbridge.sign;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * EdDSA for nimbus-jose-jwt from a raw Ed25519 seed. Nimbus's own Ed25519 signer needs Google Tink;
 * the bridge already signs Ed25519 with BouncyCastle ({@link Ed25519}), so this adapter uses that.
 */
final class Ed25519JwsSigner implements JWSSigner {

    private final byte[] seed;
    private final JCAContext jca = new JCAContext();

    Ed25519JwsSigner(byte[] seed) {
        this.seed = seed;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
            throw new JOSEException("an Ed25519 key signs EdDSA only, not " + header.getAlgorithm());
        }
        // the JWS signing input is ASCII (base64url segments and a dot)
        return Base64URL.encode(Ed25519.sign(seed, new String(signingInput, StandardCharsets.US_ASCII)));
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }

    @Override
    public String toString() {
        return "Ed25519JwsSigner[redacted]";
    }
}
