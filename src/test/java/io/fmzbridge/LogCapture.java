package io.fmzbridge;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything the bridge logs while open, at DEBUG and below for the whole JVM (or, {@link #asConfigured},
 * only what the configured levels let through), through the
 * project's own log4j2 configuration (so its protections are what is tested).
 */
public final class LogCapture implements AutoCloseable {

    private final StringWriter text = new StringWriter();
    private final WriterAppender appender;
    private final Level rootLevel;

    public LogCapture() {
        this("%level %c %m %ex%n");
    }

    /** With a log4j2 layout pattern of one's own, e.g. one that names the thread ({@code %t}). */
    public LogCapture(String pattern) {
        this(pattern, true);
    }

    /**
     * Only what the bridge's log shows as configured, every level left as it is: what a user sees
     * on the console.
     */
    public static LogCapture asConfigured(String pattern) {
        return new LogCapture(pattern, false);
    }

    private LogCapture(String pattern, boolean everything) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("capture").setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern(pattern).build()).build();
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        rootLevel = root.getLevel();
        root.addAppender(appender, Level.ALL, null);
        if (!everything) {
            context.updateLoggers();
            return;
        }
        root.setLevel(Level.TRACE);
        // named loggers log on their own level: open them too (Jetty's WARN is only quiet), except
        // those the config pins at INFO or OFF, which it does to keep URLs and headers out of the log
        config.getLoggers().values().stream()
                .filter(l -> l != root && l.getLevel() != Level.OFF && l.getLevel() != Level.INFO)
                .forEach(l -> l.setLevel(Level.TRACE));
        context.updateLoggers();
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender("capture");
        config.getRootLogger().setLevel(rootLevel);
        context.reconfigure();
        appender.stop();
    }
}
