package io.tollgrid.loadtests.compare;

import io.tollgrid.localcluster.BuildProperties;
import io.tollgrid.localcluster.ForkedJvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A server main of this module in its own JVM, sized like the gateway (-Xmx512m, G1), as the stack runs it. */
final class ForkedServer {
    private ForkedServer() {
    }

    static ForkedJvm start(String name, Class<?> main, List<String> args, Path dir) {
        // Ignite's flags too: its JDBC driver is on this classpath and DriverManager initialises every driver.
        List<String> options = new ArrayList<>(BuildProperties.igniteJvmFlags());
        options.addAll(List.of("-Xmx512m", "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        ForkedJvm jvm = ForkedJvm.start(name, options, System.getProperty("java.class.path"), main.getName(), args,
                dir.resolve(name + ".log"));
        try {
            return jvm.awaitLogged("READY", Duration.ofSeconds(120));
        } catch (IllegalStateException notReady) {
            jvm.close();
            throw notReady;
        }
    }
}
