package io.tollgrid.gateway.cdrs;

import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.http.Responses.Answer;
import io.tollgrid.grid.account.Account;
import io.tollgrid.history.CdrPage;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.HangupCause;
import io.tollgrid.history.RatedCdr;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.Function;

/**
 * GET /v1/accounts/{account}/cdrs (a page of a filtered search, with a {@code next} cursor) and
 * GET /v1/accounts/{account}/cdrs/export (every matching CDR of the range as streamed CSV). Both answer for the
 * calling tenant's accounts only; the account is resolved by the tenant API, so another tenant's account answers
 * as a missing one.
 */
public final class CdrSearchApi {
    /** Rows per page when the request names no limit: as many as the query answered before it paged. */
    public static final int DEFAULT_LIMIT = CdrStore.MAX_ROWS;
    /** Rows per page read by an export: its memory is one such page and the response's write queue. */
    static final int EXPORT_PAGE = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(CdrSearchApi.class);

    private final CdrStore cdrs;
    private final Function<RoutingContext, Account> ownAccount;
    private final DestinationNames destinations;

    /**
     * @param ownAccount   the calling tenant's account named by the path, or an ApiException answering 404
     * @param destinations names each CDR's destination from the rate deck that priced it
     */
    public CdrSearchApi(CdrStore cdrs, Function<RoutingContext, Account> ownAccount, DestinationNames destinations) {
        this.cdrs = cdrs;
        this.ownAccount = ownAccount;
        this.destinations = destinations;
    }

    /** Mounts the routes; the tenant API's authentication of /v1/accounts/* must already be mounted. */
    public void mount(Router router, ApiContract contract) {
        router.get("/v1/accounts/:account/cdrs").handler(contract.validate("cdrs")).blockingHandler(this::page, false);
        router.get("/v1/accounts/:account/cdrs/export").handler(contract.validate("exportCdrs"))
                .blockingHandler(this::export, false);
    }

    private void page(RoutingContext ctx) {
        Account account = ownAccount.apply(ctx);
        CdrSearch search = CdrSearch.parse(account.accountId(), ctx.queryParams(), Instant.now());
        int limit = limit(ctx);
        Responses.whenDone(ctx, cdrs.page(account.tenantId(), account.accountId(), search.from(), search.to(),
                search.filter(), search.after(), limit), page -> {
            JsonArray array = new JsonArray();
            page.rows().forEach(cdr -> array.add(toJson(cdr, destinations.of(cdr))));
            return Answer.ok(new JsonObject().put("account", account.accountId()).put("from", search.from().toString())
                    .put("to", search.to().toString()).put("count", page.rows().size()).put("cdrs", array)
                    .put("next", page.next() == null ? null : search.after(page.next()).cursor()));
        });
    }

    private static int limit(RoutingContext ctx) {
        String limit = ctx.queryParams().get("limit");
        // The contract has checked it is an integer from 1 to MAX_ROWS.
        return limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
    }

    /**
     * Streams the CSV page by page: the next page is read only once the last one is written and the connection
     * has drained, so a slow client holds back the reads, never the memory. A failure after the first byte cannot
     * change the status any more, so it resets the connection: the client sees a broken download, never a short
     * file that looks complete.
     */
    private void export(RoutingContext ctx) {
        Account account = ownAccount.apply(ctx);
        CdrSearch search = CdrSearch.parse(account.accountId(), ctx.queryParams(), Instant.now());
        Context context = ctx.vertx().getOrCreateContext();
        context.runOnContext(ignored -> {
            HttpServerResponse response = ctx.response();
            response.setChunked(true).putHeader("content-type", "text/csv; charset=utf-8")
                    .putHeader("content-disposition", "attachment; filename=\"cdrs-" + account.accountId() + ".csv\"");
            response.write(CdrCsv.HEADER);
            new Export(ctx, context, account, search).next();
        });
    }

    /** One export in progress. */
    private final class Export {
        private final RoutingContext ctx;
        private final Context context;
        private final Account account;
        private CdrSearch search;
        private boolean gone;

        Export(RoutingContext ctx, Context context, Account account, CdrSearch search) {
            this.ctx = ctx;
            this.context = context;
            this.account = account;
            this.search = search;
            ctx.response().closeHandler(ignored -> gone = true);
        }

        void next() {
            cdrs.page(account.tenantId(), account.accountId(), search.from(), search.to(), search.filter(),
                    search.after(), EXPORT_PAGE).whenComplete((page, error) -> context.runOnContext(ignored -> {
                        if (error != null) {
                            LOG.warn("CDR export of {} broken off: {}", account.accountId(), error.toString());
                            ctx.response().reset();
                        } else {
                            write(page);
                        }
                    }));
        }

        private void write(CdrPage page) {
            if (gone) {
                return;
            }
            HttpServerResponse response = ctx.response();
            if (!page.rows().isEmpty()) {
                StringBuilder text = new StringBuilder(page.rows().size() * 160);
                page.rows().forEach(cdr -> CdrCsv.appendRow(text, cdr, destinations.of(cdr)));
                response.write(text.toString());
            }
            if (page.next() == null) {
                response.end();
                return;
            }
            search = search.after(page.next());
            if (response.writeQueueFull()) {
                response.drainHandler(ignored -> {
                    response.drainHandler(null);
                    next();
                });
            } else {
                next();
            }
        }
    }

    static JsonObject toJson(RatedCdr cdr, String destination) {
        JsonObject json = new JsonObject()
                .put("callId", cdr.callId())
                .put("caller", cdr.caller())
                .put("callee", cdr.callee())
                .put("startTime", cdr.startTime().toString())
                .put("answerTime", cdr.answerTime() == null ? null : cdr.answerTime().toString())
                .put("endTime", cdr.endTime().toString())
                .put("durationSeconds", cdr.durationSeconds())
                .put("billedSeconds", cdr.billedSeconds())
                .put("disposition", cdr.disposition())
                .put("rateId", cdr.rateId())
                .put("cost", cdr.cost().toPlainString())
                .put("currency", cdr.currency())
                .put("source", cdr.source());
        if (cdr.leg() != null) {
            json.put("leg", cdr.leg());
        }
        if (cdr.answeredParty() != null) {
            json.put("answeredParty", cdr.answeredParty());
        }
        if (cdr.estimated()) {
            json.put("estimated", true);
        }
        if (cdr.extension() != null) {
            json.put("extension", cdr.extension());
        }
        if (cdr.department() != null) {
            json.put("department", cdr.department());
        }
        if (cdr.direction() != null) {
            json.put("direction", cdr.direction().name());
        }
        if (cdr.callType() != null) {
            json.put("callType", cdr.callType().name());
        }
        if (destination != null) {
            json.put("destination", destination);
        }
        if (cdr.trunk() != null) {
            json.put("trunk", cdr.trunk());
        }
        if (cdr.cause() != HangupCause.UNKNOWN) {
            json.put("cause", cdr.cause());
        }
        return json;
    }
}
