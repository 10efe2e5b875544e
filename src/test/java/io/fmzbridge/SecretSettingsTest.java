package io.fmzbridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretSettingsTest {

    @Test
    void keysThatSpeakOfSecretsAreRedacted() {
        for (String key : new String[] {"fmz.exchange.okx.api-secret", "FMZ_VAULT_PASSWORD", "fmz.vault.password",
                "fmz.exchange.okx.passphrase", "FMZ_API_TOKEN", "fmz.exchange.binance.api-key", "camel.ssl.key-store-password",
                "MY_CREDENTIALS"}) {
            assertThat(SecretSettings.shown(key, "hunter2")).as(key).isEqualTo("<redacted>");
        }
    }

    @Test
    void ordinarySettingsAndThePasswordFilePathAreShown() {
        assertThat(SecretSettings.shown("fmz.listen.port", "6666")).isEqualTo("6666");
        assertThat(SecretSettings.shown("fmz.vault.password-file", "/run/secrets/vault")).isEqualTo("/run/secrets/vault");
        assertThat(SecretSettings.shown("FMZ_VAULT_PASSWORD_FILE", "/run/secrets/vault")).isEqualTo("/run/secrets/vault");
        assertThat(SecretSettings.shown("fmz.vault.file", "/etc/fmz/vault.p12")).isEqualTo("/etc/fmz/vault.p12");
    }

    @Test
    void aUrlLosesItsUserInfo() {
        assertThat(SecretSettings.shown("fmz.exchange.okx.base-url", "https://user:pw@proxy.example:8443/okx"))
                .isEqualTo("https://<redacted>@proxy.example:8443/okx");
        assertThat(SecretSettings.shown("fmz.exchange.okx.base-url", "https://www.okx.com")).isEqualTo("https://www.okx.com");
    }
}
