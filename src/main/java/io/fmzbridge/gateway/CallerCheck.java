package io.fmzbridge.gateway;

import io.fmzbridge.observe.LogText;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's first step, before the body is read: only the FMZ docker's kind of request is
 * served. Any web page may POST to {@code 127.0.0.1:6666} from the user's browser (a text/plain
 * POST needs no CORS preflight), so a request that carries a header every browser adds and the
 * docker never sends ({@code Origin}, {@code Sec-Fetch-*}) is refused, and so is one whose
 * {@code Host} is not a name of this bridge (a DNS-rebinding page sends its own name). Both are
 * answered HTTP 403 with the usual JSON error, and one WARN line says what was refused.
 */
public final class CallerCheck implements Processor {

    /** Headers browsers add to every request a page makes; the FMZ docker sends none of them. */
    static final List<String> BROWSER_HEADERS = List.of("Origin", "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest");
    static final String HOST = "Host";

    private static final Logger LOG = LoggerFactory.getLogger(CallerCheck.class);

    private final BridgeHosts hosts;

    /**
     * @param listenHost   {@code fmz.listen.host}: when a specific address, its literal is a name of the bridge
     * @param allowedHosts {@code fmz.listen.allowed-hosts}: further names, comma-separated, {@code name} or {@code name:port}
     */
    public CallerCheck(String listenHost, int listenPort, String allowedHosts) {
        this.hosts = new BridgeHosts(listenHost, listenPort, allowedHosts);
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        for (String header : BROWSER_HEADERS) {
            Object value = in.getHeader(header);
            if (value != null) {
                LOG.warn("refused a request to {} that carries {} {}: a web browser's; the FMZ docker sends none",
                        path(in), header, LogText.word(value.toString(), 100));
                throw new CallerRefused("refused: the request carries " + header
                        + ", as a web browser's do; the bridge serves the FMZ docker only");
            }
        }
        // HTTP/1.0 may leave Host out; browsers always send it, so its absence is no browser's request
        Object host = in.getHeader(HOST);
        if (host != null && !hosts.allows(host.toString())) {
            String shown = LogText.word(host.toString(), 100);
            LOG.warn("refused a request to {} for host {}: not a name of this bridge (fmz.listen.allowed-hosts)", path(in), shown);
            throw new CallerRefused("refused: the request is for host '" + shown
                    + "', not this bridge: add the name the FMZ docker uses to fmz.listen.allowed-hosts");
        }
    }

    private static String path(Message in) {
        return LogText.word(in.getHeader(Exchange.HTTP_URI, String.class), 64);
    }
}
