package io.fmzbridge.status;

import java.util.Map;
import java.util.TreeMap;

/**
 * One exchange's counted figures at one moment, as its meters hold them since start: FMZ calls by
 * method and outcome, their latency, the exchange's HTTP replies by status, the bridge's rate-limit
 * waits and refusals, and the age of stream data when it answered. The difference of two readings is
 * what happened between them.
 */
record ExchangeFigures(Map<String, Outcomes> callsByMethod, Buckets callLatency, Map<String, Long> httpStatuses,
                       Buckets limitWaits, Map<String, Long> refusals, Buckets streamDataAge) {

    static final ExchangeFigures NONE = new ExchangeFigures(Map.of(), Buckets.NONE, Map.of(), Buckets.NONE, Map.of(),
            Buckets.NONE);

    /** Calls answered with data and with an error. */
    record Outcomes(long ok, long errors) {

        static final Outcomes NONE = new Outcomes(0, 0);

        long calls() {
            return ok + errors;
        }

        Outcomes plus(Outcomes other) {
            return new Outcomes(ok + other.ok, errors + other.errors);
        }

        Outcomes minus(Outcomes earlier) {
            return new Outcomes(ok - earlier.ok, errors - earlier.errors);
        }
    }

    Outcomes calls() {
        return callsByMethod.values().stream().reduce(Outcomes.NONE, Outcomes::plus);
    }

    ExchangeFigures minus(ExchangeFigures earlier) {
        Map<String, Outcomes> calls = new TreeMap<>();
        callsByMethod.forEach((method, now) -> calls.put(method,
                now.minus(earlier.callsByMethod.getOrDefault(method, Outcomes.NONE))));
        return new ExchangeFigures(calls, callLatency.minus(earlier.callLatency), difference(httpStatuses, earlier.httpStatuses),
                limitWaits.minus(earlier.limitWaits), difference(refusals, earlier.refusals),
                streamDataAge.minus(earlier.streamDataAge));
    }

    private static Map<String, Long> difference(Map<String, Long> now, Map<String, Long> earlier) {
        Map<String, Long> between = new TreeMap<>();
        now.forEach((name, count) -> between.put(name, count - earlier.getOrDefault(name, 0L)));
        return between;
    }
}
