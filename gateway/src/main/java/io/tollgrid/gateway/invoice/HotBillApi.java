package io.tollgrid.gateway.invoice;

import io.tollgrid.billing.period.BillingCycle;
import io.tollgrid.billing.period.BillingPeriod;
import io.tollgrid.billing.period.BillingProfile;
import io.tollgrid.billing.period.Cadence;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.shop.LiveBooths;
import io.tollgrid.history.invoice.ChargeLine;
import io.tollgrid.history.invoice.InvoiceStore;
import io.tollgrid.history.rollup.ReportPeriod;
import io.tollgrid.history.rollup.Usage;
import io.tollgrid.history.rollup.UsageReport;
import io.tollgrid.history.rollup.UsageReports;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * GET /v1/accounts/{account}/hot-bill: what the account's bill of the period in progress holds so far (docs/back-office.md,
 * "Hot bill"): the calls that started in it (from the rollups and, for days not rolled up yet, the CDRs: exact at any
 * moment), the product charges of the period in the ledger, and the calls in progress with their cost so far, which are
 * not in the total until they stop. The period is the account's billing cycle's, or the calendar month in UTC for an
 * account without a billing profile. Amounts are before tax: the tax rule applies when the invoice is issued.
 */
public final class HotBillApi {
    /** The period of an account without a billing profile. */
    static final BillingCycle CALENDAR_MONTH_UTC = new BillingCycle(Cadence.MONTHLY, 1, ZoneOffset.UTC);

    private final InvoiceStore invoices;
    private final UsageReports usage;
    private final GridAdmin grid;
    private final LiveBooths live;
    private final Function<RoutingContext, Account> ownAccount;
    private final LongSupplier clockMillis;

    public HotBillApi(InvoiceStore invoices, UsageReports usage, GridAdmin grid, LiveBooths live,
                      Function<RoutingContext, Account> ownAccount, LongSupplier clockMillis) {
        this.invoices = invoices;
        this.usage = usage;
        this.grid = grid;
        this.live = live;
        this.ownAccount = ownAccount;
        this.clockMillis = clockMillis;
    }

    public void mount(Router router, ApiContract contract) {
        router.get("/v1/accounts/:account/hot-bill").handler(contract.validate("hotBill"))
                .blockingHandler(this::hotBill, false);
    }

    private void hotBill(RoutingContext ctx) {
        Account account = ownAccount.apply(ctx);
        Instant now = Instant.ofEpochMilli(clockMillis.getAsLong());
        BillingCycle cycle = invoices.profile(account.tenantId(), account.accountId()).map(BillingProfile::cycle)
                .orElse(CALENDAR_MONTH_UTC);
        BillingPeriod period = cycle.periodAt(now);
        LocalDate today = now.atZone(cycle.zone()).toLocalDate();
        UsageReport calls = usage.account(account.tenantId(), account.accountId(),
                new ReportPeriod(period.start(), today, cycle.zone())).toCompletableFuture().join();
        Usage called = Usage.NONE;
        for (UsageReport.Line line : calls.total()) {
            if (line.currency().equals(account.currency())) {
                called = called.plus(line.usage());
            }
        }
        JsonArray charges = new JsonArray();
        Money charged = Money.ZERO;
        for (ChargeLine charge : LedgerCharges.of(grid, account.accountId())) {
            if (!charge.periodStart().isBefore(period.start()) && charge.periodStart().isBefore(period.end())) {
                charges.add(new JsonObject().put("productId", charge.productId()).put("description", charge.description())
                        .put("amount", charge.amount().toPlainString()));
                charged = charged.plus(charge.amount());
            }
        }
        List<LiveBooths.LiveCall> inProgress = live.liveCalls(account.accountId());
        long soFar = 0;
        for (LiveBooths.LiveCall call : inProgress) {
            soFar = Math.addExact(soFar, call.costSoFarMicros(call.runningSeconds(now.toEpochMilli())));
        }
        Responses.json(ctx, 200, new JsonObject().put("account", account.accountId()).put("currency", account.currency())
                .put("from", period.start().toString()).put("to", period.end().minusDays(1).toString())
                .put("zone", cycle.zone().getId()).put("at", now.toString())
                .put("calls", new JsonObject().put("calls", called.calls()).put("answered", called.answered())
                        .put("billedSeconds", called.billedSeconds()).put("cost", called.cost().toPlainString()))
                .put("charges", charges).put("chargesTotal", charged.toPlainString())
                .put("liveCalls", new JsonObject().put("count", inProgress.size())
                        .put("costSoFar", Money.ofMicros(soFar).toPlainString()))
                .put("total", called.cost().plus(charged).toPlainString()));
    }
}
