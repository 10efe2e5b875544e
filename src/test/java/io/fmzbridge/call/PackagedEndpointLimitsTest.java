package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the packaged routes declare beside their endpoints: each endpointLimit and endpointCost follows the
 * endpoint it is about, reads as the vocabulary says, and costs only limits its exchange declares in
 * application.properties, never more than one of them holds.
 */
class PackagedEndpointLimitsTest {

    private static final Pattern SET = Pattern.compile(
            "- setProperty: \\{name: (endpoint|endpointLimit|endpointCost), expression: \\{(constant|method): \\{(.+)}}}");
    private static final Pattern CONSTANT = Pattern.compile("expression: \"([^\"]+)\"");

    @Test
    void everyDeclarationFollowsItsEndpointAndSpendsOnlyWhatItsExchangeDeclares() throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        List<String> declared = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.sorted().toList()) {
                String exchange = file.getFileName().toString().replace(".camel.yaml", "");
                String endpoint = null;
                for (String line : Files.readAllLines(file)) {
                    String step = line.strip();
                    if (step.isEmpty() || step.startsWith("#")) {
                        continue;
                    }
                    Matcher set = SET.matcher(step);
                    if (!set.matches()) {
                        endpoint = null;
                        continue;
                    }
                    Matcher constant = CONSTANT.matcher(set.group(3));
                    String value = set.group(2).equals("constant") && constant.matches() ? constant.group(1) : null;
                    if (set.group(1).equals("endpoint")) {
                        endpoint = value;
                        continue;
                    }
                    assertThat(endpoint).as("%s: %s right after its endpoint", file, step).isNotNull();
                    declared.add(exchange + " " + endpoint + " " + set.group(1));
                    if (value == null) {
                        continue; // worked out per call by a request builder (Binance's depth weight)
                    }
                    if (set.group(1).equals("endpointLimit")) {
                        EndpointLimit.parse(endpoint, value);
                    } else {
                        for (Map.Entry<String, Long> cost : EndpointCost.parse(endpoint, value).entrySet()) {
                            RateLimit limit = declaredLimit(defaults, exchange, cost.getKey());
                            assertThat(limit).as("%s: %s names a limit of %s", file, step, exchange).isNotNull();
                            assertThat(cost.getValue()).as("%s: %s", file, step).isLessThanOrEqualTo(limit.capacity());
                        }
                    }
                }
            }
        }
        assertThat(declared).contains("okx GET /api/v5/account/balance endpointLimit",
                "binance GET /api/v3/account endpointCost", "kraken POST /0/private/AddOrder endpointCost");
    }

    /** The limit as the exchange's properties declare it, for its default tier when it has tiers. */
    private static RateLimit declaredLimit(Properties defaults, String exchange, String name) {
        String key = "fmz.exchange." + exchange + ".limits." + name;
        String tier = defaults.getProperty("fmz.exchange." + exchange + ".tier");
        String value = defaults.getProperty(key, tier == null ? null : defaults.getProperty(key + "." + tier));
        return value == null ? null : RateLimit.parse(name, value, key, key);
    }
}
