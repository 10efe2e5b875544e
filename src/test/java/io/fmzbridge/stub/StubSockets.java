package io.fmzbridge.stub;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** A stream stub's open connections, and what a test does to all of them at once. */
public final class StubSockets<S extends StubSocket> implements Iterable<S> {

    private final Set<S> open = ConcurrentHashMap.newKeySet();

    public Stream<S> stream() {
        return open.stream();
    }

    @Override
    public Iterator<S> iterator() {
        return open.iterator();
    }

    /** The open connections send nothing more, not even pongs or heartbeats; connections opened later are not muted. */
    public void mute() {
        open.forEach(StubSocket::mute);
    }

    /** Cuts every open connection without a close handshake, as a network failure does. */
    public void drop() {
        open.forEach(StubSocket::disconnect);
    }

    // a socket is made by its stub for that stub's sockets: it is always of their type
    @SuppressWarnings("unchecked")
    void joined(StubSocket socket) {
        open.add((S) socket);
    }

    void left(StubSocket socket) {
        open.remove(socket);
    }
}
