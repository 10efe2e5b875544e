package io.fmzbridge.vault;

import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
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
 * alias. Every later step sees ordinary credentials. An alias is served only on the path of the
 * exchange it was stored for: keys are never sent to another exchange.
 */
public final class VaultCredentials implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(VaultCredentials.class);

    /** How an envelope names an alias: the Access Key field holds {@code vault:<alias>}. */
    public static final String PREFIX = "vault:";

    private static final Duration CHECK_FOR_CHANGES_EVERY = Duration.ofSeconds(2);

    /** Null when the vault is off. */
    private final LiveVault vault;

    public VaultCredentials(LiveVault vault) {
        this.vault = vault;
    }

    /**
     * The bridge's vault from its settings: off while {@code file} is blank; otherwise loaded now,
     * so that a missing file or a wrong master password stops the start with a clear error.
     */
    public static VaultCredentials open(String file, String passwordFile, Map<String, String> environment) {
        if (file == null || file.isBlank()) {
            return new VaultCredentials(null);
        }
        char[] password = null;
        try {
            password = MasterPassword.require(passwordFile, environment);
            return new VaultCredentials(LiveVault.open(Path.of(file.trim()), password, CHECK_FOR_CHANGES_EVERY));
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

    @Override
    public void process(Exchange exchange) {
        FmzRequest request = exchange.getProperty(FmzCall.REQUEST_PROPERTY, FmzRequest.class);
        if (!request.accessKey().startsWith(PREFIX)) {
            return;
        }
        VaultEntry keys = keysFor(request.accessKey().substring(PREFIX.length()), request.exchange());
        FmzRequest resolved = new FmzRequest(request.exchange(), request.method(), request.params(),
                keys.accessKey(), keys.secretKey(), request.httpMethod(), request.nonce());
        exchange.setProperty(FmzCall.REQUEST_PROPERTY, resolved);
        exchange.getMessage().setBody(resolved);
    }

    private VaultEntry keysFor(String name, String exchangeId) {
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
        if (!keys.exchange().equals(exchangeId)) {
            throw new FmzError("key-vault alias '" + alias + "' holds keys for " + keys.exchange()
                    + ", not " + exchangeId + ": refused, so they are never sent to another exchange");
        }
        return keys;
    }
}
