package io.fmzbridge.vault;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many wrong secrets each alias takes: {@value #WRONG_SECRETS_PER_MINUTE} at once, then one
 * more each {@code 60 / WRONG_SECRETS_PER_MINUTE} seconds (a Bucket4j token bucket per alias, one
 * token spent per wrong secret). While an alias has none left it is locked: every call naming it is
 * refused at once, right secret or wrong, so a guess then tells nothing and a secret cannot be
 * guessed at wire speed. The lock holds the docker's right secret back too; that is the price.
 *
 * <p>An alias that never got a wrong secret costs a map look-up: its bucket is made at its first
 * wrong secret. Buckets are kept for aliases of the vault only, so callers cannot grow the map.
 */
final class AliasLockout {

    static final int WRONG_SECRETS_PER_MINUTE = 5;

    /** What a call's secret came to. */
    enum Verdict {
        ACCEPTED,
        WRONG,
        /** Wrong, and it spent the alias's last allowance: the lock starts now. */
        WRONG_NOW_LOCKED,
        /** The alias was locked already: refused whatever the secret. */
        LOCKED
    }

    private final TimeMeter clock;
    private final Map<String, Bucket> wrongSecrets = new ConcurrentHashMap<>();

    AliasLockout() {
        this(TimeMeter.SYSTEM_NANOTIME);
    }

    AliasLockout(TimeMeter clock) {
        this.clock = clock;
    }

    /**
     * @param alias   an alias the vault holds
     * @param matches whether the call's secret is the alias's, compared before (in constant time)
     */
    Verdict check(String alias, boolean matches) {
        Bucket allowance = wrongSecrets.get(alias);
        if (allowance == null) {
            if (matches) {
                return Verdict.ACCEPTED;
            }
            allowance = wrongSecrets.computeIfAbsent(alias, any -> newAllowance());
        }
        // the look and the spending in one step: calls racing in at once cannot slip past the lock
        synchronized (allowance) {
            if (allowance.getAvailableTokens() < 1) {
                return Verdict.LOCKED;
            }
            if (matches) {
                return Verdict.ACCEPTED;
            }
            allowance.tryConsume(1);
            return allowance.getAvailableTokens() < 1 ? Verdict.WRONG_NOW_LOCKED : Verdict.WRONG;
        }
    }

    /** How long until a locked alias takes a secret again; zero when it is not locked. */
    Duration lockedFor(String alias) {
        Bucket allowance = wrongSecrets.get(alias);
        if (allowance == null) {
            return Duration.ZERO;
        }
        synchronized (allowance) {
            return Duration.ofNanos(allowance.estimateAbilityToConsume(1).getNanosToWaitForRefill());
        }
    }

    /** The aliases locked now, with how long each stays so. */
    Map<String, Duration> locked() {
        Map<String, Duration> locked = new TreeMap<>();
        for (String alias : wrongSecrets.keySet()) {
            Duration left = lockedFor(alias);
            if (!left.isZero()) {
                locked.put(alias, left);
            }
        }
        return locked;
    }

    private Bucket newAllowance() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(WRONG_SECRETS_PER_MINUTE).refillGreedy(WRONG_SECRETS_PER_MINUTE, Duration.ofMinutes(1)))
                .withCustomTimePrecision(clock)
                // every use is inside the bucket's own monitor, above
                .withSynchronizationStrategy(SynchronizationStrategy.NONE)
                .build();
    }
}
