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
        Main main = new Main(BridgeMain.class);
        main.configure().addConfiguration(BridgeBeans.class);
        main.run(args);
    }
}
