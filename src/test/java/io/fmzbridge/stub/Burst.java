package io.fmzbridge.stub;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stub.StubExchange.Served;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Strategy calls made all at once, as concurrent FMZ callers make them, and what a stub saw of them: for
 * the tests of each exchange's rate-limit model.
 */
public final class Burst {

    /** One call's reply and when it came, in ms after the burst began. */
    public record Reply(JsonNode json, long afterMs) {

        public boolean ok() {
            return json.has("data");
        }

        public String error() {
            return json.path("error").asText();
        }
    }

    private Burst() {
    }

    /** Runs every call at once and waits for all; replies in the order the calls were given. */
    public static List<Reply> of(List<Callable<JsonNode>> calls) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(calls.size());
        try {
            long start = System.nanoTime();
            List<Future<Reply>> futures = new ArrayList<>();
            for (Callable<JsonNode> call : calls) {
                futures.add(callers.submit(() -> {
                    JsonNode reply = call.call();
                    return new Reply(reply, Duration.ofNanos(System.nanoTime() - start).toMillis());
                }));
            }
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> future : futures) {
                replies.add(future.get());
            }
            return replies;
        } finally {
            callers.shutdownNow();
        }
    }

    /** {@code times} copies of one call. */
    public static List<Callable<JsonNode>> times(int times, Callable<JsonNode> call) {
        List<Callable<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            calls.add(call);
        }
        return calls;
    }

    /** What the stub served for one path, by arrival. */
    public static List<Served> arrivals(StubExchange stub, String path) {
        return stub.served().stream().filter(served -> served.request().path().equals(path))
                .sorted(Comparator.comparingLong(Served::arrivedNanos)).toList();
    }

    /** Milliseconds from one reading of {@link System#nanoTime()} to a later one. */
    public static long ms(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }
}
