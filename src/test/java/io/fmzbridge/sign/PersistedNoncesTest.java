package io.fmzbridge.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistedNoncesTest {

    static final long LEASE = 1000;

    @TempDir
    Path state;

    @Test
    void aRestartGoesOnAboveTheLastRunsNoncesWhateverTheClockSays() {
        PersistedNonces first = new PersistedNonces(state.toString(), "nonces.properties", LEASE);
        long last = 0;
        for (int i = 0; i < 5; i++) {
            last = first.next("key-a", 5_000_000 + i);
        }
        assertThat(last).isEqualTo(5_000_004);
        PersistedNonces restarted = new PersistedNonces(state.toString(), "nonces.properties", LEASE);
        assertThat(restarted.next("key-a", 1_000)).as("a clock behind the last run's").isGreaterThan(last);
        assertThat(restarted.next("key-b", 1_000)).as("another key keeps its own sequence").isEqualTo(1_000);
    }

    @Test
    void theFileNamesNoKeyAndIsWrittenOncePerLease() throws Exception {
        PersistedNonces nonces = new PersistedNonces(state.toString(), "nonces.properties", LEASE);
        nonces.next("my-api-key", 10_000);
        Path file = state.resolve("nonces.properties");
        String written = Files.readString(file);
        assertThat(written).doesNotContain("my-api-key").contains("=11000");
        nonces.next("my-api-key", 10_500);
        assertThat(Files.readString(file)).as("still inside the lease: not rewritten").isEqualTo(written);
        nonces.next("my-api-key", 11_001);
        assertThat(Files.readString(file)).contains("=12001");
    }

    @Test
    void anUnwritableFolderIsReportedOnceAndTheNoncesStillRise() throws Exception {
        Path notAFolder = Files.writeString(state.resolve("plain-file"), "x");
        try (LogCapture log = new LogCapture()) {
            PersistedNonces nonces = new PersistedNonces(notAFolder.toString(), "nonces.properties", LEASE);
            long a = nonces.next("k", 10);
            long b = nonces.next("k", 10);
            long c = nonces.next("k", 5_000);
            assertThat(b).isGreaterThan(a);
            assertThat(c).isEqualTo(5_000);
            assertThat(log.text()).contains("nonces cannot be kept in").contains("fmz.state.dir");
            assertThat(log.text().split("nonces cannot be kept in", -1)).hasSize(2);
        }
    }

    @Test
    void anUnreadableFileIsReportedAndTheNoncesStartFromTheClock() throws Exception {
        Files.writeString(state.resolve("nonces.properties"), "abc=not-a-number\n");
        try (LogCapture log = new LogCapture()) {
            PersistedNonces nonces = new PersistedNonces(state.toString(), "nonces.properties", LEASE);
            assertThat(nonces.next("k", 77)).isEqualTo(77);
            assertThat(log.text()).contains("cannot be read");
        }
    }
}
