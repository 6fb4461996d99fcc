/**
 * Notifications (issue 16): per-tenant rules that send low-balance crossings, long or expensive calls, issued and
 * overdue invoices by email (SMTP, Jakarta Mail through Eclipse Angus) and by signed webhook (HTTPS POST, HMAC-SHA256);
 * the notifier that reads the events through the owning modules' read APIs (the grid's {@code AccountEventFeed} and
 * {@code TenantAccounts}, the history's {@code InvoiceStore} and {@code CdrStore}), claims each (rule, channel, event)
 * once in a Cassandra delivery log, and delivers it at least once with bounded retries; and the admin API. Never on
 * the call path: it reads what the calls left behind, on threads of its own. It must not touch the charging or
 * session code, nor any grid cache by name.
 */
package io.tollgrid.gateway.notify;
