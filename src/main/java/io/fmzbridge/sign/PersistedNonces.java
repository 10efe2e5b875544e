package io.fmzbridge.sign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IncreasingNonces} that also keep rising across restarts, for exchanges that refuse for good a
 * nonce not above the highest a key ever used (Bitfinex: {@code 10114 nonce: small}). A clock alone
 * cannot promise that: the last run may have signed on a measured exchange clock ahead of this host's,
 * or on a host clock since set back. So before a nonce is handed out, a ceiling above it is written to a
 * small file, one line per key ({@code <SHA-256 of the key>=<ceiling>}, never the key itself); a
 * restarted bridge starts above the ceilings it finds. The ceiling is {@code lease} above the nonce, so
 * the file is written about once per lease while calls flow, not once per call.
 *
 * <p>A file that cannot be written (no such folder, read-only disk) is reported once as a WARN and the
 * nonces go on from the clock alone, as they would without this class.
 */
public final class PersistedNonces {

    private static final Logger LOG = LoggerFactory.getLogger(PersistedNonces.class);

    private final IncreasingNonces nonces = new IncreasingNonces();
    private final Path file;
    private final long lease;
    /** The ceiling each key's nonces may reach before the next write, by key digest: what the file holds. */
    private final Map<String, Long> ceilings = new ConcurrentHashMap<>();
    private final Map<String, Long> floors = new ConcurrentHashMap<>();
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    private volatile boolean warned;

    /**
     * @param directory where the file goes; blank means systemd's {@code STATE_DIRECTORY} when the bridge
     *                  runs as its service, else {@code ~/.fmz-camel-bridge}
     * @param name      the file's name, one per exchange ({@code bitfinex-nonces.properties})
     * @param lease     how far above the last nonce the written ceiling lies, in nonce units
     */
    public PersistedNonces(String directory, String name, long lease) {
        this.file = folder(directory).resolve(name);
        this.lease = lease;
        load();
        floors.putAll(ceilings);
    }

    /** Nonces kept in memory only, for tests of the schemes that use them. */
    public static PersistedNonces inMemory() {
        return new PersistedNonces(null, 0);
    }

    private PersistedNonces(Path file, long lease) {
        this.file = file;
        this.lease = lease;
    }

    /** The next nonce for {@code apiKey}: the clock reading, or above it when this key went higher before. */
    public long next(String apiKey, long clockReading) {
        if (file == null) {
            return nonces.next(apiKey, clockReading);
        }
        String digest = digests.computeIfAbsent(apiKey, PersistedNonces::digest);
        long floor = floors.getOrDefault(digest, 0L);
        long nonce = nonces.next(apiKey, Math.max(clockReading, floor + 1));
        if (nonce > ceilings.getOrDefault(digest, 0L)) {
            raiseCeiling(digest, nonce);
        }
        return nonce;
    }

    /** Where the nonces are kept; null for in-memory ones. */
    public Path file() {
        return file;
    }

    /** Writes the new ceiling before the nonce below it leaves; one writer at a time, the whole file. */
    private synchronized void raiseCeiling(String digest, long nonce) {
        if (nonce <= ceilings.getOrDefault(digest, 0L)) {
            return; // another call raised it meanwhile
        }
        ceilings.put(digest, Math.addExact(nonce, lease));
        Properties lines = new Properties();
        ceilings.forEach((key, ceiling) -> lines.setProperty(key, Long.toString(ceiling)));
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            try (OutputStream out = Files.newOutputStream(next)) {
                lines.store(out, "the highest nonce each API key (by SHA-256) may have used; delete only with the keys");
            }
            try (FileChannel written = FileChannel.open(next, StandardOpenOption.WRITE)) {
                written.force(true); // on disk before any nonce below the ceiling is signed
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            if (!warned) {
                warned = true;
                LOG.warn("nonces cannot be kept in {} ({}): they follow the clock alone, and after a restart an exchange"
                        + " may refuse them as too small until the clock passes the last run's; set fmz.state.dir to a"
                        + " writable folder", file, e.toString());
            }
        }
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        Properties lines = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            lines.load(in);
            for (String key : lines.stringPropertyNames()) {
                ceilings.put(key, Long.parseLong(lines.getProperty(key).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("nonces in {} cannot be read ({}): they start from the clock", file, e.toString());
        }
    }

    private static Path folder(String directory) {
        if (directory != null && !directory.isBlank()) {
            return Path.of(directory.trim());
        }
        String systemd = System.getenv("STATE_DIRECTORY");
        if (systemd != null && !systemd.isBlank()) {
            return Path.of(systemd.split(":")[0]);
        }
        return Path.of(System.getProperty("user.home"), ".fmz-camel-bridge");
    }

    private static String digest(String apiKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
