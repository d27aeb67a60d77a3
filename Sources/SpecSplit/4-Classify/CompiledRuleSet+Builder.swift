/// Interns strings as dense indexes (index 0 given at creation).
struct NameTable {
    var names: [String]
    var index: [String: Int] = [:]
    init(first: String) {
        names = [first]
        index[first] = 0
    }
    mutating func intern(_ name: String) -> Int {
        if let found = index[name] { return found }
        names.append(name)
        index[name] = names.count - 1
        return names.count - 1
    }
}

extension CompiledRuleSet {
    /// Compiles a ``RuleSet`` into the tables of a ``CompiledRuleSet``.
    struct Builder {
        let ruleSet: RuleSet
        var npocs = NameTable(first: "")
        var groups = NameTable(first: "")
        var types = NameTable(first: "NONE")
        var rules: [CompiledRule] = []
        var conditionLists: [Int32] = []
        var conditionList: [[RuleColumn: Int32]] = []
        var fieldIndexes: [FieldIndex] = []
        /// The tables the field indexes read, kept alive by the compiled rule set.
        var fieldTables: [CodeTable] = []
        var fieldFilters: [StemFilter] = []
        var listCount = 0
        var listRuleStart: [Int32] = []
        var listRules: [Int32] = []
        var alwaysRules: [Int32] = []
        var localRules: [Int32] = []
        var lineTable = CodeTable()
        var lineNPoC: [Int] = []
        var defaultNPoC = 0
        var practiceTable = CodeTable()
        var postcodeTable = CodeTable()
        var serviceGroups = ServiceGroupTable()
        var podSettingTable = CodeTable()

        private struct ListKey: Hashable {
            var field: MatchField
            var values: [String]
        }
        private var lists: [ListKey: Int32] = [:]
        private var exactEntries = [[(key: UInt64, value: Int32)]](repeating: [], count: MatchField.allCases.count)
        private var prefixEntries = [[(key: UInt64, value: Int32)]](repeating: [], count: MatchField.allCases.count)
        private var used = [Bool](repeating: false, count: MatchField.allCases.count)

        init(_ ruleSet: RuleSet) { self.ruleSet = ruleSet }

        mutating func build() {
            buildServiceLines()
            buildDerived()
            buildRules()
            buildIndex()
            buildServiceGroups()
            podSettingTable = CodeTable(ruleSet.podSettings.map { (key: $0.key.raw, value: Int32($0.value.rawValue)) })
        }

        private mutating func buildServiceLines() {
            var entries: [(key: UInt64, value: Int32)] = []
            for line in ruleSet.serviceLines {
                entries.append((line.code.raw, Int32(lineNPoC.count)))
                lineNPoC.append(line.npoc.isEmpty ? 0 : npocs.intern(line.npoc))
            }
            lineTable = CodeTable(entries)
            if let line = ruleSet.serviceLine(ServiceLine.notCommissioned), !line.npoc.isEmpty {
                defaultNPoC = npocs.intern(line.npoc)
            }
        }

        private mutating func buildDerived() {
            var practices: [(key: UInt64, value: Int32)] = []
            for practice in ruleSet.practices where !Practice.pseudoCodes.contains(practice.code) {
                let type = CodeKind.typeName.normalise(practice.type)
                practices.append((practice.code.raw, Int32(types.intern(type))))
            }
            practiceTable = CodeTable(practices)
            var postcodes: [(key: UInt64, value: Int32)] = []
            for prison in ruleSet.prisonPostcodes {
                postcodes.append((prison.postcode.raw, Int32(types.intern(CodeKind.typeName.normalise(prison.type)))))
            }
            postcodeTable = CodeTable(postcodes)
        }

        /// The list id of `values` tested against `field`, interning a new list.
        private mutating func list(_ field: MatchField, _ values: [String]) -> Int32 {
            let key = ListKey(field: field, values: values.sorted())
            if let found = lists[key] { return found }
            let id = Int32(listCount)
            listCount += 1
            lists[key] = id
            used[field.rawValue] = true
            for value in key.values {
                if field.isDerived {
                    exactEntries[field.rawValue].append((UInt64(types.intern(value)) + 1, id))
                } else if value.hasSuffix("%") {
                    guard let code = PackedCode(value.dropLast()), !code.isEmpty else { continue }
                    prefixEntries[field.rawValue].append((code.raw, id))
                } else {
                    guard var code = PackedCode(longCode: value), !code.isEmpty else { continue }
                    if field == .diagnoses { code = CodeKind.canonicalICD10(code) }
                    exactEntries[field.rawValue].append((code.raw, id))
                }
            }
            return id
        }

        private mutating func buildRules() {
            for (index, rule) in ruleSet.rules.enumerated() {
                var needsAll = rule.requiredFields.rawValue
                if rule.age != nil { needsAll |= Field.age.bit }
                let lineIndex = lineTable.first(rule.serviceLine.raw).map { Int($0) }
                let line = lineIndex.map { ruleSet.serviceLines[$0] }
                func rank(_ setting: Setting) -> Int { line?.rank(for: setting) ?? Int.max - 1 }
                var compiled = CompiledRule(
                    national: rule.stage == .national, setting: rule.setting, needsAll: needsAll,
                    needsAny: rule.anyOfFields.rawValue,
                    category: Int32(ruleSet.categoryIndex(rule.category) ?? ruleSet.categoryIndex(RuleSet.defaultCategory) ?? 0),
                    serviceLine: rule.serviceLine, rank: rank(.unknown), apcRank: rank(.apc), nacRank: rank(.nac))
                var byColumn: [RuleColumn: Int32] = [:]
                compiled.conditionStart = Int32(conditionLists.count)
                for column in RuleColumn.codeColumns {
                    guard let condition = rule.conditions[column] else { continue }
                    let id = list(MatchField(column), condition.values)
                    byColumn[column] = id
                    switch column {
                    case .icd10:
                        compiled.icd10List = id
                        compiled.icd10Primary = rule.icd10Position == .primary
                    case .opcs4:
                        compiled.opcs4List = id
                        compiled.opcs4Primary = rule.opcs4Position == .primary
                    default:
                        conditionLists.append(id)
                    }
                }
                compiled.conditionCount = Int32(conditionLists.count) - compiled.conditionStart
                compiled.requireAll = rule.requireAllTriggers
                if let age = rule.age {
                    compiled.hasAge = true
                    compiled.ageLower = Int32(age.lower)
                    compiled.ageUpper = Int32(age.upper)
                }
                rules.append(compiled)
                conditionList.append(byColumn)
                if rule.stage == .local { localRules.append(Int32(index)) }
            }
            for field in MatchField.allCases {
                let exact = CodeTable(exactEntries[field.rawValue])
                let prefix = CodeTable(prefixEntries[field.rawValue])
                var lengths: UInt8 = 0
                for entry in prefixEntries[field.rawValue] { lengths |= 1 << UInt8(PackedCode(raw: entry.key).length) }
                let filter = StemFilter(
                    exact: exactEntries[field.rawValue].map(\.key), prefixes: prefixEntries[field.rawValue].map(\.key))
                fieldTables += [exact, prefix]
                fieldFilters.append(filter)
                fieldIndexes.append(
                    FieldIndex(
                        exact: exact.view, prefix: prefix.view, prefixLengths: lengths, used: used[field.rawValue],
                        filter: filter.view))
            }
        }

        /// Indexes each national rule under the list that must be hit for it to fire: its
        /// trigger lists (both, when it has both), else one of its other lists, preferring
        /// the selective fields; a rule with none goes on the always-test list.
        private mutating func buildIndex() {
            let preference: [RuleColumn] = [.hrg, .treatmentFunction, .mainSpecialty, .pod, .icd10Qualifier, .opcs4Qualifier]
                + RuleColumn.codeColumns.filter { ![.icd10, .opcs4, .hrg, .treatmentFunction, .mainSpecialty, .pod, .icd10Qualifier, .opcs4Qualifier].contains($0) }
            var perList = [[Int32]](repeating: [], count: listCount)
            for (index, rule) in rules.enumerated() where rule.national {
                let byColumn = conditionList[index]
                if rule.icd10List >= 0 || rule.opcs4List >= 0 {
                    if rule.icd10List >= 0 { perList[Int(rule.icd10List)].append(Int32(index)) }
                    if rule.opcs4List >= 0 { perList[Int(rule.opcs4List)].append(Int32(index)) }
                } else if let column = preference.first(where: { byColumn[$0] != nil }) {
                    perList[Int(byColumn[column]!)].append(Int32(index))
                } else {
                    alwaysRules.append(Int32(index))
                }
            }
            listRuleStart = [0]
            for rulesOfList in perList {
                listRules.append(contentsOf: rulesOfList)
                listRuleStart.append(Int32(listRules.count))
            }
        }

        private mutating func buildServiceGroups() {
            func codes(_ condition: CodeCondition?) -> CompiledServiceGroup.Codes {
                guard let condition else { return .init() }
                return serviceGroups.codes(
                    exact: condition.exactValues.compactMap { PackedCode(longCode: $0) },
                    prefixes: condition.prefixValues.compactMap { PackedCode($0) })
            }
            for row in ruleSet.serviceGroups {
                // A category the rule set does not know can never match (the checker reports it).
                let category = row.category.map { ruleSet.categoryIndex($0) ?? Int.max } ?? -1
                serviceGroups.rows.append(
                    CompiledServiceGroup(
                        pod: codes(row.pod), treatmentFunction: codes(row.treatmentFunction),
                        mainSpecialty: codes(row.mainSpecialty), serviceLine: codes(row.serviceLine),
                        category: category, group: groups.intern(row.group)))
            }
        }
    }
}
