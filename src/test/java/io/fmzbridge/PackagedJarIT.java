package io.fmzbridge;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.exchange.okx.OkxStub;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar target/fmz-camel-bridge.jar} as a newcomer runs it: the shaded jar starts, finds
 * its routes and components, and serves a public and a signed call.
 */
class PackagedJarIT {

    @Test
    void theRunnableJarServesFmzCalls() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        try (OkxStub okx = OkxStub.start()) {
            okx.addAccount("key", "secret", "phrase");
            Process bridge = launch(port, AvailablePortFinder.getNextAvailable(), "target/packaged-jar-it.log",
                    "-Dfmz.exchange.okx.base-url=" + okx.baseUrl());
            try {
                long started = System.nanoTime();
                JsonNode ticker = firstReply(port, envelope("ticker", "", "", "symbol", "BTC_USDT").toString());
                System.out.printf("packaged jar: first reply %d ms after launch%n", (System.nanoTime() - started) / 1_000_000);
                assertThat(ticker.path("data").path("symbol").asText()).isEqualTo("BTC_USDT");

                JsonNode accounts = firstReply(port, envelope("accounts", "key", "secret,phrase").toString());
                assertThat(accounts.path("data").isArray()).as(accounts.toString()).isTrue();
                String version;
                try (java.util.jar.JarFile packaged = new java.util.jar.JarFile(Path.of("target", "fmz-camel-bridge.jar").toFile())) {
                    version = packaged.getManifest().getMainAttributes().getValue("Implementation-Version");
                }
                assertThat(version).as("the build writes the version into the manifest").isNotBlank();
                assertThat(logLine(Path.of("target/packaged-jar-it.log"), "StartupSummary - fmz-camel-bridge "))
                        .as("the start log names the jar's version").contains("fmz-camel-bridge " + version + " (Camel ");
            } finally {
                bridge.destroy();
                assertThat(bridge.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
            }
        }
    }

    @Test
    void onSigtermACallInFlightStillGetsItsReplyAndTheProcessExits() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        try (OkxStub okx = OkxStub.start()) {
            Process bridge = launch(port, AvailablePortFinder.getNextAvailable(), "target/packaged-jar-shutdown-it.log",
                    "-Dfmz.exchange.okx.base-url=" + okx.baseUrl(),
                    "-Dfmz.clock.sync-enabled=false", "-Dfmz.markets.sync-enabled=false");
            try {
                firstReply(port, envelope("ticker", "", "", "symbol", "BTC_USDT").toString());
                okx.failNext("/api/v5/market/ticker", new io.fmzbridge.stub.StubExchange.Fault.Delay(2000));
                java.util.concurrent.CompletableFuture<JsonNode> inFlight = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return firstReply(port, envelope("ticker", "", "", "symbol", "BTC_USDT").toString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(500);
                bridge.destroy(); // SIGTERM
                Thread.sleep(300);
                assertThat(lateCall(port)).as("a call made after SIGTERM is refused").isNotEqualTo(200);
                JsonNode reply = inFlight.get(20, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(reply.path("data").path("symbol").asText()).as("the call in flight finished: %s", reply)
                        .isEqualTo("BTC_USDT");
                assertThat(bridge.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("exited").isTrue();
                assertThat(okx.requestsTo("/api/v5/market/ticker")).as("the late call never reached the exchange").hasSize(2);
            } finally {
                bridge.destroyForcibly();
            }
        }
    }

    /** The HTTP status a new call gets, or 0 when the connection is refused or dropped. */
    private static int lateCall(int port) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/OKX"))
                .POST(HttpRequest.BodyPublishers.ofString(envelope("ticker", "", "", "symbol", "BTC_USDT").toString()))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            System.out.printf("after SIGTERM: HTTP %d %s%n", response.statusCode(), response.body());
            return response.statusCode();
        } catch (java.io.IOException refused) {
            System.out.printf("after SIGTERM: %s%n", refused);
            return 0;
        }
    }

    @Test
    void aBridgeThatCannotStartExitsWithAnErrorInsteadOfLingering() throws Exception {
        Path jar = Path.of("target", "fmz-camel-bridge.jar");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            File log = new File("target/packaged-jar-port-taken-it.log");
            Process bridge = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dfmz.listen.port=" + taken.getLocalPort(),
                    "-Dfmz.management.port=" + AvailablePortFinder.getNextAvailable(), "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start();
            try {
                assertThat(bridge.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("exited").isTrue();
                assertThat(bridge.exitValue()).isNotZero();
                assertThat(java.nio.file.Files.readString(log.toPath()))
                        .contains("Failed to bind to /127.0.0.1:" + taken.getLocalPort());
            } finally {
                bridge.destroyForcibly();
            }
        }
    }

    @Test
    void theJsonLogFormatAndTheManagementPortWorkFromTheJar() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        int management = AvailablePortFinder.getNextAvailable();
        Path log = Path.of("target", "packaged-jar-json-it.log");
        try (OkxStub okx = OkxStub.start()) {
            Process bridge = launch(port, management, log.toString(), "-Dfmz.log.format=json",
                    "-Dfmz.exchange.okx.base-url=" + okx.baseUrl(),
                    "-Dfmz.clock.sync-enabled=false", "-Dfmz.markets.sync-enabled=false");
            try {
                firstReply(port, envelope("ticker", "", "", "symbol", "BTC_USDT").toString());
                JsonNode refused = firstReply(port, envelope("ticker", "", "", "symbol", "NOPE_USDT").toString());
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + management + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body())
                        .contains("fmz_calls_seconds_count{exchange=\"okx\",method=\"ticker\",outcome=\"ok\"} 1")
                        .contains("fmz_breaker_state{exchange=\"okx\",state=\"closed\"} 1");
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + management + "/observe/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

                JsonNode callLine = null;
                for (int attempt = 0; attempt < 50 && callLine == null; attempt++) {
                    Thread.sleep(100); // the console is written asynchronously
                    for (String line : Files.readAllLines(log)) {
                        JsonNode entry = RunningBridge.JSON.readTree(line);
                        assertThat(entry.path("message").isTextual()).as("every line is a JSON object: %s", line).isTrue();
                        if (entry.path("symbol").asText().equals("NOPE_USDT")) {
                            callLine = entry;
                        }
                    }
                }
                assertThat(callLine).as("the call's line").isNotNull();
                assertThat(callLine.path("logger").asText()).isEqualTo("io.fmzbridge.observe.CallLog");
                assertThat(callLine.path("exchange").asText()).isEqualTo("OKX");
                assertThat(callLine.path("method").asText()).isEqualTo("ticker");
                assertThat(callLine.path("outcome").asText()).isEqualTo("error");
                assertThat("OKX: " + callLine.path("error").asText()).isEqualTo(refused.path("error").asText());
                assertThat(callLine.path("latency_ms").asText()).matches("\\d+\\.\\d");
            } finally {
                bridge.destroy();
                assertThat(bridge.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    /** The first line of a running bridge's log that contains {@code text}, waiting a little for it. */
    static String logLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            java.util.Optional<String> line = java.nio.file.Files.readAllLines(log).stream().filter(l -> l.contains(text)).findFirst();
            if (line.isPresent() || System.nanoTime() > deadline) {
                return line.orElse("");
            }
            Thread.sleep(100);
        }
    }

    /** {@code java -jar} the packaged bridge on these ports, its output to a file. */
    private static Process launch(int port, int managementPort, String log, String... properties) throws java.io.IOException {
        Path jar = Path.of("target", "fmz-camel-bridge.jar");
        assertThat(jar).exists();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfmz.listen.port=" + port, "-Dfmz.management.port=" + managementPort));
        command.addAll(java.util.List.of(properties));
        command.addAll(java.util.List.of("-jar", jar.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File(log)).start();
    }

    /** Polls until the bridge answers; it is still starting while the connection is refused. */
    static JsonNode firstReply(int port, String body) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/OKX"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return RunningBridge.JSON.readTree(response.body());
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
