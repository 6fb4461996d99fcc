'use strict';
// The NOC page: polls GET /admin/noc (the gateway's summary of its own, the grid nodes' and ingest's /metrics) every
// two seconds. Counters there are totals since each process started; calls per second and the authorise latency
// quantiles shown here are over the interval between two polls (the difference of the totals and of the histogram
// buckets), as Prometheus's rate() and histogram_quantile() would give them.
const Noc = (() => {
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 2000;
  const HISTORY = 150;
  let timer = null;
  let previous = null;
  let history = { cps: [], live: [] };

  function start(getJson) {
    if (timer) {
      return;
    }
    const poll = async () => {
      try {
        render(await getJson('/admin/noc'));
      } catch (e) {
        $('noc-updated').textContent = 'Not updated: ' + e.message;
      }
    };
    poll();
    timer = setInterval(poll, POLL_MS);
  }

  function stop() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    previous = null;
    history = { cps: [], live: [] };
  }

  /** The upper bound of the bucket holding quantile q, from cumulative bucket counts [{le, count}]. */
  function quantile(buckets, q) {
    if (!buckets.length) {
      return null;
    }
    const total = buckets[buckets.length - 1].count;
    if (total <= 0) {
      return null;
    }
    const hit = buckets.find((b) => b.count >= q * total);
    return !hit || hit.le === '+Inf' ? null : Number(hit.le);
  }

  function ms(seconds) {
    return seconds === null ? '–' : (seconds * 1000 >= 1 ? Math.round(seconds * 1000) : seconds * 1000) + ' ms';
  }

  function render(s) {
    const at = Date.parse(s.at);
    const auth = s.gateway.authorise;
    let cps = null;
    let p50 = auth.p50Seconds;
    let p99 = auth.p99Seconds;
    let window = 'since start';
    if (previous && at > previous.at) {
      const seconds = (at - previous.at) / 1000;
      cps = Math.max(0, (auth.requests - previous.requests) / seconds);
      const delta = auth.latencyBuckets.map((b, i) => ({
        le: b.le, count: b.count - ((previous.buckets[i] && previous.buckets[i].count) || 0),
      }));
      if (delta.length && delta[delta.length - 1].count > 0) {
        p50 = quantile(delta, 0.5);
        p99 = quantile(delta, 0.99);
        window = 'last ' + Math.round(seconds) + ' s';
      }
    }
    previous = { at: at, requests: auth.requests, buckets: auth.latencyBuckets };
    const grid = s.grid;
    const live = grid.nodes.length ? grid.liveSessions : s.gateway.callsInProgress;
    $('noc-cps').textContent = cps === null ? '–' : (Math.round(cps * 10) / 10).toString();
    $('noc-in-progress').textContent = String(live);
    $('noc-latency').textContent = ms(p50) + ' / ' + ms(p99);
    $('noc-latency').title = 'authorise, ' + window + ' (bucket upper bounds)';
    const up = grid.nodes.filter((n) => n.up).length;
    $('noc-grid-nodes').textContent = grid.nodes.length ? grid.serverNodes + ' (' + up + '/' + grid.nodes.length
      + ' answering)' : (s.gateway.quorum.baselineNodesAlive + '/' + s.gateway.quorum.baselineNodes + ' baseline');
    $('noc-grid-nodes').classList.toggle('down', !s.gateway.quorum.holds || up < grid.nodes.length);
    $('noc-outbox').textContent = String(grid.nodes.length ? grid.outboxEntries : s.ingest.outboxBacklog);
    $('noc-rejects').textContent = String(s.ingest.rejected);
    $('noc-updated').textContent = 'Updated ' + new Date(at).toLocaleTimeString() + '; this gateway: '
      + s.gateway.callsInProgress + ' calls in progress, ' + auth.requests + ' authorisations since start, quorum '
      + (s.gateway.quorum.holds ? 'held' : 'LOST');

    history.cps.push(cps || 0);
    history.live.push(live);
    if (history.cps.length > HISTORY) {
      history.cps.shift();
      history.live.shift();
    }
    Charts.lines($('noc-chart'), history.cps, history.live);

    const denials = Object.entries(s.gateway.denials).map(([reason, count]) => ({ reason: reason, count: count }))
      .sort((a, b) => b.count - a.count);
    fill($('noc-denials'), [['reason', 'Reason'], ['count', 'Since start']], denials);
    fill($('noc-nodes'), [['url', 'Metrics'], ['up', 'Answering'], ['serverNodes', 'Servers seen'], ['quorum', 'Quorum'],
      ['baselineNodesAlive', 'Baseline alive'], ['outboxEntries', 'Outbox'], ['liveSessions', 'Calls in progress'],
      ['error', 'Error']], grid.nodes);
    const reasons = Object.entries(s.ingest.rejectsByReason).map(([r, n]) => r + ': ' + n).join(', ');
    fill($('noc-ingest'), [['url', 'Metrics'], ['up', 'Answering'], ['cdrsWritten', 'CDRs written'],
      ['rejected', 'Rejected'], ['outboxBacklog', 'Outbox backlog'], ['pushRefused', 'Pushes refused'], ['error', 'Error']],
    s.ingest.processes);
    $('noc-rejects').title = reasons || 'no rejects';
  }

  function fill(element, columns, rows) {
    const head = document.createElement('tr');
    columns.forEach(([, heading]) => {
      const th = document.createElement('th');
      th.textContent = heading;
      head.appendChild(th);
    });
    const body = rows.map((row) => {
      const tr = document.createElement('tr');
      if (row.up === false) {
        tr.className = 'highlight';
      }
      columns.forEach(([key]) => {
        const td = document.createElement('td');
        td.textContent = row[key] === undefined || row[key] === null ? '' : String(row[key]);
        tr.appendChild(td);
      });
      return tr;
    });
    element.replaceChildren(head, ...body);
  }

  return { start: start, stop: stop, quantile: quantile };
})();
