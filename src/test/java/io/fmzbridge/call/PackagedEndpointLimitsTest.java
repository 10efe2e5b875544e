package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The endpoint limits the packaged routes declare: each names the endpoint set just before it, reads
 * as calls/period, and is lower than its exchange's own setting (a higher one would never hold a call).
 */
class PackagedEndpointLimitsTest {

    private static final Pattern SET = Pattern.compile(
            "- setProperty: \\{name: (endpoint|endpointLimit), expression: \\{constant: \\{expression: \"([^\"]+)\"}}}");

    @Test
    void everyDeclaredLimitFollowsItsEndpointAndIsLowerThanItsExchanges() throws Exception {
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
                    if (set.matches() && set.group(1).equals("endpointLimit")) {
                        assertThat(endpoint).as("%s: %s right after its endpoint", file, step).isNotNull();
                        EndpointLimit limit = EndpointLimit.parse(endpoint, set.group(2));
                        long calls = Long.parseLong(defaults.getProperty("fmz.exchange." + exchange + ".rate-limit"));
                        long periodMs = Long.parseLong(defaults.getProperty("fmz.exchange." + exchange + ".rate-period-ms"));
                        assertThat(limit.calls() * periodMs).as("%s: %s against %d per %d ms", exchange, limit, calls, periodMs)
                                .isLessThan(calls * limit.periodMs());
                        declared.add(exchange + " " + endpoint);
                    }
                    endpoint = set.matches() && set.group(1).equals("endpoint") ? set.group(2) : null;
                }
            }
        }
        assertThat(declared).contains("okx GET /api/v5/account/balance", "binance GET /api/v3/account");
    }
}
