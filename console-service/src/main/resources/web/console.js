// The console's only script: live parts from server-sent events, ages that tick, stalled runs marked.
(function () {
  'use strict';

  function age(from, now) {
    var seconds = Math.max(0, Math.round((now - from) / 1000));
    if (seconds < 60) { return seconds + ' s ago'; }
    if (seconds < 3600) { return Math.floor(seconds / 60) + ' min ago'; }
    if (seconds < 86400) { return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min ago'; }
    return Math.floor(seconds / 86400) + ' d ago';
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll('time[data-age]').forEach(function (time) {
      var at = Date.parse(time.getAttribute('datetime'));
      if (!isNaN(at)) {
        time.textContent = age(at, now);
        time.title = time.getAttribute('datetime');
      }
    });
    var stalledAfter = Number(document.body.dataset.stalledAfterMs || 0);
    document.querySelectorAll('tr[data-resting="false"]').forEach(function (row) {
      var last = Date.parse(row.dataset.last);
      var stall = row.querySelector('.stall');
      if (stall) { stall.hidden = !(stalledAfter > 0 && !isNaN(last) && now - last > stalledAfter); }
    });
  }

  // Replacing a part must not take the keyboard focus away from the link a reader is on.
  function replace(part, html, hash) {
    if (part.dataset.hash === hash) { return; }
    var focused = document.activeElement;
    var key = focused && part.contains(focused) && focused.getAttribute('href');
    part.innerHTML = html;
    part.dataset.hash = hash;
    if (key) {
      var again = part.querySelector('a[href="' + CSS.escape(key) + '"]');
      if (again) { again.focus(); }
    }
    tick();
  }

  function listen() {
    var url = document.body.dataset.events;
    if (!url || !window.EventSource) { return; }
    var source = new EventSource(url);
    document.querySelectorAll('.live[id]').forEach(function (part) {
      source.addEventListener(part.id, function (event) { replace(part, event.data, event.lastEventId); });
    });
  }

  tick();
  setInterval(tick, 1000);
  listen();
}());
