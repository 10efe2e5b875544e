package io.fmzbridge.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, as a person's browser would show a page: its DOM after the page's
 * scripts ran, and a screenshot. Installed with apt-get when missing (as root, or through sudo without
 * a password); where it cannot be, the test is skipped with the reason.
 */
final class HeadlessChromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long INSTALL_MINUTES = 10;
    /** Without these a headless start reaches out for updates, sync and the like: the page needs none of it. */
    private static final List<String> QUIET = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--hide-scrollbars");

    private HeadlessChromium() {
    }

    /** Chromium's path, installing it first when it is missing; skips the calling test where it cannot be. */
    static Path require() throws IOException, InterruptedException {
        if (Files.isExecutable(BINARY)) {
            return BINARY;
        }
        List<String> asRoot = "root".equals(System.getProperty("user.name")) ? List.of() : List.of("sudo", "-n");
        String failure = run(with(asRoot, "apt-get", "install", "-y", "-q", "chromium"));
        if (failure != null && !Files.isExecutable(BINARY)) {
            // a fresh machine may hold no package lists yet
            failure = run(with(asRoot, "apt-get", "update", "-q"));
            if (failure == null) {
                failure = run(with(asRoot, "apt-get", "install", "-y", "-q", "chromium"));
            }
        }
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "skipped: Debian's chromium is not installed and could not be (apt-get install -y chromium: " + failure + ")");
        return BINARY;
    }

    /**
     * The page's DOM once its scripts have had {@code virtualMillis} of (virtual) time, and a screenshot of
     * it at the given window size.
     */
    static String render(String url, int width, int height, int virtualMillis, Path screenshot) throws IOException, InterruptedException {
        Path chromium = require();
        Path profile = Files.createTempDirectory("status-page-chromium");
        Path dom = Files.createTempFile("status-page", ".html");
        List<String> common = new ArrayList<>(QUIET);
        common.add("--user-data-dir=" + profile);
        common.add("--window-size=" + width + "," + height);
        common.add("--virtual-time-budget=" + virtualMillis);

        try {
            List<String> dump = new ArrayList<>(List.of(chromium.toString()));
            dump.addAll(common);
            dump.add("--dump-dom");
            dump.add(url);
            String failure = run(dump, dom);
            if (failure != null) {
                throw new AssertionError("chromium --dump-dom failed: " + failure);
            }
            if (screenshot != null) {
                Files.createDirectories(screenshot.toAbsolutePath().getParent());
                Files.deleteIfExists(screenshot);
                List<String> shot = new ArrayList<>(List.of(chromium.toString()));
                shot.addAll(common);
                shot.add("--screenshot=" + screenshot.toAbsolutePath());
                shot.add(url);
                failure = run(shot, null);
                if (failure != null || !Files.exists(screenshot)) {
                    throw new AssertionError("chromium --screenshot wrote nothing: " + failure);
                }
            }
            return Files.readString(dom, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(dom);
            deleteTree(profile);
        }
    }

    /** The browser's throwaway profile; one its helpers still write to is left for the system's /tmp cleaning. */
    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // nothing the test asserts depends on it
        }
    }

    private static List<String> with(List<String> prefix, String... command) {
        List<String> whole = new ArrayList<>(prefix);
        whole.addAll(List.of(command));
        return whole;
    }

    private static String run(List<String> command) throws InterruptedException {
        return run(command, null);
    }

    /** Null when the command succeeded, else what went wrong (its exit code and last output). */
    private static String run(List<String> command, Path stdout) throws InterruptedException {
        try {
            Path log = Files.createTempFile("status-page-command", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            builder.redirectOutput(stdout == null ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(stdout.toFile()));
            Process process = builder.start();
            if (!process.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return "did not end within " + INSTALL_MINUTES + " minutes";
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (process.exitValue() == 0) {
                return null;
            }
            return "exit " + process.exitValue() + ": " + output.substring(Math.max(0, output.length() - 400)).strip();
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
