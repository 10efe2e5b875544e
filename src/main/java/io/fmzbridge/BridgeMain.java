package io.fmzbridge;

import org.apache.camel.main.Main;

/** Starts the bridge: {@code application.properties}, the beans, the YAML routes, until stopped. */
public final class BridgeMain {

    private BridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(BridgeMain.class);
        main.configure().addConfiguration(BridgeBeans.class);
        main.run(args);
    }
}
