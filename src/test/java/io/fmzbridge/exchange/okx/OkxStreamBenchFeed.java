package io.fmzbridge.exchange.okx;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The stream side of {@code bench/streams.sh}, not a test: {@link OkxStreamStub} pushing book updates
 * at a steady rate, with event times, for a bridge started elsewhere.
 *
 * <p>Updates go out on ticks aligned to the wall clock (every 10 ms at 100 a second), each stamped
 * with its tick's millisecond as OKX's {@code ts}, so a caller can tell how old an answer is and
 * which update was the newest when it came. Each tick updates one subscribed book, taking them in
 * turn: one book gets all 100 a second, fifty get two each. A book is first filled to OKX's 400
 * levels a side, so it weighs what a real one does. Tickers of the subscribed instruments go out at
 * OKX's fastest rate, one every 100 ms, also on aligned ticks.
 *
 * <pre>java -cp … io.fmzbridge.exchange.okx.OkxStreamBenchFeed [book updates per second] [instruments listed] [send log]</pre>
 * Prints {@code ws-url <url>} once listening, then every 10 s how late its book updates left after
 * their ticks (a busy machine delays the feed too, and that delay counts in the data age); runs
 * until killed. The send log, when named, gets a line per BTC-USDT book update and ticker:
 * {@code book|ticker <tick ms> <handed to the socket, µs since the epoch>}, so the bench can tell the
 * bridge's part of an update's delay from the feed's own.
 */
public final class OkxStreamBenchFeed {

    static final int WINDOW_LEVELS = 400;
    static final long TICKER_PERIOD_MS = 100;

    private OkxStreamBenchFeed() {
    }

    /** The instruments listed besides BTC-USDT: B01-USDT, B02-USDT, … */
    static String instrument(int number) {
        return number == 0 ? "BTC-USDT" : String.format("B%02d-USDT", number);
    }

    public static void main(String[] args) {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int listed = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        SendLog sendLog = args.length > 2 ? SendLog.to(Path.of(args[2])) : SendLog.NONE;
        long periodMs = 1000 / rate;
        OkxStreamStub stub = OkxStreamStub.start();
        for (int i = 0; i < listed; i++) {
            stub.list(instrument(i));
        }
        System.out.println("ws-url " + stub.wsUrl());
        System.out.flush();

        Set<String> filled = new LinkedHashSet<>();
        long[] firstSeen = new long[listed];
        int turn = 0;
        long updates = 0;
        long tick = (System.currentTimeMillis() / periodMs + 1) * periodMs;
        Lateness lateness = new Lateness();
        while (true) {
            awaitWallClock(tick);
            List<String> live = new ArrayList<>();
            for (int i = 0; i < listed; i++) {
                String instId = instrument(i);
                if (stub.subscribed("books", instId) == 0) {
                    filled.remove(instId);
                    firstSeen[i] = 0;
                    continue;
                }
                if (!filled.contains(instId)) {
                    // the snapshot goes out as the subscription is acknowledged; the fill follows it
                    if (firstSeen[i] == 0) {
                        firstSeen[i] = tick;
                    } else if (tick - firstSeen[i] >= 100) {
                        stub.pushUpdate(instId, fill(true), fill(false), tick);
                        filled.add(instId);
                    }
                    continue;
                }
                live.add(instId);
            }
            if (!live.isEmpty()) {
                String instId = live.get(turn++ % live.size());
                // the best ask's and the best bid's sizes change, as most of a busy book's updates do
                String size = String.valueOf(1 + updates++ % 500);
                stub.pushUpdate(instId, List.of(List.of("8476.98", size, "0", "13")),
                        List.of(List.of("8476.97", size, "0", "12")), tick);
                long sentMicros = lateness.record(tick);
                if (instId.equals(instrument(0))) {
                    sendLog.sent("book", tick, sentMicros);
                }
            }
            if (tick % TICKER_PERIOD_MS == 0) {
                for (int i = 0; i < listed; i++) {
                    if (stub.subscribed("tickers", instrument(i)) > 0) {
                        stub.pushTicker(instrument(i), tick);
                        if (i == 0) {
                            sendLog.sent("ticker", tick, nowMicros());
                        }
                    }
                }
            }
            tick += periodMs;
            long behind = System.currentTimeMillis() - tick;
            if (behind > 1000) {
                tick += behind / periodMs * periodMs; // suspended for a while: skip, never burst
            }
        }
    }

    /** How long after its tick each update was handed to the socket, reported every 10 s. */
    private static final class Lateness {
        private final List<Long> micros = new ArrayList<>();
        private long windowEnds = System.currentTimeMillis() + 10_000;

        /** Returns when the update was handed over, µs since the epoch. */
        long record(long tickMillis) {
            long sentMicros = nowMicros();
            micros.add(sentMicros - tickMillis * 1000);
            if (tickMillis >= windowEnds) {
                Collections.sort(micros);
                System.out.printf("feed lateness p50_ms=%.1f p99_ms=%.1f max_ms=%.1f updates=%d%n",
                        micros.get(micros.size() / 2) / 1000.0, micros.get((int) (micros.size() * 0.99)) / 1000.0,
                        micros.get(micros.size() - 1) / 1000.0, micros.size());
                System.out.flush();
                micros.clear();
                windowEnds = tickMillis + 10_000;
            }
            return sentMicros;
        }
    }

    /** The send log: written by the feed's one thread, each line flushed (about 110 a second) so the bench reads it whole. */
    private static class SendLog {
        static final SendLog NONE = new SendLog(null);
        private final PrintWriter out;

        private SendLog(PrintWriter out) {
            this.out = out;
        }

        static SendLog to(Path file) {
            try {
                return new SendLog(new PrintWriter(Files.newBufferedWriter(file), true));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void sent(String kind, long tickMillis, long sentMicros) {
            if (out == null) {
                return;
            }
            out.println(kind + " " + tickMillis + " " + sentMicros);
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** OKX's 400 levels a side beyond the documented example's, one lot each. */
    private static List<List<String>> fill(boolean asks) {
        List<List<String>> levels = new ArrayList<>(WINDOW_LEVELS);
        BigDecimal step = new BigDecimal("0.5");
        BigDecimal price = asks ? new BigDecimal("8510") : new BigDecimal("8440");
        for (int i = 0; i < WINDOW_LEVELS; i++) {
            levels.add(List.of(price.toPlainString(), "1", "0", "1"));
            price = asks ? price.add(step) : price.subtract(step);
        }
        return levels;
    }

    private static void awaitWallClock(long epochMillis) {
        long wait;
        while ((wait = epochMillis - System.currentTimeMillis()) > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait) - 200_000);
        }
    }
}
