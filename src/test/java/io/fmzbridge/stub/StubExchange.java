package io.fmzbridge.stub;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server that stands in for an exchange's REST API in tests. It records every request,
 * answers from handlers registered per verb and path, and can be told to misbehave on the next calls
 * to a path so tests can see how the bridge copes with slow, broken or vanishing exchanges.
 *
 * <p>Exchange-neutral: subclasses such as {@code OkxStub} add the routes and the exchange's rules.
 */
public class StubExchange implements AutoCloseable {

    /**
     * Enough threads that a slow (delayed) call does not hold up the calls running beside it, and that a
     * burst of concurrent calls is seen as it arrives: a stub that judges rate limits counts a call when
     * its handler starts.
     */
    private static final int THREADS = 64;

    /** One request as it reached the stub. Header names are lower case; body is "" when there is none. */
    public record StubRequest(String method, String rawPathAndQuery, Map<String, String> headers, String body) {

        public StubRequest {
            headers = Map.copyOf(headers);
        }

        /** The path without the query string. */
        public String path() {
            int mark = rawPathAndQuery.indexOf('?');
            return mark < 0 ? rawPathAndQuery : rawPathAndQuery.substring(0, mark);
        }

        /** The query still percent-encoded, exactly as sent; "" when there is none. */
        public String rawQuery() {
            int mark = rawPathAndQuery.indexOf('?');
            return mark < 0 ? "" : rawPathAndQuery.substring(mark + 1);
        }

        /** A header's value by name in any case, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What a handler answers; the body is sent as {@code application/json}, with these extra headers. */
    public record StubResponse(int status, String body, Map<String, String> headers) {

        public StubResponse {
            headers = Map.copyOf(headers);
        }

        public StubResponse(int status, String body) {
            this(status, body, Map.of());
        }

        public static StubResponse ok(String json) {
            return new StubResponse(200, json);
        }

        /** The same reply with one more header (Binance's X-MBX-USED-WEIGHT-1M, a Retry-After). */
        public StubResponse withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new StubResponse(status, body, more);
        }
    }

    /**
     * A request, when it reached the stub's handler and when its reply had been written
     * ({@link System#nanoTime()}): the client may have read the reply a moment before that second reading.
     */
    public record Served(StubRequest request, long arrivedNanos, long repliedNanos) {}

    /** Answers one (verb, path); {@code query} holds the URL-decoded parameters. */
    @FunctionalInterface
    public interface Handler {
        StubResponse handle(StubRequest request, Map<String, String> query) throws Exception;
    }

    /** A way for the next call to a path to go wrong. Each fault is used up by one call. */
    public sealed interface Fault {

        /** Sleep this long, then answer normally: for timeouts and concurrency. */
        record Delay(long millis) implements Fault {}

        /** Answer this HTTP status and body instead of the handler's reply. */
        record Status(int code, String body) implements Fault {}

        /** HTTP 429 with this body and, when not null, a {@code Retry-After} header (seconds). */
        record TooManyRequests(String retryAfter, String body) implements Fault {}

        /** HTTP 200 with an HTML page, as a proxy in front of an exchange sends when the exchange is down. */
        record NotJson() implements Fault {}

        /** HTTP 200 whose (correctly framed) body is JSON cut off in the middle. */
        record Truncated() implements Fault {}

        /**
         * The connection dies mid-response: headers promise a 1000-byte body, a few bytes follow,
         * then the socket is closed. The client sees a premature end of body / closed connection
         * rather than any usable reply. (Closing before any header would make HTTP clients quietly
         * retry an idempotent GET on a fresh connection, which then succeeds and hides the fault.)
         */
        record Reset() implements Fault {}

        /**
         * The request is handled as usual (an order is placed) and then the connection dies before
         * the reply is complete, as when a network drops right after the exchange acted.
         */
        record ReplyLost() implements Fault {}
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final Map<String, Queue<Fault>> faults = new ConcurrentHashMap<>();
    private final List<StubRequest> recorded = Collections.synchronizedList(new ArrayList<>());
    private final List<Served> served = Collections.synchronizedList(new ArrayList<>());

    /** Starts listening on 127.0.0.1 on a free port. */
    public StubExchange() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the stub exchange", e);
        }
        executor = Executors.newFixedThreadPool(THREADS, work -> {
            Thread thread = new Thread(work, getClass().getSimpleName() + "-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** For example {@code http://127.0.0.1:41234}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers the handler for a verb (GET, POST, ...) and a path without query. */
    public final void on(String verb, String path, Handler handler) {
        routes.put(routeKey(verb, path), handler);
    }

    protected final boolean hasRoute(String verb, String path) {
        return routes.containsKey(routeKey(verb, path));
    }

    /** The next call to {@code path} (no query) suffers this fault; call again to queue more. */
    public void failNext(String path, Fault fault) {
        faults.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(fault);
    }

    /** The next {@code times} calls to {@code path} each suffer this fault. */
    public void failNext(String path, int times, Fault fault) {
        for (int i = 0; i < times; i++) {
            failNext(path, fault);
        }
    }

    /** Every request received so far, oldest first, faulted ones included. */
    public List<StubRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** Every request answered so far with its times, in the order the replies were sent. */
    public List<Served> served() {
        synchronized (served) {
            return List.copyOf(served);
        }
    }

    /**
     * The most requests for one path the stub was serving at the same moment: a bridge that sends one
     * call at a time shows 1, whatever the machine's load.
     */
    public int mostInFlight(String path) {
        List<Served> spans = served().stream().filter(one -> one.request().path().equals(path)).toList();
        int most = 0;
        for (Served one : spans) {
            long at = one.arrivedNanos();
            int overlapping = (int) spans.stream().filter(other -> other.arrivedNanos() <= at && at < other.repliedNanos()).count();
            most = Math.max(most, overlapping);
        }
        return most;
    }

    /** The requests received so far for one path (no query), oldest first. */
    public List<StubRequest> requestsTo(String path) {
        return requests().stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Waits up to 10 s until {@code count} requests for one path (no query) came in: a scheduled job's, say. */
    public void awaitRequests(String path, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (requestsTo(path).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Forgets the recorded requests and any faults not yet used. */
    public void clear() {
        recorded.clear();
        served.clear();
        faults.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Answers a request that no fault intercepted. Subclasses override this to apply rules that
     * hold for many routes (authentication, say) before handing over to {@code super}.
     */
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        Handler handler = routes.get(routeKey(request.method(), request.path()));
        if (handler == null) {
            return new StubResponse(404, "{\"error\":\"no stub route\",\"method\":" + quote(request.method())
                    + ",\"path\":" + quote(request.path()) + "}");
        }
        return handler.handle(request, query);
    }

    /** URL-decoded query parameters in the order sent; a name without "=" gets ""; a repeated name keeps its first value. */
    public static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private void serve(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        StubRequest request = null;
        // the record of a reply is made before its last byte leaves: a test that has the bridge's answer
        // finds the stub's record of the request behind it
        java.util.concurrent.atomic.AtomicBoolean kept = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            request = read(exchange);
            recorded.add(request);
            StubRequest answered = request;
            Runnable keep = () -> {
                if (kept.compareAndSet(false, true)) {
                    served.add(new Served(answered, arrived, System.nanoTime()));
                }
            };
            Fault fault = nextFault(request.path());
            if (fault instanceof Fault.Delay delay) {
                Thread.sleep(delay.millis());
                fault = null;
            }
            if (fault instanceof Fault.Reset) {
                reset(exchange);
            } else if (fault instanceof Fault.ReplyLost) {
                respondSafely(request);
                reset(exchange);
            } else if (fault instanceof Fault.Status status) {
                send(exchange, status.code(), contentTypeOf(status.body()), status.body(), keep);
            } else if (fault instanceof Fault.TooManyRequests limited) {
                if (limited.retryAfter() != null) {
                    exchange.getResponseHeaders().set("Retry-After", limited.retryAfter());
                }
                send(exchange, 429, "application/json", limited.body(), keep);
            } else if (fault instanceof Fault.NotJson) {
                send(exchange, 200, "text/html; charset=utf-8", "<html>bad gateway</html>", keep);
            } else if (fault instanceof Fault.Truncated) {
                send(exchange, 200, "application/json", "{\"code\":\"0\",\"data\":[{\"instId\":\"BTC-", keep);
            } else {
                StubResponse response = respondSafely(request);
                response.headers().forEach(exchange.getResponseHeaders()::set);
                send(exchange, response.status(), "application/json", response.body(), keep);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the stub is closing
        } finally {
            long replied = System.nanoTime();
            exchange.close();
            if (request != null && kept.compareAndSet(false, true)) {
                served.add(new Served(request, arrived, replied)); // a reset or lost reply: no reply to precede
            }
        }
    }

    /** A handler that throws answers 500 with the reason, so the test failure says what went wrong. */
    private StubResponse respondSafely(StubRequest request) {
        try {
            return respond(request, parseQuery(request.rawQuery()));
        } catch (Exception e) {
            e.printStackTrace();
            return new StubResponse(500, "{\"error\":\"stub handler failed\",\"detail\":" + quote(String.valueOf(e)) + "}");
        }
    }

    private Fault nextFault(String path) {
        Queue<Fault> queue = faults.get(path);
        return queue == null ? null : queue.poll();
    }

    private static StubRequest read(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String rawPathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
        return new StubRequest(exchange.getRequestMethod(), rawPathAndQuery, headers, body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body, () -> { });
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, Runnable beforeReply)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        beforeReply.run();
        // -1 tells HttpServer there is no body at all (required for 204/304)
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Promises 1000 bytes, sends a few, then closes. HttpExchange.close() finds the fixed-length body
     * short, fails to finish it and therefore closes the socket instead of keeping it alive.
     */
    private static void reset(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 1000);
        OutputStream out = exchange.getResponseBody();
        out.write("{\"code\":\"0\",".getBytes(UTF_8));
        out.flush();
        exchange.close();
    }

    private static String contentTypeOf(String body) {
        String start = body == null ? "" : body.stripLeading();
        return start.startsWith("{") || start.startsWith("[") ? "application/json" : "text/plain; charset=utf-8";
    }

    private static String routeKey(String verb, String path) {
        return verb.toUpperCase(Locale.ROOT) + " " + path;
    }

    /** A JSON string literal, for the few bodies the stub writes itself. */
    protected static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
