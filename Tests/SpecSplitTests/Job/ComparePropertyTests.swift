import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// Seeded random extracts (spells, and episodes of spells of one to four episodes), compared
/// between a rule set and itself (nothing changes) and between it and a variant with one
/// more local rule, first in order, that sends HRG `ZZ99M` to military: exactly the rows,
/// and the spells, carrying that HRG move, by exactly their activity and value.
final class ComparePropertyTests: XCTestCase {
    let dir = TemporaryDirectory()

    static let spellsHeader =
        "Der_Provider_Code,Commissioner_Code,GP_Practice_Code,Postcode,Der_Spell_ID,Admission_Method,Source_of_Admission,Age_At_Start_of_Spell_SUS,Spell_Core_HRG,Der_Diagnosis_All,Der_Procedure_All,Treatment_Function_Code,Main_Specialty_Code,Activity,Grand_Total_Payment_MFF"
    static let episodesHeader =
        "Der_Provider_Code,Commissioner_Code,GP_Practice_Code,Postcode,Der_Spell_ID,Episode_Number,Admission_Method,Source_of_Admission,Age_At_Start_of_Spell_SUS,Spell_Core_HRG,DIAG_01,DIAG_02,OPER_01,Treatment_Function_Code,Main_Specialty_Code,Grand_Total_Payment_MFF"

    /// Clinical content of a row: practice, postcode, admission source, age, HRG, diagnoses
    /// (two), procedure, treatment function, main specialty. Every kind but `plain` makes a
    /// row specialised, dental, prison or military under the sample rules.
    static let kinds: [[String]] = [
        ["B82001", "LS1 4AB", "19", "45", "SB97Z", "C509", "E119", "", "370", "370"],  // chemotherapy
        ["B82001", "LS1 4AB", "19", "8", "PD12A", "E840", "", "", "420", "420"],  // cystic fibrosis
        ["B82001", "LS1 4AB", "19", "30", "CZ11T", "K021", "", "", "140", "140"],  // dental
        ["V81999", "HU1 9XX", "39", "30", "AA22C", "I10X", "", "", "300", "300"],  // prison
        ["Y90101", "LS1 4AB", "19", "30", "AA22C", "I10X", "", "", "300", "300"],  // military practice
        ["B82001", "LS1 4AB", "19", "60", "AA22C", "I10X", "", "", "300", "300"],  // plain
    ]
    static let plain = kinds[5]
    static let marker = "ZZ99M"

    /// A marked row or spell: where it is, and what it must move.
    struct Marked {
        var source: String
        var line: Int
        var id: String
        var contract: String
        var rows: Int
        var activity: Int128
        var value: Int128
    }

    struct Generated {
        var inputs: [String]
        var marked: [Marked]
    }

    func generate(_ rng: inout SplitMix64, round: Int) -> Generated {
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
        func amount() -> (text: String, micros: Int128) {
            let pence = Int128(rng.next() % 2_000_000) - 100_000  // some negative adjustments
            let text =
                (pence < 0 ? "-" : "") + "\(pence.magnitude / 100)."
                + String(format: "%02d", Int(pence.magnitude % 100))
            return (text, pence * 10_000)
        }
        let providers = ["RJE", "RQ3", "RRK"]
        let safeCommissioners = ["5PK", "5MX", "5QA"]
        var marked: [Marked] = []

        var spells = Self.spellsHeader + "\n"
        let spellsPath = dir.path("spells\(round).csv")
        let spellRows = 100 + Int(rng.next() % 300)
        for index in 0..<spellRows {
            let isMarked = rng.next() % 5 == 0
            let provider = pick(providers)
            let commissioner = isMarked ? pick(safeCommissioners) : pick(safeCommissioners + ["XMD"])
            var kind = isMarked ? Self.plain : pick(Self.kinds)
            if isMarked { kind[4] = Self.marker }
            let activity = 1 + Int(rng.next() % 50)
            let (valueText, value) = amount()
            let id = "S\(round)-\(index)"
            let diagnoses = "||" + [kind[5], kind[6]].filter { !$0.isEmpty }.joined(separator: ",")
            spells +=
                [
                    provider, commissioner, kind[0], kind[1], id, "11", kind[2], kind[3], kind[4], "\"\(diagnoses)\"",
                    kind[7],
                    kind[8], kind[9], String(activity), valueText,
                ].joined(separator: ",") + "\n"
            if isMarked {
                marked.append(
                    Marked(
                        source: spellsPath, line: index + 2, id: id, contract: "\(provider)_\(commissioner)", rows: 1,
                        activity: Int128(activity) * 1_000_000, value: value))
            }
        }

        var episodes = Self.episodesHeader + "\n"
        let episodesPath = dir.path("episodes\(round).csv")
        var line = 2
        for spell in 0..<(60 + Int(rng.next() % 120)) {
            let isMarked = rng.next() % 4 == 0
            let provider = pick(providers)
            let commissioner = isMarked ? pick(safeCommissioners) : pick(safeCommissioners + ["XMD"])
            let count = 1 + Int(rng.next() % 4)
            let markedEpisode = Int(rng.next() % UInt64(count))
            let id = "E\(round)-\(spell)"
            var total = Marked(
                source: episodesPath, line: line, id: id, contract: "\(provider)_\(commissioner)", rows: count,
                activity: Int128(count) * 1_000_000, value: 0)
            for episode in 0..<count {
                var kind = isMarked ? Self.plain : pick(Self.kinds)
                if isMarked && (episode == markedEpisode || rng.next() % 3 == 0) { kind[4] = Self.marker }
                let (valueText, value) = amount()
                total.value += value
                episodes +=
                    [
                        provider, commissioner, kind[0], kind[1], id, String(episode + 1), "11", kind[2], kind[3],
                        kind[4],
                        kind[5], kind[6], kind[7], kind[8], kind[9], valueText,
                    ].joined(separator: ",") + "\n"
                line += 1
            }
            if isMarked { marked.append(total) }
        }
        _ = dir.write("spells\(round).csv", spells)
        _ = dir.write("episodes\(round).csv", episodes)
        return Generated(inputs: [spellsPath, episodesPath], marked: marked)
    }

    /// The sample 2012/13 rules with one more local rule, first: HRG ZZ99M is military.
    func variant() -> String {
        let path = dir.path("variant")
        if !dir.exists("variant") {
            XCTAssertEqual(shell("cp -r '\(rules2012)' '\(path)'"), 0)
            var text = try! String(contentsOfFile: path + "/rules.csv", encoding: .utf8)
            var fields = [String](repeating: "", count: 28)
            fields[0] = "MOVE-1"
            fields[1] = "local"
            fields[3] = "military"
            fields[4] = "NCBAFXXX"
            fields[12] = Self.marker
            fields[27] = "Test variant: HRG ZZ99M is military"
            let header = text.prefix { $0 != "\n" }
            text.insert(contentsOf: fields.joined(separator: ",") + "\n", at: text.index(after: header.endIndex))
            try! text.write(toFile: path + "/rules.csv", atomically: true, encoding: .utf8)
        }
        return path
    }

    func run(_ inputs: [String], from: String, to: String, out: String) throws -> CompareResult {
        var options = CompareOptions(fromRules: from, toRules: to, outputDirectory: dir.path(out), inputs: inputs)
        options.rejectsPath = dir.path(out + ".rejects.csv")
        options.readOptions.batchBytes = 1 << 12  // spells across batches
        return try CompareJob(options: options).run()
    }

    func lines(_ relative: String) -> [[String]] {
        dir.dataLines(relative).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func testARuleSetComparedWithItselfMovesNothing() throws {
        var rng = SplitMix64(seed: 2_017_01)
        for round in 0..<3 {
            let generated = generate(&rng, round: round)
            let out = "self\(round)"
            let result = try run(generated.inputs, from: rules2012, to: rules2012, out: out)
            XCTAssertEqual(result.manifest.changedRows, 0)
            XCTAssertEqual(dir.dataLines(out + "/changed-rows.csv"), [])
            XCTAssertEqual(dir.dataLines(out + "/movements-by-rule.csv"), [])
            let movements = lines(out + "/movements.csv")
            XCTAssertGreaterThan(movements.count, 10)
            XCTAssertTrue(movements.allSatisfy { $0[3] == $0[4] }, "every row stays where it was")
            XCTAssertTrue(lines(out + "/movements-by-service.csv").allSatisfy { $0[3] == $0[4] && $0[5] == $0[6] })
            XCTAssertTrue(lines(out + "/contracts.csv").allSatisfy { $0[6] == "0.00" && $0[4] == $0[5] })
            XCTAssertTrue(
                lines(out + "/control-totals.csv").allSatisfy {
                    $0[5] == $0[6] && CompareConservation.micros($0[7]) == 0
                })
            XCTAssertEqual(try CompareConservation.movementProblems(out: dir.path(out)), [])
        }
    }

    func testAVariantMovesExactlyTheMarkedRowsAndSpells() throws {
        var rng = SplitMix64(seed: 2_017_02)
        let variant = variant()
        for round in 0..<3 {
            let generated = generate(&rng, round: round)
            let out = "variant\(round)"
            let result = try run(generated.inputs, from: rules2012, to: variant, out: out)
            let marked = generated.marked
            XCTAssertGreaterThan(marked.count, 10)
            XCTAssertTrue(marked.contains { $0.rows > 1 }, "a marked spell of several episodes")

            // changed-rows.csv: each marked row, each marked spell once, in input order.
            let expected = marked.map {
                [
                    $0.source, String($0.line), $0.id, $0.contract, "non-specialised", "99999999", "", "military",
                    "NCBAFXXX",
                    "MOVE-1", Totals.format($0.activity), Totals.format($0.value),
                ]
            }
            let changed = try readAll(dir.path(out + "/changed-rows.csv")).rows.map(\.text)
            XCTAssertEqual(changed, expected, "round \(round)")
            XCTAssertEqual(result.manifest.changedRows, marked.count)

            // Movements: per contract, non-specialised to military by exactly the marked
            // rows; every other line unchanged.
            var byContract: [String: (rows: Int, activity: Int128, value: Int128)] = [:]
            for entry in marked {
                let sum = byContract[entry.contract] ?? (0, 0, 0)
                byContract[entry.contract] = (
                    sum.rows + entry.rows, sum.activity + entry.activity, sum.value + entry.value
                )
            }
            let moved = lines(out + "/movements.csv").filter { $0[3] != $0[4] }
            XCTAssertEqual(
                moved,
                byContract.keys.sorted().map { contract in
                    let sum = byContract[contract]!
                    let parts = contract.split(separator: "_").map(String.init)
                    return [
                        contract, parts[0], parts[1], "non-specialised", "military", String(sum.rows),
                        Totals.format(sum.activity), Totals.format(sum.value),
                    ]
                }, "round \(round)")
            XCTAssertEqual(
                lines(out + "/movements-by-rule.csv"),
                byContract.keys.sorted().map { contract in
                    let sum = byContract[contract]!
                    return [
                        contract, "non-specialised", "", "military", "MOVE-1", String(sum.rows),
                        Totals.format(sum.activity), Totals.format(sum.value),
                    ]
                }, "round \(round)")
            // The headline: military is national, so each contract's national value grows by
            // the marked value exactly.
            for line in lines(out + "/contracts.csv") where line[0] != "ALL" {
                XCTAssertEqual(CompareConservation.micros(line[6]), byContract[line[0]]?.value ?? 0, line[0])
            }
            XCTAssertEqual(try CompareConservation.movementProblems(out: dir.path(out)), [])

            // Each side is the split with its rule set, figure for figure.
            for (side, rules) in [("from", rules2012), ("to", variant)] {
                var options = SplitOptions(
                    rulesDirectory: rules, outputDirectory: dir.path("\(out)-\(side)"), inputs: generated.inputs)
                options.rejectsPath = dir.path("\(out)-\(side).rejects.csv")
                _ = try SplitJob(options: options).run()
                XCTAssertEqual(
                    try CompareConservation.sideProblems(
                        compare: dir.path(out + "/control-totals.csv"),
                        split: dir.path("\(out)-\(side)/control-totals.csv"),
                        side: side), [], side)
                XCTAssertEqual(
                    try CompareConservation.serviceProblems(
                        out: dir.path(out), summary: dir.path("\(out)-\(side)/summary.csv"), side: side), [], side)
            }
        }
    }
}
