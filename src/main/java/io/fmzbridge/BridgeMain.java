package io.fmzbridge;

import io.fmzbridge.vault.VaultCommand;
import java.util.List;
import org.apache.camel.main.Main;

/**
 * Starts the bridge: {@code application.properties}, the beans, the YAML routes, until stopped.
 * {@code vault …} instead keeps the key vault's aliases and exits.
 */
public final class BridgeMain {

    private BridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("vault")) {
            System.exit(VaultCommand.ofThisProcess().run(List.of(args).subList(1, args.length)));
        }
        chooseLogFormat();
        try {
            create().run(args);
        } catch (Exception e) {
            // Camel has logged why (a port in use, a broken route file). The threads it started
            // would keep a half-started bridge alive; a service manager must see it fail.
            System.exit(1);
        }
    }

    /**
     * The bridge's Camel Main with its beans named explicitly: no classpath scanning, which in the
     * runnable jar reads through every one of its entries and costs a noticeable part of start-up.
     */
    static Main create() {
        Main main = new Main();
        main.configure().addConfiguration(BridgeBeans.class);
        return main;
    }

    /**
     * {@code -Dfmz.log.format=json} (or FMZ_LOG_FORMAT=json) lays the JSON console over the default
     * log setup. Logging reads its configuration once, when the first logger is made: so here,
     * before Camel makes one. An explicit log4j2.configurationFile wins.
     */
    private static void chooseLogFormat() {
        String format = System.getProperty("fmz.log.format", System.getenv().getOrDefault("FMZ_LOG_FORMAT", "text"));
        if ("json".equalsIgnoreCase(format.trim()) && System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2.properties,log4j2-json.properties");
        }
    }
}
