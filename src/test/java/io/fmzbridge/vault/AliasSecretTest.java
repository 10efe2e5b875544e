package io.fmzbridge.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AliasSecretTest {

    static final String SECRET = "an-alias-secret-of-some-length";

    @Test
    void onlyTheSameSecretMatches() {
        AliasSecret secret = AliasSecret.chosen(SECRET);

        assertThat(secret.matches(SECRET)).isTrue();
        for (String wrong : new String[] {"", SECRET.substring(1), SECRET + "x", SECRET.toUpperCase(), SECRET.substring(0, 29) + "X"}) {
            assertThat(secret.matches(wrong)).as(wrong).isFalse();
        }
        assertThat(secret.matches(null)).isFalse();
    }

    @Test
    void whatIsStoredIsAFixedLengthDigestNeverTheSecret() {
        // the compared values are both 32 bytes whatever was sent, so the time of a refusal cannot
        // tell how long the secret is, nor how much of a guess was right
        for (String text : new String[] {"sixteen-chars-16", SECRET, "x".repeat(500)}) {
            String stored = AliasSecret.chosen(text).stored();
            assertThat(Base64.getDecoder().decode(stored)).hasSize(32);
            assertThat(stored).doesNotContain(text);
        }
        assertThat(AliasSecret.fromStored(AliasSecret.chosen(SECRET).stored())).isEqualTo(AliasSecret.chosen(SECRET));
        assertThat(AliasSecret.chosen(SECRET).toString()).isEqualTo("AliasSecret[set]");
    }

    @Test
    void aStoredValueThatIsNoDigestIsRefused() {
        assertThatThrownBy(() -> AliasSecret.fromStored("not base64!")).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> AliasSecret.fromStored(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(VaultException.class);
    }

    @Test
    void aChosenSecretHasAtLeastSixteenCharacters() {
        assertThatThrownBy(() -> AliasSecret.chosen("fifteen-chars15")).isInstanceOf(VaultException.class)
                .hasMessage("an alias secret has at least 16 characters; leave it empty to have a strong one made")
                .hasMessageNotContaining("fifteen-chars15");
        assertThat(AliasSecret.chosen("sixteen-chars-16").matches("sixteen-chars-16")).isTrue();
    }

    @Test
    void generatedSecretsAre256RandomBitsInCharactersFmzTakes() {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = AliasSecret.generate();
            assertThat(secret).matches("[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
            made.add(secret);
        }
        assertThat(made).hasSize(100);
    }
}
