import Crypto
import Foundation
import SpecSplit

extension RuleSet {
    /// A larger rule set for benchmarks: `base` plus synthetic national rules, service lines
    /// and code sets, so that it has `rules` rules and about `codes` distinct trigger codes
    /// in all. Every synthetic code has the shape of its classification (ICD-10 `A123`/`A12X`,
    /// OPCS-4 `A123`, HRG `AB12C`, treatment function `123`), so the result is as valid as
    /// `base`. The same `seed` gives the same rule set.
    ///
    /// The mix of synthetic rules is like the published ones: mostly ICD-10 trigger lists
    /// (some primary-only, some with an age limit), OPCS-4 trigger lists, ICD-10 and OPCS-4
    /// combinations, a few with a qualifier, and outpatient rules on treatment function or
    /// HRG with no trigger.
    ///
    /// The result is named `<base name> scaled to N rules`, its description says it is
    /// synthetic, and it is illustrative whatever `base` is. Check the size first with
    /// ``scaledLimitProblem(base:rules:codes:)``: past it, drawing codes would never end.
    public static func scaled(base: RuleSet, rules: Int = 500, codes: Int = 20_000, seed: UInt64 = 1) -> RuleSet {
        var result = base
        var random = SplitMix64(seed: seed)
        let extra = max(0, rules - base.rules.count)
        guard extra > 0 else { return result }
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWYZ")
        let digits = Array("0123456789")
        var used = Set<String>()
        for (_, values) in base.codeSets { used.formUnion(values) }
        func fresh(_ make: () -> String) -> String {
            while true {
                let code = make()
                if used.insert(code).inserted { return code }
            }
        }
        func letter() -> Character { letters[Int(random.next() % UInt64(letters.count))] }
        func digit() -> Character { digits[Int(random.next() % 10)] }
        func icd10() -> String {
            fresh { String([letter(), digit(), digit(), random.next() % 8 == 0 ? "X" : digit()]) }
        }
        func opcs4() -> String { fresh { String([letter(), digit(), digit(), digit()]) } }

        // Service lines: one per 4 rules, ranked after the base lines.
        let lineCount = max(1, extra / 4)
        let firstRank = (base.serviceLines.map(\.rank).filter { $0 != Int.max }.max() ?? 0) + 1
        var lines: [PackedCode] = []
        for i in 0..<lineCount {
            let code = PackedCode(String(format: "NCBS%04d", i % 10_000))!
            lines.append(code)
            result.serviceLines.append(
                ServiceLine(code: code, description: "Synthetic service line \(i)", npoc: "Synthetic \(i % 6)",
                            rank: firstRank + i, category: "specialised"))
        }
        let perRule = max(1, codes / extra)
        for i in 0..<extra {
            let id = String(format: "SYN-%05d", i)
            var conditions: [RuleColumn: CodeCondition] = [:]
            var rule = Rule(id: id, stage: .national, category: "specialised", serviceLine: lines[i % lineCount],
                            description: "Synthetic rule \(i)", file: "synthetic", line: 0)
            func set(_ kind: String, _ values: [String]) -> CodeCondition {
                let name = "syn_\(kind)_\(i)"
                result.codeSets[name] = values
                return CodeCondition(text: "@" + name, setName: name, values: values)
            }
            var icd = (0..<perRule).map { _ in icd10() }
            if i % 10 == 0 { icd[0] = String(icd[0].prefix(3)) + "%" }
            switch i % 10 {
            case 0...4:
                conditions[.icd10] = set("icd", icd)
                if i % 5 == 1 { rule.icd10Position = .primary }
                if i % 5 == 2 { rule.age = AgeRange(lower: 0, upper: 18, text: "<19") }
            case 5, 6:
                conditions[.opcs4] = set("opcs", (0..<perRule).map { _ in opcs4() })
            case 7:
                conditions[.icd10] = set("icd", Array(icd.prefix(perRule / 2 + 1)))
                conditions[.opcs4] = set("opcs", (0..<(perRule / 2 + 1)).map { _ in opcs4() })
                rule.requireAllTriggers = true
            case 8:
                conditions[.opcs4] = set("opcs", (0..<perRule).map { _ in opcs4() })
                conditions[.icd10Qualifier] = set("icdq", Array(icd.prefix(5)))
            default:
                rule.setting = .nac
                let function = fresh { String([digit(), digit(), digit()]) }
                let hrg = fresh { String([letter(), letter(), digit(), digit(), letter()]) }
                // The cell text is what rules.csv holds, so the rule set written and read back is this one.
                conditions[.treatmentFunction] = CodeCondition(text: function, values: [function])
                conditions[.hrg] = CodeCondition(text: hrg, values: [hrg])
            }
            rule.conditions = conditions
            result.rules.append(rule)
        }
        var hasher = SHA256()
        hasher.update(data: Array("\(base.checksum) scaled rules=\(rules) codes=\(codes) seed=\(seed)".utf8))
        result.checksum = hasher.finalize().hex
        let distinctCodes = Set(result.rules.flatMap { $0.conditions.values.flatMap(\.values) }).count
        result.name = "\(base.name) scaled to \(result.rules.count) rules"
        result.summary = "SYNTHETIC rule set for benchmarks, not for contract work: \(base.name) plus \(extra) synthetic "
            + "national rules, \(lineCount) synthetic service lines and their code sets (\(distinctCodes) distinct codes "
            + "in rule conditions; seed \(seed)), made by RuleSet.scaled (specsplit rules scale)."
            + (base.summary.isEmpty ? "" : " The base rule set: " + base.summary)
        result.illustrative = true
        return result
    }

    /// Why ``scaled(base:rules:codes:seed:)`` cannot make a rule set of this size from
    /// `base`, or nil when it can.
    ///
    /// Synthetic codes are drawn without repeats from the shapes of their classification,
    /// and those hold few codes: 25,000 OPCS-4 shapes (`A123`, shared with ICD-10), 2,500
    /// more ICD-10 ones (`A12X`) and 1,000 treatment functions (one rule in 10 takes one).
    /// Asking for more than fits (about 20,000 codes, or 9,900 rules) would draw for ever;
    /// drawing the last codes that do fit is quick, so the limit keeps a margin of 1%.
    public static func scaledLimitProblem(base: RuleSet, rules: Int, codes: Int) -> String? {
        let extra = max(0, rules - base.rules.count)
        guard extra > 0 else { return nil }
        let perRule = max(1, codes / extra)
        func rulesWith(_ remainder: Int) -> Int { extra / 10 + (remainder < extra % 10 ? 1 : 0) }
        let icd = extra * perRule
        let opcs = (rulesWith(5) + rulesWith(6) + rulesWith(8)) * perRule + rulesWith(7) * (perRule / 2 + 1)
        let functions = rulesWith(9)
        var digitShaped = 0, xShaped = 0, functionShaped = 0
        for code in Set(base.codeSets.values.joined()) {
            let bytes = Array(code.utf8)
            let digits = bytes.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            if bytes.count == 3 && digits && bytes[0] >= 0x30 && bytes[0] <= 0x39 { functionShaped += 1 }
            guard bytes.count == 4, bytes[0] >= 0x41, bytes[0] <= 0x5A else { continue }
            if digits { digitShaped += 1 }
            if bytes[3] == UInt8(ascii: "X") && bytes[1...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { xShaped += 1 }
        }
        if functions + functionShaped > 990 {
            return "\(extra) synthetic rules need \(functions) synthetic treatment functions, more than the 3-digit "
                + "codes leave (1,000 less those the base uses, with a margin): ask for fewer rules"
        }
        // An ICD-10 code ends in X one time in 8; OPCS-4 codes need the digit-ended shapes.
        let digitNeeded = icd * 7 / 8 + opcs + digitShaped
        let allNeeded = icd + opcs + digitShaped + xShaped
        if digitNeeded > 24_750 || allNeeded > 27_225 {
            return "\(rules) rules and \(codes) codes need about \(icd) synthetic ICD-10 and \(opcs) OPCS-4 codes, "
                + "more than their shapes leave (27,500 in all, less those the base uses, with a margin): "
                + "ask for fewer codes"
        }
        return nil
    }
}
