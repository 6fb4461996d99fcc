'use strict';
// Small SVG charts, drawn with DOM calls only (no innerHTML, no inline styles: the console's content security
// policy allows neither), so that data from the API is always text, never markup.
const Charts = (() => {
  const NS = 'http://www.w3.org/2000/svg';

  function el(name, attributes, text) {
    const node = document.createElementNS(NS, name);
    Object.entries(attributes || {}).forEach(([k, v]) => node.setAttribute(k, String(v)));
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function svg(width, height) {
    return el('svg', { class: 'chart', width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
  }

  /** Vertical bars: one per label, with its value on hover; highlighted bars (flags[i]) in red. */
  function bars(container, labels, values, flags) {
    const width = Math.max(240, Math.min(900, labels.length * 28 + 50));
    const height = 180;
    const chart = svg(width, height);
    const max = Math.max(...values, 0);
    const plotHeight = height - 40;
    const step = labels.length ? (width - 40) / labels.length : 0;
    chart.appendChild(el('text', { x: 2, y: 12 }, max ? String(round(max)) : '0'));
    labels.forEach((label, i) => {
      const h = max > 0 ? (values[i] / max) * plotHeight : 0;
      const bar = el('rect', {
        class: 'bar' + (flags && flags[i] ? ' highlight' : ''), x: 35 + i * step + 2, y: 20 + plotHeight - h,
        width: Math.max(2, step - 4), height: h, 'data-label': label, 'data-value': values[i],
      });
      bar.appendChild(el('title', {}, label + ': ' + values[i]));
      chart.appendChild(bar);
      if (labels.length <= 31 || i % Math.ceil(labels.length / 31) === 0) {
        chart.appendChild(el('text', { x: 35 + i * step + 2, y: height - 6 }, shortLabel(label)));
      }
    });
    container.replaceChildren(chart);
  }

  /** Two lines over the same time axis (series a and b), each scaled to its own maximum. */
  function lines(container, a, b) {
    const width = 600;
    const height = 140;
    const chart = svg(width, height);
    [[a, 'a'], [b, 'b']].forEach(([series, cls]) => {
      const max = Math.max(...series, 1);
      const step = series.length > 1 ? (width - 10) / (series.length - 1) : 0;
      const points = series.map((v, i) => (5 + i * step).toFixed(1) + ',' + (height - 15 - (v / max) * (height - 30)).toFixed(1));
      chart.appendChild(el('polyline', { class: cls, points: points.join(' ') }));
    });
    chart.appendChild(el('text', { x: 5, y: 12 }, 'blue: calls per second (max ' + round(Math.max(...a, 0)) + ')  '
      + 'orange: calls in progress (max ' + round(Math.max(...b, 0)) + ')'));
    container.replaceChildren(chart);
  }

  function shortLabel(label) {
    return /^\d{4}-\d{2}-\d{2}$/.test(label) ? label.slice(8) : label;
  }

  function round(v) {
    return Math.round(v * 100) / 100;
  }

  return { bars: bars, lines: lines };
})();
