package io.tollgrid.ops.deploy;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The deployments set the Cassandra consistency level with {@code -Ddatastax-java-driver.basic.request.consistency}
 * (no Tollgrid setting exists yet). This shows the driver honours it over a programmatic config such as
 * CassandraConnection builds, and that without it the level is the driver's LOCAL_ONE.
 */
class DriverConsistencyTest {
    private static final String KEY = "datastax-java-driver.basic.request.consistency";

    @Test
    void systemPropertySetsTheConsistencyLevelOverTheProgrammaticConfig() {
        assertEquals("LOCAL_ONE", consistency());
        System.setProperty(KEY, "LOCAL_QUORUM");
        try {
            assertEquals("LOCAL_QUORUM", consistency());
        } finally {
            System.clearProperty(KEY);
            ConfigFactory.invalidateCaches();
        }
    }

    private static String consistency() {
        ConfigFactory.invalidateCaches();
        try (DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20)).build()) {
            return loader.getInitialConfig().getDefaultProfile().getString(DefaultDriverOption.REQUEST_CONSISTENCY);
        }
    }
}
