package io.tollgrid.localcluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** Values the Maven build writes into tollgrid-build.properties, so launchers never repeat them. */
public final class BuildProperties {
    private static final Properties PROPERTIES = load();

    private BuildProperties() {
    }

    /** The JVM flags every process that hosts Ignite or Hazelcast needs (the parent pom's ignite.jvm.flags). */
    public static List<String> igniteJvmFlags() {
        return Arrays.stream(required("ignite.jvm.flags").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** The classpath of cassandra-all and its runtime dependencies, resolved by the cassandra-server module. */
    public static String cassandraClasspath() {
        Path file = Path.of(System.getProperty("tollgrid.cassandra.classpathFile", required("cassandra.classpath.file")));
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Cassandra classpath file " + file
                    + "; build the cassandra-server module first (mvn -pl cassandra-server generate-resources)", e);
        }
    }

    private static String required(String key) {
        String value = PROPERTIES.getProperty(key);
        if (value == null || value.contains("${")) {
            throw new IllegalStateException("tollgrid-build.properties has no value for " + key + "; rebuild localcluster with Maven");
        }
        return value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildProperties.class.getResourceAsStream("/tollgrid-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("tollgrid-build.properties is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
