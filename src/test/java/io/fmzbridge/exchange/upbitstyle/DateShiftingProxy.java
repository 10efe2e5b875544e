package io.fmzbridge.exchange.upbitstyle;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relay in front of a stub that rewrites the {@code Date} header of every reply by a fixed
 * shift: how an exchange whose clock runs apart from the host's answers. Needed because the JDK's
 * HTTP server always writes the host's own Date. One request per connection (it asks both sides
 * to close), which is all the bridge's calls need.
 */
public final class DateShiftingProxy implements AutoCloseable {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    private final ServerSocket server;
    private final URI upstream;
    private final Duration shift;
    private final ExecutorService relays = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "date-shifting-proxy");
        thread.setDaemon(true);
        return thread;
    });

    public DateShiftingProxy(String upstreamBaseUrl, Duration shift) throws IOException {
        this.upstream = URI.create(upstreamBaseUrl);
        this.shift = shift;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        relays.execute(this::accept);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                relays.execute(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket exchange = new Socket(upstream.getHost(), upstream.getPort())) {
            InputStream fromClient = client.getInputStream();
            String request = withHeader(head(fromClient), "Connection", "close");
            OutputStream toExchange = exchange.getOutputStream();
            toExchange.write(request.getBytes(ISO_8859_1));
            Matcher length = CONTENT_LENGTH.matcher(request);
            toExchange.write(fromClient.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0));
            toExchange.flush();

            InputStream fromExchange = exchange.getInputStream();
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(Instant.now().plus(shift));
            String reply = withHeader(withHeader(head(fromExchange), "Date", date), "Connection", "close");
            OutputStream toClient = client.getOutputStream();
            toClient.write(reply.getBytes(ISO_8859_1));
            fromExchange.transferTo(toClient);
            toClient.flush();
        } catch (IOException e) {
            // a side hung up: the bridge sees a broken call, which is what happened
        }
    }

    /** The start line and headers, through the blank line. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the headers");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(ISO_8859_1);
    }

    /** The head with every {@code name} header replaced by one with this value. */
    private static String withHeader(String head, String name, String value) {
        String kept = head.substring(0, head.length() - 2)
                .replaceAll("(?im)^" + Pattern.quote(name.toLowerCase(Locale.ROOT)) + ":[^\\r\\n]*\\r\\n", "");
        return kept + name + ": " + value + "\r\n\r\n";
    }

    @Override
    public void close() throws IOException {
        server.close();
        relays.shutdownNow();
    }
}
