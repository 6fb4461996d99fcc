package io.tollgrid.grid.node;

import org.apache.ignite.IgniteLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Ignite's logging to slf4j, like the rest of Tollgrid. Ignite's own ignite-slf4j module is not
 * published for 2.18, and this adapter is all it did.
 */
final class IgniteSlf4jLogger implements IgniteLogger {
    private final Logger logger;

    IgniteSlf4jLogger() {
        this(LoggerFactory.getLogger("org.apache.ignite"));
    }

    private IgniteSlf4jLogger(Logger logger) {
        this.logger = logger;
    }

    @Override
    public IgniteLogger getLogger(Object category) {
        if (category instanceof Class<?> type) {
            return new IgniteSlf4jLogger(LoggerFactory.getLogger(type));
        }
        return new IgniteSlf4jLogger(LoggerFactory.getLogger(category == null ? "org.apache.ignite" : category.toString()));
    }

    @Override
    public void trace(String msg) {
        logger.trace(msg);
    }

    @Override
    public void debug(String msg) {
        logger.debug(msg);
    }

    @Override
    public void info(String msg) {
        logger.info(msg);
    }

    @Override
    public void warning(String msg, Throwable e) {
        logger.warn(msg, e);
    }

    @Override
    public void error(String msg, Throwable e) {
        logger.error(msg, e);
    }

    @Override
    public boolean isTraceEnabled() {
        return logger.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return logger.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return logger.isInfoEnabled();
    }

    @Override
    public boolean isQuiet() {
        return !logger.isInfoEnabled();
    }

    @Override
    public String fileName() {
        return null;
    }
}
