package io.fmzbridge.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's own checker, {@code promtool}, from Debian's {@code prometheus} package: installed here when
 * missing, as the benchmark installs wrk. Where it cannot be installed (no apt-get, not root) the tests
 * that need it are skipped with the reason.
 */
final class Promtool {

    record Result(int exitCode, String output) {
    }

    private static volatile Path found;

    private Promtool() {
    }

    static Result run(Path workingDir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(arguments));
        return exec(workingDir, command, 60);
    }

    private static synchronized Path executable() throws IOException, InterruptedException {
        if (found == null) {
            found = onPath().orElse(null);
        }
        if (found == null) {
            install();
            found = onPath().orElse(null);
        }
        Assumptions.assumeTrue(found != null, "promtool is not installed and could not be installed"
                + " (apt-get install prometheus, as root): the alert-rule checks are skipped");
        return found;
    }

    private static java.util.Optional<Path> onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    private static void install() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get")) || !"root".equals(System.getProperty("user.name"))) {
            return;
        }
        List<String> install = List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "prometheus");
        Path here = Path.of(".").toAbsolutePath();
        if (exec(here, install, 600).exitCode() != 0) {
            exec(here, List.of("apt-get", "update", "-q"), 600);
            exec(here, install, 600);
        }
    }

    private static Result exec(Path workingDir, List<String> command, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
