package io.fmzbridge.stub;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One connection to a stream stub, as Jetty hands it over: its session, its place among the stub's
 * open connections ({@link StubSockets}: joined on open, left on close or error), and sending that
 * says nothing once the stub has muted it. Reading is the subclass's: add
 * {@code Session.Listener.AutoDemanding} to read every frame, or call {@link #demand()} after each
 * (a muted connection then reads no more, as a stuck peer would).
 *
 * <p>Public, as its subclasses must be: Jetty calls the listener methods through method handles.
 */
public abstract class StubSocket implements Session.Listener {

    private final StubSockets<?> sockets;
    private volatile Session session;
    private volatile boolean muted;

    protected StubSocket(StubSockets<?> sockets) {
        this.sockets = sockets;
    }

    @Override
    public final void onWebSocketOpen(Session session) {
        this.session = session;
        sockets.joined(this);
        opened();
    }

    /** The connection is open and counted among the stub's: greet, ask for the first frame. */
    protected void opened() {
    }

    public final Session session() {
        return session;
    }

    public final boolean isOpen() {
        Session current = session;
        return current != null && current.isOpen();
    }

    public final boolean muted() {
        return muted;
    }

    /** Sends a message, unless the connection is muted or closed. */
    public synchronized void send(String text) {
        if (!muted && isOpen()) {
            write(session, text);
        }
    }

    /** How a message goes on the wire: a text frame, unless the exchange sends another kind. */
    protected void write(Session session, String text) {
        session.sendText(text, Callback.NOOP);
    }

    /** Open and not muted: a connection that can still tell the bridge anything. */
    public final boolean isLive() {
        return !muted && isOpen();
    }

    /** Answers a ping with its payload, as RFC 6455 has it, unless muted. */
    protected final void pong(ByteBuffer payload) {
        if (!muted) {
            session.sendPong(payload, Callback.NOOP);
        }
    }

    /** Asks for the next frame, unless muted. */
    protected final void demand() {
        if (!muted) {
            session.demand();
        }
    }

    final void mute() {
        muted = true;
    }

    final void disconnect() {
        Session current = session;
        if (current != null) {
            current.disconnect();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        sockets.left(this);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        sockets.left(this);
    }
}
