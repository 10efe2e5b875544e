package io.fmzbridge.vault;

/**
 * The key vault cannot be used as configured: no file, wrong master password, a damaged file, a
 * bad alias. Messages name the file and the setting to fix, never the password or a stored key.
 */
public final class VaultException extends RuntimeException {

    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
