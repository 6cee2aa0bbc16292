// bpmon UI behaviour: relative times, the velocity chart, live-stream flags for tests. No inline script (CSP).
(function () {
  'use strict';

  var rtf = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;
  var exact = window.Intl ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : null;

  function relative(date, now) {
    var s = Math.round((date.getTime() - now) / 1000);
    var a = Math.abs(s);
    if (!rtf) { return date.toLocaleString(); }
    if (a < 45) { return rtf.format(s, 'second'); }
    if (a < 45 * 60) { return rtf.format(Math.round(s / 60), 'minute'); }
    if (a < 22 * 3600) { return rtf.format(Math.round(s / 3600), 'hour'); }
    return rtf.format(Math.round(s / 86400), 'day');
  }

  function renderTimes(root) {
    var now = Date.now();
    (root || document).querySelectorAll('time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (isNaN(d.getTime())) { return; }
      el.textContent = relative(d, now);
      el.title = exact ? exact.format(d) : d.toString();
    });
  }

  var palette = ['#2563eb', '#16a34a', '#9333ea', '#0891b2', '#dc2626', '#ea580c', '#4b5563'];
  var charts = [];

  function drawCharts(root) {
    charts = charts.filter(function (c) {
      if (!document.body.contains(c.root)) { c.destroy(); return false; }
      return true;
    });
    (root || document).querySelectorAll('[data-chart]').forEach(function (el) {
      if (!window.uPlot || el.dataset.drawn) { return; }
      var data;
      try { data = JSON.parse(el.getAttribute('data-chart')); } catch (e) { return; }
      var series = [{}];
      var columns = [data.x];
      data.series.forEach(function (s, i) {
        series.push({ label: s.label, stroke: palette[i % palette.length], width: 2, points: { show: false } });
        columns.push(s.values);
      });
      series.push({ label: 'all, yesterday', stroke: '#9ca3af', dash: [6, 4], width: 1.5, points: { show: false } });
      columns.push(data.yesterday);
      // canvas strokes need a real colour: the page's text colour (light or dark scheme)
      var ink = getComputedStyle(el).color || '#111827';
      var grid = { stroke: 'rgba(128,128,128,0.2)' };
      var width = Math.max(300, el.clientWidth || 600);
      var height = Math.max(180, Math.min(340, Math.round(width / 4)));
      var chart = new uPlot({ width: width, height: height, series: series,
        axes: [{ stroke: ink, grid: grid, ticks: grid }, { stroke: ink, grid: grid, ticks: grid, label: 'events/min' }],
        scales: { x: { time: true } }, legend: { live: true } }, columns, el);
      el.dataset.drawn = '1';
      charts.push(chart);
    });
  }

  function refresh(root) {
    renderTimes(root);
    drawCharts(root);
  }

  document.addEventListener('DOMContentLoaded', function () {
    refresh(document);
    setInterval(function () { renderTimes(document); }, 15000);
  });
  document.addEventListener('htmx:afterSettle', function (e) { refresh(e.target); });
  document.addEventListener('htmx:sseMessage', function () {
    document.documentElement.dataset.sseMessages = String(Number(document.documentElement.dataset.sseMessages || 0) + 1);
  });
  // flags the browser tests wait on instead of sleeping
  document.addEventListener('htmx:sseOpen', function () {
    var d = document.documentElement.dataset;
    d.sse = 'open';
    d.sseOpens = String(Number(d.sseOpens || 0) + 1);
  });
  document.addEventListener('htmx:sseError', function () {
    document.documentElement.dataset.sse = 'error';
  });
  // the rule editor's chart answers 400 with the fields that keep it from being drawn: show them
  document.addEventListener('htmx:beforeSwap', function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 400 && e.detail.target && e.detail.target.id === 'rule-chart') {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  // flag for the browser tests: the chart was redrawn this many times
  document.addEventListener('htmx:afterSettle', function (e) {
    if (e.target && e.target.id === 'rule-chart') {
      var d = document.documentElement.dataset;
      d.chartDraws = String(Number(d.chartDraws || 0) + 1);
    }
  });
  // every htmx request carries the session's CSRF token (forms carry it as a field too)
  document.addEventListener('htmx:configRequest', function (e) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) { e.detail.headers['X-CSRF-Token'] = meta.content; }
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) {
      var el = c.root.parentNode;
      if (el && el.clientWidth) { c.setSize({ width: el.clientWidth, height: c.height }); }
    });
  });
})();
