package io.fmzbridge.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The demo key pair of Backpack's API tutorial and the two signatures the exchange notes computed
 * with it; each signature is also checked with the JDK's own Ed25519 against the public key.
 */
class Ed25519Test {

    static final String DEMO_SEED = "TDSkv44jf/iD/QCKkyCdixO+p1sfLXxk+PZH7mW/ams=";
    static final String DEMO_PUBLIC_KEY = "5+yQgwU0ZdJ/9s+GXfuPFfo7yQQpl9CgvQedJXne30o=";

    static final String CANCEL = "instruction=orderCancel&orderId=28&symbol=BTC_USDT&timestamp=1614550000000&window=5000";
    static final String CANCEL_SIGNATURE =
            "aKisDELOQeekrU+Up7rS/6gZBp0qunOsPwThvby1n5TaohLLP7NghvHoc4peKNGCg/rWC1gtiOKKSW2xNxCGAQ==";
    static final String DEPOSIT = "instruction=depositAddressQuery&blockchain=Solana&timestamp=1614550000000&window=5000";
    static final String DEPOSIT_SIGNATURE =
            "VPw6lzXYNdYAxiohUGArovz4Lo9Ke4LdA/naVvNNRFY68wi+eylXY2x/hbZk9w+fd4tQifvHCoKu1t2D7sl3BA==";

    private static final byte[] SEED = Base64.getDecoder().decode(DEMO_SEED);

    @Test
    void theSeedGivesItsPublicKey() {
        assertThat(Base64.getEncoder().encodeToString(Ed25519.publicKey(SEED))).isEqualTo(DEMO_PUBLIC_KEY);
    }

    @Test
    void reproducesTheComputedSignatures() {
        assertThat(base64(Ed25519.sign(SEED, CANCEL))).isEqualTo(CANCEL_SIGNATURE);
        assertThat(base64(Ed25519.sign(SEED, DEPOSIT))).isEqualTo(DEPOSIT_SIGNATURE);
    }

    @Test
    void signaturesVerifyWithThePublicKey() throws Exception {
        for (String message : new String[] {CANCEL, DEPOSIT, "instruction=balanceQuery&timestamp=1&window=5000", "ünïcode"}) {
            assertThat(jdkVerifies(DEMO_PUBLIC_KEY, message, Ed25519.sign(SEED, message))).as(message).isTrue();
        }
        assertThat(jdkVerifies(DEMO_PUBLIC_KEY, CANCEL + "0", Ed25519.sign(SEED, CANCEL))).isFalse();
    }

    @Test
    void aSeedMustHave32Bytes() {
        assertThatThrownBy(() -> Ed25519.sign(new byte[31], "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519.publicKey(new byte[64])).isInstanceOf(IllegalArgumentException.class);
    }

    /** The JDK's Ed25519 (Java 15+), from the raw key wrapped in its X.509 header: independent of BouncyCastle. */
    static boolean jdkVerifies(String publicKey, String message, byte[] signature) throws Exception {
        byte[] encoded = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(Base64.getDecoder().decode(publicKey)));
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(message.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(signature);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
