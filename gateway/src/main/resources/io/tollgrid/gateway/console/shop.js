'use strict';
// The call shop page, for a shop operator: open the day session with a cash float, watch the booths (calling, idle,
// a finished call waiting for payment), select calls and pay them at once (one receipt), mark calls unpaid, close the
// session with the cash counted and print the day report. Everything goes through the shop API (/v1/shop...) with the
// logged-in credential; the page builds its tables with DOM calls, so API data is always text.
const Shop = (() => {
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 3000;
  let api = null;
  let timer = null;
  let sessionId = null;
  let lastReceipt = null;
  const selected = new Set();

  const keyOf = (call) => call.account + '/' + call.callId;
  const today = () => new Date().toISOString().slice(0, 10);

  function text(value) {
    return document.createTextNode(value === undefined || value === null ? '' : String(value));
  }

  function start(calls) {
    api = calls;
    refresh();
    if (!timer) {
      timer = setInterval(() => refresh().catch(() => {}), POLL_MS);
    }
  }

  function stop() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  async function refresh() {
    const shop = await api.getJson('/v1/shop');
    $('shop-name').textContent = shop.name;
    $('shop-wallet').textContent = shop.wallet ? shop.wallet.balance + ' ' + shop.wallet.currency : '–';
    const list = await api.getJson('/v1/shop/sessions?from=' + today());
    const open = list.sessions.find((s) => s.state === 'OPEN');
    sessionId = open ? open.sessionId : null;
    $('shop-open-form').hidden = !!open;
    $('shop-session').hidden = !open;
    renderSessions(list.sessions);
    if (open) {
      renderSession(await api.getJson('/v1/shop/sessions/' + encodeURIComponent(sessionId)));
    }
    renderBooths(await api.getJson('/v1/shop/booths'));
  }

  function renderSessions(sessions) {
    api.table($('shop-sessions'), [['sessionId', 'Session'], ['state', 'State'], ['openedAt', 'Opened'],
      ['closedAt', 'Closed'], ['openingFloat', 'Float', true], ['cashCounted', 'Counted', true],
      ['report', 'Day report', false, (s) => reportButton(s.sessionId)]], sessions);
  }

  function reportButton(id) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'shop-report-pdf';
    button.dataset.session = id;
    button.textContent = 'PDF';
    button.addEventListener('click', api.guarded(() => api.download('/v1/shop/sessions/' + encodeURIComponent(id)
      + '/report?format=pdf', 'day-report.pdf')));
    return button;
  }

  function renderSession(s) {
    $('shop-session-id').textContent = s.sessionId;
    $('shop-session-opened').textContent = s.openedAt;
    $('shop-session-float').textContent = s.openingFloat;
    $('shop-session-expected').textContent = s.cashExpected;
    $('shop-session-calls').textContent = s.callCount + ' calls, ' + s.minutes + ' min';
    const known = new Set(s.calls.map(keyOf));
    [...selected].forEach((k) => { if (!known.has(k)) selected.delete(k); });
    api.table($('shop-calls'), [
      ['pick', '', false, (c) => checkbox(c)], ['account', 'Booth'], ['callee', 'Number'], ['startTime', 'Start'],
      ['durationSeconds', 'Seconds', true], ['price', 'Price', true], ['status', 'Status'], ['receiptId', 'Receipt']],
      s.calls, (c) => c.status !== 'PAID');
    updateTotal(s.calls);
  }

  function checkbox(call) {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'shop-pick';
    box.dataset.call = call.callId;
    box.disabled = call.status === 'PAID';
    box.checked = selected.has(keyOf(call));
    box.addEventListener('change', () => {
      if (box.checked) {
        selected.add(keyOf(call));
      } else {
        selected.delete(keyOf(call));
      }
      updateTotal(null);
    });
    return box;
  }

  let lastCalls = [];
  function updateTotal(calls) {
    if (calls) {
      lastCalls = calls;
    }
    // Shown only: decimal strings of micros, added as whole micros so the figure is exact.
    let micros = 0n;
    lastCalls.filter((c) => selected.has(keyOf(c))).forEach((c) => {
      const [units, fraction = ''] = c.price.split('.');
      micros += BigInt(units) * 1000000n + BigInt((fraction + '000000').slice(0, 6));
    });
    const units = micros / 1000000n;
    const rest = String(micros % 1000000n).padStart(6, '0');
    $('shop-selected').textContent = selected.size + ' selected, ' + units + '.' + rest;
  }

  function renderBooths(answer) {
    const rows = answer.booths.map((b) => {
      const call = b.calls[0];
      return {
        booth: b.booth, state: b.state,
        callee: call ? call.callee : (b.waiting[0] ? b.waiting[0].callee : ''),
        running: call ? call.runningSeconds + ' s' : '',
        cost: call ? call.costSoFar : (b.waiting.length ? b.waiting.map((w) => w.price).join(' + ') : ''),
      };
    });
    api.table($('shop-booths'), [['booth', 'Booth'], ['state', 'State'], ['callee', 'Destination'],
      ['running', 'Running'], ['cost', 'Cost so far / to pay', true]], rows, (r) => r.state !== 'IDLE');
  }

  async function openSession() {
    const answer = await api.postJson('/v1/shop/sessions', { openingFloat: $('shop-float').value.trim() });
    api.say('Session ' + answer.sessionId + ' opened with ' + answer.openingFloat);
    await refresh();
  }

  function chosen() {
    if (!selected.size) {
      throw new Error('select one or more calls first');
    }
    return [...selected].map((k) => {
      const slash = k.indexOf('/');
      return { account: k.slice(0, slash), callId: k.slice(slash + 1) };
    });
  }

  async function pay() {
    const receipt = await api.postJson('/v1/shop/sessions/' + encodeURIComponent(sessionId) + '/pay', { calls: chosen() });
    selected.clear();
    lastReceipt = receipt.receiptId;
    $('shop-receipt').hidden = false;
    $('shop-receipt-id').textContent = receipt.receiptId;
    $('shop-receipt-total').textContent = receipt.total;
    api.say('Paid ' + receipt.calls.length + ' calls: ' + receipt.total + ' (receipt ' + receipt.receiptId + ')');
    await refresh();
  }

  async function unpaid() {
    await api.postJson('/v1/shop/sessions/' + encodeURIComponent(sessionId) + '/unpaid', { calls: chosen() });
    selected.clear();
    await refresh();
  }

  async function close() {
    const id = sessionId;
    const report = await api.postJson('/v1/shop/sessions/' + encodeURIComponent(id) + '/close',
      { cashCounted: $('shop-counted').value.trim() });
    $('shop-report').hidden = false;
    $('shop-report').dataset.session = id;
    const lines = [['Opened at', report.openedAt], ['Closed at', report.closedAt], ['Calls', report.callCount],
      ['Minutes', report.minutes], ['Cash expected', report.cashExpected], ['Cash counted', report.cashCounted],
      ['Difference', report.difference], ['Unpaid calls', report.unpaid.length],
      ['Unserved calls', report.unserved.length]].map(([label, value]) => ({ label: label, value: value }));
    api.table($('shop-report-table'), [['label', ''], ['value', 'Day report', true]], lines);
    api.say('Session closed; difference ' + report.difference);
    await refresh();
  }

  function init(calls) {
    api = calls;
    $('shop-open-form').addEventListener('submit', api.guarded(openSession));
    $('shop-pay').addEventListener('click', api.guarded(pay));
    $('shop-unpaid').addEventListener('click', api.guarded(unpaid));
    $('shop-close-form').addEventListener('submit', api.guarded(close));
    $('shop-receipt-html').addEventListener('click', api.guarded(() => api.download('/v1/shop/receipts/'
      + encodeURIComponent(lastReceipt) + '?format=html', 'receipt.html')));
    $('shop-receipt-pdf').addEventListener('click', api.guarded(() => api.download('/v1/shop/receipts/'
      + encodeURIComponent(lastReceipt) + '?format=pdf', 'receipt.pdf')));
    $('shop-report-print').addEventListener('click', api.guarded(() => api.download('/v1/shop/sessions/'
      + encodeURIComponent($('shop-report').dataset.session) + '/report?format=pdf', 'day-report.pdf')));
    $('shop-report-html').addEventListener('click', api.guarded(() => api.download('/v1/shop/sessions/'
      + encodeURIComponent($('shop-report').dataset.session) + '/report?format=html', 'day-report.html')));
  }

  return { init: init, start: start, stop: stop, text: text };
})();
