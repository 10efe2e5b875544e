package io.fmzbridge.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a request's {@code Host} header may give for the bridge. A page that rebinds its own
 * name to 127.0.0.1 (DNS rebinding) reaches the bridge with that name in {@code Host}, so a name
 * the bridge does not know as its own is refused.
 *
 * <p>Known are the loopback names ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}) with any
 * port: a published container port ({@code -p 127.0.0.1:7000:6666}) puts another port there than
 * the one the bridge listens on, and a rebinding page always brings its own name, so checking the
 * port adds nothing. Also known: the listening address when it is a specific one (its literal,
 * with the listening port or none), and each name of {@code fmz.listen.allowed-hosts}: a name alone
 * with any port, {@code name:port} with that port only (or none).
 */
final class BridgeHosts {

    private static final int ANY_PORT = -1;
    private static final int NO_PORT = -2;
    private static final int BAD_PORT = -3;
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");
    /** Listening addresses that stand for every interface: they name no host. */
    private static final Set<String> WILDCARDS = Set.of("", "0.0.0.0", "::", "[::]", "*");

    private record Name(String name, int port) {
    }

    private final Name[] names;

    BridgeHosts(String listenHost, int listenPort, String allowedHosts) {
        List<Name> known = new ArrayList<>();
        LOOPBACK.forEach(name -> known.add(new Name(name, ANY_PORT)));
        String listening = bracketed(listenHost == null ? "" : listenHost.trim().toLowerCase(Locale.ROOT));
        if (!WILDCARDS.contains(listening) && !LOOPBACK.contains(listening)) {
            known.add(new Name(listening, listenPort));
        }
        if (allowedHosts != null) {
            for (String entry : allowedHosts.split(",")) {
                if (!entry.isBlank()) {
                    known.add(allowed(entry.trim().toLowerCase(Locale.ROOT)));
                }
            }
        }
        this.names = known.toArray(new Name[0]);
    }

    /**
     * Whether the {@code Host} header names this bridge. Written to copy nothing: it runs on every
     * call, and the docker's {@code 127.0.0.1:6666} matches the first name.
     */
    boolean allows(String host) {
        int nameEnd;
        if (!host.isEmpty() && host.charAt(0) == '[') {
            nameEnd = host.indexOf(']') + 1;
        } else {
            int colon = host.indexOf(':');
            nameEnd = colon < 0 ? host.length() : colon;
        }
        if (nameEnd <= 0) {
            return false;
        }
        int port = NO_PORT;
        if (nameEnd < host.length()) {
            port = host.charAt(nameEnd) == ':' ? port(host, nameEnd + 1) : BAD_PORT;
            if (port == BAD_PORT) {
                return false;
            }
        }
        for (Name known : names) {
            if (known.name().length() == nameEnd && host.regionMatches(true, 0, known.name(), 0, nameEnd)
                    && (known.port() == ANY_PORT || port == NO_PORT || port == known.port())) {
                return true;
            }
        }
        return false;
    }

    private static Name allowed(String entry) {
        String bracketed = bracketed(entry);
        int nameEnd = bracketed.startsWith("[") ? bracketed.indexOf(']') + 1 : bracketed.indexOf(':');
        if (nameEnd < 0 || nameEnd == bracketed.length()) {
            return checked(new Name(bracketed, ANY_PORT), entry);
        }
        int port = bracketed.charAt(nameEnd) == ':' ? port(bracketed, nameEnd + 1) : BAD_PORT;
        if (port < 0) {
            throw new IllegalArgumentException("fmz.listen.allowed-hosts: '" + entry + "' is not a host name or name:port");
        }
        return checked(new Name(bracketed.substring(0, nameEnd), port), entry);
    }

    private static Name checked(Name name, String entry) {
        if (name.name().isEmpty() || WILDCARDS.contains(name.name()) || name.name().indexOf('/') >= 0) {
            throw new IllegalArgumentException("fmz.listen.allowed-hosts: '" + entry + "' is not a host name or name:port");
        }
        return name;
    }

    /** An IPv6 literal as a Host header writes it: {@code ::1} is {@code [::1]}. */
    private static String bracketed(String address) {
        return address.indexOf(':') != address.lastIndexOf(':') && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    /** The port from {@code from} to the end: 1 to 5 digits up to 65535, else BAD_PORT. */
    private static int port(String text, int from) {
        int digits = text.length() - from;
        if (digits < 1 || digits > 5) {
            return BAD_PORT;
        }
        int port = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return BAD_PORT;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535 ? port : BAD_PORT;
    }
}
