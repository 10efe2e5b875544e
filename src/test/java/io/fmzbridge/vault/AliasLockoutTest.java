package io.fmzbridge.vault;

import static io.fmzbridge.vault.AliasLockout.Verdict.ACCEPTED;
import static io.fmzbridge.vault.AliasLockout.Verdict.LOCKED;
import static io.fmzbridge.vault.AliasLockout.Verdict.WRONG;
import static io.fmzbridge.vault.AliasLockout.Verdict.WRONG_NOW_LOCKED;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AliasLockoutTest {

    /** A clock the test moves. */
    static final class TestClock implements TimeMeter {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        void advance(Duration by) {
            nanos.addAndGet(by.toNanos());
        }
    }

    final TestClock clock = new TestClock();
    final AliasLockout lockout = new AliasLockout(clock);

    @Test
    void fiveWrongSecretsLockTheAliasAndTheRightOneIsRefusedToo() {
        assertThat(lockout.check("a", true)).isEqualTo(ACCEPTED);
        for (int i = 0; i < 4; i++) {
            assertThat(lockout.check("a", false)).isEqualTo(WRONG);
        }
        assertThat(lockout.check("a", true)).as("below the limit the right secret serves").isEqualTo(ACCEPTED);
        assertThat(lockout.check("a", false)).isEqualTo(WRONG_NOW_LOCKED);

        assertThat(lockout.check("a", true)).isEqualTo(LOCKED);
        assertThat(lockout.check("a", false)).isEqualTo(LOCKED);
        assertThat(lockout.lockedFor("a")).isEqualTo(Duration.ofSeconds(12));
        assertThat(lockout.check("b", false)).as("the lock is per alias").isEqualTo(WRONG);
    }

    @Test
    void theLockedAliasesAreListedWithHowLongEachStaysLocked() {
        for (int i = 0; i < 5; i++) {
            lockout.check("a", false);
        }
        lockout.check("b", false);
        assertThat(lockout.locked()).as("b has allowance left").isEqualTo(java.util.Map.of("a", Duration.ofSeconds(12)));
        clock.advance(Duration.ofSeconds(12));
        assertThat(lockout.locked()).isEmpty();
    }

    @Test
    void theLockLiftsAsTheAllowanceRefillsOneWrongSecretEveryTwelveSeconds() {
        for (int i = 0; i < 5; i++) {
            lockout.check("a", false);
        }
        clock.advance(Duration.ofSeconds(11));
        assertThat(lockout.check("a", true)).isEqualTo(LOCKED);
        assertThat(lockout.lockedFor("a")).isEqualTo(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(lockout.check("a", true)).isEqualTo(ACCEPTED);
        assertThat(lockout.check("a", false)).as("one guess, and locked again").isEqualTo(WRONG_NOW_LOCKED);
        assertThat(lockout.check("a", true)).isEqualTo(LOCKED);

        clock.advance(Duration.ofMinutes(1));
        assertThat(lockout.lockedFor("a")).isEqualTo(Duration.ZERO);
        for (int i = 0; i < 4; i++) {
            assertThat(lockout.check("a", false)).isEqualTo(WRONG);
        }
        assertThat(lockout.check("a", false)).isEqualTo(WRONG_NOW_LOCKED);
    }

    @Test
    void wrongSecretsRacingInAtOnceGetNoMoreThanTheAllowance() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Callable<AliasLockout.Verdict>> guesses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                guesses.add(() -> lockout.check("a", false));
            }
            long checked = 0;
            for (Future<AliasLockout.Verdict> verdict : threads.invokeAll(guesses)) {
                checked += verdict.get() == LOCKED ? 0 : 1;
            }
            assertThat(checked).isEqualTo(5);
        } finally {
            threads.shutdownNow();
        }
    }
}
