package io.fmzbridge.status;

import io.fmzbridge.observe.Meters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;

/**
 * Readings of the meters taken every few seconds (the status-readings route in
 * management.camel.yaml), the last {@link #KEPT} of them, for the status page's last-minute figures
 * and its chart. Bounded by time and by count, whatever the reading period: a few hundred small
 * readings at most. The first is the start, when every meter stood at zero.
 */
public final class StatusHistory {

    /** How far back the chart looks. */
    static final Duration KEPT = Duration.ofMinutes(5);
    /** A bound on the readings kept should the period be set very short. */
    private static final int MOST_READINGS = 301;

    private final Clock clock;
    private final Deque<Reading> readings = new ArrayDeque<>();

    public StatusHistory() {
        this(Clock.systemUTC());
    }

    StatusHistory(Clock clock) {
        this.clock = clock;
        readings.add(new Reading(clock.instant(), Map.of()));
    }

    /** Route step: a reading of the bridge's meters now. */
    public void takeReading(CamelContext context) {
        add(now(context));
    }

    /** The meters as they stand, not kept. */
    Reading now(CamelContext context) {
        return Reading.of(Meters.of(context), clock.instant());
    }

    synchronized void add(Reading reading) {
        readings.addLast(reading);
        Instant oldestNeeded = reading.at().minus(KEPT);
        // the newest reading older than the chart's reach stays, as the start of its first interval
        while (readings.size() > MOST_READINGS
                || readings.size() > 2 && !second().at().isAfter(oldestNeeded)) {
            readings.removeFirst();
        }
    }

    /** The latest reading taken at or before {@code instant}; the oldest kept when none was. */
    synchronized Reading atOrBefore(Instant instant) {
        Reading found = readings.getFirst();
        for (Reading reading : readings) {
            if (reading.at().isAfter(instant)) {
                break;
            }
            found = reading;
        }
        return found;
    }

    /** The readings kept, oldest first, for the chart. */
    synchronized List<Reading> kept() {
        return new ArrayList<>(readings);
    }

    private Reading second() {
        Iterator<Reading> oldestFirst = readings.iterator();
        oldestFirst.next();
        return oldestFirst.next();
    }
}
