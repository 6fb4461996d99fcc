package io.tollgrid.gateway.reports;

import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.tenant.TenantApi;
import io.tollgrid.grid.account.Account;
import io.tollgrid.history.rollup.CarrierReports;
import io.tollgrid.history.rollup.UsageReport;
import io.tollgrid.history.rollup.UsageReports;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * GET /v1/accounts/{account}/reports/usage (one account: totals, top destinations, dispositions, hours and days of
 * the zone) and GET /v1/reports/usage-by-account (the calling tenant's accounts), each as JSON, CSV, .xlsx or PDF
 * with the tenant's name and the period on it. The period is local dates in {@code zone} (UTC by default: a
 * tenant has no zone of its own yet). GET /admin/reports/carriers (the operator's): a tenant's calls by carrier and by
 * carrier and destination over UTC days.
 */
public final class ReportsApi {
    private final UsageReports reports;
    private final TenantApi tenants;
    private final CarrierReports carriers;
    private final Function<String, Optional<String>> tenantNames;

    /**
     * @param carriers    the operator's carrier report
     * @param tenantNames a tenant's name by its id, empty for no such tenant (blocking: it reads the grid)
     */
    public ReportsApi(UsageReports reports, TenantApi tenants, CarrierReports carriers,
                      Function<String, Optional<String>> tenantNames) {
        this.reports = reports;
        this.tenants = tenants;
        this.carriers = carriers;
        this.tenantNames = tenantNames;
    }

    /** Mounts the routes; /v1/accounts/* is authenticated by the tenant API already, /v1/reports/* here. */
    public void mount(Router router, ApiContract contract) {
        router.route("/v1/reports/*").handler(tenants::authenticate);
        router.get("/v1/accounts/:account/reports/usage").handler(contract.validate("accountUsageReport"))
                .blockingHandler(this::accountUsage, false);
        router.get("/v1/reports/usage-by-account").handler(contract.validate("usageByAccountReport"))
                .blockingHandler(this::usageByAccount, false);
        // /admin/* is the operator's, checked by Access before this.
        router.get("/admin/reports/carriers").handler(contract.validate("carrierReport"))
                .blockingHandler(this::carrierReport, false);
    }

    /**
     * GET /admin/reports/carriers: a tenant's calls by carrier and by carrier and destination over UTC days, with ASR,
     * ACD, NER, buy cost and margin (docs/routing.md, "Quality"). Carriers and buy prices are the operator's: no
     * tenant role may call it (Rules).
     */
    private void carrierReport(RoutingContext ctx) {
        MultiMap query = ctx.queryParams();
        String tenantId = query.get("tenantId");
        LocalDate from = ReportRequest.date(query, "from");
        LocalDate to = ReportRequest.date(query, "to");
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days < 1 || days > CarrierReports.MAX_DAYS) {
            throw ApiException.invalid("'from' to 'to' is 1 to " + CarrierReports.MAX_DAYS + " UTC days: " + from + " to " + to);
        }
        String tenantName = tenantNames.apply(tenantId)
                .orElseThrow(() -> new ApiException(404, "TENANT_UNKNOWN", "no such tenant"));
        ReportFormat format = ReportFormat.choose(query.get("format"), ctx.request().getHeader("Accept"));
        String period = from + " to " + to + " (UTC)";
        answer(ctx, format, carriers.tenant(tenantId, from, to), report -> {
            if (format == ReportFormat.JSON) {
                return new JsonObject().put("report", "carriers").put("tenantId", tenantId).put("tenant", tenantName)
                        .put("from", from.toString()).put("to", to.toString()).put("zone", "UTC")
                        .put("byCarrier", CarrierTables.json(report.byCarrier()))
                        .put("byCarrierDestination", CarrierTables.json(report.byCarrierDestination()));
            }
            return new ReportDocument("Carriers of tenant " + tenantId, tenantName, period,
                    List.of(CarrierTables.table("By carrier", report.byCarrier(), false),
                            CarrierTables.table("By carrier and destination", report.byCarrierDestination(), true)));
        });
    }

    private void accountUsage(RoutingContext ctx) {
        Account account = tenants.ownAccount(ctx);
        ReportRequest request = ReportRequest.parse(ctx.queryParams(), ctx.request().getHeader("Accept"));
        String tenantName = tenants.tenantName(ctx);
        answer(ctx, request, reports.account(account.tenantId(), account.accountId(), request.period()), report -> {
            List<UsageReport.Line> top = report.byDestination().subList(0,
                    Math.min(request.top(), report.byDestination().size()));
            if (request.format() == ReportFormat.JSON) {
                return new JsonObject().put("report", "usage").put("tenant", tenantName)
                        .put("account", account.accountId()).put("from", request.period().from().toString())
                        .put("to", request.period().to().toString()).put("zone", request.period().zone().getId())
                        .put("total", UsageTables.json("currency", report.total(), request))
                        .put("topDestinations", UsageTables.json("destination", top, request))
                        .put("byDestination", UsageTables.json("destination", report.byDestination(), request))
                        .put("byDisposition", UsageTables.json("disposition", report.byDisposition(), request))
                        .put("byHour", UsageTables.json("hour", report.byHour(), request))
                        .put("byDay", UsageTables.json("date", report.byDay(), request))
                        .put("byExtension", UsageTables.json("extension", report.byExtension(), request))
                        .put("byDepartment", UsageTables.json("department", report.byDepartment(), request))
                        .put("byCallType", UsageTables.json("callType", report.byCallType(), request))
                        .put("byCarrier", UsageTables.json("carrier", report.byCarrier(), request))
                        .put("byTrunk", UsageTables.json("trunk", report.byTrunk(), request));
            }
            return new ReportDocument("Usage of account " + account.accountId(), tenantName, UsageTables.period(request),
                    List.of(UsageTables.table("Total", "currency", report.total(), request),
                            UsageTables.table("Top destinations", "destination", top, request),
                            UsageTables.table("By destination", "destination", report.byDestination(), request),
                            UsageTables.table("By disposition", "disposition", report.byDisposition(), request),
                            UsageTables.table("By hour of day", "hour", report.byHour(), request),
                            UsageTables.table("By day", "date", report.byDay(), request),
                            UsageTables.table("By extension", "extension", report.byExtension(), request),
                            UsageTables.table("By department", "department", report.byDepartment(), request),
                            UsageTables.table("By call type", "call type", report.byCallType(), request),
                            UsageTables.marginTable("By carrier", "carrier", report.byCarrier(), request),
                            UsageTables.table("By PBX trunk", "trunk", report.byTrunk(), request)));
        });
    }

    private void usageByAccount(RoutingContext ctx) {
        String tenant = ctx.get(TenantApi.TENANT);
        ReportRequest request = ReportRequest.parse(ctx.queryParams(), ctx.request().getHeader("Accept"));
        String tenantName = tenants.tenantName(ctx);
        answer(ctx, request, reports.byAccount(tenant, request.period()), lines -> {
            // Dearest first already: the top spenders are the first lines.
            List<UsageReport.Line> top = lines.subList(0, Math.min(request.top(), lines.size()));
            if (request.format() == ReportFormat.JSON) {
                return new JsonObject().put("report", "usage-by-account").put("tenant", tenantName)
                        .put("from", request.period().from().toString()).put("to", request.period().to().toString())
                        .put("zone", request.period().zone().getId())
                        .put("topSpenders", UsageTables.json("account", top, request))
                        .put("accounts", UsageTables.json("account", lines, request));
            }
            return new ReportDocument("Usage by account", tenantName, UsageTables.period(request),
                    List.of(UsageTables.table("Top spenders", "account", top, request),
                            UsageTables.table("By account", "account", lines, request)));
        });
    }

    /**
     * Answers once the report is read: JSON as it is, any other format rendered off the event loop (a PDF or a
     * workbook takes milliseconds of CPU).
     */
    private static <T> void answer(RoutingContext ctx, ReportRequest request, CompletionStage<T> report,
                                   Function<T, Object> shape) {
        answer(ctx, request.format(), report, shape);
    }

    private static <T> void answer(RoutingContext ctx, ReportFormat format, CompletionStage<T> report,
                                   Function<T, Object> shape) {
        Context context = ctx.vertx().getOrCreateContext();
        report.whenComplete((value, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                context.runOnContext(ignored -> Responses.fail(ctx, cause instanceof UsageReports.ReportTooLargeException
                        ? new ApiException(422, "REPORT_TOO_LARGE", cause.getMessage()) : cause));
                return;
            }
            context.<Object>executeBlocking(() -> {
                Object shaped = shape.apply(value);
                if (shaped instanceof JsonObject json) {
                    return json;
                }
                ReportDocument document = (ReportDocument) shaped;
                byte[] bytes = switch (format) {
                    case CSV -> CsvReport.render(document);
                    case XLSX -> XlsxReport.render(document);
                    case PDF -> PdfReport.render(document);
                    case JSON -> throw new IllegalStateException("JSON is answered as it is");
                };
                return new Rendered(document.fileName() + "." + format.extension(), bytes);
            }, false).onComplete(done -> {
                if (done.failed()) {
                    Responses.fail(ctx, done.cause());
                } else if (done.result() instanceof JsonObject json) {
                    Responses.json(ctx, 200, json);
                } else {
                    Rendered rendered = (Rendered) done.result();
                    ctx.response().putHeader("content-type", format.contentType())
                            .putHeader("content-disposition", "attachment; filename=\"" + rendered.fileName() + "\"")
                            .end(Buffer.buffer(rendered.bytes()));
                }
            });
        });
    }

    private record Rendered(String fileName, byte[] bytes) {
    }
}
