package io.fmzbridge.futures;

import io.fmzbridge.fmz.ContractType;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FuturesSide;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What FMZ's {@code SetContractType} and {@code SetDirection} set, kept per service address and
 * access key, as an FMZ exchange object keeps them: the contract a bare symbol means there (the
 * perpetual swap until set) and the direction the next {@code buy} or {@code sell} follows. Held
 * in memory only; a restarted bridge starts from the defaults, as a restarted robot does.
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

    private record Settings(ContractType contractType, FuturesSide direction) {
        static final Settings DEFAULT = new Settings(ContractType.SWAP, null);
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
        update(address, accessKey, new Settings(type, direction(address, accessKey)));
    }

    public void setDirection(String address, String accessKey, FuturesSide direction) {
        update(address, accessKey, new Settings(contractType(address, accessKey), direction));
    }

    private Settings settingsOf(String address, String accessKey) {
        return settings.getOrDefault(new Caller(address, accessKey), Settings.DEFAULT);
    }

    private void update(String address, String accessKey, Settings changed) {
        Caller caller = new Caller(address, accessKey);
        if (!settings.containsKey(caller) && settings.size() >= MAX_CALLERS) {
            throw new FmzError("the bridge keeps contract settings for " + MAX_CALLERS
                    + " exchange objects and has no room for another");
        }
        settings.put(caller, changed);
    }
}
