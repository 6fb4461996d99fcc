package io.tollgrid.gateway.auth;

import io.tollgrid.grid.principal.Role;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.tollgrid.grid.principal.Role.END_USER;
import static io.tollgrid.grid.principal.Role.ENTERPRISE_ADMIN;
import static io.tollgrid.grid.principal.Role.OPERATOR;
import static io.tollgrid.grid.principal.Role.READ_ONLY;
import static io.tollgrid.grid.principal.Role.RESELLER_ADMIN;
import static io.tollgrid.grid.principal.Role.SHOP_OPERATOR;

/**
 * The role table: for every operation of the OpenAPI document that a principal calls, the roles allowed. An
 * operation missing here is the operator's alone (and {@code RulesTest} fails until it is added), as is every
 * admin path outside the document (rate decks).
 */
public final class Rules {
    /** Operations a switch calls, authenticated by the switch API, never by principals. */
    static final Set<String> SWITCH_OPERATIONS = Set.of("authorise", "start", "interim", "stop", "queryRoutes");
    /** Operations anyone may call: a login proves who it is by its body. */
    static final Set<String> PUBLIC_OPERATIONS = Set.of("login");

    static final Map<String, Rule> RULES = Map.ofEntries(
            // Tenant API: a tenant's own objects.
            Map.entry("balance", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, END_USER)),
            Map.entry("accounts", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY)),
            Map.entry("cdrs", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, END_USER)),
            Map.entry("exportCdrs", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, END_USER)),
            Map.entry("accountUsageReport", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, END_USER)),
            Map.entry("topUpHistory", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, END_USER)),
            Map.entry("liveCalls", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, END_USER)),
            Map.entry("hotBill", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, END_USER)),
            Map.entry("usageByAccountReport", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY)),
            // Tenant-wide like usageByAccountReport: an end user is bound to one account and reads its calls there.
            Map.entry("tenantLiveCalls", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY)),
            Map.entry("topUp", Rule.tenant(RESELLER_ADMIN)),
            Map.entry("redeemVoucher", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, END_USER)),
            Map.entry("tenantAudit", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY)),
            // Sell plans: a reseller admin marks up its own buy plan and puts its subtree's accounts on the result.
            Map.entry("ratePlans", Rule.tenant(RESELLER_ADMIN, READ_ONLY)),
            Map.entry("putSellPlan", Rule.tenant(RESELLER_ADMIN)),
            Map.entry("assignRatePlan", Rule.tenant(RESELLER_ADMIN)),
            // Call shops: the shop's operators run their own day sessions; its admins and read-only principals read.
            Map.entry("shop", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, SHOP_OPERATOR)),
            Map.entry("shopBooths", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, SHOP_OPERATOR)),
            Map.entry("shopSessions", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, SHOP_OPERATOR)),
            Map.entry("shopSession", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, SHOP_OPERATOR)),
            Map.entry("shopDayReport", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, SHOP_OPERATOR)),
            Map.entry("shopReceipt", Rule.tenant(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, SHOP_OPERATOR)),
            Map.entry("openShopSession", Rule.tenant(SHOP_OPERATOR)),
            Map.entry("payShopCalls", Rule.tenant(SHOP_OPERATOR)),
            Map.entry("markShopCallsUnpaid", Rule.tenant(SHOP_OPERATOR)),
            Map.entry("closeShopSession", Rule.tenant(SHOP_OPERATOR)),
            // Admin API: the operator, and tenant admins within their subtree.
            Map.entry("putTenant", Rule.admin(RESELLER_ADMIN)),
            Map.entry("createAccount", Rule.admin(RESELLER_ADMIN)),
            Map.entry("setStatus", Rule.admin(RESELLER_ADMIN)),
            Map.entry("putSubscriber", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("setSubscriberDepartment", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("putSwitch", Rule.admin(RESELLER_ADMIN)),
            Map.entry("putIdentity", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("putShop", Rule.admin(RESELLER_ADMIN)),
            Map.entry("createPrincipal", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("listPrincipals", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY)),
            Map.entry("issueKey", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("revokeKey", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("disablePrincipal", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("setPassword", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("logout", new Rule(EnumSet.allOf(Role.class), false)),
            Map.entry("changePassword", new Rule(EnumSet.allOf(Role.class), false)),
            // The operator's alone: global prices, money, vouchers, products, routing; read-only may read.
            Map.entry("putRatePlan", Rule.admin()),
            Map.entry("transfer", Rule.admin()),
            Map.entry("rerateAccount", Rule.admin()),
            Map.entry("generateVouchers", Rule.admin()),
            Map.entry("reclaimVouchers", Rule.admin()),
            // Calling cards: the operator's are paid at first use; a reseller's batch is prepaid from its wallet.
            Map.entry("generateCallingCards", Rule.admin(RESELLER_ADMIN)),
            Map.entry("putProduct", Rule.admin()),
            // Invoices: the operator and reseller admins within their subtree; enterprise admins and read-only read.
            Map.entry("putBillingProfile", Rule.admin(RESELLER_ADMIN)),
            Map.entry("putTaxRule", Rule.admin(RESELLER_ADMIN)),
            Map.entry("putInvoiceSettings", Rule.admin(RESELLER_ADMIN)),
            Map.entry("runInvoices", Rule.admin(RESELLER_ADMIN)),
            Map.entry("listInvoices", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY)),
            Map.entry("getInvoice", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY)),
            Map.entry("voidInvoice", Rule.admin(RESELLER_ADMIN)),
            Map.entry("creditInvoice", Rule.admin(RESELLER_ADMIN)),
            Map.entry("recordPayment", Rule.admin(RESELLER_ADMIN)),
            // Notifications: a tenant's admins set its rules; read-only principals read them and the delivery log.
            Map.entry("putNotificationRule", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("removeNotificationRule", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("listNotificationRules", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY)),
            Map.entry("listNotificationDeliveries", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY)),
            Map.entry("putNotificationTemplate", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("removeNotificationTemplate", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN)),
            Map.entry("listNotificationTemplates", Rule.admin(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY)),
            Map.entry("assignProduct", Rule.admin()),
            Map.entry("runCharges", Rule.admin()),
            Map.entry("putCarrier", Rule.admin()),
            Map.entry("putRoutePlan", Rule.admin()),
            Map.entry("voucherBatch", Rule.admin(READ_ONLY)),
            Map.entry("auditLog", Rule.admin(READ_ONLY)),
            Map.entry("nocSummary", Rule.admin(READ_ONLY)),
            // Carriers and their buy prices are the operator's, never a tenant's.
            Map.entry("carrierReport", Rule.admin(READ_ONLY)));

    /** Operations an operator-wide principal reads only with no tenant (the operator's own views). */
    static final Set<String> OPERATOR_VIEWS = Set.of("voucherBatch", "auditLog", "nocSummary", "carrierReport");

    private Rules() {
    }

    /** The rule of an operation; empty for switch and public operations and for ones the table lacks. */
    static Optional<Rule> of(String operationId) {
        return Optional.ofNullable(RULES.get(operationId));
    }

    /** Whether the caller may call the operation at all (its objects are checked afterwards). */
    static boolean allows(Caller caller, String operationId) {
        if (caller.isOperator()) {
            return true;
        }
        Rule rule = RULES.get(operationId);
        if (rule == null || !rule.allows(caller)) {
            return false;
        }
        return !OPERATOR_VIEWS.contains(operationId) || caller.tenantId() == null;
    }

    /** The roles a caller may give to principals it creates, or whose keys it manages. */
    public static Set<Role> grantable(Caller caller) {
        return switch (caller.role()) {
            case OPERATOR -> EnumSet.allOf(Role.class);
            case RESELLER_ADMIN -> EnumSet.of(RESELLER_ADMIN, ENTERPRISE_ADMIN, READ_ONLY, END_USER, SHOP_OPERATOR);
            case ENTERPRISE_ADMIN -> EnumSet.of(ENTERPRISE_ADMIN, READ_ONLY, END_USER, SHOP_OPERATOR);
            default -> EnumSet.noneOf(Role.class);
        };
    }

    /** Every operation with a rule, for tests. */
    public static Set<String> operations() {
        return RULES.keySet();
    }

    static Set<Role> rolesOf(String operationId) {
        return RULES.containsKey(operationId) ? RULES.get(operationId).roles() : EnumSet.of(OPERATOR);
    }
}
