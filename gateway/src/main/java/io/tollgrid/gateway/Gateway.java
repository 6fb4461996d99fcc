package io.tollgrid.gateway;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.gateway.admin.AdminApi;
import io.tollgrid.gateway.admin.RateDecksApi;
import io.tollgrid.gateway.audit.AuditApi;
import io.tollgrid.gateway.audit.AuditLog;
import io.tollgrid.gateway.audit.AuditTrail;
import io.tollgrid.gateway.auth.Access;
import io.tollgrid.gateway.auth.PrincipalsApi;
import io.tollgrid.gateway.calls.CallsApi;
import io.tollgrid.gateway.cdrs.CdrSearchApi;
import io.tollgrid.gateway.cdrs.DestinationNames;
import io.tollgrid.gateway.console.Console;
import io.tollgrid.gateway.console.ConsoleAssets;
import io.tollgrid.gateway.console.NocSummary;
import io.tollgrid.gateway.calls.SwitchCalls;
import io.tollgrid.gateway.calls.SwitchGate;
import io.tollgrid.gateway.evapi.EvapiLinks;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.lockout.AuthLimits;
import io.tollgrid.gateway.lockout.AuthLockout;
import io.tollgrid.gateway.metrics.EndpointLabels;
import io.tollgrid.gateway.metrics.GatewayMetrics;
import io.tollgrid.gateway.invoice.InvoiceRenderer;
import io.tollgrid.gateway.invoice.InvoiceStrings;
import io.tollgrid.gateway.invoice.InvoiceVariant;
import io.tollgrid.gateway.invoice.HotBillApi;
import io.tollgrid.gateway.invoice.InvoicesApi;
import io.tollgrid.gateway.notify.NotificationStore;
import io.tollgrid.gateway.notify.NotificationsApi;
import io.tollgrid.gateway.notify.Notifier;
import io.tollgrid.gateway.notify.NotifySettings;
import io.tollgrid.gateway.reports.ReportsApi;
import io.tollgrid.gateway.product.ProductsApi;
import io.tollgrid.gateway.rerate.RerateApi;
import io.tollgrid.gateway.routing.ActiveDeck;
import io.tollgrid.gateway.routing.RoutesApi;
import io.tollgrid.gateway.shop.ShopApi;
import io.tollgrid.gateway.tenant.AccountListApi;
import io.tollgrid.gateway.tenant.LiveCallsApi;
import io.tollgrid.gateway.tenant.SellPlansApi;
import io.tollgrid.gateway.tenant.TenantApi;
import io.tollgrid.gateway.voucher.VoucherApi;
import io.tollgrid.gateway.card.CallingCardsApi;
import io.tollgrid.grid.card.CallingCards;
import io.tollgrid.grid.account.AccountEventFeed;
import io.tollgrid.grid.account.TenantAccounts;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.identity.PayerDirectory;
import io.tollgrid.grid.identity.SwitchDirectory;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridQuorum;
import io.tollgrid.grid.principal.Principals;
import io.tollgrid.grid.product.Products;
import io.tollgrid.grid.rateplan.NodeDecks;
import io.tollgrid.grid.rateplan.RateDecks;
import io.tollgrid.grid.rateplan.SellPlans;
import io.tollgrid.grid.shop.LiveBooths;
import io.tollgrid.grid.shop.Shops;
import io.tollgrid.grid.shop.TenantLiveCalls;
import io.tollgrid.grid.tenancy.TenantTree;
import io.tollgrid.grid.voucher.Vouchers;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.invoice.InvoiceRun;
import io.tollgrid.history.invoice.InvoiceStore;
import io.tollgrid.history.rollup.DailyRollups;
import io.tollgrid.history.rollup.UsageReports;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.ignite.Ignite;

import java.util.concurrent.TimeUnit;

/**
 * One gateway: a Cassandra session and a Vert.x HTTP server in front of an Ignite node, wired by hand.
 * {@link #close()} stops them in reverse order.
 *
 * <p>Two shapes. {@link #start} joins the grid as a client node of its own (a gateway tier that scales apart
 * from the grid). {@link #embeddedIn} serves from inside a grid server node, so operations on the accounts
 * that node owns run there without a network hop or a compute job (the local stack, and small deployments
 * where every host runs one grid node with its gateway); operations on other nodes' accounts still travel.
 */
public final class Gateway implements AutoCloseable {
    private final Ignite ignite;
    private final boolean ownsIgnite;
    private final CqlSession cassandra;
    private final Vertx vertx;
    private final HttpServer server;
    private final SwitchDirectory switches;
    private final ChargingClient charging;
    private final EvapiLinks evapi;
    private final Notifier notifier;

    private Gateway(Ignite ignite, boolean ownsIgnite, CqlSession cassandra, Vertx vertx, HttpServer server,
                    SwitchDirectory switches, ChargingClient charging, EvapiLinks evapi, Notifier notifier) {
        this.ignite = ignite;
        this.ownsIgnite = ownsIgnite;
        this.switches = switches;
        this.cassandra = cassandra;
        this.vertx = vertx;
        this.server = server;
        this.charging = charging;
        this.evapi = evapi;
        this.notifier = notifier;
    }

    /** A gateway that joins the grid as a client node of its own, and stops it on close. */
    public static Gateway start(GatewaySettings settings) {
        return start(settings, NotifySettings.DISABLED);
    }

    /** As {@link #start(GatewaySettings)}, running a notifier with these settings when they are enabled. */
    public static Gateway start(GatewaySettings settings, NotifySettings notify) {
        return start(settings, notify, GridNodes.startClient(settings.grid()), true);
    }

    /** A gateway serving from inside the given grid server node, which stays up when the gateway closes. */
    public static Gateway embeddedIn(Ignite serverNode, GatewaySettings settings) {
        return embeddedIn(serverNode, settings, NotifySettings.DISABLED);
    }

    /** As {@link #embeddedIn(Ignite, GatewaySettings)}, running a notifier with these settings when enabled. */
    public static Gateway embeddedIn(Ignite serverNode, GatewaySettings settings, NotifySettings notify) {
        if (serverNode.cluster().localNode().isClient()) {
            throw new IllegalArgumentException("an embedded gateway needs a grid server node, not a client");
        }
        return start(settings, notify, serverNode, false);
    }

    private static Gateway start(GatewaySettings settings, NotifySettings notify, Ignite ignite, boolean ownsIgnite) {
        CqlSession cassandra = null;
        Vertx vertx = null;
        SwitchDirectory switches = null;
        ChargingClient charging = null;
        Notifier notifier = null;
        try {
            switches = new SwitchDirectory(ignite);
            cassandra = settings.cassandra().openSession();
            CdrStore cdrs = CdrStore.open(cassandra, settings.keyspace(), settings.replication());
            AuditLog audit = AuditLog.open(cassandra, settings.keyspace());
            GatewayMetrics metrics = new GatewayMetrics();
            vertx = Vertx.vertx();
            ChargingClient lanes = charging = new ChargingClient(ignite);
            metrics.chargingBatches(() -> lanes.laneStats().batches(), () -> lanes.laneStats().operations(),
                    () -> lanes.laneStats().batchesRunLocally());
            ApiContract contract = ApiContract.load(vertx);
            CallingCards cards = new CallingCards(ignite, charging);
            SwitchCalls calls = new SwitchCalls(charging, new PayerDirectory(ignite), cards, metrics,
                    settings.gridDeadline());
            DailyRollups rollups = DailyRollups.open(cassandra, cdrs);
            UsageReports reports = new UsageReports(rollups);
            InvoiceStore invoiceStore = InvoiceStore.open(cassandra, settings.keyspace());
            java.util.function.Supplier<NotificationStore> notifications = NotificationStore.lazy(cassandra,
                    settings.keyspace());
            GridAdmin admin = new GridAdmin(ignite);
            if (notify.enabled()) {
                // Host and node name are the notifier's name in the delivery log's claims: stable across restarts,
                // and two gateways on different hosts never share one (the default node name is the same everywhere).
                notifier = new Notifier(notify, notifications.get(), new AccountEventFeed(ignite),
                        new TenantAccounts(ignite), admin, invoiceStore, cdrs,
                        invoice -> invoicePdf(invoice, invoiceStore, admin),
                        java.time.Clock.systemUTC(), "gateway:" + hostName() + "/" + ignite.name()).start();
                Notifier counted = notifier;
                metrics.notifications(counted::delivered, counted::failed, counted::throttled, counted::retried);
            }
            Notifier running = notifier;
            Router router = router(vertx, settings, metrics, contract, calls, charging, admin, cdrs, rollups,
                    audit, new SwitchGate(settings.operatorSwitches(), switches), ignite, reports,
                    new InvoiceRun(reports, invoiceStore), notifications, () -> {
                        if (running != null) {
                            running.rulesChanged();
                        }
                    });
            HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                            .setHost(settings.httpHost())
                            .setPort(settings.httpPort())
                            .setTcpNoDelay(true))
                    .requestHandler(router)
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            EvapiLinks evapi = EvapiLinks.start(vertx, settings.evapi(), calls, contract,
                    settings.operatorSwitches().credential(), metrics, () -> lanes.quorum().holds());
            return new Gateway(ignite, ownsIgnite, cassandra, vertx, server, switches, charging, evapi, notifier);
        } catch (Exception e) {
            if (notifier != null) {
                notifier.close();
            }
            if (charging != null) {
                charging.close();
            }
            if (switches != null) {
                switches.close();
            }
            if (vertx != null) {
                vertx.close();
            }
            if (cassandra != null) {
                cassandra.close();
            }
            if (ownsIgnite) {
                ignite.close();
            }
            throw new IllegalStateException("gateway failed to start: " + e.getMessage(), e);
        }
    }

    static Router router(Vertx vertx, GatewaySettings settings, GatewayMetrics metrics, ApiContract contract,
                         SwitchCalls calls, ChargingClient charging, GridAdmin admin, CdrStore cdrs, DailyRollups rollups,
                         AuditLog audit, SwitchGate switchGate, Ignite ignite, UsageReports reports,
                         InvoiceRun invoices, java.util.function.Supplier<NotificationStore> notifications,
                         Runnable rulesChanged) {
        Router router = Router.router(vertx);
        EndpointLabels endpoints = new EndpointLabels(java.util.stream.Stream.concat(contract.paths().stream(),
                java.util.stream.Stream.of("/health", "/health/ready", "/metrics", "/openapi.yaml", "/admin/rate-decks",
                        "/admin/rate-decks/active")).toList());
        router.route().handler(ctx -> timed(ctx, metrics, endpoints));
        AuthLockout lockout = new AuthLockout(AuthLimits.DEFAULTS, AuthLimits.PRINCIPAL_LOGINS, metrics);
        router.route().handler(lockout);
        router.route().handler(new AuditTrail(audit, endpoints));
        Principals principals = new Principals(ignite);
        Access access = new Access(principals, admin, new TenantTree(ignite), contract, settings.adminKey());
        new RateDecksApi(new RateDecks(ignite), settings.adminKey()).mount(router);
        router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
        access.mount(router);
        router.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")));
        // Readiness: a gateway whose side of the grid holds no quorum can only refuse calls; load balancers and
        // probes take it out of service until the quorum is back.
        router.get("/health/ready").handler(ctx -> {
            GridQuorum.View quorum = charging.quorum();
            Responses.json(ctx, quorum.holds() ? 200 : 503, new JsonObject()
                    .put("status", quorum.holds() ? "READY" : "NO_QUORUM")
                    .put("baselineNodes", quorum.baseline()).put("baselineNodesAlive", quorum.aliveBaseline()));
        });
        // Blocking: the reaped-sessions gauge reads a cluster-wide counter from the grid.
        router.get("/metrics").blockingHandler(ctx -> {
            metrics.reapedSessions(admin.reapedSessions());
            ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
        }, false);
        router.get("/openapi.yaml").handler(contract::serve);
        new CallsApi(calls).mount(router, switchGate, contract);
        TenantApi tenantApi = new TenantApi(admin, charging);
        tenantApi.mount(router, contract);
        new AccountListApi(new TenantAccounts(ignite), access, admin).mount(router, contract, tenantApi);
        SellPlans sellPlans = new SellPlans(ignite);
        new SellPlansApi(sellPlans, new RateDecks(ignite), admin).mount(router, contract);
        ActiveDeck activeDeck = new ActiveDeck(ignite);
        new CdrSearchApi(cdrs, tenantApi::ownAccount, destinationNames(ignite, activeDeck)).mount(router, contract);
        LiveBooths liveCalls = new LiveBooths(ignite);
        new LiveCallsApi(liveCalls, new TenantLiveCalls(ignite), tenantApi::ownAccount, tenantApi::authenticate,
                System::currentTimeMillis).mount(router, contract);
        new ReportsApi(reports, tenantApi, reports.carriers(), id -> admin.tenant(id).map(io.tollgrid.grid.tenancy.Tenant::name))
                .mount(router, contract);
        new AdminApi(admin, charging, sellPlans).mount(router, contract);
        new RerateApi(admin, activeDeck, cdrs, rollups, charging).mount(router, contract);
        new PrincipalsApi(principals, access, Principals.DEFAULT_IDLE_TIMEOUT, lockout).mount(router, contract);
        new AuditApi(audit).mount(router, contract);
        new Console(ConsoleAssets.load(), new NocSummary(metrics::scrape, charging::quorum, settings.noc()))
                .mount(router, contract);
        new VoucherApi(new Vouchers(ignite, charging), admin).mount(router, contract);
        new CallingCardsApi(new CallingCards(ignite, charging)).mount(router, contract);
        new ProductsApi(new Products(ignite, charging)).mount(router, contract);
        new InvoicesApi(invoices, admin, charging, cdrs).mount(router, contract);
        new HotBillApi(invoices.store(), reports, admin, liveCalls, tenantApi::ownAccount, System::currentTimeMillis)
                .mount(router, contract);
        new NotificationsApi(notifications, admin, access, rulesChanged).mount(router, contract);
        new RoutesApi(ignite, admin, activeDeck, settings.adminKey()).mount(router, switchGate, contract);
        router.route("/v1/shop*").handler(tenantApi::authenticate);
        new ShopApi(new Shops(ignite), liveCalls, admin, cdrs).mount(router, contract);
        router.route().last().handler(ctx -> Responses.fail(ctx, new ApiException(404, "NOT_FOUND", "no such endpoint")));
        router.route().failureHandler(Gateway::failure);
        return router;
    }

    /** Counts and times the request under its route template; every path outside the API shares one label. */
    private static void timed(RoutingContext ctx, GatewayMetrics metrics, EndpointLabels endpoints) {
        long started = System.nanoTime();
        String endpoint = endpoints.of(ctx.normalizedPath());
        ctx.addBodyEndHandler(ignored -> metrics.observe(endpoint, ctx.response().getStatusCode(),
                System.nanoTime() - started));
        ctx.next();
    }

    private static void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            Responses.json(ctx, 413, Responses.errorBody("BODY_TOO_LARGE", "the request body is too large"));
        } else if (ctx.failure() != null) {
            Responses.fail(ctx, ctx.failure());
        } else {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            Responses.json(ctx, status, Responses.errorBody(status == 405 ? "METHOD_NOT_ALLOWED" : "HTTP_" + status,
                    "request failed with status " + status));
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** The notifier this gateway runs, if notifications are enabled. */
    public java.util.Optional<Notifier> notifier() {
        return java.util.Optional.ofNullable(notifier);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }

    /** An issued invoice's summary PDF in the tenant's language, as the invoice API renders it. */
    private static byte[] invoicePdf(io.tollgrid.history.invoice.Invoice invoice, InvoiceStore store, GridAdmin admin) {
        io.tollgrid.history.invoice.InvoiceSettings settings = store.settings(invoice.tenantId());
        InvoiceStrings words = new InvoiceStrings(settings.language(), settings.strings());
        String tenantName = admin.tenant(invoice.tenantId()).map(io.tollgrid.grid.tenancy.Tenant::name)
                .orElse(invoice.tenantId());
        return InvoiceRenderer.pdf(InvoiceRenderer.document(invoice, tenantName, words, InvoiceVariant.SUMMARY,
                java.util.List.of(), java.time.Instant.now()), words);
    }

    @Override
    public void close() {
        try {
            if (notifier != null) {
                notifier.close();
            }
            evapi.close();
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // still close the rest
        } finally {
            charging.close();
            switches.close();
            cassandra.close();
            if (ownsIgnite) {
                ignite.close();
            }
        }
    }

    /**
     * Destination names from the decks this JVM holds: a gateway inside a grid node also uses the node's older
     * compiled versions (the version that priced a call while the node keeps it); one that is an Ignite client, the
     * active deck only.
     */
    private static DestinationNames destinationNames(Ignite ignite, ActiveDeck active) {
        NodeDecks local = NodeDecks.of(ignite);
        return new DestinationNames(local == null ? version -> null : local::held, active::get);
    }
}
