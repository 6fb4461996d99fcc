package io.tollgrid.gateway.calls;

import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.http.Responses.Answer;
import io.tollgrid.gateway.lockout.PinGuesses;
import io.tollgrid.gateway.metrics.GatewayMetrics;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.ChargingResult;
import io.tollgrid.grid.charging.OfferedRoutes;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.grid.identity.CallerHints;
import io.tollgrid.grid.card.CallingCards;
import io.tollgrid.grid.identity.Identity;
import io.tollgrid.grid.identity.IdentityKind;
import io.tollgrid.grid.identity.PayerDirectory;
import io.tollgrid.grid.identity.SwitchCredential;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.ignite.IgniteClientDisconnectedException;
import org.apache.ignite.cluster.ClusterGroupEmptyException;
import org.apache.ignite.cluster.ClusterTopologyException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The switch operations (authorise, start, interim, stop) whatever carries them: HTTP ({@link CallsApi}) or
 * Kamailio's evapi socket ({@code io.tollgrid.gateway.evapi}). Each takes the authenticated switch and a body
 * already checked against the OpenAPI document, and completes with the answer the switch gets.
 * Authorise names the payer by account id or by what the switch knows (PIN, SIP user, caller prefix, ...);
 * its answer carries the account, which the switch sends on the later requests. A tenant's switch reaches
 * only its own subtree: any other account answers as a missing one. Answers are documented in docs/api.md.
 */
public final class SwitchCalls {
    private final ChargingClient charging;
    private final PayerDirectory payers;
    private final CallingCards cards;
    private final PinGuesses pinGuesses = new PinGuesses(PinGuesses.LIMITS);
    private final GatewayMetrics metrics;
    private final Duration gridDeadline;

    /** @param cards checks (and on first use activates) the calling card behind a PIN */
    public SwitchCalls(ChargingClient charging, PayerDirectory payers, CallingCards cards, GatewayMetrics metrics,
                       Duration gridDeadline) {
        this.charging = charging;
        this.payers = payers;
        this.cards = cards;
        this.metrics = metrics;
        this.gridDeadline = gridDeadline;
    }

    /** Throws {@link ApiException} at once for a body it cannot use; everything later completes the future. */
    public CompletableFuture<Answer> authorise(SwitchCredential caller, JsonBodies body) {
        String callId = body.id("callId");
        String account = optionalId(body, "account");
        String callerNumber = body.optionalText("caller", "");
        String callee = body.text("callee");
        Direction direction = direction(body.optionalText("direction", "outbound"));
        String extension = optionalId(body, "extension");
        CallerHints hints = new CallerHints(optionalId(body, "pin"), optionalId(body, "accountCode"),
                optionalId(body, "sipUser"), account == null ? extension : null, optionalId(body, "sourceIp"), callerNumber);
        if (account == null && hints.candidateKeys().isEmpty()) {
            throw ApiException.invalid("name the payer: 'account', or one of 'pin', 'accountCode', 'sipUser', "
                    + "'extension', 'sourceIp', 'caller'");
        }
        String pin = hints.pin();
        if (account == null && pin != null && pinGuesses.locked(caller.tenantId(), callerNumber)) {
            // Too many wrong PINs from this caller: refused before the grid is asked, whatever the PIN.
            return CompletableFuture.completedFuture(denied(callId, null, "PIN_LOCKED"));
        }
        long now = System.currentTimeMillis();
        AtomicReference<String> payer = new AtomicReference<>(account);
        CompletableFuture<Optional<Payer>> resolved = account != null
                ? CompletableFuture.completedFuture(Optional.of(new Payer(account, extension)))
                : payers.resolve(hints).thenApply(identity -> {
                    if (pin != null && identity.filter(found -> found.kind() == IdentityKind.PIN).isEmpty()) {
                        pinGuesses.wrong(caller.tenantId(), callerNumber);
                    }
                    return identity.map(Payer::of);
                });
        CompletableFuture<Answer> answer = resolved
                .thenCompose(found -> found.isEmpty() ? CompletableFuture.completedFuture(Optional.<Payer>empty())
                        : inScope(caller, found.get().account(), () -> found))
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        return CompletableFuture.completedFuture(unknownAccount(callId));
                    }
                    payer.set(found.get().account());
                    if (found.get().pin()) {
                        // A PIN may name a calling card: refused once expired, activated by its first call.
                        return cards.admit(found.get().account(), now).thenCompose(refusal -> refusal.isPresent()
                                ? CompletableFuture.completedFuture(denied(callId, found.get().account(), refusal.get()))
                                : charging.authorise(found.get().account(), callId, callerNumber, callee, direction,
                                        found.get().subscriber(), now)
                                .thenApply(result -> authoriseAnswer(result, found.get().account())));
                    }
                    return charging.authorise(found.get().account(), callId, callerNumber, callee, direction,
                            found.get().subscriber(), now).thenApply(result -> authoriseAnswer(result, found.get().account()));
                });
        return withDeadline(caller, answer).exceptionally(error -> {
            ApiException unavailable = gridUnavailable(error);
            if (unavailable == null) {
                throw error instanceof CompletionException completion ? completion : new CompletionException(error);
            }
            return failOpenOrDeny(caller, callId, payer.get(), unavailable, System.currentTimeMillis());
        });
    }

    /** The account a switch named, or an identity resolved; an extension identity brings its subscriber. */
    private record Payer(String account, String subscriber, boolean pin) {
        Payer(String account, String subscriber) {
            this(account, subscriber, false);
        }

        static Payer of(Identity identity) {
            return new Payer(identity.accountId(), identity.subscriberId(), identity.kind() == IdentityKind.PIN);
        }
    }

    /** A refusal decided before the grid's charging was asked (a calling card's): 200, DENY with its reason. */
    private Answer denied(String callId, String account, String reason) {
        metrics.denied(reason);
        return Answer.ok(new JsonObject().put("callId", callId).put("account", account).put("decision", "DENY")
                .put("reason", reason).put("maxDurationSeconds", 0));
    }

    /** Runs {@code then} when the switch may charge the account, and otherwise answers "no such account". */
    private <T> CompletableFuture<Optional<T>> inScope(SwitchCredential caller, String account, Supplier<Optional<T>> then) {
        if (caller.tenantId() == null) {
            return CompletableFuture.completedFuture(then.get());
        }
        return payers.isWithin(account, caller.tenantId()).thenApply(within -> within ? then.get() : Optional.empty());
    }

    /**
     * The grid did not answer in time. A trusted trunk's call goes ahead for its fail-open duration and is billed
     * when its stop arrives carrying the {@code failOpenAt} of this answer; every other switch gets a 503 it can
     * act on (reject the call, or try another gateway).
     */
    private Answer failOpenOrDeny(SwitchCredential caller, String callId, String account, ApiException unavailable,
                                  long nowMillis) {
        if (caller.trusted() && account != null) {
            metrics.failedOpen();
            return Answer.ok(new JsonObject().put("callId", callId).put("account", account).put("decision", "ALLOW")
                    .put("maxDurationSeconds", caller.failOpenSeconds()).put("failOpen", true)
                    .put("failOpenAt", Instant.ofEpochMilli(nowMillis).toString())
                    .put("reason", unavailable.code()).put("replay", false));
        }
        metrics.denied(unavailable.code());
        return new Answer(unavailable.status(), Responses.errorBody(unavailable.code(), unavailable.getMessage())
                .put("decision", "DENY").put("reason", unavailable.code()).put("maxDurationSeconds", 0));
    }

    private Answer unknownAccount(String callId) {
        metrics.denied("ACCOUNT_UNKNOWN");
        return new Answer(404, Responses.errorBody("ACCOUNT_UNKNOWN", "no such account")
                .put("callId", callId).put("decision", "DENY").put("reason", "ACCOUNT_UNKNOWN").put("maxDurationSeconds", 0));
    }

    private static String optionalId(JsonBodies body, String field) {
        return body.json().getValue(field) == null ? null : body.id(field);
    }

    private static Direction direction(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "outbound" -> Direction.OUTBOUND;
            case "inbound" -> Direction.INBOUND;
            default -> throw ApiException.invalid("'direction' must be inbound or outbound");
        };
    }

    public CompletableFuture<Answer> interim(SwitchCredential caller, JsonBodies body) {
        String callId = body.id("callId");
        String account = body.id("account");
        long sequence = body.nonNegativeLong("sequence");
        if (sequence == 0) {
            throw ApiException.invalid("'sequence' starts at 1");
        }
        long now = System.currentTimeMillis();
        return withDeadline(caller, scoped(caller, account, () -> charging.interim(account, callId, sequence, now)))
                .thenApply(result -> {
                    requireSession(result);
                    return Answer.ok(new JsonObject().put("callId", callId)
                            .put("maxDurationSeconds", result.maxDurationSecs())
                            .put("reserved", Money.ofMicros(result.reservedMicros()).toPlainString())
                            .put("replay", result.replay()));
                });
    }

    private Answer authoriseAnswer(ChargingResult result, String account) {
        if (result.outcome() == Outcome.UNKNOWN_ACCOUNT) {
            return unknownAccount(result.callId());
        }
        JsonObject body = new JsonObject().put("callId", result.callId()).put("account", account);
        if (result.outcome() == Outcome.DENIED) {
            metrics.denied(result.denyReason().name());
            return Answer.ok(body.put("decision", "DENY").put("reason", result.denyReason().name()).put("maxDurationSeconds", 0));
        }
        if (!result.replay()) {
            metrics.callStarted();
        }
        body.put("decision", "ALLOW")
                .put("maxDurationSeconds", result.maxDurationSecs())
                .put("rate", rate(result))
                .put("reserved", Money.ofMicros(result.reservedMicros()).toPlainString())
                .put("currency", result.currency())
                .put("lowBalance", result.balanceLow())
                .put("replay", result.replay());
        if (result.routes() != null) {
            routes(body, result.routes());
        }
        return Answer.ok(body);
    }

    /**
     * An account with a route plan: {@code routes} in the order to try them ({@code carrierId}, {@code uri},
     * {@code maxDurationSeconds}), {@code routePlan}, and {@code skipped} carriers with their reasons (docs/routing.md).
     */
    private static void routes(JsonObject body, OfferedRoutes offered) {
        JsonArray routes = new JsonArray();
        for (int i = 0; i < offered.size(); i++) {
            routes.add(new JsonObject().put("carrierId", offered.carrierId(i)).put("uri", offered.uri(i))
                    .put("maxDurationSeconds", offered.maxDurationSecs(i)));
        }
        JsonArray skipped = new JsonArray();
        for (int i = 0; i < offered.skippedCount(); i++) {
            skipped.add(new JsonObject().put("carrierId", offered.skippedCarrier(i)).put("reason", offered.skippedReason(i)));
        }
        body.put("routePlan", offered.planId()).put("routes", routes).put("skipped", skipped);
    }

    /** A flat plan's rate: id and price per minute. A deck rate adds its prefix, deck version, unit, price and fee. */
    private static JsonObject rate(ChargingResult result) {
        JsonObject rate = new JsonObject().put("id", result.rateId());
        String price = Money.ofMicros(result.pricePerMinuteMicros()).toPlainString();
        if (result.ratePrefix() == null) {
            return rate.put("pricePerMinute", price);
        }
        rate.put("prefix", result.ratePrefix()).put("deckVersion", result.deckVersion()).put("unit", result.priceUnit())
                .put("price", price).put("connectFee", Money.ofMicros(result.connectFeeMicros()).toPlainString());
        return "MINUTE".equals(result.priceUnit()) ? rate.put("pricePerMinute", price) : rate;
    }

    public CompletableFuture<Answer> start(SwitchCredential caller, JsonBodies body) {
        String callId = body.id("callId");
        String account = body.id("account");
        String carrierId = body.json().containsKey("carrierId") ? body.id("carrierId") : null;
        long now = System.currentTimeMillis();
        return withDeadline(caller, scoped(caller, account, () -> charging.answer(account, callId, now, carrierId)))
                .thenApply(result -> {
                    if (result.outcome() == Outcome.UNKNOWN_CARRIER) {
                        throw new ApiException(422, "CARRIER_UNKNOWN", "no carrier " + carrierId + "; the start changed nothing");
                    }
                    requireSession(result);
                    return Answer.ok(new JsonObject().put("callId", callId).put("state", "ANSWERED").put("replay", result.replay()));
                });
    }

    /** {@code raw} is the body as the switch sent it: kept on the CDR, never parsed again. */
    public CompletableFuture<Answer> stop(SwitchCredential caller, JsonBodies body, String raw) {
        String callId = body.id("callId");
        String account = body.id("account");
        long duration = body.nonNegativeLong("durationSeconds");
        long now = System.currentTimeMillis();
        // A trusted trunk may have let the call through while the grid was unreachable: bill it now.
        long failOpenAt = caller.trusted() ? failOpenAt(body) : 0;
        // The carrier that connected the call (docs/routing.md); absent for switches that route no carriers.
        String carrierId = body.json().containsKey("carrierId") ? body.id("carrierId") : null;
        // The SIP final response that ended the call: the CDR's Q.850 cause and disposition (docs/cdr-files.md).
        int sipCode = body.json().containsKey("sipCode") ? Math.toIntExact(body.nonNegativeLong("sipCode")) : 0;
        // The post-dial delay the switch measured (docs/routing.md, "Quality"): the CDR's pdd_ms.
        int pddMs = StopEvent.NO_PDD;
        if (body.json().containsKey("pddMs")) {
            long pdd = body.nonNegativeLong("pddMs");
            if (pdd > StopEvent.MAX_PDD_MS) {
                throw ApiException.invalid("'pddMs' is 0 to " + StopEvent.MAX_PDD_MS + " ms");
            }
            pddMs = (int) pdd;
        }
        int postDialDelayMs = pddMs;
        return withDeadline(caller, scoped(caller, account, () -> charging.stop(account, callId, duration, now, raw,
                failOpenAt, carrierId, sipCode, postDialDelayMs))).thenApply(result -> {
            if (result.outcome() == Outcome.UNKNOWN_CARRIER) {
                throw new ApiException(422, "CARRIER_UNKNOWN", "no carrier " + carrierId + "; the stop changed nothing");
            }
            requireSession(result);
            if (!result.replay()) {
                metrics.callEnded();
            }
            JsonObject answer = new JsonObject().put("callId", callId)
                    .put("durationSeconds", result.durationSecs())
                    .put("billedSeconds", result.billedSecs())
                    .put("cost", Money.ofMicros(result.costMicros()).toPlainString())
                    .put("balance", Money.ofMicros(result.balanceMicros()).toPlainString())
                    .put("currency", result.currency())
                    .put("replay", result.replay());
            if (result.carrierId() != null) {
                answer.put("carrierId", result.carrierId());
            }
            return Answer.ok(answer);
        });
    }

    /** The {@code failOpenAt} a switch echoes from a fail-open answer, in epoch millis; 0 when absent. */
    private static long failOpenAt(JsonBodies body) {
        String text = body.optionalText("failOpenAt", "");
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'failOpenAt' must be the instant of the fail-open answer, as it gave it");
        }
    }

    /** Runs the operation when the switch may charge the account; otherwise it is an unknown session. */
    private CompletableFuture<ChargingResult> scoped(SwitchCredential caller, String account,
                                                     Supplier<CompletableFuture<ChargingResult>> operation) {
        if (caller.tenantId() == null) {
            return operation.get();
        }
        return payers.isWithin(account, caller.tenantId()).thenCompose(within -> {
            if (!within) {
                throw new ApiException(404, "SESSION_UNKNOWN", "no authorised call with that callId for that account");
            }
            return operation.get();
        });
    }

    private static void requireSession(ChargingResult result) {
        if (result.outcome() == Outcome.UNKNOWN_SESSION) {
            throw new ApiException(404, "SESSION_UNKNOWN", "no authorised call with that callId for that account");
        }
    }

    /** A switch must never hang: past the switch's deadline (or the gateway's) the grid counts as unavailable. */
    private <T> CompletableFuture<T> withDeadline(SwitchCredential caller, CompletableFuture<T> future) {
        long deadline = caller.deadlineMillis() > 0 ? caller.deadlineMillis() : gridDeadline.toMillis();
        return future.orTimeout(deadline, TimeUnit.MILLISECONDS).exceptionallyCompose(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                return CompletableFuture.failedFuture(new ApiException(503, "GRID_UNAVAILABLE",
                        "the charging grid did not answer within " + deadline + " ms"));
            }
            if (cause instanceof ChargingClient.NoQuorum) {
                return CompletableFuture.failedFuture(new ApiException(503, "GRID_UNAVAILABLE",
                        "the charging grid is partitioned and this gateway is on the minority side; try another gateway ("
                                + cause.getMessage() + ")"));
            }
            if (cause instanceof ChargingClient.Overloaded) {
                return CompletableFuture.failedFuture(new ApiException(503, "GRID_UNAVAILABLE",
                        "the charging grid is overloaded: " + cause.getMessage()));
            }
            if (isGridDown(cause)) {
                return CompletableFuture.failedFuture(new ApiException(503, "GRID_UNAVAILABLE",
                        "the charging grid is unreachable: " + cause.getClass().getSimpleName()));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static boolean isGridDown(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IgniteClientDisconnectedException || cause instanceof ClusterTopologyException
                    || cause instanceof ClusterGroupEmptyException) {
                return true;
            }
        }
        return false;
    }

    private static ApiException gridUnavailable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof ApiException api && api.code().equals("GRID_UNAVAILABLE") ? api : null;
    }
}
