/// The templates of a comparison's report (`specsplit compare`): the overview and a page
/// per contract, showing what moves between the two rule sets and the rule changes behind it.
enum ComparePages {
    /// The overview: both rule sets, control totals on both sides, the movement between
    /// categories over all contracts, the rule changes behind the largest movements, the
    /// contracts by the size of their change, the rules diff, rejected rows, quality findings.
    static let overview = #"""
        {{<layout}}{{$main}}
        <section id="run" aria-labelledby="run-heading">
        <h2 id="run-heading">The comparison</h2>
        {{>facts}}
        {{#hasWarnings}}<div class="warning"><p>Warnings that qualify these figures:</p><ul>{{#warnings}}<li>{{.}}</li>{{/warnings}}</ul></div>{{/hasWarnings}}
        {{#inputsTable}}{{>table}}{{/inputsTable}}
        </section>
        <section id="control-totals-section" aria-labelledby="control-heading">
        <h2 id="control-heading">Control totals under each rule set</h2>
        {{#controlTables}}{{>table}}{{/controlTables}}
        </section>
        <section id="movements-section" aria-labelledby="movements-heading">
        <h2 id="movements-heading">Movement between categories, all contracts</h2>
        <div class="side">{{#movementChart}}{{>chart}}{{/movementChart}}{{#movementTable}}{{>table}}{{/movementTable}}</div>
        </section>
        <section id="rules-section" aria-labelledby="rules-heading">
        <h2 id="rules-heading">The rule changes behind the largest movements</h2>
        {{#ruleTable}}{{>table}}{{/ruleTable}}
        </section>
        <section id="contracts-section" aria-labelledby="contracts-heading">
        <h2 id="contracts-heading">Contracts</h2>
        <p>Sorted by the size of the change in national value, largest first. Each contract links to its page.</p>
        <div class="controls" id="contracts-controls" hidden="hidden"><label for="contracts-filter">Filter</label> <input id="contracts-filter" type="search" placeholder="contract, provider or commissioner"/> <button type="button" id="contracts-previous">Previous</button> <button type="button" id="contracts-next">Next</button> <span id="contracts-status" role="status"></span></div>
        {{#contractsTable}}{{>table}}{{/contractsTable}}
        </section>
        <section id="rules-diff-section" aria-labelledby="diff-heading">
        <h2 id="diff-heading">What changed between the rule sets</h2>
        {{#diffCountTable}}{{>table}}{{/diffCountTable}}
        {{#diffTable}}{{>table}}{{/diffTable}}
        </section>
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

    /// A contract: its headline, the movement between categories (chart and table), the
    /// rule changes behind its largest movements, its changed service lines and rows.
    static let contract = #"""
        {{<layout}}{{$main}}
        {{>headline}}
        <section id="movements-section" aria-labelledby="movements-heading">
        <h2 id="movements-heading">Movement between categories</h2>
        <div class="side">{{#movementChart}}{{>chart}}{{/movementChart}}{{#movementTable}}{{>table}}{{/movementTable}}</div>
        </section>
        <section id="rules-section" aria-labelledby="rules-heading">
        <h2 id="rules-heading">The rule changes behind the largest movements</h2>
        {{#ruleTable}}{{>table}}{{/ruleTable}}
        </section>
        <section id="services-section" aria-labelledby="services-heading">
        <h2 id="services-heading">Changed service lines</h2>
        {{#serviceTable}}{{>table}}{{/serviceTable}}
        </section>
        <section id="changed-rows-section" aria-labelledby="changed-heading">
        <h2 id="changed-heading">Changed rows</h2>
        {{#changedTable}}{{>table}}{{/changedTable}}
        </section>
        <section id="rejects-section" aria-labelledby="rejects-heading">
        <h2 id="rejects-heading">Rejected rows</h2>
        <p>{{rejectsText}}</p>
        {{#rejectsTable}}{{>table}}{{/rejectsTable}}
        </section>
        {{/main}}{{/layout}}

        """#
}
