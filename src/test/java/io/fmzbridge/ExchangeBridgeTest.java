package io.fmzbridge;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.stub.StubExchange;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What every exchange's end-to-end test ({@code <Id>BridgeTest}) does alike, so that each one reads
 * as its exchange's cases alone: its keys, its stub and settings, its tests.
 *
 * <p>An abstract base class rather than a JUnit extension, so the tests call {@code data(...)},
 * {@code error(...)}, {@code lastRequest()} and {@code bridge} as before, from their {@code @Nested}
 * classes too. For that the class has one instance ({@link TestInstance.Lifecycle#PER_CLASS}): the
 * stub and the bridge live in its fields, started once before all of its tests and stopped after.
 * Nothing is chosen here that a class does not see: its stub comes from its {@link #startStub()},
 * every setting of its bridge from its {@link #settings()} (under those, {@link RunningBridge}'s own
 * for every test: a free port, no scheduled jobs, no real exchange, a state folder of its own).
 *
 * <p>Order of events, as JUnit runs them: {@link #startStub()}, the bridge with {@link #settings()},
 * then the class's own {@code @BeforeAll} methods (the bridge is up by then); before each test the
 * stub forgets its requests and faults, then the class's own {@code @BeforeEach} runs; after all
 * tests the class's own {@code @AfterAll} runs first, then the bridge and the stub stop.
 *
 * <p>Shared checks: {@link #exposureOf} for "no secret reaches replies, headers or logs" (the class
 * names the calls and the secrets), {@link #sharedBrokenReplies} and {@link #assertNoReplyInTime}
 * for the failures every exchange must report in the same words.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ExchangeBridgeTest {

    private final String exchange;
    private final String accessKey;
    private final String secretKey;
    private StubExchange stub;
    private Map<String, String> settings;

    /** The bridge under test, answering on a free local port. */
    protected RunningBridge bridge;

    /**
     * @param exchange the exchange as FMZ names it: its path ({@code /OKX}) and its errors' prefix ({@code OKX: })
     * @param accessKey the access_key {@link #call} sends
     * @param secretKey the secret_key {@link #call} sends
     */
    protected ExchangeBridgeTest(String exchange, String accessKey, String secretKey) {
        this.exchange = exchange;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * For an account whose keys the stub makes when it starts: the class overrides {@link #accessKey()}
     * and {@link #secretKey()}.
     */
    protected ExchangeBridgeTest(String exchange) {
        this(exchange, null, null);
    }

    /**
     * Starts the exchange's stub with the accounts the tests use. Its requests are the ones
     * {@link #lastRequest()} looks at and each test starts without; it stops after the bridge.
     */
    protected abstract StubExchange startStub() throws Exception;

    /** Every setting the bridge runs with for this class (property to value), the stub's URL among them. */
    protected abstract Map<String, String> settings() throws Exception;

    /** The access_key {@link #call} sends. */
    protected String accessKey() {
        return accessKey;
    }

    /** The secret_key {@link #call} sends. */
    protected String secretKey() {
        return secretKey;
    }

    @BeforeAll
    protected final void startStubAndBridge() throws Exception {
        stub = startStub();
        settings = settings();
        bridge = RunningBridge.start(settings);
    }

    @AfterAll
    protected final void stopBridgeAndStub() throws Exception {
        try {
            if (bridge != null) {
                bridge.close();
            }
        } finally {
            if (stub != null) {
                stub.close();
            }
        }
    }

    @BeforeEach
    protected final void forgetRequests() {
        stub.clear();
    }

    /** The FMZ call as the docker sends it, with the class's keys; the reply as it came. */
    protected JsonNode call(String method, Object... params) throws Exception {
        return bridge.call("/" + exchange, envelope(method, accessKey(), secretKey(), params));
    }

    /** The call's {@code data}, asserting it answered no error. */
    protected JsonNode data(String method, Object... params) throws Exception {
        JsonNode reply = call(method, params);
        assertThat(reply.has("error")).as("error: %s", reply.path("error").asText()).isFalse();
        return reply.path("data");
    }

    /** The call's {@code error}, asserting it answered an error and no data. */
    protected String error(String method, Object... params) throws Exception {
        JsonNode reply = call(method, params);
        assertThat(reply.has("error")).as("expected an error, got %s", reply).isTrue();
        assertThat(reply.has("data")).as("data: %s", reply.path("data")).isFalse();
        return reply.path("error").asText();
    }

    /** The last request the stub received. */
    protected StubRequest lastRequest() {
        List<StubRequest> requests = stub.requests();
        assertThat(requests).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    /** The item of a JSON array whose field has this value. */
    protected static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    /** The ids of FMZ orders, in their order. */
    protected static List<String> ids(JsonNode orders) {
        List<String> ids = new ArrayList<>();
        orders.forEach(o -> ids.add(o.path("id").asText()));
        return ids;
    }

    /** The prices of FMZ depth levels ({@code [price, amount]}), in their order. */
    protected static List<BigDecimal> prices(JsonNode levels) {
        List<BigDecimal> prices = new ArrayList<>();
        levels.forEach(l -> prices.add(l.path(0).decimalValue()));
        return prices;
    }

    /**
     * What some FMZ calls showed: each reply's headers and body, and the log written while they ran.
     * The log is checked to have seen the bridge at work, so an empty capture cannot pass for a clean one.
     */
    protected record Exposure(List<String> replies, String log) {

        /** Asserts that no reply header, reply body or log line contains any of these texts. */
        public void showsNone(Collection<String> secrets) {
            List<String> seen = new ArrayList<>(replies);
            seen.add(log);
            for (String text : seen) {
                for (String secret : secrets) {
                    assertThat(text).doesNotContain(secret);
                }
            }
        }

        public void showsNone(String... secrets) {
            showsNone(List.of(secrets));
        }
    }

    /**
     * Runs {@code calls} with every log line captured: it prepares what the calls need (an order
     * to look up, faults to meet) and returns the envelopes, which are then posted one after another.
     */
    protected Exposure exposureOf(Callable<List<ObjectNode>> calls) throws Exception {
        return exposureOf(new LogCapture(), null, calls);
    }

    /**
     * As {@link #exposureOf(Callable)}, with a log layout of one's own and only the log lines that
     * {@code bridgeLines} keeps (a stub's own logging left out, say).
     */
    protected Exposure exposureOf(String logPattern, Predicate<String> bridgeLines, Callable<List<ObjectNode>> calls)
            throws Exception {
        return exposureOf(new LogCapture(logPattern), bridgeLines, calls);
    }

    private Exposure exposureOf(LogCapture capture, Predicate<String> bridgeLines, Callable<List<ObjectNode>> calls)
            throws Exception {
        List<String> replies = new ArrayList<>();
        String log;
        try (LogCapture open = capture) {
            for (ObjectNode envelope : calls.call()) {
                HttpResponse<String> response = bridge.post("/" + exchange, envelope.toString(), Map.of());
                replies.add(response.headers().map().toString());
                replies.add(response.body());
            }
            log = bridgeLines == null ? open.text()
                    : open.text().lines().filter(bridgeLines).collect(Collectors.joining("\n"));
        }
        assertThat(log).as("the capture sees the bridge at work").contains("ReplyWriter");
        return new Exposure(replies, log);
    }

    /**
     * The broken replies every exchange reports in the same words, as (fault, start of the error)
     * for a parameterized test, followed by the exchange's own cases.
     *
     * @param exchange the errors' prefix, {@code "OKX"}
     * @param request the request the faults hit, as the errors name it: {@code "GET /api/v5/market/ticker"}
     */
    protected static Stream<Arguments> sharedBrokenReplies(String exchange, String request, Arguments... ownCases) {
        String unreadable = exchange + ": unreadable reply from exchange ";
        return Stream.concat(Stream.of(
                Arguments.of(new Fault.Status(502, "<html>Bad Gateway</html>"),
                        unreadable + "(HTTP 502): not JSON or cut off: <html>Bad Gateway</html>"),
                Arguments.of(new Fault.NotJson(), unreadable + "(HTTP 200): not JSON or cut off: <html>"),
                Arguments.of(new Fault.Truncated(), unreadable + "(HTTP 200): not JSON or cut off: {"),
                Arguments.of(new Fault.Reset(),
                        exchange + ": exchange closed the connection before the reply was complete (" + request + ")")),
                Stream.of(ownCases));
    }

    /**
     * The stub holds its reply on {@code stubPath} longer than the bridge's response timeout (from
     * {@link #settings()}): the FMZ call must answer within that timeout and a second, naming the request.
     *
     * @param request the request as the error names it: {@code "GET /api/v5/account/balance"}
     */
    protected void assertNoReplyInTime(String stubPath, String request, String method, Object... params) throws Exception {
        long timeoutMs = Long.parseLong(Objects.requireNonNull(settings.get("fmz.call.response-timeout-ms"),
                "the class's settings give no fmz.call.response-timeout-ms"));
        stub.failNext(stubPath, new Fault.Delay(timeoutMs + 1500));
        long start = System.nanoTime();
        String error = error(method, params);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(error).isEqualTo(exchange + ": exchange did not reply in time (" + request + ")");
        assertThat(tookMs).isLessThan(timeoutMs + 1000);
    }
}
