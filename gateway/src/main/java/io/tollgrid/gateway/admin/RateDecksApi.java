package io.tollgrid.gateway.admin;

import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.rateplan.DeckSummary;
import io.tollgrid.grid.rateplan.DeckUpload;
import io.tollgrid.grid.rateplan.RateDecks;
import io.tollgrid.rating.deck.DeckRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /admin/rate-decks}: upload a rate deck (its CSV tables as JSON strings by file name) and activate
 * it; {@code GET /admin/rate-decks/active}: the version in force and which version each grid node holds.
 * Both need {@code Authorization: Bearer <admin key>}.
 *
 * <p>Mounted before the router's general body handler, with its own, larger body limit: a deck is far larger
 * than any other request. So it checks the admin key itself, before it reads a body.
 */
public final class RateDecksApi {
    /** The largest upload accepted (the JSON body, so escaped CSV text). */
    public static final long MAX_DECK_BYTES = 32L * 1024 * 1024;
    /** A deck with a million bad rows must not make a million-line answer. */
    static final int ERRORS_SHOWN = 100;
    /** How long an upload waits for every grid node to compile the new version before it answers. */
    static final Duration COMPILE_WAIT = Duration.ofSeconds(30);

    private final RateDecks decks;
    private final byte[] adminKey;

    public RateDecksApi(RateDecks decks, String adminKey) {
        this.decks = decks;
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    }

    public void mount(Router router) {
        // Three routes, not one: Vert.x puts a body handler before any plain handler of the same route, and the
        // key must be checked before up to 32 MiB are read.
        router.post("/admin/rate-decks").handler(this::authenticate);
        router.post("/admin/rate-decks").handler(BodyHandler.create(false).setBodyLimit(MAX_DECK_BYTES));
        router.post("/admin/rate-decks").blockingHandler(this::upload, false);
        router.get("/admin/rate-decks/active").handler(this::authenticate).blockingHandler(this::active, false);
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, adminKey)) {
            throw new ApiException(401, "UNAUTHENTICATED", "send 'Authorization: Bearer <admin key>'");
        }
        ctx.next();
    }

    /** Compiles, stores and activates; 201 with the version once every node holds it, or 400 with the errors. */
    private void upload(RoutingContext ctx) {
        Map<String, String> tables = tables(JsonBodies.of(ctx));
        DeckUpload upload;
        try {
            upload = decks.upload(tables, System.currentTimeMillis());
        } catch (DeckRejectedException e) {
            List<String> errors = e.errors();
            JsonObject body = Responses.errorBody("DECK_REJECTED", errors.size()
                    + " error(s); nothing was loaded and the active deck is unchanged");
            body.getJsonObject("error").put("errorCount", errors.size())
                    .put("errors", new JsonArray(List.copyOf(errors.subList(0, Math.min(ERRORS_SHOWN, errors.size())))));
            Responses.json(ctx, 400, body);
            return;
        }
        Map<String, Long> nodes = decks.awaitCompiled(upload.version(), COMPILE_WAIT);
        Responses.json(ctx, 201, new JsonObject()
                .put("version", upload.version())
                .put("activated", upload.activated())
                .put("previousVersion", upload.previousVersion())
                .put("plans", new JsonArray(upload.plans()))
                .put("droppedPlans", new JsonArray(upload.droppedPlans()))
                .put("nodes", new JsonObject(new HashMap<>(nodes))));
    }

    private static Map<String, String> tables(JsonBodies body) {
        Object raw = body.json().getValue("tables");
        if (!(raw instanceof JsonObject given) || given.isEmpty()) {
            throw ApiException.invalid("'tables' is required: an object of CSV texts by file name, "
                    + "e.g. {\"plans.csv\": \"plan,parent,...\", \"rates.csv\": \"...\"}");
        }
        Map<String, String> tables = new HashMap<>();
        for (String name : given.fieldNames()) {
            if (!(given.getValue(name) instanceof String text)) {
                throw ApiException.invalid("'tables." + name + "' must be the CSV text as a string");
            }
            tables.put(name, text);
        }
        return tables;
    }

    private void active(RoutingContext ctx) {
        DeckSummary active = decks.active()
                .orElseThrow(() -> new ApiException(404, "NO_ACTIVE_DECK", "no rate deck has been uploaded"));
        Responses.json(ctx, 200, new JsonObject()
                .put("version", active.version())
                .put("uploadedAt", active.uploadedAt().toString())
                .put("activatedAt", active.activatedAt().toString())
                .put("plans", new JsonArray(active.plans()))
                .put("nodes", new JsonObject(new HashMap<>(decks.compiledVersions()))));
    }
}
