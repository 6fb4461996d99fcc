package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.http.CallMix;

/** One of the compared systems: started, loaded with the mix's accounts, driven over HTTP, then stopped. */
interface SystemUnderTest extends AutoCloseable {
    String name();

    /** Starts the system's processes; returns once its HTTP port answers. */
    void start() throws Exception;

    int httpPort();

    /** Creates the tenant, the plan and the mix's accounts. */
    void provision(CallMix mix) throws Exception;

    @Override
    void close();
}
