package io.fmzbridge.exchange.zerocap;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated websocket to Zerocap subscribed to one symbol's prices, kept open for as long as
 * the bridge runs: it remembers the latest ladder, pings as the SDK does, and reconnects with
 * exponential backoff whenever the connection fails, closes or falls silent. Readers get the ladder
 * only while it is fresh; otherwise an error that says why.
 *
 * <p>Each connection attempt is its own {@link Connection}; events from one that has been replaced
 * are ignored, so a late callback from a dead socket can never disturb its successor.
 */
final class PriceStream {

    private static final Logger LOG = LoggerFactory.getLogger(PriceStream.class);

    static final String PING = "{\"type\":\"message\",\"message\":\"ping\"}";
    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration LAST_RETRY = Duration.ofSeconds(30);
    /** Price ladders are a few hundred bytes; anything this large is not a price message. */
    private static final int MAX_MESSAGE_CHARS = 1 << 20;

    private final ZerocapCredentials credentials;
    private final String symbol;
    private final URI url;
    private final HttpClient client;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    /** Zerocap's time, which the handshake's timestamp must match; the clock above is the host's. */
    private final Supplier<Instant> signingTime;
    private final Duration connectTimeout;
    private final Duration pingEvery;
    private final Duration silenceLimit;

    // all guarded by this
    private PriceBook book;
    /** Why no fresh price can be had right now, in the strategy author's words; null while all is well. */
    private String problem;
    private Connection current;
    /** The connection being closed on shutdown, for {@link #abort()}. */
    private Connection closing;
    private int failures;
    /** Why the stream was closed (the bridge stopping, or nobody asking); null while it serves. */
    private String closedBecause;
    /** When a request last asked for this stream's prices, by the bridge's clock. */
    private Instant lastAsked;

    PriceStream(ZerocapCredentials credentials, String symbol, URI url, HttpClient client,
                ScheduledExecutorService timer, Clock clock, Supplier<Instant> signingTime, Duration connectTimeout,
                Duration pingEvery, Duration silenceLimit) {
        this.credentials = credentials;
        this.symbol = symbol;
        this.url = url;
        this.client = client;
        this.timer = timer;
        this.clock = clock;
        this.signingTime = signingTime;
        this.connectTimeout = connectTimeout;
        this.pingEvery = pingEvery;
        this.silenceLimit = silenceLimit;
    }

    void start() {
        lastAsked = clock.instant();
        timer.execute(this::connect);
    }

    /** Marks the stream as wanted now; streams nobody asks about are closed after a while. */
    synchronized void asked() {
        lastAsked = clock.instant();
    }

    synchronized boolean idleLongerThan(Duration limit) {
        return Duration.between(lastAsked, clock.instant()).compareTo(limit) > 0;
    }

    /**
     * The latest ladder if it is younger than {@code staleAfter}. While none has arrived yet, waits up
     * to {@code firstPriceWait} for the first one, or until the stream reports why there is none.
     */
    PriceBook freshBook(Duration firstPriceWait, Duration staleAfter) {
        long deadline = System.nanoTime() + firstPriceWait.toNanos();
        synchronized (this) {
            try {
                long left;
                while (book == null && problem == null && closedBecause == null
                        && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FmzError("interrupted while waiting for the first " + symbol + " price");
            }
            if (closedBecause != null) {
                throw new FmzError("the " + symbol + " price stream is closed: " + closedBecause);
            }
            if (book == null) {
                throw new FmzError(problem != null
                        ? "no " + symbol + " price yet: " + problem
                        : "no " + symbol + " price from Zerocap's price stream within " + firstPriceWait.toMillis()
                                + " ms of subscribing; try again shortly");
            }
            Duration age = Duration.between(book.receivedAt(), clock.instant());
            if (age.compareTo(staleAfter) > 0) {
                throw new FmzError("the latest " + symbol + " price is " + age.toMillis() + " ms old (more than "
                        + staleAfter.toMillis() + " ms): the price stream is stale"
                        + (problem != null ? " (" + problem + ")" : "") + "; an old price is not served as current");
            }
            return book;
        }
    }

    /** Closes the socket politely; {@link #abort()} finishes the job if Zerocap does not answer. */
    synchronized CompletableFuture<?> close(String because) {
        if (closedBecause == null) {
            closedBecause = because;
        }
        notifyAll();
        closing = current;
        current = null;
        return closing == null ? CompletableFuture.completedFuture(null) : closing.close();
    }

    synchronized void abort() {
        if (closedBecause == null) {
            closedBecause = "the bridge is stopping";
        }
        notifyAll();
        for (Connection connection : new Connection[] {current, closing}) {
            if (connection != null) {
                connection.abort();
            }
        }
        current = null;
        closing = null;
    }

    private void connect() {
        Connection connection;
        synchronized (this) {
            if (closedBecause != null) {
                return;
            }
            connection = new Connection();
            current = connection;
        }
        try {
            WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(connectTimeout);
            // the handshake is signed like a REST call: a fresh timestamp, hence a fresh signature, each time
            for (Map.Entry<String, String> header : credentials.headers(signingTime.get()).entrySet()) {
                builder.header(header.getKey(), header.getValue());
            }
            builder.buildAsync(url, connection).whenComplete((socket, failure) -> {
                if (failure != null) {
                    connection.lost(describe(failure));
                }
            });
        } catch (RuntimeException e) { // e.g. an API key that cannot be sent as a header
            connection.lost(describe(e));
        }
    }

    /** Runs under the lock: the connection is gone; try again after a growing pause. */
    private void reconnectLater(String why) {
        problem = why;
        failures++;
        notifyAll();
        long pause = Math.min(LAST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(failures - 1, 16));
        LOG.info("Zerocap {} price stream: {}; reconnecting in {} ms", symbol, why, pause);
        try {
            timer.schedule(this::connect, pause, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the bridge is stopping: nothing to reconnect for
        }
    }

    /** Words for a failed connection; library messages are not passed on (they can quote URLs and headers). */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof WebSocketHandshakeException handshake) {
            return "Zerocap refused the price stream handshake (HTTP " + handshake.getResponse().statusCode() + ")";
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "Zerocap's price stream did not accept a connection in time";
        }
        if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
            return "cannot connect to Zerocap's price stream";
        }
        if (cause instanceof IOException) {
            return "the price stream connection failed (" + cause.getClass().getSimpleName() + ")";
        }
        return "the price stream failed (" + cause.getClass().getSimpleName() + ")";
    }

    /** One connection attempt and, once open, the socket's listener. */
    private final class Connection implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();
        private volatile WebSocket socket;
        private volatile Instant lastHeard = clock.instant();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
        private volatile ScheduledFuture<?> keepAlive;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            synchronized (PriceStream.this) {
                if (current != this) {
                    webSocket.abort();
                    return;
                }
                try {
                    keepAlive = timer.scheduleAtFixedRate(this::keepAlive, pingEvery.toMillis(),
                            pingEvery.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    webSocket.abort(); // the bridge is stopping
                    return;
                }
                problem = null; // connected again: the next word is the price, or why there is none
            }
            LOG.info("Zerocap {} price stream connected", symbol);
            send(FmzJson.MAPPER.createObjectNode().put("type", "price").put("symbol", symbol).toString());
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (text.length() > MAX_MESSAGE_CHARS) {
                lost("Zerocap sent an oversized message on the price stream");
                return null;
            }
            if (last) {
                String message = text.toString();
                text.setLength(0);
                lastHeard = clock.instant();
                handle(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost("Zerocap closed the price stream (code " + statusCode + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(describe(error));
        }

        private void handle(String message) {
            JsonNode json;
            try {
                json = FmzJson.MAPPER.readTree(message);
            } catch (IOException e) {
                LOG.debug("Zerocap {} price stream: ignored a message that is not JSON", symbol);
                return;
            }
            switch (json.path("type").asText("")) {
                case "price" -> priced(json);
                case "error" -> refused(json);
                case "message" -> told(json.path("message").asText(""));
                default -> LOG.debug("Zerocap {} price stream: ignored a message of type '{}'", symbol,
                        json.path("type").asText(""));
            }
        }

        private void priced(JsonNode json) {
            PriceBook latest;
            try {
                latest = PriceBook.read(json, clock.instant());
            } catch (FmzError e) {
                LOG.debug("Zerocap {} price stream: ignored an unreadable price message: {}", symbol, e.getMessage());
                return;
            }
            if (!latest.symbol().equalsIgnoreCase(symbol)) {
                return;
            }
            synchronized (PriceStream.this) {
                if (current == this) {
                    book = latest;
                    problem = null;
                    failures = 0;
                    PriceStream.this.notifyAll();
                }
            }
        }

        /** {"type":"error","error_code":"401","error_message":"Unauthorized"}: a refused handshake or subscription. */
        private void refused(JsonNode json) {
            String why = "Zerocap's price stream answered error " + json.path("error_code").asText("?") + ": "
                    + Printable.of(json.path("error_message").asText(""));
            if (json.path("error_code").asText("").equals("401")) {
                lost(why); // Zerocap does not serve this connection any more; a fresh signature may fix a clock hiccup
                return;
            }
            synchronized (PriceStream.this) {
                if (current == this) {
                    problem = why;
                    PriceStream.this.notifyAll();
                }
            }
        }

        /** Zerocap's status lines: "Successfully connected.", "price Subscription successful.", "pong", or a problem. */
        private void told(String message) {
            String lower = message.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("unavailable")) {
                synchronized (PriceStream.this) {
                    if (current == this) {
                        problem = "Zerocap says: " + Printable.of(message);
                        PriceStream.this.notifyAll();
                    }
                }
            }
        }

        private void keepAlive() {
            if (Duration.between(lastHeard, clock.instant()).compareTo(silenceLimit) > 0) {
                lost("nothing heard from Zerocap's price stream for " + silenceLimit.toMillis() + " ms");
                return;
            }
            send(PING);
        }

        /** The JDK socket allows one send at a time: each waits for the one before. */
        private synchronized void send(String message) {
            WebSocket webSocket = socket;
            sending = sending.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> webSocket.sendText(message, true))
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            lost(describe(failure));
                        }
                    });
        }

        /** This connection is finished; if it is still the stream's, the stream reconnects. */
        void lost(String why) {
            synchronized (PriceStream.this) {
                if (current != this) {
                    return;
                }
                current = null;
                if (closedBecause == null) {
                    reconnectLater(why);
                }
            }
            abort();
        }

        /** A close frame, after any send still under way (the JDK socket takes one at a time). */
        synchronized CompletableFuture<?> close() {
            stop();
            WebSocket webSocket = socket;
            if (webSocket == null) {
                return CompletableFuture.completedFuture(null);
            }
            sending = sending.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "closing"));
            return sending;
        }

        void abort() {
            stop();
            WebSocket webSocket = socket;
            if (webSocket != null) {
                webSocket.abort();
            }
        }

        private void stop() {
            ScheduledFuture<?> task = keepAlive;
            if (task != null) {
                task.cancel(false);
            }
        }
    }
}
