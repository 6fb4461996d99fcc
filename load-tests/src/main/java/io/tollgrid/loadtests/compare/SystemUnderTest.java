package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.http.CallMix;

import java.util.Map;
import java.util.OptionalLong;

/** One of the compared systems: started, loaded with the mix's accounts, driven over HTTP, then stopped. */
interface SystemUnderTest extends AutoCloseable {
    String name();

    /** Starts the system's processes; returns once its HTTP port answers. */
    void start() throws Exception;

    int httpPort();

    /** Creates the tenant, the plan and the mix's accounts. */
    void provision(CallMix mix) throws Exception;

    /** Name → pid of each process that does the system's work, in start order; each counts with its children. */
    Map<String, Long> processes();

    /** Work accepted but not yet finished, where the system has such a queue (Tollgrid's CDR outbox). */
    default OptionalLong backlog() {
        return OptionalLong.empty();
    }

    @Override
    void close();
}
