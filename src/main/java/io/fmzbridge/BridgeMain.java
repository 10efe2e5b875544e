package io.fmzbridge;

import org.apache.camel.main.Main;

/** Starts the bridge: {@code application.properties}, the beans, the YAML routes, until stopped. */
public final class BridgeMain {

    private BridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        chooseLogFormat();
        Main main = new Main(BridgeMain.class);
        main.configure().addConfiguration(BridgeBeans.class);
        main.run(args);
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
