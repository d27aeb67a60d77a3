import Foundation
import TestSupport
import XCTest

/// A mapping that is only partly right is part of the result: a split refuses it (65,
/// nothing published) unless the user accepts it explicitly, `inspect` says so, and the
/// manifest records which column served each field. Generated extracts with columns
/// renamed to other plausible names, through the built binary.
final class MappingRefusalTests: XCTestCase {
    let scratch = Scratch()
    let rules = "sample-data/rules/2012-13"

    func split(_ inputs: [String], out: String, _ extra: [String] = [], stdin: Data? = nil) throws -> Binary.Result {
        try Binary.run(
            ["split", "--rules", rules, "--out", scratch.path(out), "--quiet"] + extra + inputs, stdin: stdin)
    }

    func read(_ relative: String) -> String { scratch.read(relative) ?? "(missing \(relative))" }

    // MARK: a numbered code list without its first column

    func testNumberedDiagnosesWithoutTheFirstAreRefusedNamingTheFix() throws {
        let original = try Extracts.generate(scratch, "episodes.csv", shape: "apc", episodes: true)
        let renamed = try Extracts.renamed(
            original, to: "renamed.csv", in: scratch, Extracts.primaryAndNumberedDiagnoses)

        let refused = try split([renamed], out: "refused")
        XCTAssertEqual(refused.status, 65, refused.err)
        XCTAssertFalse(scratch.exists("refused"), "nothing published")
        for words in [
            "renamed.csv", "diagnoses", "Diag2..Diag12", "PrimaryDiagnosis", "--map diagnoses=",
            "--allow-partial-mapping",
        ] {
            XCTAssertTrue(refused.err.contains(words), "\(words): \(refused.err)")
        }

        let inspect = try Binary.run(["inspect", renamed])
        XCTAssertEqual(inspect.status, 65, inspect.out + inspect.err)
        XCTAssertTrue((inspect.out + inspect.err).contains("Diag2..Diag12"), inspect.out + inspect.err)
        XCTAssertTrue((inspect.out + inspect.err).contains("split would refuse"), inspect.out + inspect.err)

        // Named in full, the list gives what the original extract gives, penny for penny.
        let list = (["PrimaryDiagnosis"] + (2...12).map { "Diag\($0)" }).joined(separator: ";")
        XCTAssertEqual(try split([original], out: "original").status, 0)
        let mapped = try split([renamed], out: "mapped", ["--map", "diagnoses=\(list)"])
        XCTAssertEqual(mapped.status, 0, mapped.err)
        XCTAssertEqual(read("mapped/summary.csv"), read("original/summary.csv"))
        XCTAssertEqual(read("mapped/control-totals.csv"), read("original/control-totals.csv"))

        // Accepted explicitly, it runs, and says so on stderr and in quality.csv.
        let accepted = try Binary.run([
            "split", "--rules", rules, "--out", scratch.path("accepted"), "--allow-partial-mapping", renamed,
        ])
        XCTAssertEqual(accepted.status, 0, accepted.err)
        XCTAssertTrue(accepted.err.contains("Diag2..Diag12"), accepted.err)
        XCTAssertTrue(read("accepted/quality.csv").contains("Diag2..Diag12"), read("accepted/quality.csv"))
        let manifest = try Extracts.manifest(scratch.path("accepted/manifest.json"))
        let input = try XCTUnwrap((manifest["inputs"] as? [[String: Any]])?.first)
        XCTAssertEqual(
            (input["columns"] as? [String: String])?["diagnoses"], (2...12).map { "Diag\($0)" }.joined(separator: ";"))
        XCTAssertEqual((input["mapping_warnings"] as? [String])?.count, 1, "\(input)")
    }

    // MARK: a value column chosen by fallback

    func testValueChosenByFallbackWhileAnotherColumnSaysMoneyIsRefused() throws {
        let original = try Extracts.generate(scratch, "spells.csv", shape: "apc")
        let renamed = try Extracts.renamed(
            original, to: "renamed.csv", in: scratch,
            ["Grand_Total_Payment_MFF": "TotalCost", "Commissioner_Code": "PCT"])

        let refused = try split([renamed], out: "refused", ["--map", "commissioner=PCT"])
        XCTAssertEqual(refused.status, 65, refused.err)
        XCTAssertFalse(scratch.exists("refused"), "nothing published")
        for words in [
            "renamed.csv", "value", "Tariff_Total_Payment", "TotalCost", "--map value=", "--allow-partial-mapping",
        ] {
            XCTAssertTrue(refused.err.contains(words), "\(words): \(refused.err)")
        }
        let inspect = try Binary.run(["inspect", "--map", "commissioner=PCT", renamed])
        XCTAssertEqual(inspect.status, 65, inspect.out + inspect.err)
        XCTAssertTrue((inspect.out + inspect.err).contains("TotalCost"), inspect.out + inspect.err)

        XCTAssertEqual(try split([original], out: "original").status, 0)
        let mapped = try split([renamed], out: "mapped", ["--map", "commissioner=PCT", "--map", "value=TotalCost"])
        XCTAssertEqual(mapped.status, 0, mapped.err)
        XCTAssertEqual(
            read("mapped/summary.csv"), read("original/summary.csv"), "the same money as the original extract")
        let manifest = try Extracts.manifest(scratch.path("mapped/manifest.json"))
        let input = try XCTUnwrap((manifest["inputs"] as? [[String: Any]])?.first)
        XCTAssertEqual((input["columns"] as? [String: String])?["value"], "TotalCost")
        XCTAssertEqual((input["columns"] as? [String: String])?["commissioner"], "PCT")
    }

    func testTheSampleExtractsAreNotRefused() throws {
        let inputs = ["apc-episodes.csv", "apc-spells.csv", "contract-monitoring.csv", "outpatients.csv"].map {
            "sample-data/extracts/" + $0
        }
        let inspect = try Binary.run(["inspect"] + inputs)
        XCTAssertEqual(inspect.status, 0, inspect.out + inspect.err)
        XCTAssertFalse(inspect.out.contains("split would refuse"), inspect.out)
    }

    // MARK: values that are mostly not shaped like their field

    func testAFieldWhoseValuesMostlyFailItsShapeIsRefusedWhileReading() throws {
        let input = try Extracts.generate(scratch, "spells.csv", shape: "apc")
        let maps = ["--map", "age=Postcode", "--map", "hrg=Treatment_Function_Code"]
        let refused = try split([input], out: "refused", maps)
        XCTAssertEqual(refused.status, 65, refused.err)
        XCTAssertFalse(scratch.exists("refused"), "nothing published")
        for words in ["spells.csv", "age", "Postcode", "hrg", "Treatment_Function_Code", "--allow-partial-mapping"] {
            XCTAssertTrue(refused.err.contains(words), "\(words): \(refused.err)")
        }
        // Standard input is decided the same way, while it is read.
        let piped = try split(["-"], out: "piped", maps, stdin: try Data(contentsOf: URL(fileURLWithPath: input)))
        XCTAssertEqual(piped.status, 65, piped.err)
        XCTAssertTrue(piped.err.contains("standard input"), piped.err)
        XCTAssertFalse(scratch.exists("piped"))

        let inspect = try Binary.run(["inspect"] + maps + [input])
        XCTAssertEqual(inspect.status, 65, inspect.out + inspect.err)
        XCTAssertTrue((inspect.out + inspect.err).contains("Postcode"), inspect.out + inspect.err)

        // Accepted from the config file, the run publishes with the warnings in quality.csv.
        let config = scratch.write(
            "split.toml", "allow_partial_mapping = true\n[map]\nage = \"Postcode\"\nhrg = \"Treatment_Function_Code\"\n"
        )
        let accepted = try Binary.run([
            "split", "--rules", rules, "--out", scratch.path("accepted"), "--config", config, input,
        ])
        XCTAssertEqual(accepted.status, 0, accepted.err)
        XCTAssertTrue(accepted.err.contains("Postcode"), accepted.err)
        let quality = read("accepted/quality.csv")
        XCTAssertTrue(quality.contains("COLUMN|age|"), quality)
        XCTAssertTrue(quality.contains("COLUMN|hrg|"), quality)
    }

    // MARK: the mapping in the manifest

    func testTheManifestRecordsEachInputsColumnsAndAbsentFields() throws {
        let result = try split(
            ["sample-data/extracts/apc-episodes.csv", "sample-data/extracts/contract-monitoring.csv"], out: "out")
        XCTAssertEqual(result.status, 0, result.err)
        let inputs = try XCTUnwrap(
            try Extracts.manifest(scratch.path("out/manifest.json"))["inputs"] as? [[String: Any]])
        XCTAssertEqual(inputs.count, 2)
        let episodes = try XCTUnwrap(inputs[0]["columns"] as? [String: String])
        XCTAssertEqual(episodes["diagnoses"], (1...12).map { String(format: "DIAG_%02d", $0) }.joined(separator: ";"))
        XCTAssertEqual(episodes["value"], "Grand_Total_Payment_MFF")
        XCTAssertEqual(episodes["spell_id"], "Der_Spell_ID")
        let absent = try XCTUnwrap(inputs[0]["absent_fields"] as? [String])
        XCTAssertTrue(absent.contains("activity") && absent.contains("attendance_status"), "\(absent)")
        XCTAssertFalse(absent.contains("diagnoses"), "\(absent)")
        XCTAssertEqual(inputs[0]["mapping_warnings"] as? [String], [])
        let lines = try XCTUnwrap(inputs[1]["columns"] as? [String: String])
        XCTAssertEqual(lines["activity"], "Activity_Actual")
        XCTAssertEqual(lines["value"], "Price_Actual")
        XCTAssertTrue((inputs[1]["absent_fields"] as? [String])?.contains("diagnoses") ?? false)
    }
}
