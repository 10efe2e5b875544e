package io.fmzbridge.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault file the bridge serves from: loaded once at start, and read again when the file has
 * changed (an alias added or removed while the bridge runs), looked at no more often than
 * {@code checkEvery} and only by calls that name an alias. A changed file that cannot be read
 * leaves the aliases loaded before in use: a running strategy keeps trading through a bad edit.
 */
public final class LiveVault {

    private static final Logger LOG = LoggerFactory.getLogger(LiveVault.class);

    /** What tells that the file was replaced: a new file (inode), or a new time or size. */
    private record Stamp(Object fileKey, long modifiedMillis, long size) {}

    private final Path file;
    private final char[] password;
    private final long checkEveryNanos;
    private volatile KeyVault vault;
    private volatile long nextCheck;
    private Stamp stamp;

    private LiveVault(Path file, char[] password, Duration checkEvery, KeyVault vault, Stamp stamp) {
        this.file = file;
        this.password = password.clone();
        this.checkEveryNanos = checkEvery.toNanos();
        this.vault = vault;
        this.stamp = stamp;
        this.nextCheck = System.nanoTime() + checkEveryNanos;
    }

    /** Loads the file now, failing with a {@link VaultException} that says why (a wrong password among others). */
    public static LiveVault open(Path file, char[] password, Duration checkEvery) {
        Stamp stamp = stamp(file);
        KeyVault vault = KeyVault.load(file, password);
        if (KeyVault.readableByOthers(file)) {
            LOG.warn("key vault {} can be read by other users: chmod 600 it", file);
        }
        return new LiveVault(file, password, checkEvery, vault, stamp);
    }

    public Path file() {
        return file;
    }

    public KeyVault current() {
        if (System.nanoTime() - nextCheck >= 0) {
            reloadIfChanged();
        }
        return vault;
    }

    private synchronized void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - nextCheck < 0) {
            return; // another call just looked
        }
        nextCheck = now + checkEveryNanos;
        Stamp seen = stamp(file);
        if (seen == null || seen.equals(stamp)) {
            return;
        }
        stamp = seen;
        try {
            vault = KeyVault.load(file, password);
            LOG.info("key vault {} changed: {} aliases now", file, vault.entries().size());
        } catch (VaultException e) {
            LOG.warn("key vault changed but cannot be read, the aliases loaded before stay in use: {}", e.getMessage());
        }
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.fileKey(), attributes.lastModifiedTime().toMillis(), attributes.size());
        } catch (IOException e) {
            return null;
        }
    }
}
