package io.fmzbridge.futures;

import io.fmzbridge.fmz.ContractType;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FuturesSide;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * What FMZ's {@code SetContractType}, {@code SetDirection} and a {@code SetMarginLevel} without a
 * symbol set, kept per service address and access key, as an FMZ exchange object keeps them: the
 * contract a bare symbol means there (the perpetual swap until set), the direction the next
 * {@code buy} or {@code sell} follows, and the margin level still to be set on each contract before
 * its first order (with the contracts it has been set on since). Held in memory only; a restarted
 * bridge starts from the defaults, as a restarted robot does.
 */
public final class FuturesSettings {

    /** Far more exchange objects than one bridge serves; a caller inventing keys cannot grow it past this. */
    static final int MAX_CALLERS = 10_000;

    private record Caller(String address, String accessKey) {
        @Override
        public String toString() {
            return "Caller[" + address + "]"; // never the key
        }
    }

    private record Settings(ContractType contractType, FuturesSide direction, BigDecimal marginLevel,
                            Set<String> leveredContracts) {
        static final Settings DEFAULT = new Settings(ContractType.SWAP, null, null, Set.of());
    }

    private final Map<Caller, Settings> settings = new ConcurrentHashMap<>();

    public ContractType contractType(String address, String accessKey) {
        return settingsOf(address, accessKey).contractType();
    }

    /** The direction set, or null when none is. */
    public FuturesSide direction(String address, String accessKey) {
        return settingsOf(address, accessKey).direction();
    }

    public void setContractType(String address, String accessKey, ContractType type) {
        update(address, accessKey, s -> new Settings(type, s.direction(), s.marginLevel(), s.leveredContracts()));
    }

    public void setDirection(String address, String accessKey, FuturesSide direction) {
        update(address, accessKey, s -> new Settings(s.contractType(), direction, s.marginLevel(), s.leveredContracts()));
    }

    /** A margin level set without a symbol: owed to every contract traded from now on, none has it yet. */
    public void keepMarginLevel(String address, String accessKey, BigDecimal level) {
        update(address, accessKey, s -> new Settings(s.contractType(), s.direction(), level, Set.of()));
    }

    /** Whether a margin level was kept without a symbol here: only then can a contract owe it. */
    public boolean keepsMarginLevel(String address, String accessKey) {
        return settingsOf(address, accessKey).marginLevel() != null;
    }

    /** The kept margin level still to be set on {@code contract} before its next order, or null when none is owed. */
    public BigDecimal marginLevelOwed(String address, String accessKey, String contract) {
        Settings s = settingsOf(address, accessKey);
        return s.marginLevel() == null || s.leveredContracts().contains(contract) ? null : s.marginLevel();
    }

    /** The exchange took {@code level} for {@code contract}; not owed again unless another level is kept since. */
    public void marginLevelSet(String address, String accessKey, String contract, BigDecimal level) {
        update(address, accessKey, s -> {
            if (s.marginLevel() == null || s.marginLevel().compareTo(level) != 0) {
                return s; // a newer level was kept meanwhile: it is still owed
            }
            Set<String> levered = new HashSet<>(s.leveredContracts());
            levered.add(contract);
            return new Settings(s.contractType(), s.direction(), s.marginLevel(), Set.copyOf(levered));
        });
    }

    /**
     * A margin level was asked for {@code contract} by name: from then on the contract is not owed the
     * kept one (until another is kept), which would otherwise overwrite the later, named choice.
     */
    public void marginLevelNamed(String address, String accessKey, String contract) {
        if (!keepsMarginLevel(address, accessKey)) {
            return;
        }
        update(address, accessKey, s -> {
            Set<String> levered = new HashSet<>(s.leveredContracts());
            levered.add(contract);
            return new Settings(s.contractType(), s.direction(), s.marginLevel(), Set.copyOf(levered));
        });
    }

    private Settings settingsOf(String address, String accessKey) {
        return settings.getOrDefault(new Caller(address, accessKey), Settings.DEFAULT);
    }

    private void update(String address, String accessKey, UnaryOperator<Settings> change) {
        Caller caller = new Caller(address, accessKey);
        if (!settings.containsKey(caller) && settings.size() >= MAX_CALLERS) {
            throw new FmzError("the bridge keeps contract settings for " + MAX_CALLERS
                    + " exchange objects and has no room for another");
        }
        settings.compute(caller, (c, s) -> change.apply(s == null ? Settings.DEFAULT : s));
    }
}
