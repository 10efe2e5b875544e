package io.fmzbridge.call;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;

/**
 * {@code fmz.exchange.<id>.testnet=true} points an exchange at its published test environment: each of its
 * {@code fmz.exchange.<id>.testnet.<setting>} lines (base-url, ws-url, ...) then stands in for
 * {@code fmz.exchange.<id>.<setting>}. An exchange that publishes none says why in
 * {@code fmz.exchange.<id>.testnet-none}, and asking for its testnet stops the start with that reason: a
 * strategy meant for a test market must never reach a real one. A setting given from outside
 * application.properties (a -D option, an override) still wins over the test environment's.
 */
public final class Testnets implements PropertiesSource, Ordered {

    private static final Pattern SWITCH = Pattern.compile("fmz\\.exchange\\.([a-z0-9-]+)\\.testnet");
    private static final Pattern TEST_SETTING = Pattern.compile("fmz\\.exchange\\.([a-z0-9-]+)\\.testnet\\.(.+)");

    private final Set<String> exchanges;
    private final Map<String, String> settings;

    private Testnets(Set<String> exchanges, Map<String, String> settings) {
        this.exchanges = exchanges;
        this.settings = settings;
    }

    /**
     * The test environments asked for in {@code properties} (every {@code fmz.exchange.*} setting as loaded),
     * or an {@link IllegalArgumentException} naming an exchange that has none and why.
     */
    public static Testnets of(Properties properties) {
        Set<String> chosen = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher on = SWITCH.matcher(key);
            if (on.matches() && Boolean.parseBoolean(properties.getProperty(key).trim())) {
                chosen.add(on.group(1));
            }
        }
        Map<String, String> replaced = new TreeMap<>();
        for (String exchange : chosen) {
            boolean any = false;
            for (String key : properties.stringPropertyNames()) {
                Matcher test = TEST_SETTING.matcher(key);
                if (test.matches() && test.group(1).equals(exchange)) {
                    replaced.put("fmz.exchange." + exchange + "." + test.group(2), properties.getProperty(key).trim());
                    any = true;
                }
            }
            if (!any) {
                String why = properties.getProperty("fmz.exchange." + exchange + ".testnet-none",
                        "no test environment is configured for it (fmz.exchange." + exchange + ".testnet.base-url)");
                throw new IllegalArgumentException("fmz.exchange." + exchange + ".testnet=true, but " + exchange
                        + " has no test environment: " + why.trim());
            }
        }
        return new Testnets(Set.copyOf(chosen), Map.copyOf(replaced));
    }

    /** Reads the settings as the context has them and puts the chosen test environments' in front. */
    public static Testnets install(PropertiesComponent properties) {
        Testnets testnets = of(properties.loadProperties(key -> key.startsWith("fmz.exchange.")));
        properties.addPropertiesSource(testnets);
        return testnets;
    }

    /** The exchanges running against their test environment, for the start summary and status page. */
    public Set<String> exchanges() {
        return exchanges;
    }

    public boolean isTestnet(String exchange) {
        return exchanges.contains(exchange);
    }

    @Override
    public String getName() {
        return "fmz-testnets";
    }

    @Override
    public String getProperty(String name) {
        return settings.get(name);
    }

    /** Ahead of application.properties, behind what is set from outside it. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST;
    }
}
