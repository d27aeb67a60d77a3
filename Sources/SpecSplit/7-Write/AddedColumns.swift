/// The columns a split adds after a row's own (`split_category, service_line, npoc,
/// service_group, matched_rules, ruleset, deciding_rule`), encoded once per rule set so that appending
/// them to an output row copies bytes and builds nothing.
///
/// The split's files and the classify stream both write them through this one type, so a
/// row is classified to the same bytes whichever command writes it.
struct AddedColumns {
    /// Their names, in output order.
    static let names = ["split_category", "service_line", "npoc", "service_group", "matched_rules", "ruleset", "deciding_rule"]

    /// The rule set whose results are written (its index in the run).
    let ruleSet: Int
    private let categoryFields: EncodedFields
    private let npocFields: EncodedFields
    private let groupFields: EncodedFields
    private let ruleIDs: EncodedFields
    private let rulesetField: EncodedFields

    /// The columns of `compiled`'s results, which is rule set `ruleSet` of the run.
    init(_ compiled: CompiledRuleSet, ruleSet: Int) {
        self.ruleSet = ruleSet
        categoryFields = EncodedFields(compiled.categories)
        npocFields = EncodedFields(compiled.npocs)
        groupFields = EncodedFields(compiled.serviceGroupNames)
        ruleIDs = EncodedFields(compiled.ruleSet.rules.map(\.id))
        rulesetField = EncodedFields([compiled.ruleSet.label])
    }

    /// Appends the columns of row `row` of `batch`, whose result is `result`, to `encoder`.
    @inline(__always)
    func append(_ result: RowResult, _ batch: PipelineBatch, _ row: Int, to encoder: inout RowEncoder) {
        encoder.encoded(categoryFields, Int(result.category))
        encoder.code(result.serviceLine)
        encoder.encoded(npocFields, Int(result.npoc))
        encoder.encoded(groupFields, Int(result.serviceGroup))
        batch.withMatches(ruleSet: ruleSet, row: row) { national, local in
            encoder.joined(national, local, names: ruleIDs)
        }
        encoder.encoded(rulesetField, 0)
        if result.decidingRule >= 0 { encoder.encoded(ruleIDs, Int(result.decidingRule)) } else { encoder.empty() }
    }
}
