package io.tollgrid.loadtests.http;

import io.tollgrid.loadtests.report.Latency;
import io.tollgrid.loadtests.report.Machine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts call flows at a fixed arrival rate whatever the server does (open loop). Authorise latency runs
 * from the moment the flow was due, not from when it was sent: a server that stalls makes every flow due
 * during the stall count as slow, instead of silently lowering the rate (coordinated omission).
 */
public final class OpenLoopRun implements AutoCloseable {
    private static final long REQUEST_TIMEOUT_MILLIS = 10_000;
    private static final int CONNECTIONS = 256;

    private final Vertx vertx;
    private final HttpClient http;
    private final String host;
    private final int port;
    private final CallMix mix;
    private final SplittableRandom random = new SplittableRandom(42);
    private long sequence;
    private final java.util.concurrent.atomic.AtomicBoolean firstErrorReported = new java.util.concurrent.atomic.AtomicBoolean();

    public OpenLoopRun(String host, int port, CallMix mix) {
        this.vertx = Vertx.vertx();
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(CONNECTIONS).setMaxWaitQueueSize(-1));
        this.host = host;
        this.port = port;
        this.mix = mix;
    }

    /** Runs one step: flows start at {@code rate} per second for {@code seconds}, then the calls still open finish. */
    public StepResult run(String system, double rate, int seconds, boolean print) {
        return run(system, rate, seconds, print, 2, null);
    }

    /** One reporting interval of a step: authorise latency within it, and the step's counts so far. */
    public record Interval(long elapsedSeconds, Latency authorise, long authorisedSoFar, long errorsSoFar, int open) {
    }

    /**
     * As {@link #run(String, double, int, boolean)}, reporting every {@code intervalSeconds} to {@code onInterval}
     * (when not null) as well as printing, so a long run (the soak) shows when it stalled.
     */
    public StepResult run(String system, double rate, int seconds, boolean print, int intervalSeconds,
                          Consumer<Interval> onInterval) {
        Recorder authorise = new Recorder(3);
        Recorder start = new Recorder(3);
        Recorder stop = new Recorder(3);
        Histogram authoriseAll = new Histogram(3);
        AtomicLong allowed = new AtomicLong();
        AtomicLong denied = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong authorised = new AtomicLong();
        AtomicInteger open = new AtomicInteger();
        String runId = Long.toString(System.nanoTime(), 36);
        long period = (long) (1e9 / rate);
        long begin = System.nanoTime();
        long end = begin + TimeUnit.SECONDS.toNanos(seconds);
        long nextProgress = begin + TimeUnit.SECONDS.toNanos(intervalSeconds);
        long lastAuthorised = 0;
        for (long k = 0; ; k++) {
            long due = begin + k * period;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            CallMix.Call call = mix.next(random, runId + "-" + sequence++);
            open.incrementAndGet();
            flow(call, due, authorise, start, stop, allowed, denied, errors, answered, authorised, open);
            long now = System.nanoTime();
            if ((print || onInterval != null) && now >= nextProgress) {
                Histogram interval = authorise.getIntervalHistogram();
                authoriseAll.add(interval);
                long done = authorised.get();
                long elapsed = TimeUnit.NANOSECONDS.toSeconds(now - begin);
                if (print) {
                    System.out.printf("    %-9s %6.0f/s  %3d s: %7.0f authorised/s, %6d calls open, %d errors, authorise %s%n",
                            system, rate, elapsed, (done - lastAuthorised) / (double) intervalSeconds,
                            open.get(), errors.get(), Latency.of(interval));
                }
                if (onInterval != null) {
                    onInterval.accept(new Interval(elapsed, Latency.of(interval), done, errors.get(), open.get()));
                }
                lastAuthorised = done;
                nextProgress += TimeUnit.SECONDS.toNanos(intervalSeconds);
            }
        }
        long sendingEnded = System.nanoTime();
        long drainDeadline = sendingEnded + TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MILLIS * 3
                + (long) (3600 * mix.holdMillisPerCallSecond()));
        while (open.get() > 0 && System.nanoTime() < drainDeadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        authoriseAll.add(authorise.getIntervalHistogram());
        // Answers that arrived after the sending window still belong to flows started in it.
        double achieved = authorised.get() / ((sendingEnded - begin) / 1e9);
        long requests = authorised.get() + answered.get() + allowed.get();
        return new StepResult(system, rate, achieved, Latency.of(authoriseAll), Latency.of(start.getIntervalHistogram()),
                Latency.of(stop.getIntervalHistogram()), allowed.get(), denied.get(), errors.get(), requests,
                Machine.currentLoad());
    }

    private void flow(CallMix.Call call, long due, Recorder authorise, Recorder start, Recorder stop, AtomicLong allowed,
                      AtomicLong denied, AtomicLong errors, AtomicLong answered, AtomicLong authorised, AtomicInteger open) {
        String authoriseBody = "{\"callId\":\"" + call.callId() + "\",\"account\":\"" + call.account()
                + "\",\"caller\":\"35929000001\",\"callee\":\"" + call.callee() + "\"}";
        post("/v1/calls/authorise", authoriseBody).onComplete(reply -> {
            authorise.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
            authorised.incrementAndGet();
            if (reply.failed() || reply.result().status() != 200) {
                reportFirstError("authorise", reply.failed() ? reply.cause().toString()
                        : reply.result().status() + " " + reply.result().body());
                errors.incrementAndGet();
                open.decrementAndGet();
                return;
            }
            if (!reply.result().body().toString().contains("\"ALLOW\"")) {
                denied.incrementAndGet();
                open.decrementAndGet();
                return;
            }
            allowed.incrementAndGet();
            String ids = "{\"callId\":\"" + call.callId() + "\",\"account\":\"" + call.account() + "\"";
            Future<Reply> answeredCall = call.answered()
                    ? timed(start, post("/v1/calls/start", ids + "}")).onSuccess(r -> answered.incrementAndGet())
                    : Future.succeededFuture(new Reply(200, Buffer.buffer()));
            answeredCall.onComplete(started -> {
                if (started.failed() || started.result().status() != 200) {
                    errors.incrementAndGet();
                }
                vertx.setTimer(Math.max(1, call.holdMillis()), timer -> timed(stop,
                        post("/v1/calls/stop", ids + ",\"durationSeconds\":" + call.durationSecs() + "}"))
                        .onComplete(stopped -> {
                            if (stopped.failed() || stopped.result().status() != 200) {
                                errors.incrementAndGet();
                            }
                            open.decrementAndGet();
                        }));
            });
        });
    }

    /** The first failure of a run is printed, so a run that fails every request says why. */
    private void reportFirstError(String request, String what) {
        if (firstErrorReported.compareAndSet(false, true)) {
            System.err.println("load generator: first failed " + request + ": " + what);
        }
    }

    private static Future<Reply> timed(Recorder recorder, Future<Reply> request) {
        long sent = System.nanoTime();
        return request.andThen(done -> recorder.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000)));
    }

    record Reply(int status, Buffer body) {
    }

    private Future<Reply> post(String path, String json) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI(path).setTimeout(REQUEST_TIMEOUT_MILLIS).putHeader("content-type", "application/json");
        return http.request(options)
                .compose(request -> request.send(json))
                .compose(response -> response.body().map(body -> new Reply(response.statusCode(), body)));
    }

    @Override
    public void close() {
        http.close();
        vertx.close();
    }
}
