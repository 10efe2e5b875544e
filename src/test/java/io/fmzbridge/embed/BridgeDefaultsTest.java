package io.fmzbridge.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.BridgeDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defaults an embedding application hands to its own configuration: the fmz.* settings of the
 * bridge's application.properties, found even when the application's file of the same name comes first.
 */
class BridgeDefaultsTest {

    private static final String CLASS_FILE = "io/fmzbridge/BridgeDefaults.class";

    @TempDir
    Path temp;

    @Test
    void theFmzSettingsOfThePackagedFileAndNoCamelOnes() throws Exception {
        Properties packaged = load(classesFolder().resolve("application.properties"));
        Properties defaults = BridgeDefaults.properties();

        assertThat(defaults.stringPropertyNames()).isNotEmpty().allMatch(key -> key.startsWith("fmz."));
        assertThat(packaged.stringPropertyNames().stream().filter(key -> key.startsWith("fmz.")))
                .containsExactlyInAnyOrderElementsOf(defaults.stringPropertyNames())
                .allMatch(key -> packaged.getProperty(key).equals(defaults.getProperty(key)));
        assertThat(packaged.stringPropertyNames()).anyMatch(key -> key.startsWith("camel."));
    }

    @Test
    void anApplicationPropertiesEarlierOnTheClasspathDoesNotHideTheBridgesFromAFolder() throws Exception {
        assertTheBridgesOwnFileIsRead(classesFolder());
    }

    @Test
    void anApplicationPropertiesEarlierOnTheClasspathDoesNotHideTheBridgesFromAJar() throws Exception {
        Path jar = temp.resolve("fmz-camel-bridge.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            copyInto(out, classesFolder(), CLASS_FILE);
            copyInto(out, classesFolder(), "application.properties");
        }
        assertTheBridgesOwnFileIsRead(jar);
    }

    /** BridgeDefaults loaded from {@code bridge}, behind an application folder with its own application.properties. */
    private void assertTheBridgesOwnFileIsRead(Path bridge) throws Exception {
        Path application = Files.createDirectories(temp.resolve("application"));
        Files.writeString(application.resolve("application.properties"),
                "fmz.listen.port = 1\nfmz.only.in.the.application = true\n");
        Properties packaged = load(classesFolder().resolve("application.properties"));

        URL[] classpath = {application.toUri().toURL(), bridge.toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            assertThat(Path.of(loader.getResource("application.properties").toURI())).as("the application's file comes first")
                    .isEqualTo(application.resolve("application.properties"));
            Properties defaults = (Properties) loader.loadClass(BridgeDefaults.class.getName())
                    .getMethod("properties").invoke(null);

            assertThat(defaults.getProperty("fmz.listen.port")).isEqualTo(packaged.getProperty("fmz.listen.port"));
            assertThat(defaults).doesNotContainKey("fmz.only.in.the.application");
        }
    }

    private static Path classesFolder() throws Exception {
        return Path.of(BridgeDefaults.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void copyInto(JarOutputStream jar, Path folder, String name) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        Files.copy(folder.resolve(name), jar);
        jar.closeEntry();
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }
}
