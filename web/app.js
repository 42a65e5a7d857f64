/* indeks: the site's only script. Everything works without it; it adds a
 * tooltip and links on the map, and sorting to tables (class "sortable").
 * On a touch screen there is no hover: the first tap on a municipality shows
 * its value (the tooltip, with a link to its profile), a second tap opens
 * the profile.
 * Served from /static/app.js so the Content-Security-Policy needs no
 * inline script. */
(function () {
  'use strict';

  function setupMap(svg) {
    var lastPointer = 'mouse', tapped = null;
    var tip = document.createElement('div');
    tip.className = 'tooltip';
    tip.setAttribute('role', 'status');
    tip.hidden = true;
    document.body.appendChild(tip);
    var shapes = svg.querySelectorAll('path[data-kommunekode]');
    shapes.forEach(function (p) {
      var code = parseInt(p.getAttribute('data-kommunekode'), 10);
      var title = p.querySelector('title');
      var text = title ? title.textContent : String(code);
      p.setAttribute('tabindex', '0');
      p.setAttribute('role', 'link');
      p.setAttribute('aria-label', text);
      p.classList.add('shape');
      function show() {
        tip.classList.toggle('tap', lastPointer !== 'mouse');
        tip.textContent = text;
        tip.hidden = false;
        p.classList.add('hover');
        var row = document.querySelector('tr[data-kode="' + code + '"]');
        if (row) row.classList.add('hover');
      }
      function hide() {
        tip.hidden = true;
        p.classList.remove('hover');
        document.querySelectorAll('tr.hover').forEach(function (r) { r.classList.remove('hover'); });
      }
      function place(x, y) {
        var w = tip.offsetWidth || 160;
        var left = Math.min(x + 12, window.scrollX + document.documentElement.clientWidth - w - 4);
        tip.style.left = Math.max(window.scrollX + 4, left) + 'px';
        tip.style.top = (y + 12) + 'px';
      }
      p.addEventListener('pointerdown', function (ev) { lastPointer = ev.pointerType || 'mouse'; });
      p.addEventListener('mouseenter', function () { if (lastPointer === 'mouse') show(); });
      p.addEventListener('mousemove', function (ev) { if (lastPointer === 'mouse') place(ev.pageX, ev.pageY); });
      p.addEventListener('mouseleave', function () { if (lastPointer === 'mouse') hide(); });
      function go() { window.location.href = '/kommune/' + code; }
      p.addEventListener('click', function (ev) {
        if (lastPointer !== 'touch' && lastPointer !== 'pen') { go(); return; }
        if (tapped === p) { go(); return; }  /* the second tap opens the profile */
        if (tapped) tapped.classList.remove('hover');
        document.querySelectorAll('tr.hover').forEach(function (r) { r.classList.remove('hover'); });
        tapped = p;
        show();
        tip.appendChild(document.createTextNode(' · '));
        var a = document.createElement('a');
        a.href = '/kommune/' + code;
        a.textContent = 'Se profil';
        a.style.color = '#fff';
        tip.appendChild(a);
        place(ev.pageX, ev.pageY);
      });
      p.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') go(); });
    });
  }

  function sortTable(table, col, numeric, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col], y = b.cells[col];
      if (numeric) {
        var vx = parseFloat(x.getAttribute('data-v')), vy = parseFloat(y.getAttribute('data-v'));
        if (isNaN(vx)) return 1;
        if (isNaN(vy)) return -1;
        return (vx - vy) * dir;
      }
      return x.textContent.localeCompare(y.textContent, 'da') * dir;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function setupTable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      var dir = 1;
      th.setAttribute('tabindex', '0');
      th.classList.add('sort');
      function go() {
        sortTable(table, i, th.getAttribute('data-type') === 'num', dir);
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
        dir = -dir;
      }
      th.addEventListener('click', go);
      th.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') go(); });
    });
    /* rows of the ranked list know their municipality, for the map's hover */
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var a = r.querySelector('a[href^="/kommune/"]');
      if (a) r.setAttribute('data-kode', a.getAttribute('href').slice(9));
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('figure.map > svg').forEach(setupMap);
    document.querySelectorAll('table.sortable').forEach(setupTable);
  });
})();
