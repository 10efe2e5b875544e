package io.fmzbridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Properties;

/**
 * The {@code fmz.*} settings of the bridge's packaged {@code application.properties}, for an
 * application that embeds the bridge and keeps its own configuration: it hands them over as its
 * lowest-ranking defaults (Spring Boot: {@code SpringApplication.setDefaultProperties}), so its
 * own files, environment and arguments still decide.
 *
 * <p>Read from the bridge's own jar: the application's {@code application.properties} usually comes
 * first on the classpath and hides the bridge's. The {@code camel.*} lines are left out; they are
 * camel-main settings of the standalone bridge and would change the embedding application's Camel.
 */
public final class BridgeDefaults {

    private static final String FILE = "application.properties";

    private BridgeDefaults() {
    }

    /** A fresh copy on every call: the caller may add to it or change it. */
    public static Properties properties() {
        Properties packaged = new Properties();
        try (InputStream in = ownFile().openStream()) {
            packaged.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the bridge's " + FILE + " cannot be read", e);
        }
        Properties fmz = new Properties();
        packaged.stringPropertyNames().stream().filter(key -> key.startsWith("fmz."))
                .forEach(key -> fmz.setProperty(key, packaged.getProperty(key)));
        return fmz;
    }

    /** The application.properties that sits at the root of the jar (or folder) this class came from. */
    private static URL ownFile() throws IOException {
        String classFile = BridgeDefaults.class.getName().replace('.', '/') + ".class";
        String classUrl = BridgeDefaults.class.getResource("/" + classFile).toString();
        String root = classUrl.substring(0, classUrl.length() - classFile.length());
        String own = root + FILE;
        return Collections.list(BridgeDefaults.class.getClassLoader().getResources(FILE)).stream()
                .filter(candidate -> candidate.toString().equals(own)).findFirst()
                .orElseThrow(() -> new IOException("no " + FILE + " at " + root));
    }
}
