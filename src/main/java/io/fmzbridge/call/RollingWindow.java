package io.fmzbridge.call;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code figure} per {@code period} as the exchange counts it, whatever the latency: the exchange
 * counts a call when it arrives, somewhere between its sending and its reply, so each call holds its place
 * here from the moment it is sent until its reply (or failure) and one period after. Any span of one
 * period at the exchange, at any start, sliding or aligned to its clock, then holds at most
 * {@code figure}: a call is sent only while fewer are live, and a live call arrived no earlier than it was
 * sent and no later than its reply. What this costs is the round trip per period (a few per cent for a
 * window of seconds), not a margin guessed in advance.
 *
 * <p>Written by hand: a token bucket (Bucket4j) keeps a period below {@code figure} only by giving up the
 * burst or the rate (burst b and rate (figure - b) per period), and counts a call when it is taken, not
 * from its sending until its reply. Calls may weigh more than one (Binance's request weight).
 *
 * <p>Replies a hundredth of a per cent of the period apart share one entry, held until the later one's
 * period has passed: a day's window of 160,000 orders keeps about ten thousand entries at most, not
 * 160,000, and lets each call go at most that fraction of the period late.
 */
final class RollingWindow implements LimitCounter {

    /** A call whose end the bridge never saw (a bug, not a reply) stops holding its place after this. */
    private static final long LONGEST_FLIGHT_NANOS = TimeUnit.MINUTES.toNanos(2);

    /** Cost held from {@code sentAt}; replied at {@code repliedAt}, or still under way. */
    private static final class Held {
        long cost;
        final long sentAt;
        long repliedAt;
        /** The first reply this entry holds: later ones join it only shortly after. */
        long firstRepliedAt;
        boolean replied;

        Held(long cost, long sentAt) {
            this.cost = cost;
            this.sentAt = sentAt;
        }
    }

    private final long figure;
    private final long periodNanos;
    private final long mergeNanos;
    /** Replied calls, oldest reply first. */
    private final ArrayDeque<Held> replied = new ArrayDeque<>();
    /** Calls under way, oldest sent first. */
    private final List<Held> underWay = new ArrayList<>();
    private long repliedCost;
    private long underWayCost;

    RollingWindow(long figure, long periodNanos) {
        this.figure = figure;
        this.periodNanos = periodNanos;
        this.mergeNanos = periodNanos / 10_000;
    }

    @Override
    public long capacity() {
        return figure;
    }

    @Override
    public boolean fits(long now, long amount) {
        return live(now) + amount <= figure;
    }

    @Override
    public long earliest(long now, long amount) {
        long need = live(now) + amount - figure;
        if (need <= 0) {
            return now;
        }
        long freed = 0;
        for (Held held : replied) {
            freed += held.cost;
            if (freed >= need) {
                return held.repliedAt + periodNanos;
            }
        }
        // calls under way: at the soonest, a reply now and a period after it
        long allFree = underWayCost > 0 ? now + periodNanos
                : replied.isEmpty() ? now : replied.peekLast().repliedAt + periodNanos;
        freed += underWayCost;
        if (freed >= need) {
            return allFree;
        }
        // the rest comes from calls not yet sent, queued ahead: at most a full window's worth per period
        long rest = need - freed;
        return allFree + (rest + figure - 1) / figure * periodNanos;
    }

    @Override
    public Object take(long now, long cost) {
        Held held = new Held(cost, now);
        underWay.add(held);
        underWayCost += cost;
        return held;
    }

    @Override
    public void replied(Object taken, long now) {
        Held held = (Held) taken;
        if (!held.replied && underWay.remove(held)) {
            underWayCost -= held.cost;
            hold(held, now);
        }
    }

    @Override
    public void unsent(Object taken, long now) {
        Held held = (Held) taken;
        if (!held.replied && underWay.remove(held)) {
            underWayCost -= held.cost;
        }
    }

    @Override
    public void countUsed(long used, long now) {
        long known = live(now);
        if (used > known) {
            hold(new Held(used - known, now), now);
        }
    }

    @Override
    public long remaining(long now) {
        return Math.max(0, figure - live(now));
    }

    /** What is held now: calls under way, and replied ones for a period after their reply. */
    private long live(long now) {
        while (!underWay.isEmpty() && now - underWay.get(0).sentAt >= LONGEST_FLIGHT_NANOS) {
            Held lost = underWay.remove(0);
            underWayCost -= lost.cost;
            hold(lost, lost.sentAt + LONGEST_FLIGHT_NANOS);
        }
        while (!replied.isEmpty() && now - replied.peekFirst().repliedAt >= periodNanos) {
            repliedCost -= replied.pollFirst().cost;
        }
        return repliedCost + underWayCost;
    }

    /** Holds a replied call's cost for a period from {@code at}, in reply order (never earlier than the last). */
    private void hold(Held held, long at) {
        Held last = replied.peekLast();
        long repliedAt = last == null ? at : Math.max(at, last.repliedAt);
        held.replied = true;
        repliedCost += held.cost;
        if (last != null && repliedAt - last.firstRepliedAt <= mergeNanos) {
            last.cost += held.cost;
            last.repliedAt = repliedAt;
        } else {
            held.repliedAt = repliedAt;
            held.firstRepliedAt = repliedAt;
            replied.addLast(held);
        }
    }
}
