package io.tollgrid.ingest.push;

import io.tollgrid.history.CdrStore;
import io.tollgrid.ingest.files.FileSource;
import io.tollgrid.ingest.files.LineArchive;
import io.tollgrid.ingest.files.LineRating;
import io.tollgrid.ingest.files.PlanPrices;
import io.tollgrid.ingest.posting.CdrPoster;
import io.tollgrid.ingest.rejects.RejectReplay;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The push sources of one ingest process: a small Vert.x instance with a port per TCP source and the HTTP
 * endpoint, and the threads that parse and price what they receive. Not a Jet job: a pushed line is acknowledged
 * (TCP: read on; HTTP: answered) only once it is in Cassandra, which a socket's flow control or an HTTP answer
 * expresses directly, and a Jet source could not without a buffer of its own between the two.
 */
public final class PushSources implements AutoCloseable {
    /**
     * Pricing tasks queued at once. Each TCP connection has at most TcpLineServer.STEPS_IN_FLIGHT and the HTTP
     * endpoint at most CdrHttpServer.MAX_IN_FLIGHT, so with the sources' connection limits this is never reached.
     */
    static final int RATING_QUEUE = 16_384;

    private final Vertx vertx;
    private final ThreadPoolExecutor ratingThreads;
    private final List<TcpLineServer> tcp;
    private final CdrHttpServer http;

    private PushSources(Vertx vertx, ThreadPoolExecutor ratingThreads, List<TcpLineServer> tcp, CdrHttpServer http) {
        this.vertx = vertx;
        this.ratingThreads = ratingThreads;
        this.tcp = tcp;
        this.http = http;
    }

    /** Opens every port; a port that cannot be bound stops the start, naming the source. */
    /**
     * @param fileSources the file sources, whose rejects the rejects API replays too
     * @param poster      settles posting sources' CDRs with the ledger; null when no source posts
     */
    public static PushSources start(PushSettings settings, List<FileSource> fileSources, LineArchive archive,
                                    PlanPrices prices, CdrStore store, CdrPoster poster) {
        Map<String, FileSource> byId = settings.sources().stream().collect(Collectors.toMap(FileSource::id, Function.identity()));
        Map<String, FileSource> all = new java.util.HashMap<>(byId);
        fileSources.forEach(source -> all.put(source.id(), source));
        PushCounters.exportAtZero(settings.sources());
        ThreadPoolExecutor ratingThreads = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(RATING_QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "ingest-push-rating");
                    thread.setDaemon(true);
                    return thread;
                });
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
        PushedLines pushed = new PushedLines(archive, new LineRating(byId, prices), store, ratingThreads, poster);
        List<TcpLineServer> servers = new ArrayList<>();
        CdrHttpServer http = null;
        try {
            for (TcpSource source : settings.tcp()) {
                servers.add(await(TcpLineServer.start(vertx, source, pushed), "ingest.tcp." + source.id() + ".port"));
            }
            if (settings.httpEnabled()) {
                http = await(CdrHttpServer.start(vertx, settings, pushed,
                        new RejectReplay(archive, new LineRating(all, prices), store, all, poster)), "ingest.http.port");
            }
        } catch (RuntimeException e) {
            vertx.close();
            ratingThreads.shutdownNow();
            throw e;
        }
        return new PushSources(vertx, ratingThreads, List.copyOf(servers), http);
    }

    private static <T> T await(io.vertx.core.Future<T> listening, String key) {
        try {
            return listening.toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + key + ": " + e.getMessage(), e);
        }
    }

    /** The port each TCP source listens on, in the order of the settings (a port of 0 was picked here). */
    public List<Integer> tcpPorts() {
        return tcp.stream().map(TcpLineServer::port).toList();
    }

    /** The HTTP endpoint's port, or -1 when it is off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        } finally {
            ratingThreads.shutdown();
        }
    }
}
