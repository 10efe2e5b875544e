package io.fmzbridge;

import io.fmzbridge.call.Testnets;
import io.fmzbridge.gateway.ExchangeJobs;
import io.fmzbridge.gateway.ExchangeRoutes;
import io.fmzbridge.stream.MarketStream;
import io.fmzbridge.vault.LiveVault;
import io.fmzbridge.vault.VaultCredentials;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few INFO lines once the bridge has started: its version, where it listens, the exchanges it
 * serves and where it sends their calls, deadlines and limits, its scheduled jobs, the key vault,
 * the management server, and every setting given from outside {@code application.properties},
 * secrets redacted. With what went wrong, it is the whole start log: log4j2.properties holds
 * Camel's own start-up lines back.
 * Enough to tell from a log what was running and how. A startup listener rather than an event
 * notifier: nothing is left that an FMZ call would pay for.
 */
public final class StartupSummary implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);

    private final CamelContext context;

    private StartupSummary(CamelContext context) {
        this.context = context;
    }

    /**
     * The summary of {@code context}, printed once its routes have started. camel-main runs the
     * factory methods of a configuration class more than once, so a second call finds the first
     * summary bound and returns it rather than print twice.
     */
    public static StartupSummary of(CamelContext context) throws Exception {
        StartupSummary bound = context.getRegistry().findSingleByType(StartupSummary.class);
        if (bound != null && bound.context == context) {
            return bound;
        }
        StartupSummary summary = new StartupSummary(context);
        context.addStartupListener(summary);
        return summary;
    }

    /** The version the build wrote into the jar's manifest; "dev" when run from compiled classes. */
    public static String version() {
        String version = StartupSummary.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    @Override
    public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
        // the routes are not running yet: the summary waits for onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
        lines(System.getenv(), System.getProperties()).forEach(LOG::info);
        aliasesWithoutSecret(context).ifPresent(LOG::warn);
    }

    /** A vault from before aliases had secrets: what to do about the aliases it still refuses. */
    static Optional<String> aliasesWithoutSecret(CamelContext context) {
        VaultCredentials credentials = context.getRegistry().findSingleByType(VaultCredentials.class);
        LiveVault vault = credentials == null ? null : credentials.vault();
        List<String> without = vault == null ? List.of() : vault.current().aliasesWithoutSecret();
        return without.isEmpty() ? Optional.empty() : Optional.of("key-vault aliases without a secret are refused until"
                + " one is set with `vault secret <alias>`: " + String.join(", ", without));
    }

    List<String> lines(Map<String, String> environment, Properties systemProperties) {
        PropertiesComponent properties = context.getPropertiesComponent();
        List<String> lines = new ArrayList<>();
        lines.add("fmz-camel-bridge " + version() + " (Camel " + context.getVersion() + ", Java "
                + Runtime.version() + ") listening on http://" + setting(properties, "fmz.listen.host") + ":"
                + setting(properties, "fmz.listen.port") + "/<Exchange>");
        lines.add(exchanges(context, properties));
        lines.add("exchange calls: connect timeout " + setting(properties, "fmz.call.connect-timeout-ms")
                + " ms, response timeout " + setting(properties, "fmz.call.response-timeout-ms") + " ms; " + rateLimits(properties));
        lines.add(jobs(context, properties));
        lines.add(vault(context));
        lines.add(management(properties));
        lines.add("settings given at start: " + givenAtStart(properties, environment, systemProperties));
        return lines;
    }

    private static String exchanges(CamelContext context, PropertiesComponent properties) {
        List<String> served = new ArrayList<>();
        for (String id : ExchangeRoutes.ids(context)) {
            String prefix = "fmz.exchange." + id + ".";
            StringBuilder line = new StringBuilder(id).append(' ');
            if (testnet(context, id)) {
                line.append("TESTNET ");
            }
            line.append(properties.resolveProperty(prefix + "base-url").map(url -> SecretSettings.shown(prefix + "base-url", url))
                            .orElse("(no " + prefix + "base-url)"));
            properties.resolveProperty(prefix + "connect-timeout-ms").ifPresent(ms -> line.append(" connect ").append(ms).append(" ms"));
            properties.resolveProperty(prefix + "response-timeout-ms").ifPresent(ms -> line.append(" response ").append(ms).append(" ms"));
            served.add(line.toString());
        }
        return "exchanges (" + served.size() + "): " + String.join(", ", served) + "; " + streams(context);
    }

    private static boolean testnet(CamelContext context, String exchange) {
        Testnets testnets = context.getRegistry().findSingleByType(Testnets.class);
        return testnets != null && testnets.isTestnet(exchange);
    }

    /** Each exchange's public stream, opened on the first market-data call (MarketStream). */
    private static String streams(CamelContext context) {
        List<MarketStream> streams = new ArrayList<>(context.getRegistry().findByType(MarketStream.class));
        if (streams.isEmpty()) {
            return "no live market data";
        }
        streams.sort(Comparator.comparing(MarketStream::exchange));
        List<String> described = new ArrayList<>();
        for (MarketStream stream : streams) {
            try {
                described.add(SecretSettings.shown("ws-url", stream.describeSettings(context)));
            } catch (RuntimeException e) {
                described.add(stream.exchange() + " off: " + e.getMessage());
            }
        }
        return "live market data, streams opened on first use: " + String.join(", ", described);
    }

    private static String rateLimits(PropertiesComponent properties) {
        if (!isTrue(properties, "fmz.call.rate-limit-enabled")) {
            return "rate limits off";
        }
        return isTrue(properties, "fmz.call.rate-limit-reject")
                ? "rate limits on, a call over the limit is refused" : "rate limits on, a call over the limit waits its turn";
    }

    private static String jobs(CamelContext context, PropertiesComponent properties) {
        String clock = isTrue(properties, "fmz.clock.sync-enabled")
                ? "clock sync every " + setting(properties, "fmz.clock.sync-interval-ms") + " ms" : "clock sync off";
        String markets = isTrue(properties, "fmz.markets.sync-enabled")
                ? "market rules every " + setting(properties, "fmz.markets.sync-interval-ms") + " ms" : "market rules off";
        ExchangeJobs jobs = context.getRegistry().findSingleByType(ExchangeJobs.class);
        List<String> warm = jobs == null ? List.of() : jobs.warm();
        return "jobs: " + clock + ", " + markets + "; an exchange's begin at its first call, at start for fmz.exchanges.warm: "
                + (warm.isEmpty() ? "none" : String.join(", ", warm));
    }

    private static String vault(CamelContext context) {
        VaultCredentials credentials = context.getRegistry().findSingleByType(VaultCredentials.class);
        LiveVault vault = credentials == null ? null : credentials.vault();
        if (vault == null) {
            return "key vault: off (fmz.vault.file is not set)";
        }
        int aliases = vault.current().entries().size();
        return "key vault: on, " + vault.file() + ", " + aliases + (aliases == 1 ? " alias" : " aliases");
    }

    /**
     * The bridge's own management route (management.camel.yaml), which fmz.management.* configures;
     * not Camel's management server (camel.management.*), which the bridge does not run.
     */
    private static String management(PropertiesComponent properties) {
        if (!isTrue(properties, "fmz.management.enabled")) {
            return "management server: off (fmz.management.enabled=false)";
        }
        return "management server: http://" + setting(properties, "fmz.management.host") + ":"
                + setting(properties, "fmz.management.port") + "/observe/metrics, /observe/health/live, /observe/health/ready, /observe/status";
    }

    /** What was set by -D, by environment variable or as an override, beyond the packaged defaults. */
    private static String givenAtStart(PropertiesComponent properties, Map<String, String> environment,
                                       Properties systemProperties) {
        Map<String, String> given = new TreeMap<>();
        systemProperties.stringPropertyNames().stream().filter(StartupSummary::isBridgeSetting)
                .forEach(key -> given.put(key, systemProperties.getProperty(key)));
        environment.forEach((name, value) -> {
            if (name.startsWith("FMZ_") || name.startsWith("CAMEL_")) {
                given.put(name, value);
            }
        });
        // camel-main's Main.addOverrideProperty: how an embedding program or a test sets them
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent component
                && component.getOverrideProperties() != null) {
            Properties overrides = component.getOverrideProperties();
            overrides.stringPropertyNames().forEach(key -> given.put(key, overrides.getProperty(key)));
        }
        if (given.isEmpty()) {
            return "none";
        }
        List<String> shown = new ArrayList<>();
        given.forEach((key, value) -> shown.add(key + "=" + SecretSettings.shown(key, value)));
        return String.join(", ", shown);
    }

    private static boolean isBridgeSetting(String key) {
        return key.startsWith("fmz.") || key.startsWith("camel.");
    }

    private static String setting(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(value -> SecretSettings.shown(key, value)).orElse("?");
    }

    private static boolean isTrue(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(Boolean::parseBoolean).orElse(false);
    }
}
