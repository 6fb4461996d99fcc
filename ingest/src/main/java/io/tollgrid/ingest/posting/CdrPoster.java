package io.tollgrid.ingest.posting;

import com.datastax.oss.driver.api.core.CqlSession;
import io.prometheus.client.Counter;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.PostedCall;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.ingest.files.FileSource;
import io.tollgrid.ingest.formats.RejectReason;
import io.tollgrid.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Settles a posting source's rated CDR against the ledger before it is written (docs/cdr-files.md, "Posting to
 * the ledger"):
 * <ol>
 *   <li>The grid posts it ({@link ChargingClient#postImportedCall}) under the transfer id {@link #transferId}, the
 *       CDR key, so posting the same CDR again moves nothing, unless the switch API knows the call (a session of the
 *       account under the same call id, kept a retention after its stop): {@code BILLED_LIVE}, not posted.</li>
 *   <li>A call that ended longer ago than that retention the grid cannot judge alone ({@code CHECK_HISTORY}): it is
 *       looked for in history, where a row the switch API's stop wrote ({@code source = gateway}) for the same account
 *       and call id, starting within {@link #LIVE_WINDOW} of the file's start, means it was billed live; else it is
 *       posted again, saying history was checked.</li>
 *   <li>An account the grid does not know is parked on the source's catch-all account (the CDR is posted and written
 *       there), or rejected {@code UNKNOWN_ACCOUNT}.</li>
 * </ol>
 * A grid that does not answer (no quorum, overloaded, a node leaving) is asked again after a pause until it does:
 * the post is idempotent, and the file stays in {@code incoming/} meanwhile. At most {@value #IN_FLIGHT} posts wait at
 * once; {@link #settle} blocks its caller past that (the grid's lanes refuse past 8,192 per node).
 */
public final class CdrPoster implements AutoCloseable {
    /** Posts waiting for the grid at once, over every source of this process. */
    public static final int IN_FLIGHT = 2_048;
    /** How far apart the file's start and the switch API's authorise may be for them to be one call. */
    public static final Duration LIVE_WINDOW = Duration.ofMinutes(2);
    static final long PAUSE_MILLIS = 1_000;
    private static final long LOG_EVERY_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(CdrPoster.class);
    static final Counter POSTED = Counter.build("tollgrid_ingest_posted_total",
            "Imported CDRs settled against the ledger, by source and outcome (POSTED moved money; REPLAY, NOTHING_TO_POST,"
                    + " PARKED and the refusals did not, or moved it to the catch-all account).")
            .labelNames("source", "outcome").register();
    static final Counter FLAGGED = Counter.build("tollgrid_ingest_posted_flagged_total",
            "Imported CDRs charged past a limit, by source and flag (over_credit_limit, over_daily_cap): charged all the same.")
            .labelNames("source", "flag").register();
    static final Counter HISTORY_LOOKUPS = Counter.build("tollgrid_ingest_posted_history_lookups_total",
            "Imported CDRs of calls that ended longer ago than the grid keeps switch-API sessions, looked up in history"
                    + " for a stop of the same call before posting, by source.").labelNames("source").register();
    static final Counter FAILURES = Counter.build("tollgrid_ingest_post_failures_total",
            "Posts of imported CDRs the grid did not answer; each is asked again after a pause until it answers.").register();

    private final ChargingClient client;
    private final StopRows history;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final AtomicLong nextLogAt = new AtomicLong();
    private volatile boolean closed;

    /** What a post still waiting when ingest closed completes with: it stops asking; the file stays in incoming/. */
    public static final class Closed extends IllegalStateException {
        Closed() {
            super("ingest closed before the grid answered; the file is taken again at the next start");
        }
    }

    /** What a CDR becomes: its row (maybe on the catch-all account), or a reject of its line. */
    public record Settled(RatedCdr cdr, RejectReason reason, String detail) {
        static Settled row(RatedCdr cdr) {
            return new Settled(cdr, null, null);
        }

        static Settled rejected(RejectReason reason, String detail) {
            return new Settled(null, reason, detail);
        }

        public boolean written() {
            return cdr != null;
        }
    }

    /** @param keyspace the keyspace of history's CDR table, where the switch API's stops are looked for */
    public CdrPoster(ChargingClient client, CqlSession cassandra, String keyspace) {
        this.client = client;
        this.history = new StopRows(cassandra, keyspace);
    }

    /**
     * The ledger transfer id of a CDR: its key (start instant, call id with the leg), so a re-import, a replayed
     * file, a Jet replay after a crash or a replayed reject posts onto the transfer it posted first.
     */
    public static String transferId(RatedCdr cdr) {
        return cdr.transferId();
    }

    /** The switch's own call id (the key a switch API call uses), without the leg; null for a CDR without one. */
    public static String switchCallId(RatedCdr cdr) {
        String callId = cdr.callId();
        if (callId.startsWith("nocallid:")) {
            return null;
        }
        int leg = callId.indexOf(RatedCdr.LEG_SEPARATOR);
        return leg < 0 ? callId : callId.substring(0, leg);
    }

    /**
     * Settles the CDR: completes with what to write once the ledger has it. For a source that does not post, the
     * CDR as it is at once. Blocks while {@value #IN_FLIGHT} posts are waiting.
     */
    public CompletableFuture<Settled> settle(FileSource source, RatedCdr cdr) throws InterruptedException {
        if (!source.posting().post()) {
            return CompletableFuture.completedFuture(Settled.row(cdr));
        }
        inFlight.acquire();
        CompletableFuture<Settled> settled;
        try {
            settled = post(source, cdr, cdr.accountId(), false);
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
        return settled.whenComplete((done, error) -> inFlight.release());
    }

    /** A row of the switch API's stop for this call in history, as a BILLED_LIVE reject; else null. */
    private CompletableFuture<Settled> billedLive(RatedCdr cdr) {
        String callId = switchCallId(cdr);
        if (callId == null || cdr.cost().micros() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return retried(() -> history.find(cdr.tenantId(), cdr.accountId(), callId, cdr.startTime().minus(LIVE_WINDOW),
                        cdr.startTime().plus(LIVE_WINDOW)), "history of call " + callId)
                .thenApply(row -> row.map(stop -> Settled.rejected(RejectReason.BILLED_LIVE, "call " + callId
                        + " was billed by the switch API's stop (its CDR starts " + stop.start() + ", cost "
                        + Money.ofMicros(stop.costMicros()).toPlainString() + " " + stop.currency()
                        + "); the line is not billed again")).orElse(null));
    }

    /**
     * Posts the CDR to the account. The grid itself knows whether the switch API billed a call that ended within its
     * session retention; for an older one it answers CHECK_HISTORY, and only then is history read for a stop of the
     * call (one slice of its day partition), and the call posted again saying so.
     */
    private CompletableFuture<Settled> post(FileSource source, RatedCdr cdr, String account, boolean historyChecked) {
        String note = "import " + source.id() + (account.equals(cdr.accountId()) ? "" : " parked, account code " + cdr.accountId());
        RatedCdr posted = account.equals(cdr.accountId()) ? cdr : cdr.onAccount(account);
        return retried(() -> client.postImportedCall(account, switchCallId(cdr), transferId(cdr), cdr.currency(),
                        cdr.cost().micros(), cdr.endTime().toEpochMilli(), note, historyChecked), "posting of CDR " + cdr.callId())
                .thenCompose(answer -> {
                    boolean parked = !account.equals(cdr.accountId());
                    PostedCall.Outcome outcome = answer.outcome();
                    if (outcome == PostedCall.Outcome.CHECK_HISTORY) {
                        HISTORY_LOOKUPS.labels(source.id()).inc();
                        return billedLive(cdr).thenCompose(live -> live != null ? CompletableFuture.completedFuture(live)
                                : post(source, cdr, account, true));
                    }
                    if (outcome == PostedCall.Outcome.ACCOUNT_UNKNOWN && !parked && source.posting().catchAll() != null) {
                        return post(source, cdr, source.posting().catchAll(), historyChecked);
                    }
                    POSTED.labels(source.id(), parked && outcome.accepted() ? "PARKED" : outcome.name()).inc();
                    if (answer.overCreditLimit()) {
                        FLAGGED.labels(source.id(), "over_credit_limit").inc();
                    }
                    if (answer.overDailyCap()) {
                        FLAGGED.labels(source.id(), "over_daily_cap").inc();
                    }
                    return CompletableFuture.completedFuture(settled(source, cdr, account, posted, answer));
                });
    }

    private static Settled settled(FileSource source, RatedCdr cdr, String account, RatedCdr posted, PostedCall answer) {
        return switch (answer.outcome()) {
            case POSTED, REPLAY, NOTHING_TO_POST -> Settled.row(posted);
            case BILLED_LIVE -> Settled.rejected(RejectReason.BILLED_LIVE, "call " + switchCallId(cdr) + " of account "
                    + account + " is known to the switch API (a session in the grid): its stop bills it, charged so far "
                    + Money.ofMicros(answer.liveCostMicros()).toPlainString() + "; the line is not billed again");
            case ACCOUNT_UNKNOWN -> Settled.rejected(RejectReason.UNKNOWN_ACCOUNT, "the grid has no account " + account
                    + (account.equals(cdr.accountId()) ? " and source " + source.id() + " parks no calls (it has no post.catchall)"
                    : " (the catch-all account of source " + source.id() + ")"));
            case ACCOUNT_CLOSED -> Settled.rejected(RejectReason.ACCOUNT_CLOSED, "account " + account + " is closed");
            case CURRENCY_MISMATCH -> Settled.rejected(RejectReason.CURRENCY_MISMATCH, "the CDR is in " + cdr.currency()
                    + " and account " + account + " is not");
            case POSTED_AT_OTHER_COST -> Settled.rejected(RejectReason.POSTED_AT_OTHER_COST, "CDR " + transferId(cdr)
                    + " was posted to account " + account + " at " + Money.ofMicros(-answer.transfer().amountMicros()).toPlainString()
                    + ", now rated " + cdr.cost().toPlainString() + "; the ledger and the row keep the first posting");
            case INVALID_AMOUNT -> throw new IllegalStateException("a rated CDR with a negative cost: " + cdr);
            case CHECK_HISTORY -> throw new IllegalStateException("CHECK_HISTORY is answered by looking history up");
        };
    }

    /** Asks until it gets an answer: the grid or Cassandra unreachable stalls the source, it loses nothing. */
    private <T> CompletableFuture<T> retried(java.util.function.Supplier<CompletableFuture<T>> ask, String what) {
        CompletableFuture<T> done = new CompletableFuture<>();
        attempt(ask, what, done);
        return done;
    }

    private <T> void attempt(java.util.function.Supplier<CompletableFuture<T>> ask, String what, CompletableFuture<T> done) {
        if (closed) {
            done.completeExceptionally(new Closed());
            return;
        }
        CompletableFuture<T> stage;
        try {
            stage = ask.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((answer, error) -> {
            if (error == null) {
                done.complete(answer);
                return;
            }
            if (closed) {
                done.completeExceptionally(new Closed());
                return;
            }
            FAILURES.inc();
            long now = System.currentTimeMillis();
            long due = nextLogAt.get();
            if (now >= due && nextLogAt.compareAndSet(due, now + LOG_EVERY_MILLIS)) {
                LOG.warn("{} failed, asking again every {} ms: {}", what, PAUSE_MILLIS, error.toString());
            }
            CompletableFuture.delayedExecutor(PAUSE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> attempt(ask, what, done));
        });
    }

    /** Stops asking: posts still waiting complete with {@link Closed} (they are idempotent; the replay posts them). */
    @Override
    public void close() {
        closed = true;
    }
}
