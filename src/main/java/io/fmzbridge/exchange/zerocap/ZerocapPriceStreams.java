package io.fmzbridge.exchange.zerocap;

import io.fmzbridge.call.ExchangeClocks;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zerocap's prices. Zerocap has no REST ticker or order book: it publishes bids and asks only on its
 * websocket, after a {@code {"type":"price","symbol":"USDT/AUD"}} subscription. The bridge therefore
 * keeps one authenticated {@link PriceStream} per API key and symbol it has been asked about, opened
 * on the first request and kept while requests keep coming, and answers {@code ticker} and
 * {@code depth} from the latest ladder, never from one older than {@code staleAfter}.
 *
 * <p>Threads: one timer thread and a pool for the JDK WebSocket client, both created on first use
 * and ended by {@link #close()}, which the route file names as the bean's {@code destroyMethod} so
 * it runs when the CamelContext stops.
 */
public final class ZerocapPriceStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZerocapPriceStreams.class);
    private static final String EXCHANGE = "zerocap";
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    /** The SDK pings every 5 s ({"type":"message","message":"ping"}); Zerocap answers "pong". */
    static final Duration PING_EVERY = Duration.ofSeconds(5);
    /** Six unanswered pings: the connection is dead even if TCP has not noticed, so it is replaced. */
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(30);
    /**
     * A stream nobody has asked about for this long is closed (the next request opens it again): a
     * symbol a strategy stopped trading, or a mistyped secret, must not keep a socket, or a stream of
     * refused handshakes, going for as long as the bridge runs.
     */
    static final Duration IDLE_LIMIT = Duration.ofMinutes(10);

    /**
     * One stream per key and symbol. The secret enters only as a digest, so a caller with the right key
     * and a wrong secret gets a connection of its own (and Zerocap's refusal), never someone else's.
     */
    private record StreamKey(String apiKey, String secretDigest, String symbol) {
        @Override
        public String toString() {
            return "StreamKey[" + symbol + "]";
        }
    }

    private final URI url;
    private final Duration staleAfter;
    private final Duration firstPriceWait;
    private final Duration connectTimeout;
    private final Duration pingEvery;
    private final Duration silenceLimit;
    private final Duration idleLimit;
    private final Clock clock;
    /** Zerocap's time for the handshake's signed timestamp; null until the first request finds it. */
    private volatile Supplier<Instant> signingTime;
    private final Map<StreamKey, PriceStream> streams = new ConcurrentHashMap<>();

    // guarded by this
    private ScheduledThreadPoolExecutor timer;
    private ExecutorService pool;
    private HttpClient client;
    private boolean closed;

    /**
     * Handshakes are signed on Zerocap's clock as the bridge measures it, like its REST calls: the
     * bridge's {@link ExchangeClocks}, found in the registry on the first request.
     */
    public ZerocapPriceStreams(String wsUrl, long staleAfterMs, long firstPriceWaitMs, long connectTimeoutMs) {
        this(URI.create(wsUrl), Duration.ofMillis(staleAfterMs), Duration.ofMillis(firstPriceWaitMs),
                Duration.ofMillis(connectTimeoutMs), PING_EVERY, SILENCE_LIMIT, IDLE_LIMIT, Clock.systemUTC(), null);
    }

    ZerocapPriceStreams(URI url, Duration staleAfter, Duration firstPriceWait, Duration connectTimeout,
                        Duration pingEvery, Duration silenceLimit, Duration idleLimit, Clock clock) {
        this(url, staleAfter, firstPriceWait, connectTimeout, pingEvery, silenceLimit, idleLimit, clock, clock::instant);
    }

    /**
     * @param clock the host's, for ages and idle times
     * @param signingTime Zerocap's time, for the handshake's signed timestamp; null: the bridge's
     */
    ZerocapPriceStreams(URI url, Duration staleAfter, Duration firstPriceWait, Duration connectTimeout,
                        Duration pingEvery, Duration silenceLimit, Duration idleLimit, Clock clock,
                        Supplier<Instant> signingTime) {
        if (!"wss".equalsIgnoreCase(url.getScheme()) && !"ws".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("fmz.exchange.zerocap.ws-url must be a wss:// (or ws://) URL, not " + url);
        }
        this.url = url;
        this.staleAfter = staleAfter;
        this.firstPriceWait = firstPriceWait;
        this.connectTimeout = connectTimeout;
        this.pingEvery = pingEvery;
        this.silenceLimit = silenceLimit;
        this.idleLimit = idleLimit;
        this.clock = clock;
        this.signingTime = signingTime;
    }

    /** The latest fresh ladder for the request's symbol, or an error that says why there is none. */
    public PriceBook book(FmzRequest request, Exchange exchange) {
        if (signingTime == null) {
            ExchangeClocks found = exchange.getContext().getRegistry().findSingleByType(ExchangeClocks.class);
            ExchangeClocks clocks = found != null ? found : new ExchangeClocks(Clock.systemUTC());
            signingTime = () -> clocks.clockOf(EXCHANGE).instant();
        }
        return book(request);
    }

    PriceBook book(FmzRequest request) {
        ZerocapCredentials credentials = ZerocapCredentials.parse(request.accessKey(), request.secretKey());
        String symbol = ZerocapSymbol.of(request.symbol());
        return stream(credentials, symbol).freshBook(firstPriceWait, staleAfter);
    }

    /** How many price streams are open or reconnecting. */
    public int size() {
        return streams.size();
    }

    private synchronized PriceStream stream(ZerocapCredentials credentials, String symbol) {
        if (closed) {
            throw new FmzError("the bridge is stopping: Zerocap price streams are closed");
        }
        StreamKey key = new StreamKey(credentials.apiKey(), digest(credentials.secret()), symbol);
        PriceStream stream = streams.get(key);
        if (stream == null) {
            startThreads();
            stream = new PriceStream(credentials, symbol, url, client, timer, clock, signingTime, connectTimeout,
                    pingEvery, silenceLimit);
            streams.put(key, stream);
            stream.start();
        } else {
            stream.asked();
        }
        return stream;
    }

    /** Closes the streams nobody has asked about within the idle limit; runs on the timer. */
    private void closeIdle() {
        List<PriceStream> idle = new ArrayList<>();
        ScheduledThreadPoolExecutor running;
        synchronized (this) {
            running = timer;
            for (Iterator<PriceStream> it = streams.values().iterator(); it.hasNext(); ) {
                PriceStream stream = it.next();
                if (stream.idleLongerThan(idleLimit)) {
                    it.remove();
                    idle.add(stream);
                }
            }
        }
        for (PriceStream stream : idle) {
            stream.close("nobody asked for it for " + idleLimit.toSeconds() + " s; ask again");
            try {
                running.schedule(stream::abort, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) { // the bridge is stopping: close() cuts every socket anyway
                stream.abort();
            }
        }
        if (!idle.isEmpty()) {
            LOG.info("Zerocap price streams: closed {} idle, {} open", idle.size(), streams.size());
        }
    }

    private void startThreads() {
        if (client != null) {
            return;
        }
        timer = new ScheduledThreadPoolExecutor(1, named("zerocap-price-timer"));
        timer.setRemoveOnCancelPolicy(true);
        long sweep = Math.max(1, Math.min(idleLimit.toMillis(), Duration.ofMinutes(1).toMillis()) / 2);
        timer.scheduleWithFixedDelay(this::closeIdle, sweep, sweep, TimeUnit.MILLISECONDS);
        pool = Executors.newCachedThreadPool(named("zerocap-price-io"));
        client = HttpClient.newBuilder().executor(pool).connectTimeout(connectTimeout).build();
    }

    /** Closes every stream (politely, then abruptly after a short grace) and ends the threads. Idempotent. */
    @Override
    public void close() {
        List<PriceStream> open;
        ScheduledThreadPoolExecutor endingTimer;
        ExecutorService endingPool;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(streams.values());
            streams.clear();
            endingTimer = timer;
            endingPool = pool;
            timer = null;
            pool = null;
            client = null;
        }
        if (endingTimer == null) {
            return;
        }
        endingTimer.shutdownNow(); // no reconnects or pings from here on
        List<CompletableFuture<?>> closing = new ArrayList<>();
        open.forEach(stream -> closing.add(stream.close("the bridge is stopping")));
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Zerocap did not acknowledge in time; the sockets are cut below either way
        }
        open.forEach(PriceStream::abort);
        endingPool.shutdown();
        try {
            if (!endingPool.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                endingPool.shutdownNow();
            }
            endingTimer.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            endingPool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("Zerocap price streams closed ({})", open.size());
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
