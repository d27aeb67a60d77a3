import Mustache

/// The report's Mustache templates: a page layout, partials for a table, a chart and a
/// list of facts, and one template per page type. `{{name}}` escapes what it writes for
/// HTML (`<`, `>`, `&`, both quotes), and every value taken from the data goes through it;
/// only the constant style sheet and script are written raw (`{{{ }}}`).
///
/// The markup is also well-formed XML (every element closed, scripts and styles in
/// CDATA sections, no named entities but XML's own), so a test can read a page with an
/// XML parser as well as a browser.
enum ReportTemplates {
    /// The layout every page extends: its `main` block holds the page.
    static let layout = #"""
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="specsplit {{toolVersion}}"/>
        <title>{{pageTitle}}</title>
        <style>/*<![CDATA[*/
        {{{css}}}
        /*]]>*/</style>
        </head>
        <body>
        <header class="top">
        <nav aria-label="Report">{{#homeHref}}<a href="{{homeHref}}">Overview</a>{{/homeHref}}{{#workbookHref}}<a href="{{workbookHref}}">Workbook (specsplit.xlsx)</a>{{/workbookHref}}</nav>
        <h1>{{heading}}</h1>
        <p class="lede">{{lede}}</p>
        </header>
        <main>
        {{$main}}{{/main}}
        </main>
        <footer><p>Written by specsplit {{toolVersion}} from the CSV files and manifest of the output it reports on, never from the extracts. Figures are exactly those of the CSV files: tables show every decimal written, charts carry each figure in their marks.</p></footer>
        {{#hasScript}}<script>//<![CDATA[
        {{{script}}}
        //]]></script>{{/hasScript}}
        </body>
        </html>

        """#

    /// A table (a ``TableView`` context).
    static let table = #"""
        <div class="table-wrap">
        <table id="{{tableId}}" class="data">
        <caption>{{caption}}</caption>
        <thead><tr>{{#columns}}<th scope="col"{{#columnNum}} class="num"{{/columnNum}}>{{columnName}}</th>{{/columns}}</tr></thead>
        <tbody>
        {{#rows}}<tr{{#rowSearch}} data-search="{{rowSearch}}"{{/rowSearch}}>{{#cells}}{{>cell}}{{/cells}}</tr>
        {{/rows}}{{^hasRows}}<tr class="empty"><td colspan="{{columnCount}}">None.</td></tr>
        {{/hasRows}}</tbody>
        {{#hasFoot}}<tfoot>{{#foot}}<tr>{{#cells}}{{>cell}}{{/cells}}</tr>{{/foot}}</tfoot>{{/hasFoot}}
        </table>
        {{#note}}<p class="note">{{note}}</p>{{/note}}
        </div>

        """#

    /// One cell of a table (a ``CellView`` context).
    static let cell = #"""
        {{#cellNum}}<td class="num" data-value="{{cellValue}}">{{cellText}}</td>{{/cellNum}}{{^cellNum}}<td class="wrap">{{#cellLink}}<a href="{{cellHref}}">{{cellText}}</a>{{/cellLink}}{{^cellLink}}{{cellText}}{{/cellLink}}</td>{{/cellNum}}
        """#

    /// A bar chart (a ``BarChart`` context).
    static let chart = #"""
        <figure class="chart" id="{{chartId}}">
        <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{{chartId}}-title" width="{{svgWidth}}" height="{{svgHeight}}" viewBox="0 0 {{svgWidth}} {{svgHeight}}">
        <title id="{{chartId}}-title">{{chartTitle}}</title>
        {{#bars}}<g><rect class="{{barClass}}" x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}" data-label="{{barLabel}}" data-value="{{barValue}}"><title>{{barLabel}}: {{barText}}</title></rect><text x="{{labelX}}" y="{{textY}}" text-anchor="end">{{barLabel}}</text><text x="{{valueX}}" y="{{textY}}" text-anchor="end">{{barText}}</text></g>
        {{/bars}}<line class="zero" x1="{{zeroX}}" y1="0" x2="{{zeroX}}" y2="{{zeroBottom}}"/>
        </svg>
        <figcaption>{{chartTitle}}. {{#legend}}<span class="legend"><svg width="12" height="12" aria-hidden="true"><rect class="{{legendClass}}" width="12" height="12"/></svg> {{legendText}}</span> {{/legend}}The table beside the chart holds the same figures.</figcaption>
        </figure>

        """#

    /// A list of facts: `facts` holds `factName` and `factText` pairs.
    static let facts = #"""
        <dl class="facts">{{#facts}}<dt>{{factName}}</dt><dd>{{factText}}</dd>{{/facts}}</dl>

        """#

    /// Headline figures: `headline` holds `label`, `figure` (shown) and `figureValue` (as published).
    static let headline = #"""
        <div class="headline">{{#headline}}<div><span class="label">{{label}}</span> <span class="figure" data-value="{{figureValue}}">{{figure}}</span></div>{{/headline}}</div>

        """#

    /// The templates by name, for partials and pages.
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in [
            ("layout", layout), ("table", table), ("cell", cell), ("chart", chart), ("facts", facts),
            ("headline", headline),
            ("split-overview", SplitPages.overview), ("split-contract", SplitPages.contract),
            ("compare-overview", ComparePages.overview), ("compare-contract", ComparePages.contract),
        ] {
            try library.register(text, named: name)
        }
        return library
    }
}
