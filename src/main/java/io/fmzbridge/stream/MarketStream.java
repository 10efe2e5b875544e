package io.fmzbridge.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeClocks;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.observe.Meters;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exchange's public market-data stream, the mechanism every exchange shares: the route's
 * {@code ticker}, {@code depth} and {@code trades} branches ask it first ({@link #ticker},
 * {@link #depth}, {@link #trades}), and it answers with the exchange's own REST reply shape built
 * from live state when that state is fresh, or leaves the call to the REST steps that follow.
 *
 * <ul>
 * <li><b>On demand.</b> The first call for a channel of an instrument subscribes it and is answered
 *     by REST; calls after the first message are answered from the stream. Nothing connects for an
 *     exchange nobody calls, and a topic nobody asked about for {@code fmz.stream.idle-unsubscribe-ms}
 *     is unsubscribed (its connection closed when it was the last).</li>
 * <li><b>Never stale.</b> A connection silent for longer than {@code fmz.exchange.<id>.stale-after-ms}
 *     is not answered from; the exchange's keep-alive (a ping after half that silence) keeps a
 *     healthy quiet one fresh, and one silent twice as long is replaced. Where every ticker or trade
 *     means the book moved ({@link StreamProtocol#channelsThatMoveTheBook}), a book silent that long
 *     while they went on is not answered from either: it missed something (its subscription lost
 *     on a busy connection).
 *     A lost connection is reconnected with back-off and its topics subscribed again; what was heard
 *     before counts no more.</li>
 * <li><b>Books kept exactly</b> by the exchange's {@link BookRules}: a broken book is discarded and
 *     resynchronised, and never answered from meanwhile.</li>
 * <li><b>Limits.</b> Topics per connection (more connections when needed), the pace of subscribe
 *     messages, the spacing of new connections and the exchange's connection lifetime.</li>
 * </ul>
 *
 * <p>Threads, made on first use and ended by {@link #close()} (the bean's destroyMethod): one timer
 * that owns connections and subscriptions, a pool for the JDK WebSocket client, and one for REST
 * snapshots. A call never waits on any of them: it reads live state under one topic's lock.
 */
public final class MarketStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarketStream.class);

    /** Exchange property: which source answered a market-data call, {@value #FROM_STREAM} or {@value #FROM_REST}. */
    public static final String SOURCE_PROPERTY = "marketSource";
    /** Exchange property: the exchange's event time (ms) of data answered from the stream. */
    public static final String EVENT_TIME_PROPERTY = "streamEventTime";
    /** Exchange property: why the stream did not answer a call it left to REST, in a strategy author's words. */
    public static final String STATE_PROPERTY = "streamState";
    public static final String FROM_STREAM = "stream";
    public static final String FROM_REST = "rest";
    /** A subscription the exchange refused is tried again only after this pause, when asked for again. */
    static final Duration REFUSAL_PAUSE = Duration.ofMinutes(1);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final String exchange;
    private final StreamProtocol protocol;
    private final Map<Topic, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private volatile StreamSettings settings;
    private volatile CamelContext context;
    private volatile StreamMeters meters;
    /** Set once under this lock; read without it, since a book's rules ask for work while holding their topic's lock. */
    private volatile ScheduledThreadPoolExecutor timer;
    private volatile ExecutorService workers;
    /** Made and used by the timer thread only, on the io pool made before the timer. */
    private HttpClient client;

    // guarded by this
    private final List<StreamConnection> connections = new ArrayList<>();
    private int connectionNumbers;
    private ExecutorService io;
    private ProducerTemplate snapshots;
    private long lastConnectAt;
    private boolean connectedBefore;
    private boolean closed;

    /**
     * @param exchange the exchange id, lower case: its settings are {@code fmz.exchange.<id>.*}, its REST
     *                 snapshots come from {@code direct:<id>-book-snapshot}
     */
    public MarketStream(String exchange, StreamProtocol protocol) {
        this.exchange = exchange;
        this.protocol = protocol;
    }

    // ------------------------------------------------------------------ route steps

    /** The live ticker as the exchange's REST ticker reply when fresh; otherwise the REST steps answer. */
    public void ticker(Exchange call) {
        answer(Channel.TICKER, call);
    }

    /** The live book's best levels as the exchange's REST depth reply when fresh and deep enough. */
    public void depth(Exchange call) {
        answer(Channel.BOOK, call);
    }

    /** The latest streamed trades as the exchange's REST trades reply when fresh and as many as asked. */
    public void trades(Exchange call) {
        answer(Channel.TRADES, call);
    }

    private void answer(Channel channel, Exchange call) {
        call.setProperty(SOURCE_PROPERTY, FROM_REST);
        FmzRequest request = call.getMessage().getBody(FmzRequest.class);
        if (request == null) {
            return;
        }
        try {
            if (!settings(call.getContext()).enabled()) {
                call.setProperty(STATE_PROPERTY, "live market data is off (fmz.stream.enabled, fmz.exchange." + exchange
                        + ".stream-enabled)");
                return;
            }
            Answer answer = answer(channel, request);
            if (answer.reply() != null) {
                call.getMessage().setBody(answer.reply());
                call.setProperty(SOURCE_PROPERTY, FROM_STREAM);
                call.setProperty(EVENT_TIME_PROPERTY, answer.eventTime());
                meters.dataAge(channel, System.currentTimeMillis() - answer.eventTime());
            } else {
                call.setProperty(STATE_PROPERTY, answer.unansweredBecause());
            }
        } catch (RuntimeException e) {
            // a symbol the stream has no name for, a limit that is not a number: the REST branch
            // answers the call, with its own words for what is wrong
            LOG.debug("{} {} not answered from the stream: {}", exchange, channel, e.getMessage());
            call.setProperty(STATE_PROPERTY, e.getMessage());
        }
    }

    /** A reply from live state with its event time, or none and why. */
    private record Answer(JsonNode reply, long eventTime, String unansweredBecause) {
        static Answer none(String why) {
            return new Answer(null, 0, why);
        }
    }

    private Answer answer(Channel channel, FmzRequest request) {
        FmzSymbol symbol = request.symbol();
        Topic topic = new Topic(channel, protocol.instrument(symbol), protocol.credential(request));
        Subscription subscription = asked(topic, symbol);
        if (subscription == null) {
            return Answer.none("the bridge is stopping");
        }
        Duration wait = settings.firstDataWait();
        long deadline = System.nanoTime() + wait.toNanos();
        // read before taking the topic's lock: no thread holds two subscriptions' locks at once
        long movedAt = channel == Channel.BOOK ? tickerOrTradesHeardAt(topic) : Subscription.NEVER;
        synchronized (subscription) {
            Answer answer = fresh(subscription, channel, request, movedAt);
            // first-data-wait-ms (an exchange without REST market data): a topic that never had data
            // waits a little for its first message, unless it is known meanwhile why none will come
            boolean waited = false;
            while (answer.reply() == null && subscription.dataAt == 0 && subscription.problem == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                if (!waited) {
                    subscription.askedAt = deadline; // a waiting call is asking: the topic is not idle meanwhile
                    waited = true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(subscription, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                answer = fresh(subscription, channel, request, movedAt);
            }
            if (waited && answer.reply() == null && subscription.dataAt == 0 && subscription.problem == null) {
                return Answer.none("no data within " + wait.toMillis() + " ms of subscribing; try again shortly");
            }
            return answer;
        }
    }

    /** When the channels that move the book last spoke on their sockets (never, for an exchange without any). */
    private long tickerOrTradesHeardAt(Topic book) {
        long latest = Subscription.NEVER;
        for (Channel moving : protocol.channelsThatMoveTheBook()) {
            Subscription other = subscriptions.get(new Topic(moving, book.instrument(), book.credential()));
            if (other != null) {
                synchronized (other) {
                    latest = Math.max(latest, other.heardAt);
                }
            }
        }
        return latest;
    }

    /**
     * The topic's live state as the exchange's REST reply, or why it cannot answer; {@code movedAt} is when
     * something that moves the topic last spoke. Caller holds the subscription's lock.
     */
    private Answer fresh(Subscription subscription, Channel channel, FmzRequest request, long movedAt) {
        String stale = staleness(subscription, System.nanoTime());
        if (stale != null) {
            return Answer.none(stale);
        }
        if (!subscription.keptPace(movedAt, settings.staleAfter().toNanos())) {
            return Answer.none("the book has been silent for over " + settings.staleAfter().toMillis()
                    + " ms while its instrument's ticker or trades went on");
        }
        String noData = subscription.problem != null ? subscription.problem : "subscribed, no data yet";
        switch (channel) {
            case TICKER:
                return subscription.ticker == null ? Answer.none(noData)
                        : new Answer(protocol.tickerReply(subscription.ticker), subscription.tickerTime, null);
            case BOOK:
                int levels = protocol.depthLevels(request);
                LiveBook book = subscription.book;
                if (book.holds(levels)) {
                    return new Answer(protocol.depthReply(book, levels), book.eventTime(), null);
                }
                return Answer.none(book.brokenBecause() != null ? "the book is being rebuilt (" + book.brokenBecause() + ")"
                        : book.isSynced() ? "the book holds fewer than " + levels + " levels a side" : noData);
            default:
                int count = protocol.tradeCount(request);
                return count > 0 && subscription.trades.size() >= count
                        ? new Answer(protocol.tradesReply(subscription.lastTrades(count)), subscription.tradesTime, null)
                        : Answer.none(subscription.trades.isEmpty() ? noData : "fewer than " + count + " trades streamed yet");
        }
    }

    /** Why the topic's state is not fresh enough to answer from, or null when it is. Caller holds the subscription's lock. */
    private String staleness(Subscription subscription, long now) {
        StreamSocket socket = subscription.socket;
        if (socket == null || !socket.isOpen()) {
            return subscription.problem != null ? subscription.problem : "subscribing";
        }
        long staleAfter = settings.staleAfter().toNanos();
        if (now - socket.lastHeard > staleAfter) {
            return "the stream has been silent for " + Duration.ofNanos(now - socket.lastHeard).toMillis() + " ms (stale after "
                    + settings.staleAfter().toMillis() + " ms)";
        }
        if (protocol.dataGoesStale() && subscription.dataAt != 0 && now - subscription.dataAt > staleAfter) {
            return "the latest data is " + Duration.ofNanos(now - subscription.dataAt).toMillis() + " ms old (stale after "
                    + settings.staleAfter().toMillis() + " ms); older data is not served as current";
        }
        return null;
    }

    /** The topic's subscription, made (and placed on a connection by the timer) on its first call. */
    private Subscription asked(Topic topic, FmzSymbol symbol) {
        Subscription subscription = subscriptions.get(topic);
        if (subscription != null) {
            subscription.askedAt = System.nanoTime();
            return subscription;
        }
        synchronized (this) {
            if (closed) {
                return null;
            }
            subscription = subscriptions.computeIfAbsent(topic, t -> t.channel() == Channel.BOOK
                    ? new Subscription(t, symbol, new LiveBook(protocol.bookWindow()), protocol.bookRules())
                    : new Subscription(t, symbol, null, null));
            start();
        }
        wake();
        return subscription;
    }

    // ------------------------------------------------------------------ settings and threads

    private StreamSettings settings(CamelContext camel) {
        StreamSettings resolved = settings;
        if (resolved == null) {
            synchronized (this) {
                if (settings == null) {
                    context = camel;
                    settings = StreamSettings.read(exchange, protocol, camel.getPropertiesComponent());
                }
                resolved = settings;
            }
        }
        return resolved;
    }

    /** Caller holds this lock: the threads and meters, once. No I/O here: the caller is an FMZ call. */
    private void start() {
        if (timer != null) {
            return;
        }
        meters = new StreamMeters(exchange, Meters.of(context), this::connectionCount, subscriptions::size);
        io = Executors.newCachedThreadPool(named("fmz-stream-" + exchange + "-io"));
        workers = Executors.newCachedThreadPool(named("fmz-stream-" + exchange + "-work"));
        ScheduledThreadPoolExecutor ticking = new ScheduledThreadPoolExecutor(1, named("fmz-stream-" + exchange));
        ticking.setRemoveOnCancelPolicy(true);
        long tick = Math.max(20, Math.min(250, settings.staleAfter().toMillis() / 10));
        ticking.scheduleWithFixedDelay(this::manage, tick, tick, TimeUnit.MILLISECONDS);
        timer = ticking;
    }

    private synchronized int connectionCount() {
        return connections.size();
    }

    /** Runs {@link #manage} soon, rather than at the next tick. */
    private void wake() {
        execute(timer, this::manage);
    }

    // ------------------------------------------------------------------ the timer: places, connections, pace

    private void manage() {
        try {
            List<StreamSocket> connecting = new ArrayList<>();
            synchronized (this) {
                if (closed) {
                    return;
                }
                long now = System.nanoTime();
                for (Subscription subscription : subscriptions.values()) {
                    if (now - subscription.askedAt > settings.idleAfter().toNanos()) {
                        drop(subscription);
                    } else {
                        place(subscription, now);
                    }
                }
                for (Iterator<StreamConnection> it = connections.iterator(); it.hasNext(); ) {
                    StreamConnection connection = it.next();
                    if (connection.topics.isEmpty()) {
                        retire(connection);
                        it.remove();
                    } else {
                        tend(connection, now, connecting);
                    }
                }
            }
            // outside the lock: making the client and resolving the host can take a while, and a
            // call that subscribes a new topic takes this lock
            connecting.forEach(this::connect);
        } catch (RuntimeException e) {
            LOG.warn("{} stream: {}", exchange, e.toString(), e);
        }
    }

    /** A topic nobody asked about within the idle limit: unsubscribed and forgotten. Under this lock. */
    private void drop(Subscription subscription) {
        subscriptions.remove(subscription.topic);
        if (subscription.connection != null) {
            subscription.connection.remove(subscription.topic);
            if (subscription.connection.isOpen()) {
                flush(subscription.connection, System.nanoTime());
            }
            subscription.connection = null;
        }
        synchronized (subscription) {
            subscription.restart(null);
        }
        LOG.debug("{} stream: {} unsubscribed, nobody asked for it in {} s", exchange, subscription.topic,
                settings.idleAfter().toSeconds());
    }

    /** Puts a topic on a connection with room (a new one when all are full), unless it waits out a refusal. */
    private void place(Subscription subscription, long now) {
        if (subscription.connection != null) {
            return;
        }
        if (subscription.refusedBecause != null) {
            if (now - subscription.refusedAt < REFUSAL_PAUSE.toNanos() || subscription.askedAt <= subscription.refusedAt) {
                return;
            }
            subscription.refusedBecause = null;
        }
        StreamConnection home = null;
        for (StreamConnection connection : connections) {
            if (Objects.equals(connection.credential, subscription.topic.credential())
                    && connection.topics.size() < settings.topicsPerConnection()) {
                home = connection;
                break;
            }
        }
        if (home == null) {
            home = new StreamConnection(++connectionNumbers, subscription.topic.credential());
            connections.add(home);
        }
        home.add(subscription.topic);
        subscription.connection = home;
    }

    /** Under this lock; a connection due to (re)connect gets its new socket, opened by the caller after. */
    private void tend(StreamConnection connection, long now, List<StreamSocket> connecting) {
        StreamSocket socket = connection.socket;
        if (socket == null) {
            if (now - connection.retryAt >= 0 && (!connectedBefore
                    || now - lastConnectAt >= protocol.limits().connectSpacing().toNanos())) {
                lastConnectAt = now;
                connectedBefore = true;
                StreamSocket attempt = new StreamSocket(connection, this, workers);
                attempt.inbox = new Inbox(attempt);
                attempt.protocol = protocol.forConnection();
                connection.socket = attempt;
                connecting.add(attempt);
            }
            return;
        }
        if (!socket.isOpen()) {
            return; // still connecting: the client's connect timeout ends an attempt that hangs
        }
        if (socket.dataSeen) {
            connection.failures = 0;
        }
        long silent = now - socket.lastHeard;
        if (silent > settings.deadAfter().toNanos()) {
            lost(connection, socket, "silent for " + Duration.ofNanos(silent).toMillis() + " ms, pings unanswered", true);
            return;
        }
        Duration maxAge = settings.maxConnectionAge();
        if (maxAge != null && now - socket.openedAt > maxAge.toNanos()) {
            lost(connection, socket, "open for " + Duration.ofNanos(now - socket.openedAt).toSeconds() + " s: replaced "
                    + "before the exchange's connection lifetime ends", false);
            return;
        }
        if (silent > settings.pingAfter().toNanos() && now - socket.lastPing > settings.pingAfter().toNanos()) {
            socket.ping(protocol.keepAlive().pingText());
        }
        flush(connection, now);
    }

    /** On the timer thread, without this lock. */
    private void connect(StreamSocket socket) {
        try {
            if (client == null) {
                client = HttpClient.newBuilder().executor(io).connectTimeout(settings.connectTimeout()).build();
            }
            WebSocket.Builder handshake = client.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
            StreamCredential credential = socket.connection.credential;
            if (credential != null) {
                // signed for this attempt: every reconnect carries a fresh signature
                protocol.handshakeHeaders(credential, exchangeTime()).forEach(handshake::header);
            }
            handshake.buildAsync(settings.url(), socket)
                    .whenCompleteAsync((webSocket, failure) -> {
                        if (failure != null) {
                            lost(socket, StreamSocket.describe(failure), true);
                        }
                    }, workers);
        } catch (RuntimeException e) {
            lost(socket, StreamSocket.describe(e), true);
        }
    }

    /** The exchange's time as the bridge measures it (its clock offset), for signing a handshake. */
    private Instant exchangeTime() {
        ExchangeClocks clocks = context.getRegistry().findSingleByType(ExchangeClocks.class);
        return clocks != null ? clocks.clockOf(exchange).instant() : Instant.now();
    }

    /** Sends what waits, as fast as the exchange allows per connection. Under this lock. */
    private void flush(StreamConnection connection, long now) {
        if (!connection.isOpen()) {
            return;
        }
        StreamLimits limits = protocol.limits();
        while (!connection.sentAt.isEmpty() && now - connection.sentAt.peekFirst() > limits.window().toNanos()) {
            connection.sentAt.pollFirst();
        }
        if (protocol.subscriptionReplaces()) {
            flushWhole(connection, now);
            return;
        }
        while ((!connection.toUnsubscribe.isEmpty() || !connection.toSubscribe.isEmpty())
                && connection.sentAt.size() < limits.framesPerWindow()) {
            boolean unsubscribing = !connection.toUnsubscribe.isEmpty();
            Iterator<Topic> queued = (unsubscribing ? connection.toUnsubscribe : connection.toSubscribe).iterator();
            List<Topic> batch = new ArrayList<>();
            while (queued.hasNext() && batch.size() < limits.topicsPerFrame()) {
                batch.add(queued.next());
                queued.remove();
            }
            String id = String.valueOf(requestIds.incrementAndGet());
            if (!unsubscribing) {
                for (Topic topic : batch) {
                    Subscription subscription = subscriptions.get(topic);
                    if (subscription != null) {
                        synchronized (subscription) {
                            subscription.restart(connection.socket);
                        }
                    }
                }
            }
            // the connection's own protocol: an exchange may number subscriptions per connection (Bitfinex)
            StreamProtocol speaking = connection.socket.protocol;
            String request = unsubscribing ? speaking.unsubscribe(id, batch) : speaking.subscribe(id, batch);
            if (request == null) {
                continue; // the exchange has no unsubscribe: the topic's data is ignored from now on
            }
            connection.unanswered.put(id, batch);
            connection.sentAt.addLast(now);
            connection.socket.send(request);
        }
    }

    /**
     * For an exchange whose subscribe message replaces the connection's subscription: one message
     * naming every topic the connection holds, once the pace allows. Only the topics that were
     * waiting start over; the others carry on. Under this lock.
     */
    private void flushWhole(StreamConnection connection, long now) {
        if ((connection.toUnsubscribe.isEmpty() && connection.toSubscribe.isEmpty())
                || connection.sentAt.size() >= protocol.limits().framesPerWindow()) {
            return;
        }
        List<Topic> starting = new ArrayList<>(connection.toSubscribe);
        connection.toUnsubscribe.clear();
        connection.toSubscribe.clear();
        if (connection.topics.isEmpty()) {
            return; // the connection closes instead
        }
        for (Topic topic : starting) {
            Subscription subscription = subscriptions.get(topic);
            if (subscription != null) {
                synchronized (subscription) {
                    subscription.restart(connection.socket);
                }
            }
        }
        String id = String.valueOf(requestIds.incrementAndGet());
        // the exchange answers only refusals, and a refusal is most likely about what was just added
        connection.unanswered.clear();
        connection.unanswered.put(id, starting);
        connection.sentAt.addLast(now);
        connection.socket.send(connection.socket.protocol.subscribe(id, new ArrayList<>(connection.topics)));
    }

    /** A connection without topics closes: nothing is streamed that nobody asks for. Under this lock. */
    private void retire(StreamConnection connection) {
        StreamSocket socket = connection.socket;
        connection.forgetSocket();
        if (socket != null) {
            LOG.info("{} stream connection {} closed: no topic left", exchange, connection.number);
            closeLater(socket);
        }
    }

    private void closeLater(StreamSocket socket) {
        socket.close().orTimeout(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((closed, failure) -> socket.abort());
    }

    // ------------------------------------------------------------------ socket events (client threads)

    void opened(StreamSocket socket) {
        synchronized (this) {
            StreamConnection connection = socket.connection;
            if (closed || connection.socket != socket || socket.isGone()) {
                socket.abort();
                return;
            }
            socket.protocol.openingMessages().forEach(socket::send);
            connection.toSubscribe.addAll(connection.topics);
            LOG.info("{} stream connection {} open: {}, {} topic(s)", exchange, name(connection), settings.url(),
                    connection.topics.size());
        }
        wake();
    }

    void received(StreamSocket socket, String message) {
        if (socket.isGone()) {
            return;
        }
        meters.message();
        try {
            socket.protocol.read(message, socket.inbox);
        } catch (RuntimeException e) {
            LOG.debug("{} stream: ignored a message it could not read: {}", exchange, e.toString());
        }
    }

    void lost(StreamSocket socket, String why, boolean failure) {
        synchronized (this) {
            if (socket.connection.socket != socket) {
                socket.abort();
                return;
            }
            lost(socket.connection, socket, why, failure);
        }
    }

    /** The connection's socket is gone: its topics' data no longer counts; a new one follows. Under this lock. */
    private void lost(StreamConnection connection, StreamSocket socket, String why, boolean failure) {
        connection.forgetSocket();
        socket.abort();
        for (Topic topic : connection.topics) {
            Subscription subscription = subscriptions.get(topic);
            if (subscription != null) {
                synchronized (subscription) {
                    subscription.lost(why);
                }
            }
        }
        if (closed || connection.topics.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Duration pause = failure ? settings.backoff(++connection.failures) : Duration.ZERO;
        connection.retryAt = now + pause.toNanos();
        meters.reconnect();
        if (connection.failures <= 1) {
            LOG.info("{} stream connection {}: {}; reconnecting in {} ms, REST answers meanwhile", exchange,
                    connection.number, why, pause.toMillis());
        } else {
            LOG.debug("{} stream connection {}: {}; reconnecting in {} ms (attempt {})", exchange, connection.number,
                    why, pause.toMillis(), connection.failures);
        }
    }

    /** What one socket's messages say, applied only to the topics subscribed on that very socket. */
    private final class Inbox implements StreamInbox {

        private final StreamSocket socket;

        Inbox(StreamSocket socket) {
            this.socket = socket;
        }

        @Override
        public void ticker(String instrument, JsonNode restShaped, long eventTime) {
            Subscription subscription = subscriptions.get(new Topic(Channel.TICKER, instrument, socket.connection.credential));
            if (subscription == null) {
                return;
            }
            synchronized (subscription) {
                if (subscription.socket != socket) {
                    return;
                }
                subscription.ticker = restShaped;
                subscription.tickerTime = eventTime;
                subscription.dataArrived(socket.lastHeard); // the arrival of the message being read
            }
            socket.dataSeen = true;
        }

        @Override
        public void trades(String instrument, List<JsonNode> restShaped, long eventTime) {
            Subscription subscription = subscriptions.get(new Topic(Channel.TRADES, instrument, socket.connection.credential));
            if (subscription == null) {
                return;
            }
            synchronized (subscription) {
                if (subscription.socket != socket) {
                    return;
                }
                subscription.addTrades(restShaped, eventTime, protocol.tradesKept());
                subscription.dataArrived(socket.lastHeard);
            }
            socket.dataSeen = true;
        }

        @Override
        public void book(String instrument, JsonNode message) {
            Subscription subscription = subscriptions.get(new Topic(Channel.BOOK, instrument, socket.connection.credential));
            if (subscription == null) {
                return;
            }
            synchronized (subscription) {
                if (subscription.socket != socket) {
                    return;
                }
                try {
                    subscription.rules.apply(message, subscription.book, new Feed(subscription));
                    subscription.dataArrived(socket.lastHeard);
                } catch (BrokenBook e) {
                    broken(subscription, e.getMessage());
                }
            }
            socket.dataSeen = true;
        }

        @Override
        public void accepted(String requestId) {
            synchronized (MarketStream.this) {
                if (socket.connection.socket == socket) {
                    socket.connection.accepted(requestId);
                }
            }
        }

        @Override
        public void refused(String requestId, String why) {
            synchronized (MarketStream.this) {
                StreamConnection connection = socket.connection;
                if (connection.socket != socket) {
                    return;
                }
                long now = System.nanoTime();
                List<Topic> refused = connection.refused(requestId);
                for (Topic topic : refused) {
                    Subscription subscription = subscriptions.get(topic);
                    if (subscription == null) {
                        continue;
                    }
                    subscription.connection = null;
                    subscription.refusedBecause = why;
                    subscription.refusedAt = now;
                    synchronized (subscription) {
                        subscription.lost(why);
                    }
                    LOG.info("{} stream refused {}: {}; REST answers it", exchange, topic, why);
                }
                if (protocol.subscriptionReplaces() && !refused.isEmpty() && !connection.topics.isEmpty()) {
                    // what the exchange still streams after a refused replacement is unknown: all start over
                    connection.toSubscribe.addAll(connection.topics);
                    flush(connection, now);
                }
            }
        }

        @Override
        public void closingSoon(String why) {
            lost(socket, why, false);
        }

        /** Tried again after the back-off, like a failed connection: a wrong secret must not hammer the exchange. */
        @Override
        public void unauthorized(String why) {
            lost(socket, why, true);
        }
    }

    // ------------------------------------------------------------------ books

    /** Caller holds the subscription's lock. */
    private void broken(Subscription subscription, String why) {
        subscription.book.discard(why);
        subscription.epoch++;
        meters.resync();
        LOG.info("{} stream: the {} book is discarded ({}); resynchronising, REST answers meanwhile", exchange,
                subscription.topic.instrument(), why);
        subscription.rules.restart(subscription.book, new Feed(subscription));
    }

    /** One book's requests to the mechanism; they run later, on the stream's threads. */
    private final class Feed implements BookFeed {

        private final Subscription subscription;

        Feed(Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void resubscribe() {
            Topic topic = subscription.topic;
            execute(timer, () -> resubscribeLater(topic));
        }

        @Override
        public void fetchSnapshot(int levels) {
            // the caller holds the subscription's lock: what the snapshot is for
            StreamSocket on = subscription.socket;
            int epoch = subscription.epoch;
            execute(workers, () -> snapshot(subscription, on, epoch, levels));
        }
    }

    private static void execute(ExecutorService executor, Runnable work) {
        if (executor == null) {
            return;
        }
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            // the bridge is stopping
        }
    }

    private void resubscribeLater(Topic topic) {
        synchronized (this) {
            Subscription subscription = subscriptions.get(topic);
            StreamConnection connection = subscription == null ? null : subscription.connection;
            if (closed || connection == null || !connection.isOpen() || !connection.topics.contains(topic)) {
                return;
            }
            if (!connection.toSubscribe.contains(topic)) {
                connection.toUnsubscribe.add(topic);
                connection.toSubscribe.add(topic);
            }
            flush(connection, System.nanoTime());
        }
    }

    private void snapshot(Subscription subscription, StreamSocket on, int epoch, int levels) {
        JsonNode snapshot = null;
        String failure = null;
        try {
            snapshot = restSnapshot(subscription.symbol, levels);
        } catch (Exception e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        synchronized (subscription) {
            if (subscription.socket != on || subscription.epoch != epoch) {
                return; // subscribed again or discarded meanwhile: this snapshot is for a book that is gone
            }
            Feed feed = new Feed(subscription);
            if (failure != null) {
                LOG.info("{} stream: no REST snapshot for the {} book: {}", exchange, subscription.topic.instrument(), failure);
                subscription.rules.snapshotFailed(failure, subscription.book, feed);
                return;
            }
            try {
                subscription.rules.snapshot(snapshot, subscription.book, feed);
            } catch (BrokenBook e) {
                broken(subscription, e.getMessage());
            }
        }
    }

    /** The exchange's REST book through its own call leg (rate limits, breaker): {@code direct:<id>-book-snapshot}. */
    private JsonNode restSnapshot(FmzSymbol symbol, int levels) throws Exception {
        ProducerTemplate template;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the bridge is stopping");
            }
            if (snapshots == null) {
                snapshots = context.createProducerTemplate();
            }
            template = snapshots;
        }
        FmzRequest request = new FmzRequest(exchange, Channel.BOOK.fmzMethod(),
                FmzJson.MAPPER.createObjectNode().put("symbol", symbol.toString()).put("limit", levels), "", "", null);
        Exchange reply = template.send("direct:" + exchange + "-book-snapshot", ExchangePattern.InOut,
                e -> e.getMessage().setBody(request));
        if (reply.getException() != null) {
            throw reply.getException();
        }
        return reply.getMessage().getMandatoryBody(JsonNode.class);
    }

    // ------------------------------------------------------------------ what it tells about itself

    /** For the start summary: where the stream is and how stale is too stale, or that it is off. */
    public String describeSettings(CamelContext camel) {
        StreamSettings resolved = settings(camel);
        return resolved.enabled()
                ? exchange + " " + resolved.url() + " (stale after " + resolved.staleAfter().toMillis() + " ms)"
                : exchange + " off";
    }

    /** One line per open stream connection, for the health endpoint; empty when none is open. */
    public synchronized List<String> openStreams() {
        List<String> open = new ArrayList<>();
        long now = System.nanoTime();
        for (StreamConnection connection : connections) {
            StreamSocket socket = connection.socket;
            String state = socket == null ? "reconnecting"
                    : !socket.isOpen() ? "connecting"
                    : "open " + Duration.ofNanos(now - socket.openedAt).toSeconds() + " s, last heard "
                            + Duration.ofNanos(now - socket.lastHeard).toMillis() + " ms ago";
            int live = 0;
            List<String> broken = new ArrayList<>();
            for (Topic topic : connection.topics) {
                Subscription subscription = subscriptions.get(topic);
                if (subscription == null) {
                    continue;
                }
                synchronized (subscription) {
                    if (subscription.socket != null && (subscription.book == null ? subscription.ticker != null
                            || !subscription.trades.isEmpty() : subscription.book.isSynced())) {
                        live++;
                    } else if (subscription.book != null && subscription.book.brokenBecause() != null) {
                        broken.add(topic.instrument() + " book resyncing");
                    }
                }
            }
            open.add(exchange + " stream " + name(connection) + ": " + state + "; " + connection.topics.size()
                    + " topic(s), " + live + " live" + (broken.isEmpty() ? "" : ", " + String.join(", ", broken)));
        }
        return open;
    }

    public String exchange() {
        return exchange;
    }

    /** A connection as logs and health show it: its number, and the alias of its credential if it has one. */
    private static String name(StreamConnection connection) {
        return connection.credential == null ? String.valueOf(connection.number)
                : connection.number + " (" + connection.credential.alias() + ")";
    }

    // ------------------------------------------------------------------ stopping

    /** Closes every connection (politely, then abruptly after a short grace) and ends the threads. Idempotent. */
    @Override
    public void close() {
        List<StreamSocket> sockets = new ArrayList<>();
        ScheduledThreadPoolExecutor endingTimer;
        ExecutorService endingIo;
        ExecutorService endingWorkers;
        ProducerTemplate endingTemplate;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Subscription subscription : subscriptions.values()) {
                synchronized (subscription) {
                    subscription.lost("the bridge is stopping");
                }
            }
            for (StreamConnection connection : connections) {
                if (connection.socket != null) {
                    sockets.add(connection.socket);
                }
                connection.forgetSocket();
            }
            connections.clear();
            subscriptions.clear();
            endingTimer = timer;
            endingIo = io;
            endingWorkers = workers;
            endingTemplate = snapshots;
        }
        if (endingTimer == null) {
            return;
        }
        endingTimer.shutdownNow();
        endingWorkers.shutdownNow();
        List<CompletableFuture<?>> closing = new ArrayList<>();
        sockets.forEach(socket -> closing.add(socket.close()));
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the exchange did not acknowledge in time; the sockets are cut below either way
        }
        sockets.forEach(StreamSocket::abort);
        endingIo.shutdown();
        try {
            if (!endingIo.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                endingIo.shutdownNow();
            }
        } catch (InterruptedException e) {
            endingIo.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (endingTemplate != null) {
            try {
                endingTemplate.stop();
            } catch (Exception e) {
                // the context is stopping anyway
            }
        }
        LOG.info("{} stream closed ({} connection(s))", exchange, sockets.size());
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
