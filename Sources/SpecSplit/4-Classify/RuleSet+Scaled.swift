import Foundation
import Crypto

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
                conditions[.treatmentFunction] = CodeCondition(text: "", values: [fresh { String([digit(), digit(), digit()]) }])
                conditions[.hrg] = CodeCondition(text: "", values: [fresh { String([letter(), letter(), digit(), digit(), letter()]) }])
            }
            rule.conditions = conditions
            result.rules.append(rule)
        }
        var hasher = SHA256()
        hasher.update(data: Array("\(base.checksum) scaled rules=\(rules) codes=\(codes) seed=\(seed)".utf8))
        result.checksum = hasher.finalize().hex
        result.name = base.name + " (scaled for benchmarks)"
        return result
    }
}
