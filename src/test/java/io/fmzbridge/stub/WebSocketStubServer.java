package io.fmzbridge.stub;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The local WebSocket server under an exchange's stream stub: it listens on a free port of 127.0.0.1,
 * opens a new endpoint for every handshake on one path and counts the handshakes. What an endpoint says
 * is the stub's business; this holds only the server.
 */
public final class WebSocketStubServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final String path;
    private final AtomicInteger handshakes = new AtomicInteger();

    private WebSocketStubServer(String name, String path, Supplier<Object> endpoint) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(name.toLowerCase(Locale.ROOT).replace(' ', '-'));
        this.server = new Server(threads);
        this.connector = new ServerConnector(server);
        this.path = path;
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping(path,
                (request, response, callback) -> {
                    handshakes.incrementAndGet();
                    return endpoint.get();
                })));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the " + name, e);
        }
    }

    /**
     * @param name what the server stands for ("OKX stream stub"): its threads' name and its start error's
     * @param path the path the stream is served on ("/ws/v5/public")
     * @param endpoint a new endpoint (a Jetty WebSocket listener) for each connection
     */
    public static WebSocketStubServer start(String name, String path, Supplier<Object> endpoint) {
        return new WebSocketStubServer(name, path, endpoint);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The stream's address: the port and the path it is served on. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + port() + path;
    }

    /** The WebSocket handshakes so far: one per connection the bridge opened. */
    public int handshakes() {
        return handshakes.get();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
