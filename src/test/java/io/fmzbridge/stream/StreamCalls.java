package io.fmzbridge.stream;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Market-data calls to one exchange's service, told apart by where the answer came from: the exchange's
 * REST stub (a request reached it) or the bridge's stream (none did). Every stream test asks this.
 */
public final class StreamCalls {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(10);

    /** What a caller waits for in a reply answered from the stream. */
    public interface Reply {
        boolean test(JsonNode reply);
    }

    private final RunningBridge bridge;
    private final String path;
    private final StubExchange rest;
    private final Predicate<StubRequest> marketRequest;
    private final boolean replyInRestMessage;

    /**
     * @param path the exchange's service address as FMZ names it ("/OKX")
     * @param rest the exchange's REST stub; every request it receives counts as a REST answer
     */
    public StreamCalls(RunningBridge bridge, String path, StubExchange rest) {
        this(bridge, path, rest, request -> true, false);
    }

    private StreamCalls(RunningBridge bridge, String path, StubExchange rest, Predicate<StubRequest> marketRequest,
            boolean replyInRestMessage) {
        this.bridge = bridge;
        this.path = path;
        this.rest = rest;
        this.marketRequest = marketRequest;
        this.replyInRestMessage = replyInRestMessage;
    }

    /** The same calls, counting as REST answers only the requests that pass {@code which} (not a key's private calls, say). */
    public StreamCalls countingOnly(Predicate<StubRequest> which) {
        return new StreamCalls(bridge, path, rest, which, replyInRestMessage);
    }

    /** The same calls, whose {@link #fromRest} failure also shows the reply. */
    public StreamCalls showingReplyWhenNotRest() {
        return new StreamCalls(bridge, path, rest, marketRequest, true);
    }

    /** A public call (no keys) that must not answer an error. */
    public JsonNode call(String method, Object... params) throws Exception {
        JsonNode reply = bridge.call(path, envelope(method, "", "", params));
        assertThat(reply.has("error")).as("error: %s", reply.path("error").asText()).isFalse();
        return reply;
    }

    /** A call that REST answers: exactly one request reaches the REST stub. */
    public JsonNode fromRest(String method, Object... params) throws Exception {
        int before = marketRequests().size();
        JsonNode reply = call(method, params);
        if (replyInRestMessage) {
            assertThat(marketRequests()).as("%s answered by REST: %s", method, reply).hasSize(before + 1);
        } else {
            assertThat(marketRequests()).as("%s answered by REST", method).hasSize(before + 1);
        }
        return reply;
    }

    /** A call that REST answers with one request or more (a ticker that needs the book as well, say). */
    public JsonNode fromRestAtLeast(String method, Object... params) throws Exception {
        int before = marketRequests().size();
        JsonNode reply = call(method, params);
        assertThat(marketRequests().size()).as("%s answered by REST", method).isGreaterThan(before);
        return reply;
    }

    /** Calls until one is answered from the stream (no REST request) with a reply that passes {@code wanted}. */
    public JsonNode fromStream(Callable<JsonNode> call, Reply wanted) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode reply = null;
        while (System.nanoTime() < deadline) {
            int before = marketRequests().size();
            reply = call.call();
            if (marketRequests().size() == before && wanted.test(reply)) {
                return reply;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("not answered from the stream within 10 s; last reply: " + reply);
    }

    /** Calls until one is answered by REST, and returns that answer. */
    public JsonNode awaitRest(Callable<JsonNode> call) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            int before = marketRequests().size();
            JsonNode reply = call.call();
            if (marketRequests().size() > before) {
                return reply;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("still answered from the stream after 10 s");
    }

    /** Polls every 10 ms until the condition holds, for up to 10 s. */
    public static void await(Callable<Boolean> condition) throws Exception {
        await(PATIENCE, POLL, condition);
    }

    /** Polls every {@code poll} until the condition holds, for up to {@code within}. */
    public static void await(Duration within, Duration poll, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + within.toSeconds() + " s");
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private List<StubRequest> marketRequests() {
        return rest.requests().stream().filter(marketRequest).toList();
    }
}
