package io.fmzbridge.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * One connection attempt of a {@link StreamConnection}, and once open the JDK WebSocket's listener:
 * it notes when the exchange was last heard from (any message, ping or pong), passes whole text
 * messages (and binary ones, as UTF-8 text) to the stream, and sends one message at a time, as the JDK client requires. Events of an
 * attempt that has been replaced are ignored by the stream, so a late callback from a dead socket
 * never disturbs its successor.
 */
final class StreamSocket implements WebSocket.Listener {

    /** Exchange messages are a few hundred kilobytes at most (a 400-level book); anything larger is not one. */
    private static final int MAX_MESSAGE_CHARS = 4 << 20;

    final StreamConnection connection;
    private final MarketStream stream;
    /** Where a failed send is reported: never on the thread that sent, which may hold the stream's lock. */
    private final Executor callbacks;
    /** What this socket's messages are read into; set before the socket connects. */
    volatile StreamInbox inbox;
    /** The protocol as this connection speaks it ({@link StreamProtocol#forConnection}); set before the socket connects. */
    volatile StreamProtocol protocol;
    final long startedAt = System.nanoTime();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile WebSocket socket;
    private volatile boolean open;
    private volatile boolean gone;
    volatile long openedAt;
    volatile long lastHeard = startedAt;
    volatile long lastPing;
    /** Whether any data arrived: only then has the exchange shown it serves this connection. */
    volatile boolean dataSeen;
    // guarded by this
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    StreamSocket(StreamConnection connection, MarketStream stream, Executor callbacks) {
        this.connection = connection;
        this.stream = stream;
        this.callbacks = callbacks;
    }

    boolean isOpen() {
        return open && !gone;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        openedAt = System.nanoTime();
        lastHeard = openedAt;
        open = true;
        stream.opened(this);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastHeard = System.nanoTime();
        text.append(data);
        if (text.length() > MAX_MESSAGE_CHARS) {
            text.setLength(0);
            stream.lost(this, "the exchange sent an oversized message", true);
            return null;
        }
        if (last) {
            String message = text.toString();
            text.setLength(0);
            stream.received(this, message);
        }
        webSocket.request(1);
        return null;
    }

    /** Some exchanges (Upbit) send their JSON in binary frames: read as UTF-8 text, like a text message. */
    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        lastHeard = System.nanoTime();
        if (bytes.size() + data.remaining() > MAX_MESSAGE_CHARS) {
            bytes.reset();
            stream.lost(this, "the exchange sent an oversized message", true);
            return null;
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        bytes.write(chunk, 0, chunk.length);
        if (last) {
            String message = bytes.toString(StandardCharsets.UTF_8);
            bytes.reset();
            stream.received(this, message);
        }
        webSocket.request(1);
        return null;
    }

    /** The JDK client answers every ping with a pong carrying the same payload (Binance requires it). */
    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastHeard = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastHeard = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        stream.lost(this, "the exchange closed the connection (code " + statusCode + ")", true);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        stream.lost(this, describe(error), true);
    }

    /** Sends a text message after the ones before it; a failed send loses the connection. */
    synchronized void send(String message) {
        WebSocket webSocket = socket;
        if (webSocket == null || gone) {
            return;
        }
        sending = sending.exceptionally(failure -> null)
                .thenCompose(done -> webSocket.sendText(message, true))
                .whenCompleteAsync((sent, failure) -> {
                    if (failure != null) {
                        stream.lost(this, describe(failure), true);
                    }
                }, callbacks);
    }

    /** Asks the exchange for a sign of life: its ping text, or a ping frame. */
    synchronized void ping(String pingText) {
        WebSocket webSocket = socket;
        if (webSocket == null || gone) {
            return;
        }
        lastPing = System.nanoTime();
        sending = sending.exceptionally(failure -> null)
                .thenCompose(done -> pingText != null ? webSocket.sendText(pingText, true)
                        : webSocket.sendPing(ByteBuffer.allocate(0)))
                .whenCompleteAsync((sent, failure) -> {
                    if (failure != null) {
                        stream.lost(this, describe(failure), true);
                    }
                }, callbacks);
    }

    /** Closes politely; the caller aborts after a grace period if the exchange does not answer. */
    synchronized CompletableFuture<?> close() {
        WebSocket webSocket = socket;
        gone = true;
        if (webSocket == null || webSocket.isOutputClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        return sending.exceptionally(failure -> null)
                .thenCompose(done -> webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "closing"));
    }

    /** Cuts the connection at once. */
    void abort() {
        gone = true;
        WebSocket webSocket = socket;
        if (webSocket != null) {
            webSocket.abort();
        }
    }

    boolean isGone() {
        return gone;
    }

    /** Words for a failed connection; library messages are not passed on (they can quote URLs and headers). */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof WebSocketHandshakeException handshake) {
            return "the exchange refused the stream handshake (HTTP " + handshake.getResponse().statusCode() + ")";
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "the stream did not accept a connection in time";
        }
        if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
            return "cannot connect to the stream";
        }
        if (cause instanceof IOException) {
            return "the stream connection failed (" + cause.getClass().getSimpleName() + ")";
        }
        return "the stream failed (" + cause.getClass().getSimpleName() + ")";
    }
}
