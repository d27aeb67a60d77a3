/// The templates of a split's report: the overview (`index.html`) and a page per contract.
enum SplitPages {
    /// The overview: the run, control totals, value by category, the contracts, migration,
    /// rejected rows, quality findings, the files.
    static let overview = #"""
        {{<layout}}{{$main}}
        <section id="run" aria-labelledby="run-heading">
        <h2 id="run-heading">The run</h2>
        {{>facts}}
        {{#hasWarnings}}<div class="warning"><p>Warnings that qualify these figures:</p><ul>{{#warnings}}<li>{{.}}</li>{{/warnings}}</ul></div>{{/hasWarnings}}
        {{#inputsTable}}{{>table}}{{/inputsTable}}
        </section>
        <section id="control-totals-section" aria-labelledby="control-heading">
        <h2 id="control-heading">Control totals</h2>
        <p>Every row, unit of activity and penny read was written to exactly one category or rejected: the difference is zero (control-totals.csv has these lines for every contract).</p>
        {{#controlTable}}{{>table}}{{/controlTable}}
        </section>
        <section id="categories-section" aria-labelledby="categories-heading">
        <h2 id="categories-heading">Value by category, all contracts</h2>
        <div class="side">{{#categoryChart}}{{>chart}}{{/categoryChart}}{{#categoryTable}}{{>table}}{{/categoryTable}}</div>
        </section>
        <section id="contracts-section" aria-labelledby="contracts-heading">
        <h2 id="contracts-heading">Contracts</h2>
        <p>Sorted by the value moving to national commissioning, largest first. Each contract links to its page.</p>
        <div class="controls" id="contracts-controls" hidden="hidden"><label for="contracts-filter">Filter</label> <input id="contracts-filter" type="search" placeholder="contract, provider or commissioner"/> <button type="button" id="contracts-previous">Previous</button> <button type="button" id="contracts-next">Next</button> <span id="contracts-status" role="status"></span></div>
        {{#contractsTable}}{{>table}}{{/contractsTable}}
        </section>
        {{#migrationTable}}<section id="migration-section" aria-labelledby="migration-heading">
        <h2 id="migration-heading">Migration: activity commissioned by the wrong body today</h2>
        {{>table}}
        </section>{{/migrationTable}}
        <section id="rejects-section" aria-labelledby="rejects-heading">
        <h2 id="rejects-heading">Rejected rows</h2>
        <p>{{rejectsText}}</p>
        {{#rejectsTable}}{{>table}}{{/rejectsTable}}
        </section>
        <section id="quality-section" aria-labelledby="quality-heading">
        <h2 id="quality-heading">Quality findings</h2>
        {{#qualityTable}}{{>table}}{{/qualityTable}}
        </section>
        <section id="files" aria-labelledby="files-heading">
        <h2 id="files-heading">Files</h2>
        <ul class="files">{{#runFiles}}<li><a href="{{fileHref}}">{{fileName}}</a> ({{fileRows}} rows)</li>{{/runFiles}}</ul>
        </section>
        {{/main}}{{/layout}}

        """#

    /// A contract: headline figures, value and activity by category, the top service lines
    /// and HRGs moving to national commissioning, prison and military by service group,
    /// migration lists, rejected rows, its files.
    static let contract = #"""
        {{<layout}}{{$main}}
        {{>headline}}
        <section id="categories-section" aria-labelledby="categories-heading">
        <h2 id="categories-heading">Value and activity by category</h2>
        <div class="side">{{#categoryChart}}{{>chart}}{{/categoryChart}}{{#categoryTable}}{{>table}}{{/categoryTable}}</div>
        </section>
        <section id="national" aria-labelledby="national-heading">
        <h2 id="national-heading">Moving to national commissioning</h2>
        <p>The activity of this contract in national categories ({{nationalList}}), largest value first.</p>
        {{#serviceTable}}{{>table}}{{/serviceTable}}
        {{#hrgTable}}{{>table}}{{/hrgTable}}
        {{#groupTable}}{{>table}}{{/groupTable}}
        </section>
        {{#hasMigration}}<section id="migration-section" aria-labelledby="migration-heading">
        <h2 id="migration-heading">Migration: activity commissioned by the wrong body today</h2>
        {{#migrationTable}}{{>table}}{{/migrationTable}}
        {{#migrationRowsTable}}{{>table}}{{/migrationRowsTable}}
        </section>{{/hasMigration}}
        <section id="rejects-section" aria-labelledby="rejects-heading">
        <h2 id="rejects-heading">Rejected rows</h2>
        <p>{{rejectsText}}</p>
        {{#rejectsTable}}{{>table}}{{/rejectsTable}}
        </section>
        <section id="files" aria-labelledby="files-heading">
        <h2 id="files-heading">This contract's files</h2>
        <ul class="files">{{#contractFiles}}<li><a href="{{fileHref}}">{{fileName}}</a> ({{fileRows}} rows)</li>{{/contractFiles}}</ul>
        </section>
        {{/main}}{{/layout}}

        """#
}
