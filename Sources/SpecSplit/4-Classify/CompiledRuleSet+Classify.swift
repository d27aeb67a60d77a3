extension CompiledRuleSet {
    /// Classifies one row into `result`, reusing its storage and `scratch`: allocation-free
    /// once both have grown to the largest row.
    ///
    /// 1. Triggers: at least one of the rule's `icd10`/`opcs4` triggers matches (all of them
    ///    when `require_all_triggers` is `Y`); `primary` tests only the first code. Each
    ///    qualifier matches a code anywhere in the row; every other condition holds.
    /// 2. A condition on a field the extract does not carry never holds.
    /// 3. National stage: every national rule for the row's setting is tested; all matches
    ///    are kept; the dominant line is the one with the lowest rank for the row's setting
    ///    (``ServiceLine/rank(for:)``: `apc_rank` or `nac_rank` when the line has one).
    /// 4. Local stage: every local rule in file order; the first match decides if no
    ///    national rule matched.
    /// 5. No match: `non-specialised`, service line `99999999`.
    public func classify(_ record: ActivityRecord, into result: inout Classification, scratch: inout ClassifyScratch) {
        if scratch.owner !== self {
            scratch = makeScratch()
        }
        result.reset(defaultCategory: defaultCategory)
        scratch.nextRow()
        let present = record.present.rawValue
        mark(record, present: present, result: &result, scratch: &scratch)

        // National stage: the candidates found through the hit lists, then the always-test rules.
        // Ranks are the row's setting's: the hierarchy may rank APC and NAC apart.
        var best: Int32 = -1
        var bestRank = Int.max
        let setting = record.setting
        for rule in scratch.candidates where test(Int(rule), record, present, scratch) {
            keepNational(rule, rank: rules[Int(rule)].rank(for: setting), best: &best, bestRank: &bestRank, into: &result)
        }
        for rule in alwaysRules where test(Int(rule), record, present, scratch) {
            keepNational(rule, rank: rules[Int(rule)].rank(for: setting), best: &best, bestRank: &bestRank, into: &result)
        }
        // Local stage: file order, every match recorded.
        var firstLocal: Int32 = -1
        for rule in localRules where test(Int(rule), record, present, scratch) {
            result.localMatches.append(rule)
            if firstLocal < 0 { firstLocal = rule }
        }
        let decider = best >= 0 ? best : firstLocal
        if decider >= 0 {
            let rule = rules[Int(decider)]
            result.decidingRule = decider
            result.category = Int(rule.category)
            result.serviceLine = rule.serviceLine
            if best >= 0 { result.nationalRank = bestRank }
        }
        result.npoc = npoc(of: result.serviceLine)
        result.pod = record.pod
        result.treatmentFunction = record.treatmentFunction
        result.mainSpecialty = record.mainSpecialty
        result.serviceGroup = serviceGroup(
            pod: record.pod, treatmentFunction: record.treatmentFunction, mainSpecialty: record.mainSpecialty,
            serviceLine: result.serviceLine, category: result.category, scratch: scratch)
    }

    /// ``serviceGroup(pod:treatmentFunction:mainSpecialty:serviceLine:category:)``, remembered
    /// in `scratch` for the combinations seen last (the same answer, without the table scan).
    @inline(__always)
    func serviceGroup(
        pod: PackedCode, treatmentFunction: PackedCode, mainSpecialty: PackedCode, serviceLine: PackedCode, category: Int,
        scratch: ClassifyScratch
    ) -> Int {
        let slot = scratch.groupSlot(pod.raw, treatmentFunction.raw, mainSpecialty.raw, serviceLine.raw, category)
        let memo = slot.pointee
        if memo.group >= 0 && memo.pod == pod.raw && memo.treatmentFunction == treatmentFunction.raw
            && memo.mainSpecialty == mainSpecialty.raw && memo.serviceLine == serviceLine.raw && memo.category == category
        {
            return memo.group
        }
        let group = serviceGroup(
            pod: pod, treatmentFunction: treatmentFunction, mainSpecialty: mainSpecialty, serviceLine: serviceLine,
            category: category)
        slot.pointee = ClassifyScratch.GroupMemo(
            pod: pod.raw, treatmentFunction: treatmentFunction.raw, mainSpecialty: mainSpecialty.raw,
            serviceLine: serviceLine.raw, category: category, group: group)
        return group
    }

    /// Keeps national matches in rule order (insertion) and tracks the best-ranked one
    /// (lowest rank; on a tie the smaller service line code, then the earlier rule).
    @inline(__always)
    private func keepNational(_ rule: Int32, rank: Int, best: inout Int32, bestRank: inout Int, into result: inout Classification) {
        var position = result.nationalMatches.count
        result.nationalMatches.append(rule)
        while position > 0 && result.nationalMatches[position - 1] > rule {
            result.nationalMatches.swapAt(position, position - 1)
            position -= 1
        }
        if best < 0 || CompiledRuleSet.outranks(rank, rules[Int(rule)].serviceLine, rule, bestRank, rules[Int(best)].serviceLine, best) {
            best = rule
            bestRank = rank
        }
    }

    /// True when a match of `rank`, `line` and `order` beats the current best: lower rank,
    /// then the smaller service line code, then the earlier rule (or episode).
    @inline(__always)
    static func outranks(_ rank: Int, _ line: PackedCode, _ order: Int32, _ bestRank: Int, _ bestLine: PackedCode, _ bestOrder: Int32) -> Bool {
        if rank != bestRank { return rank < bestRank }
        if line != bestLine { return line < bestLine }
        return order < bestOrder
    }

    /// The NPoC index of a service line (0 when the line is not listed or has none).
    @inline(__always)
    func npoc(of line: PackedCode) -> Int {
        if let index = lineTable.view.first(line.raw) { return lineNPoC[Int(index)] }
        return line == ServiceLine.notCommissioned ? defaultNPoC : 0
    }

    /// The service group of a row: the first row of `service-groups.csv` that matches.
    public func serviceGroup(
        pod: PackedCode, treatmentFunction: PackedCode, mainSpecialty: PackedCode, serviceLine: PackedCode, category: Int
    ) -> Int {
        serviceGroups.group(
            pod: pod, treatmentFunction: treatmentFunction, mainSpecialty: mainSpecialty, serviceLine: serviceLine,
            category: category)
    }

    // MARK: marking the lists a row hits

    private func mark(_ record: ActivityRecord, present: UInt32, result: inout Classification, scratch: inout ClassifyScratch) {
        // Only the fields some rule looks up (and the derived types), each index read in place.
        fields.withUnsafeBufferPointer { fields in
            for field in markedFields where present & fieldBits[field.rawValue] != 0 {
                mark(field, fields.baseAddress! + field.rawValue, record, result: &result, scratch: &scratch)
            }
        }
    }

    @inline(__always)
    private func mark(
        _ field: MatchField, _ index: UnsafePointer<FieldIndex>, _ record: ActivityRecord, result: inout Classification,
        scratch: inout ClassifyScratch
    ) {
        // Every field here is used by some rule, except the derived types (worked out anyway).
        // The index is read through its pointer: a copy of it per field cost more than the lookups.
        switch field {
        case .diagnoses:
            for (position, code) in record.diagnoses.enumerated() {
                markCode(CodeKind.canonicalICD10(code), index, primary: position == 0, &scratch)
            }
        case .procedures:
            for (position, code) in record.procedures.enumerated() {
                markCode(code, index, primary: position == 0, &scratch)
            }
        case .practiceType:
            let type = practiceType(record.practice)
            result.practiceType = type
            if index.pointee.used { markCode(PackedCode(raw: UInt64(type) + 1), index, primary: true, &scratch) }
        case .postcodeType:
            let type = postcodeType(record.postcode)
            result.postcodeType = type
            if index.pointee.used { markCode(PackedCode(raw: UInt64(type) + 1), index, primary: true, &scratch) }
        default:
            let code = record.code(field.field)
            if !code.isEmpty { markCode(code, index, primary: true, &scratch) }
        }
    }

    /// The derived `practice_type` of a practice code: its type in `practices.csv`, or 0
    /// (`NONE`) when it is empty, not listed or a pseudo code.
    @inline(__always)
    func practiceType(_ practice: PackedCode) -> Int {
        if practice.isEmpty { return 0 }
        for pseudo in pseudoPractices where pseudo == practice { return 0 }
        if let type = practiceTable.view.first(practice.raw) { return Int(type) }
        return 0
    }

    /// The derived `postcode_type` of a postcode (spaces removed, upper case): its type in
    /// `prison-postcodes.csv`, or 0 (`NONE`) when not listed.
    @inline(__always)
    func postcodeType(_ postcode: PackedCode) -> Int {
        let key = CompiledRuleSet.withoutSpaces(postcode)
        if let type = postcodeTable.view.first(key.raw) { return Int(type) }
        return 0
    }

    /// The code with its space bytes removed (postcodes from an extract may keep theirs).
    /// A word at a time: each space, the last first, is closed up by moving the bytes after
    /// it one place forward (a loop over the bytes cost more than the postcode's lookup).
    @inline(__always)
    static func withoutSpaces(_ code: PackedCode) -> PackedCode {
        var raw = code.raw
        var spaces = ByteWord.matches(0x20, raw)
        while spaces != 0 {
            let top = spaces.trailingZeroBitCount  // the space's highest bit; its byte is the 8 bits to here
            let after = raw & ((1 &<< UInt64(top &- 7)) &- 1)
            let before = top == 63 ? 0 : raw & (UInt64.max &<< UInt64(top &+ 1))
            raw = before | (after &<< 8)
            spaces &= spaces &- 1
        }
        return PackedCode(raw: raw)
    }

    @inline(__always)
    private func markCode(
        _ code: PackedCode, _ index: UnsafePointer<FieldIndex>, primary: Bool, _ scratch: inout ClassifyScratch
    ) {
        guard index.pointee.filter.mayMatch(code) else { return }
        let exact = index.pointee.exact
        markLists(exact.lookup(code.raw), exact, primary: primary, &scratch)
        // Prefix lengths up to the code's own length (`B20%` matches `B20`).
        var lengths = index.pointee.prefixLengths & UInt8(truncatingIfNeeded: (2 << code.length) - 1)
        if lengths == 0 { return }
        let prefix = index.pointee.prefix
        while lengths != 0 {
            let prefixLength = lengths.trailingZeroBitCount
            lengths &= lengths - 1
            markLists(prefix.lookup(code.prefix(prefixLength).raw), prefix, primary: primary, &scratch)
        }
    }

    @inline(__always)
    private func markLists(_ range: Range<Int>, _ table: CodeTable.View, primary: Bool, _ scratch: inout ClassifyScratch) {
        let stamp = scratch.stamp
        for slot in range {
            let list = Int(table.value(at: slot))
            if primary { scratch.primaryHit[list] = stamp }
            if scratch.anyHit[list] == stamp { continue }
            scratch.anyHit[list] = stamp
            for item in Int(listRuleStart[list])..<Int(listRuleStart[list + 1]) {
                let rule = Int(listRules[item])
                if scratch.candidateStamp[rule] != stamp {
                    scratch.candidateStamp[rule] = stamp
                    scratch.addCandidate(Int32(rule))
                }
            }
        }
    }

    // MARK: testing one rule

    /// True when rule `index` fires on the row whose lists are marked in `scratch`.
    @inline(__always)
    func test(_ index: Int, _ record: ActivityRecord, _ present: UInt32, _ scratch: ClassifyScratch) -> Bool {
        let rule = rules[index]
        if rule.setting != .unknown && rule.setting != record.setting { return false }
        if !CompiledRuleSet.isTestable(rule, present: present) { return false }
        let stamp = scratch.stamp
        if rule.icd10List >= 0 || rule.opcs4List >= 0 {
            var hits = 0
            var triggers = 0
            if rule.icd10List >= 0 {
                triggers += 1
                let list = Int(rule.icd10List)
                if (rule.icd10Primary ? scratch.primaryHit[list] : scratch.anyHit[list]) == stamp { hits += 1 }
            }
            if rule.opcs4List >= 0 {
                triggers += 1
                let list = Int(rule.opcs4List)
                if (rule.opcs4Primary ? scratch.primaryHit[list] : scratch.anyHit[list]) == stamp { hits += 1 }
            }
            if rule.requireAll ? hits < triggers : hits == 0 { return false }
        }
        let start = Int(rule.conditionStart)
        for item in start..<(start + Int(rule.conditionCount)) where scratch.anyHit[Int(conditionLists[item])] != stamp {
            return false
        }
        if rule.hasAge {
            guard let age = record.age, age >= Int(rule.ageLower), age <= Int(rule.ageUpper) else { return false }
        }
        return true
    }
}
