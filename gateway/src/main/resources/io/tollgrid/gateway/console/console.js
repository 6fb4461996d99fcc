'use strict';
// The console's pages: log in, the tenant's live calls and accounts (balance, usage report, CDR search, exports, top-ups), the
// reseller's customers and the NOC page (noc.js). Every call goes to the gateway's public API with the logged-in
// key (Login.authorization()), so what a page can show is exactly what that key may read.
const Console = (() => {
  const $ = (id) => document.getElementById(id);
  const PAGES = { login: 'login-page', portal: 'portal-page', customers: 'customers-page', noc: 'noc-page',
    shop: 'shop-page' };
  const KIND_PAGES = { tenant: ['portal', 'customers'], admin: ['noc'], shop: ['shop'] };
  const state = { account: null, cdrNext: null, cdrQuery: null, balanceTimer: null, liveTimer: null, liveBusy: false };

  // --- talking to the API -------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message) {
      super(code ? code + ': ' + message : message);
      this.status = status;
      this.code = code;
    }
  }

  async function call(method, path, body) {
    const headers = Object.assign({ Accept: 'application/json' }, Login.authorization());
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method: method, headers: headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      Login.logOut();
      show('login');
      throw new ApiError(401, 'UNAUTHENTICATED', 'the key is no longer accepted; log in again');
    }
    if (!response.ok) {
      let code = 'HTTP_' + response.status;
      let message = response.statusText;
      try {
        const error = (await response.json()).error;
        code = error.code;
        message = error.message;
      } catch (e) {
        // keep the status
      }
      throw new ApiError(response.status, code, message);
    }
    return response;
  }

  const getJson = async (path) => (await call('GET', path)).json();
  const postJson = async (path, body) => (await call('POST', path, body)).json();

  /** Fetches a file with the key (a plain link could not send it) and saves it under the server's file name. */
  async function download(path, fallbackName) {
    const response = await call('GET', path);
    const disposition = response.headers.get('content-disposition') || '';
    const named = /filename="([^"]+)"/.exec(disposition);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = named ? named[1] : fallbackName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say('Downloaded ' + link.download + ' (' + blob.size + ' bytes)');
  }

  function query(params) {
    const q = new URLSearchParams();
    Object.entries(params).forEach(([k, v]) => {
      if (v !== undefined && v !== null && String(v) !== '') {
        q.set(k, String(v));
      }
    });
    return q.toString();
  }

  // --- small DOM helpers -----------------------------------------------------------------------------------------

  function say(message, isError) {
    const status = $('status');
    status.textContent = message || '';
    status.className = isError ? 'error' : '';
  }

  function guarded(action) {
    return async (event) => {
      if (event) {
        event.preventDefault();
      }
      try {
        say('');
        await action(event);
      } catch (e) {
        say(e.message, true);
      }
    };
  }

  /** Fills a table from rows of objects: columns are [key, heading, isNumber]; text only, never markup. */
  function table(element, columns, rows, highlighted) {
    const head = document.createElement('tr');
    columns.forEach(([, heading]) => {
      const th = document.createElement('th');
      th.textContent = heading;
      head.appendChild(th);
    });
    const body = rows.map((row) => {
      const tr = document.createElement('tr');
      if (highlighted && highlighted(row)) {
        tr.className = 'highlight';
      }
      columns.forEach(([key, , numeric, render]) => {
        const td = document.createElement('td');
        if (numeric) {
          td.className = 'num';
        }
        const value = render ? render(row) : row[key];
        if (value instanceof Node) {
          td.appendChild(value);
        } else {
          td.textContent = value === undefined || value === null ? '' : String(value);
        }
        tr.appendChild(td);
      });
      return tr;
    });
    element.replaceChildren(head, ...body);
  }

  const localDate = (d) => d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  const localDateTime = (d) => localDate(d) + 'T' + String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');

  // --- pages -------------------------------------------------------------------------------------------------------

  function show(page) {
    const login = Login.current();
    if (!login) {
      page = 'login';
    } else if (!KIND_PAGES[login.kind].includes(page)) {
      page = KIND_PAGES[login.kind][0];
    }
    Object.entries(PAGES).forEach(([name, id]) => { $(id).hidden = name !== page; });
    $('nav').hidden = !login;
    document.querySelectorAll('#nav a').forEach((a) => {
      a.hidden = !login || a.dataset.kind !== login.kind;
      a.classList.toggle('active', a.id === 'nav-' + page);
    });
    $('who').textContent = login ? ({ admin: 'operator', shop: 'shop operator' }[login.kind] || 'tenant') : '';
    if (location.hash !== '#' + page) {
      history.replaceState(null, '', '#' + page);
    }
    if (page !== 'portal') {
      stopBalance();
      stopLiveCalls();
    }
    if (page === 'noc') {
      Noc.start(getJson);
    } else {
      Noc.stop();
    }
    if (page === 'portal') {
      loadAccountList();
      startLiveCalls();
    }
    if (page === 'shop') {
      Shop.start(shopApi);
    } else {
      Shop.stop();
    }
  }

  async function loadAccountList() {
    try {
      const page = await getJson('/v1/accounts?' + query({ limit: 500 }));
      const options = page.accounts.map((row) => {
        const option = document.createElement('option');
        option.value = row.account;
        option.textContent = row.account + ' (' + row.balance + ' ' + row.currency + ')';
        return option;
      });
      $('account-list').replaceChildren(...options);
    } catch (e) {
      // the list is a convenience (an end user may not list accounts); an account can still be typed
    }
  }

  async function openAccount(account) {
    const balance = await getJson('/v1/accounts/' + encodeURIComponent(account) + '/balance');
    state.account = account;
    state.cdrNext = null;
    $('account').value = account;
    $('account-title').textContent = account;
    $('account-view').hidden = false;
    $('report').hidden = true;
    $('cdr-table').replaceChildren();
    $('cdr-count').textContent = '';
    $('cdr-next').hidden = true;
    showBalance(balance);
    startBalance();
    await loadTopUps();
  }

  function showBalance(b) {
    $('balance-balance').textContent = b.balance + ' ' + b.currency;
    $('balance-available').textContent = b.available + ' ' + b.currency;
    $('balance-reserved').textContent = b.reserved + ' ' + b.currency;
    $('balance-credit').textContent = b.creditLimit + ' ' + b.currency;
    $('balance-status').textContent = b.status;
  }

  function startBalance() {
    stopBalance();
    state.balanceTimer = setInterval(async () => {
      if (!state.account) {
        return;
      }
      try {
        showBalance(await getJson('/v1/accounts/' + encodeURIComponent(state.account) + '/balance'));
      } catch (e) {
        say(e.message, true);
      }
    }, 5000);
  }

  function stopBalance() {
    if (state.balanceTimer) {
      clearInterval(state.balanceTimer);
      state.balanceTimer = null;
    }
  }

  // --- live calls: the tenant's own accounts' calls in progress, polled like the balance -----------------------------

  async function refreshLiveCalls() {
    if (state.liveBusy) {
      return;
    }
    state.liveBusy = true;
    try {
      const live = await getJson('/v1/live-calls');
      const open = (row) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Open';
        button.addEventListener('click', guarded(() => openAccount(row.account)));
        return button;
      };
      table($('live-table'), [['account', 'Account'], ['callId', 'Call id'], ['callee', 'Callee'],
        ['authorisedAt', 'Authorised (UTC)'], ['answeredAt', 'Answered (UTC)'], ['runningSeconds', 'Running (s)', true],
        ['costSoFar', 'Cost so far', true], ['currency', 'Cur.'], ['', '', false, open]], live.calls);
      $('live-count').textContent = live.count + (live.count === 1 ? ' call' : ' calls') + ' in progress'
        + (live.limited ? ', the first ' + live.count + ' by account: more are in progress' : '') + ' at ' + live.at + '.';
      $('live-calls').dataset.count = String(live.count);
      $('live-calls').hidden = false;
    } catch (e) {
      if (e.status === 403) {
        // An end user's key: its account's calls are on the account's page, not the tenant's.
        $('live-calls').hidden = true;
        stopLiveCalls();
      } else {
        say(e.message, true);
      }
    } finally {
      state.liveBusy = false;
    }
  }

  function startLiveCalls() {
    stopLiveCalls();
    refreshLiveCalls();
    state.liveTimer = setInterval(refreshLiveCalls, 5000);
  }

  function stopLiveCalls() {
    if (state.liveTimer) {
      clearInterval(state.liveTimer);
      state.liveTimer = null;
    }
  }

  // --- usage report --------------------------------------------------------------------------------------------------

  function reportQuery(format) {
    return query({
      from: $('report-from').value, to: $('report-to').value, zone: $('report-zone').value.trim(),
      longCallSeconds: $('report-long').value, expensiveCallCost: $('report-expensive').value.trim(), format: format,
    });
  }

  const usageColumns = (keyName, heading) => [
    [keyName, heading], ['calls', 'Calls', true], ['answered', 'Answered', true], ['asr', 'ASR %', true],
    ['acdSeconds', 'ACD (s)', true], ['answeredSeconds', 'Seconds', true],
    ['billedSeconds', 'Billed s', true], ['cost', 'Cost', true], ['currency', 'Cur.'],
    ['longestCallSeconds', 'Longest (s)', true], ['dearestCall', 'Dearest', true],
  ];

  async function runReport() {
    const path = '/v1/accounts/' + encodeURIComponent(state.account) + '/reports/usage?' + reportQuery('json');
    const report = await getJson(path);
    $('report').hidden = false;
    const highlighted = (row) => row.highlight;
    table($('report-total'), usageColumns('currency', 'Total'), report.total, highlighted);
    table($('report-top'), usageColumns('destination', 'Destination'), report.topDestinations, highlighted);
    table($('report-disposition'), usageColumns('disposition', 'Disposition'), report.byDisposition, highlighted);
    table($('report-extension'), usageColumns('extension', 'Extension'), report.byExtension, highlighted);
    table($('report-department'), usageColumns('department', 'Department'), report.byDepartment, highlighted);
    table($('report-call-type'), usageColumns('callType', 'Call type'), report.byCallType, highlighted);
    table($('report-carrier'), usageColumns('carrier', 'Carrier').concat([['buyCost', 'Buy cost', true],
      ['margin', 'Margin', true]]), report.byCarrier, highlighted);
    table($('report-trunk'), usageColumns('trunk', 'PBX trunk'), report.byTrunk, highlighted);
    Charts.bars($('chart-by-day'), report.byDay.map((r) => r.date), report.byDay.map((r) => Number(r.cost)),
      report.byDay.map((r) => r.highlight));
    Charts.bars($('chart-by-hour'), report.byHour.map((r) => r.hour), report.byHour.map((r) => r.calls),
      report.byHour.map((r) => r.highlight));
    const calls = report.total.reduce((sum, r) => sum + r.calls, 0);
    $('report').dataset.calls = String(calls);
    say('Report for ' + report.from + ' to ' + report.to + ' (' + report.zone + '): ' + calls + ' calls');
  }

  // --- CDR search ----------------------------------------------------------------------------------------------------

  function cdrParams() {
    return {
      from: new Date($('cdr-from').value).toISOString(), to: new Date($('cdr-to').value).toISOString(),
      caller: $('cdr-caller').value.trim(), calleePrefix: $('cdr-callee-prefix').value.trim(),
      disposition: $('cdr-disposition').value, minDurationSeconds: $('cdr-min-duration').value,
      minCost: $('cdr-min-cost').value.trim(), extension: $('cdr-extension').value.trim(),
      callType: $('cdr-call-type').value, trunk: $('cdr-trunk').value.trim(),
    };
  }

  async function searchCdrs(cursor) {
    const base = '/v1/accounts/' + encodeURIComponent(state.account) + '/cdrs?';
    const path = cursor ? base + query({ cursor: cursor, limit: $('cdr-limit').value })
      : base + query(Object.assign(cdrParams(), { limit: $('cdr-limit').value }));
    const page = await getJson(path);
    table($('cdr-table'), [
      ['startTime', 'Start (UTC)'], ['caller', 'Caller'], ['callee', 'Callee'], ['extension', 'Extension'],
      ['department', 'Department'], ['callType', 'Call type'], ['destination', 'Destination'], ['trunk', 'Trunk'], ['disposition', 'Disposition'], ['durationSeconds', 'Seconds', true], ['billedSeconds', 'Billed s', true], ['cost', 'Cost', true],
      ['currency', 'Cur.'], ['rateId', 'Rate'], ['callId', 'Call id'], ['source', 'Source'],
    ], page.cdrs, (row) => row.estimated);
    state.cdrNext = page.next;
    $('cdr-count').textContent = page.count + ' calls on this page' + (page.next ? '; more follow' : '; no more');
    $('cdr-next').hidden = !page.next;
  }

  async function exportCdrs() {
    const path = '/v1/accounts/' + encodeURIComponent(state.account) + '/cdrs/export?' + query(cdrParams());
    await download(path, 'cdrs-' + state.account + '.csv');
  }

  // --- top-ups -------------------------------------------------------------------------------------------------------

  async function loadTopUps() {
    const history = await getJson('/v1/accounts/' + encodeURIComponent(state.account) + '/topups');
    table($('topups-table'), [['at', 'When'], ['kind', 'Kind'], ['amount', 'Amount', true],
      ['balanceAfter', 'Balance after', true], ['to', 'To'], ['note', 'Note'], ['transferId', 'Transfer id']],
    history.transfers.slice().reverse());
  }

  function transferId() {
    return 'console-' + (crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(16).slice(2));
  }

  async function topUp() {
    const answer = await postJson('/v1/accounts/' + encodeURIComponent(state.account) + '/topups', {
      transferId: transferId(), amount: $('topup-amount').value.trim(), note: $('topup-note').value.trim() || undefined,
    });
    say('Topped up ' + answer.amount + '; balance now ' + answer.balanceAfter);
    $('topup-amount').value = '';
    await openAccount(state.account);
  }

  async function redeem() {
    const answer = await postJson('/v1/accounts/' + encodeURIComponent(state.account) + '/vouchers/redeem',
      { code: $('voucher-code').value.trim() });
    say('Voucher redeemed: ' + answer.amount + ' ' + answer.currency + '; balance now ' + answer.balanceAfter);
    $('voucher-code').value = '';
    await openAccount(state.account);
  }

  // --- customers (reseller view) -----------------------------------------------------------------------------------

  function customersQuery(format) {
    return query({ from: $('customers-from').value, to: $('customers-to').value, format: format });
  }

  async function showCustomers() {
    const report = await getJson('/v1/reports/usage-by-account?' + customersQuery('json'));
    const open = (row) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Open';
      button.addEventListener('click', guarded(async () => {
        show('portal');
        await openAccount(row.account);
      }));
      return button;
    };
    table($('customers-table'), usageColumns('account', 'Account').concat([['', '', false, open]]), report.accounts,
      (row) => row.highlight);
  }

  // --- start -----------------------------------------------------------------------------------------------------------

  function defaults() {
    const now = new Date();
    const monthStart = new Date(now.getFullYear(), now.getMonth(), 1);
    ['report-from', 'customers-from'].forEach((id) => { $(id).value = localDate(monthStart); });
    ['report-to', 'customers-to'].forEach((id) => { $(id).value = localDate(now); });
    $('report-zone').value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    $('cdr-from').value = localDateTime(new Date(now.getTime() - 7 * 86400000));
    $('cdr-to').value = localDateTime(new Date(now.getTime() + 3600000));
  }

  // What the shop page (shop.js) uses of this file.
  const shopApi = {
    getJson: (path) => getJson(path), postJson: (path, body) => postJson(path, body),
    download: (path, name) => download(path, name), guarded: (action) => guarded(action),
    table: (element, columns, rows, highlighted) => table(element, columns, rows, highlighted),
    say: (message, isError) => say(message, isError),
  };

  function init() {
    defaults();
    Shop.init(shopApi);
    $('login-form').addEventListener('submit', guarded(async () => {
      const login = await Login.logIn($('login-kind').value, $('login-key').value.trim());
      $('login-key').value = '';
      show(KIND_PAGES[login.kind][0]);
    }));
    $('logout').addEventListener('click', () => {
      Login.logOut();
      state.account = null;
      $('account-view').hidden = true;
      $('live-calls').hidden = true;
      $('live-table').replaceChildren();
      show('login');
    });
    $('account-form').addEventListener('submit', guarded(() => openAccount($('account').value.trim())));
    $('report-form').addEventListener('submit', guarded(runReport));
    $('report-csv').addEventListener('click', guarded(() => download('/v1/accounts/' + encodeURIComponent(state.account)
      + '/reports/usage?' + reportQuery('csv'), 'usage.csv')));
    $('report-xlsx').addEventListener('click', guarded(() => download('/v1/accounts/' + encodeURIComponent(state.account)
      + '/reports/usage?' + reportQuery('xlsx'), 'usage.xlsx')));
    $('report-pdf').addEventListener('click', guarded(() => download('/v1/accounts/' + encodeURIComponent(state.account)
      + '/reports/usage?' + reportQuery('pdf'), 'usage.pdf')));
    $('cdr-form').addEventListener('submit', guarded(() => searchCdrs(null)));
    $('cdr-next').addEventListener('click', guarded(() => searchCdrs(state.cdrNext)));
    $('cdr-export').addEventListener('click', guarded(exportCdrs));
    $('topup-form').addEventListener('submit', guarded(topUp));
    $('voucher-form').addEventListener('submit', guarded(redeem));
    $('customers-form').addEventListener('submit', guarded(showCustomers));
    $('customers-xlsx').addEventListener('click', guarded(() => download('/v1/reports/usage-by-account?'
      + customersQuery('xlsx'), 'usage-by-account.xlsx')));
    window.addEventListener('hashchange', () => show(location.hash.slice(1)));
    show(location.hash.slice(1) || 'portal');
  }

  return { init: init };
})();

document.addEventListener('DOMContentLoaded', Console.init);
