package io.fmzbridge.vault;

import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.observe.CallMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway step right after the envelope is read: an access key {@code vault:<alias>} is
 * replaced by the keys the local vault holds for that alias, so FMZ's servers only ever see the
 * alias. Every later step sees ordinary credentials. The envelope's secret key must be the alias's
 * own secret (a name alone is guessable), and an alias is served only on the path of the exchange
 * it was stored for: keys are never sent to another exchange. Repeated wrong secrets lock the
 * alias for a while ({@link AliasLockout}).
 */
public final class VaultCredentials implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(VaultCredentials.class);

    /** How an envelope names an alias: the Access Key field holds {@code vault:<alias>}. */
    public static final String PREFIX = "vault:";

    private static final Duration CHECK_FOR_CHANGES_EVERY = Duration.ofSeconds(2);

    /** Null when the vault is off. */
    private final LiveVault vault;
    private final AliasLockout lockout;
    private final CallMetrics metrics;

    public VaultCredentials(LiveVault vault, CallMetrics metrics) {
        this.vault = vault;
        this.metrics = metrics;
        this.lockout = new AliasLockout();
    }

    /**
     * The bridge's vault from its settings: off while {@code file} is blank; otherwise loaded now,
     * so that a missing file or a wrong master password stops the start with a clear error.
     */
    public static VaultCredentials open(String file, String passwordFile, Map<String, String> environment, CallMetrics metrics) {
        if (file == null || file.isBlank()) {
            return new VaultCredentials(null, metrics);
        }
        char[] password = null;
        try {
            password = MasterPassword.require(passwordFile, environment);
            return new VaultCredentials(LiveVault.open(Path.of(file.trim()), password, CHECK_FOR_CHANGES_EVERY), metrics);
        } catch (VaultException e) {
            // one plain line in the log, above the stack trace camel-main prints as it gives up
            LOG.error("the bridge cannot start: {}", e.getMessage());
            throw e;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** The vault in use, or null when it is off. */
    public LiveVault vault() {
        return vault;
    }

    /** The aliases repeated wrong secrets hold locked now, with how long each stays so; names only, never secrets. */
    public Map<String, Duration> lockedAliases() {
        return lockout.locked();
    }

    @Override
    public void process(Exchange exchange) {
        FmzRequest request = exchange.getProperty(FmzCall.REQUEST_PROPERTY, FmzRequest.class);
        if (!request.accessKey().startsWith(PREFIX)) {
            return;
        }
        VaultEntry keys = keysFor(request.accessKey().substring(PREFIX.length()), request.exchange(), request.secretKey(),
                exchange.getProperty(FmzCall.LABEL_PROPERTY, request.exchange(), String.class));
        FmzRequest resolved = new FmzRequest(request.exchange(), request.method(), request.params(),
                keys.accessKey(), keys.secretKey(), request.httpMethod(), request.nonce());
        exchange.setProperty(FmzCall.REQUEST_PROPERTY, resolved);
        exchange.getMessage().setBody(resolved);
    }

    private VaultEntry keysFor(String name, String exchangeId, String presentedSecret, String label) {
        if (vault == null) {
            throw new FmzError("the access key names a key-vault alias, but the bridge's key vault is off"
                    + " (start it with fmz.vault.file set)");
        }
        String alias;
        try {
            alias = KeyVault.alias(name);
        } catch (VaultException e) {
            throw new FmzError("the access key 'vault:…' names no valid alias: " + e.getMessage());
        }
        VaultEntry keys = vault.current().find(alias).orElseThrow(() -> new FmzError(
                "no alias '" + alias + "' in the key vault (add it with: vault add " + alias + " " + exchangeId + ")"));
        checkSecret(alias, keys.aliasSecret(), presentedSecret, label);
        // only after the secret: a caller without it learns nothing of what the alias holds
        if (!keys.exchange().equals(exchangeId)) {
            throw new FmzError("key-vault alias '" + alias + "' holds keys for " + keys.exchange()
                    + ", not " + exchangeId + ": refused, so they are never sent to another exchange");
        }
        return keys;
    }

    private void checkSecret(String alias, AliasSecret secret, String presented, String label) {
        if (secret == null) {
            throw new FmzError("key-vault alias '" + alias + "' has no secret yet and is refused: set one with"
                    + " `vault secret " + alias + "`, then put it in FMZ's Secret Key field");
        }
        switch (lockout.check(alias, secret.matches(presented))) {
            case ACCEPTED -> {
                return;
            }
            case LOCKED -> {
                metrics.vaultRefusal(alias, "locked");
                throw new FmzError("key-vault alias '" + alias + "' is locked after repeated wrong secrets; calls naming it"
                        + " are refused for the next " + secondsLocked(alias) + " s");
            }
            case WRONG -> {
                metrics.vaultRefusal(alias, "wrong-secret");
                LOG.warn("key-vault alias '{}': wrong or missing secret in a call to {}, refused and nothing sent", alias, label);
            }
            case WRONG_NOW_LOCKED -> {
                metrics.vaultRefusal(alias, "wrong-secret");
                metrics.vaultLockout(alias);
                LOG.warn("key-vault alias '{}': wrong or missing secret in a call to {}, refused and nothing sent; after {} wrong"
                                + " secrets within a minute its calls are refused at once for {} s", alias, label,
                        AliasLockout.WRONG_SECRETS_PER_MINUTE, secondsLocked(alias));
            }
        }
        throw new FmzError("wrong or missing secret for key-vault alias '" + alias + "': FMZ's Secret Key field holds"
                + " the alias's secret (`vault secret " + alias + "` sets a new one)");
    }

    private long secondsLocked(String alias) {
        return Math.max(1, (lockout.lockedFor(alias).toMillis() + 999) / 1000);
    }
}
