/// The report's style sheet and script, inlined into each page so that a page is one
/// file that works offline: no network fetch, no external script or font.
enum ReportStyle {
    /// The style sheet: system fonts, tables that print, colours that survive greyscale
    /// (dark solid for national, light outlined for local; every bar is labelled).
    static let css = """
        :root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --national: #1f3f66; --local: #d4e3f2; --band: #f4f6f8; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: var(--ink); background: #fff; line-height: 1.4; }
        header.top { padding: 1rem 2rem 0.5rem; border-bottom: 4px solid var(--national); }
        header.top nav a { margin-right: 1rem; }
        h1 { font-size: 1.6rem; margin: 0.3rem 0; }
        h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
        main { padding: 0 2rem 2rem; max-width: 1500px; }
        footer { padding: 1rem 2rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule); }
        .lede { color: var(--muted); margin: 0 0 0.5rem; }
        a { color: #0b4a8b; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .headline { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; }
        .headline div { border: 1px solid var(--rule); padding: 0.5rem 0.8rem; min-width: 11rem; }
        .headline .label { display: block; color: var(--muted); font-size: 0.85rem; }
        .headline .figure { font-size: 1.3rem; font-weight: 600; font-variant-numeric: tabular-nums; }
        .table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
        table.data { border-collapse: collapse; font-size: 0.9rem; }
        table.data caption { text-align: left; font-weight: 600; padding: 0.3rem 0; caption-side: top; }
        table.data th, table.data td { border-bottom: 1px solid var(--rule); padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
        table.data thead th { border-bottom: 2px solid var(--ink); background: var(--band); }
        table.data tfoot td { border-top: 2px solid var(--ink); font-weight: 600; }
        table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.data td.wrap { max-width: 32rem; overflow-wrap: break-word; }
        table.data tr.empty td { color: var(--muted); font-style: italic; }
        table.data th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-decoration: underline dotted; }
        .note { color: var(--muted); font-size: 0.85rem; margin: 0.2rem 0 0; }
        .side { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
        figure.chart { margin: 0.5rem 0 1rem; }
        figure.chart svg { max-width: 100%; height: auto; }
        figure.chart text { font-size: 12px; fill: var(--ink); }
        figure.chart figcaption { font-size: 0.85rem; color: var(--muted); }
        .bar.national, .swatch.national { fill: var(--national); stroke: var(--national); }
        .bar.local, .swatch.local { fill: var(--local); stroke: var(--ink); stroke-width: 1; }
        line.zero { stroke: var(--ink); stroke-width: 1; }
        .legend { margin-right: 1rem; white-space: nowrap; }
        .controls { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; margin: 0.5rem 0; }
        .controls input { font: inherit; padding: 0.2rem 0.4rem; min-width: 16rem; }
        .controls button { font: inherit; padding: 0.2rem 0.6rem; }
        ul.files { columns: 2; font-size: 0.9rem; }
        .warning { border-left: 4px solid var(--ink); padding: 0.3rem 0.8rem; background: var(--band); }
        @media print {
            header.top nav, .controls { display: none !important; }
            table.data tbody tr[hidden] { display: table-row !important; }
            main { max-width: none; padding: 0 0.5cm; }
            table.data { font-size: 8pt; }
            tr, figure { page-break-inside: avoid; }
            a { color: inherit; text-decoration: none; }
        }
        """

    /// The overview's script: pages, filters and sorts the contracts table in place. The
    /// table is whole in the page, so without the script (or printed) every row shows.
    static let contractsTableScript = """
        (function () {
          var table = document.getElementById('contracts');
          var controls = document.getElementById('contracts-controls');
          if (!table || !controls) { return; }
          var body = table.tBodies[0];
          var all = Array.prototype.slice.call(body.rows).filter(function (row) { return row.hasAttribute('data-search'); });
          var shown = all, page = 0, size = 50;
          var original = new Map();
          all.forEach(function (row, index) { original.set(row, index); });
          var filter = document.getElementById('contracts-filter');
          var status = document.getElementById('contracts-status');
          var previous = document.getElementById('contracts-previous');
          var next = document.getElementById('contracts-next');
          controls.hidden = false;
          function show() {
            var pages = Math.max(1, Math.ceil(shown.length / size));
            if (page > pages - 1) { page = pages - 1; }
            var first = page * size, last = Math.min(shown.length, first + size);
            for (var i = 0; i < all.length; i++) { all[i].hidden = true; }
            for (var j = first; j < last; j++) { shown[j].hidden = false; }
            status.textContent = shown.length === 0 ? 'No contract matches.'
              : 'Contracts ' + (first + 1) + ' to ' + last + ' of ' + shown.length
                + (shown.length === all.length ? '' : ' (filtered from ' + all.length + ')');
            previous.disabled = page === 0;
            next.disabled = page >= pages - 1;
          }
          function apply() {
            var words = filter.value.toLowerCase().split(/\\s+/).filter(function (word) { return word.length > 0; });
            shown = all.filter(function (row) {
              var text = row.getAttribute('data-search');
              return words.every(function (word) { return text.indexOf(word) >= 0; });
            });
            show();
          }
          filter.addEventListener('input', function () { page = 0; apply(); });
          previous.addEventListener('click', function () { page -= 1; show(); });
          next.addEventListener('click', function () { page += 1; show(); });
          var heads = table.tHead.rows[0].cells;
          var direction = {};
          Array.prototype.forEach.call(heads, function (head, column) {
            var button = document.createElement('button');
            button.type = 'button';
            button.textContent = head.textContent;
            button.title = 'Sort by ' + head.textContent;
            head.textContent = '';
            head.appendChild(button);
            button.addEventListener('click', function () {
              var numeric = head.className.indexOf('num') >= 0;
              var order = direction[column] ? (direction[column] === 'ascending' ? 'descending' : 'ascending')
                : (numeric ? 'descending' : 'ascending');
              direction = {};
              direction[column] = order;
              var sign = order === 'ascending' ? 1 : -1;
              Array.prototype.forEach.call(heads, function (other) { other.removeAttribute('aria-sort'); });
              head.setAttribute('aria-sort', order);
              all.sort(function (a, b) {
                var x = a.cells[column], y = b.cells[column];
                if (numeric) {
                  var p = parseFloat(x.getAttribute('data-value') || '0'), q = parseFloat(y.getAttribute('data-value') || '0');
                  return sign * (p - q) || (original.get(a) - original.get(b));
                }
                return sign * x.textContent.localeCompare(y.textContent) || (original.get(a) - original.get(b));
              });
              all.forEach(function (row) { body.appendChild(row); });
              page = 0;
              apply();
            });
          });
          show();
          document.documentElement.setAttribute('data-ready-ms', String(Math.round(performance.now())));
        })();
        """
}
