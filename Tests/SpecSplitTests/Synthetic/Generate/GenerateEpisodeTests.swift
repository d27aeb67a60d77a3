import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// Episode level: spells of 1-4 adjacent episodes numbered 1..n, spell facts repeated.
final class GenerateEpisodeTests: XCTestCase {
    let dir = TemporaryDirectory()

    func testSpellsAreAdjacentEpisodesNumberedConsecutively() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .apc, rows: 20000, seed: 5, episodes: true), in: dir)
        let spell = table.column("Der_Spell_ID")
        let episode = table.column("Episode_Number")
        let constant = [
            "Der_Provider_Code", "Commissioner_Code", "GP_Practice_Code", "Postcode", "Age_At_Start_of_Spell_SUS",
            "Sex", "Admission_Date", "Discharge_Date", "Spell_LoS", "Spell_Core_HRG",
        ].map(table.column)
        var seen = Set<String>()
        var sizes = [Int: Int]()
        var index = 0
        while index < table.rows.count {
            let id = table.rows[index].text[spell]
            XCTAssertTrue(seen.insert(id).inserted, "spell \(id) appears again further on")
            var n = 0
            while index + n < table.rows.count && table.rows[index + n].text[spell] == id {
                let row = table.rows[index + n].text
                XCTAssertEqual(row[episode], String(n + 1), "spell \(id)")
                for column in constant {
                    XCTAssertEqual(row[column], table.rows[index].text[column], "spell \(id) \(table.header[column])")
                }
                n += 1
            }
            XCTAssertTrue((1...4).contains(n), "spell \(id) has \(n) episodes")
            sizes[n, default: 0] += 1
            index += n
        }
        let spells = sizes.values.reduce(0, +)
        XCTAssertGreaterThan(sizes[2, default: 0], spells / 20, "\(sizes)")
        XCTAssertGreaterThan(sizes[3, default: 0], 0, "\(sizes)")
        XCTAssertGreaterThan(sizes[4, default: 0], 0, "\(sizes)")
    }

    func testOnlyTheLastEpisodeCarriesTheDischarge() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .apc, rows: 3000, seed: 8, episodes: true), in: dir)
        let spell = table.column("Der_Spell_ID")
        let method = table.column("Discharge_Method")
        for (index, row) in table.rows.enumerated() {
            let last = index == table.rows.count - 1 || table.rows[index + 1].text[spell] != row.text[spell]
            XCTAssertEqual(row.text[method] == "8", !last, "\(row)")
        }
    }

    func testEpisodeCodesFillTheNumberedColumnsFromTheFirst() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .apc, rows: 3000, seed: 9, episodes: true), in: dir)
        let first = table.column("DIAG_01")
        for row in table.rows {
            XCTAssertFalse(row.text[first].isEmpty, "every episode has a primary diagnosis: \(row)")
            let diagnoses = row.text[first..<(first + 12)]
            let filled = diagnoses.prefix { !$0.isEmpty }.count
            XCTAssertTrue(diagnoses.dropFirst(filled).allSatisfy(\.isEmpty), "no gaps: \(row)")
        }
    }

    func testSpellLevelListsHaveOneGroupPerEpisode() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .apc, rows: 5000, seed: 10), in: dir)
        var groups = [Int: Int]()
        for value in table.values("Der_Diagnosis_All") {
            XCTAssertTrue(value.hasPrefix("||"), value)
            groups[value.components(separatedBy: "||").count - 1, default: 0] += 1
        }
        XCTAssertEqual(Set(groups.keys).subtracting(1...4), [])
        XCTAssertGreaterThan(groups[2, default: 0], 100, "\(groups)")
        let procedures = table.values("Der_Procedure_All")
        XCTAssertGreaterThan(procedures.filter(\.isEmpty).count, 500, "procedures are often empty")
        XCTAssertTrue(procedures.allSatisfy { $0.isEmpty || $0.hasPrefix("||") })
    }
}
