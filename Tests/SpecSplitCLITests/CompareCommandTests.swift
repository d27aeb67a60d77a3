import Foundation
import TestSupport
import XCTest

/// `specsplit compare` through the built binary: the sample years byte for byte, each side
/// equal to a split of that year, and bad input refused as a split refuses it.
final class CompareCommandTests: XCTestCase {
    let scratch = Scratch()
    let expected = Binary.root.appendingPathComponent("sample-data/expected-compare")
    static let inputs = SampleDataTests.inputs

    func compare(_ extra: [String], out: String = "out") throws -> Binary.Result {
        try Binary.run(
            [
                "compare", "--from", "sample-data/rules/2011-12", "--to", "sample-data/rules/2012-13", "--out",
                scratch.path(out),
                "--rejects", scratch.path(out + ".rejects.csv"), "--quiet",
            ] + extra)
    }

    func files(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    /// The manifest without its two times.
    func timeless(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).split(separator: "\n")
            .filter { !$0.contains("\"started\"") && !$0.contains("\"finished\"") }.joined(separator: "\n")
    }

    func testCompareOfTheSampleYearsMatchesExpectedOutputsByteForByte() throws {
        let result = try compare(Self.inputs)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.err, "", "quiet")
        let out = URL(fileURLWithPath: scratch.path("out"))
        XCTAssertEqual(files(out), files(expected))
        XCTAssertEqual(
            files(out),
            [
                "changed-rows.csv", "contracts.csv", "control-totals.csv", "manifest.json", "movements-by-rule.csv",
                "movements-by-service.csv", "movements.csv", "quality.csv", "rejects.csv", "rules-diff.csv",
            ])
        for name in files(out) {
            let actual = try Data(contentsOf: out.appendingPathComponent(name))
            let reference = try Data(contentsOf: expected.appendingPathComponent(name))
            if name == "manifest.json" {
                XCTAssertEqual(timeless(actual), timeless(reference), name)
            } else {
                XCTAssertEqual(actual, reference, name)
            }
        }
        // rules-diff.csv is what `rules diff` prints.
        let diff = try Binary.run(["rules", "diff", "sample-data/rules/2011-12", "sample-data/rules/2012-13"])
        XCTAssertEqual(diff.out, scratch.read("out/rules-diff.csv"))
        // The rejects are inside OUT, listed in its manifest; --rejects is a copy.
        XCTAssertEqual(scratch.read("out/rejects.csv"), "source,line,reason,column,record,lines,contract\n")
        XCTAssertEqual(scratch.read("out.rejects.csv"), scratch.read("out/rejects.csv"))
        XCTAssertTrue(scratch.read("out/manifest.json")?.contains("\"path\" : \"rejects.csv\"") == true)
    }

    /// The from side is `split --rules 2011-12` and the to side `split --rules 2012-13`,
    /// figure for figure, and the movements sum to both.
    func testEachSideOfTheSampleComparisonIsTheSplitOfThatYear() throws {
        XCTAssertEqual(try compare(Self.inputs).status, 0)
        for (side, year) in [("from", "2011-12"), ("to", "2012-13")] {
            let split = try Binary.run(
                ["split", "--rules", "sample-data/rules/\(year)", "--out", scratch.path(year), "--quiet"] + Self.inputs)
            XCTAssertEqual(split.status, 0, split.err)
            XCTAssertEqual(
                try CompareConservation.sideProblems(
                    compare: scratch.path("out/control-totals.csv"), split: scratch.path(year + "/control-totals.csv"),
                    side: side),
                [], side)
            XCTAssertEqual(
                try CompareConservation.serviceProblems(
                    out: scratch.path("out"), summary: scratch.path(year + "/summary.csv"), side: side), [], side)
        }
        XCTAssertEqual(try CompareConservation.movementProblems(out: scratch.path("out")), [])
    }

    /// A rule set that fails `rules check` stops the run with 78 before any input is read
    /// (the input named does not exist: reading it would be 66), naming which of the two,
    /// with each problem; the status file says so, and nothing is created.
    func testAnInvalidRuleSetExits78NamingWhichBeforeAnyInputIsRead() throws {
        let broken = scratch.path("broken")
        let copy = try Binary.shell(
            "cp -r '\(Binary.root.path)/sample-data/rules/2012-13' '\(broken)' && printf 'BAD-1,local,,nowhere,NCBAFXXX,,,,,,,,,,,,,,,,,,,,,,,\\n' >> '\(broken)/rules.csv'",
            in: scratch.url)
        XCTAssertEqual(copy.status, 0, copy.err)
        for (from, to, named) in [
            (broken, "sample-data/rules/2012-13", "old rule set (--from) \(broken) is invalid"),
            ("sample-data/rules/2011-12", broken, "new rule set (--to) \(broken) is invalid"),
        ] {
            let result = try Binary.run(
                [
                    "compare", "--from", from, "--to", to, "--out", scratch.path("never"), "--status",
                    scratch.path("status.json"),
                    "no-such-extract.csv",
                ])
            XCTAssertEqual(result.status, 78, result.err)
            XCTAssertTrue(result.err.contains(named), result.err)
            XCTAssertTrue(result.err.contains("CATEGORY|nowhere|Unknown category"), result.err)
            XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("never")))
            XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("never.lock")))
            let status =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: scratch.path("status.json")))) as? [String: Any]
            XCTAssertEqual(status?["state"] as? String, "failed")
            XCTAssertEqual(status?["command"] as? String, "compare")
            XCTAssertEqual(status?["exit_code"] as? Int, 78)
            XCTAssertEqual(status?["phase"] as? String, "rules")
        }
    }

    /// Bad input stops a comparison as it stops a split: the same exit code, the same
    /// message (the output's name aside), the same rejects kept in `OUT.failed`, and nothing
    /// published.
    func testBadInputFailsAsASplitFailsIt() throws {
        let made = try Binary.shell(
            "(cat '\(Binary.root.path)/sample-data/extracts/apc-spells.csv'; echo 'RJE,5PK,only,three') > bad.csv",
            in: scratch.url)
        XCTAssertEqual(made.status, 0, made.err)
        let rules = Binary.root.path + "/sample-data/rules/"
        /// The error line without its time, the output's name made neutral.
        func message(_ result: Binary.Result, _ out: String) -> String {
            result.err.split(separator: " ", maxSplits: 1).last.map(String.init)?
                .replacingOccurrences(of: out, with: "OUT") ?? ""
        }
        for (input, status) in [("bad.csv", Int32(65)), ("no-such-extract.csv", 66)] {
            let compared = try Binary.run(
                [
                    "compare", "--from", rules + "2011-12", "--to", rules + "2012-13", "--out", "c", "--quiet", input,
                ], in: scratch.url)
            let split = try Binary.run(
                ["split", "--rules", rules + "2012-13", "--out", "s", "--quiet", input], in: scratch.url)
            XCTAssertEqual(compared.status, status, compared.err)
            XCTAssertEqual(split.status, status, split.err)
            XCTAssertEqual(message(compared, "c.failed"), message(split, "s.failed"))
            XCTAssertTrue(message(compared, "c.failed").contains("exit_code=\(status)"), compared.err)
            XCTAssertFalse(scratch.exists("c"), "nothing published")
            if status == 65 {
                XCTAssertTrue(scratch.read("c.failed/rejects.csv")?.contains("bad.csv,402,too few fields") == true)
                XCTAssertEqual(scratch.read("c.failed/rejects.csv"), scratch.read("s.failed/rejects.csv"))
                XCTAssertTrue(scratch.read("c.failed/status.json")?.contains("\"exit_status\" : 65") == true)
            }
        }
    }

    /// A config file comparing the sample years over the sample spells into `out` (relative
    /// to the file), quietly, with `extra` lines after those.
    static func sampleYearsConfig(_ extra: String) -> String {
        let root = Binary.root.path
        return """
            from = "\(root)/sample-data/rules/2011-12"
            to = "\(root)/sample-data/rules/2012-13"
            out = "out"
            inputs = ["\(root)/sample-data/extracts/apc-spells.csv"]
            quiet = true
            \(extra)
            """
    }

    /// A scheduled comparison: from and to in the config file (paths relative to it), flags
    /// overriding; a split's `rules` key is refused with a usage error, as a split refuses
    /// compare's keys.
    func testAConfigFileNamesTheRuleSetsWithFromAndTo() throws {
        let root = Binary.root.path
        let config = scratch.write("job.toml", Self.sampleYearsConfig("status = \"job.status.json\""))
        let result = try Binary.run(["compare", "--config", config])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.err, "")
        XCTAssertTrue(scratch.read("out/movements.csv")?.contains("non-specialised,dental") == true)
        XCTAssertTrue(scratch.read("job.status.json")?.contains("\"state\" : \"succeeded\"") == true)
        let again = try Binary.run(["compare", "--config", config])
        XCTAssertEqual(again.status, 73, "OUT exists and the config does not say force: \(again.err)")
        XCTAssertEqual(try Binary.run(["compare", "--config", config, "--force"]).status, 0)

        let splitKeys = scratch.write(
            "split.toml", "rules = \"\(root)/sample-data/rules/2012-13\"\nout = \"o\"\ninputs = [\"x.csv\"]\n")
        let refused = try Binary.run(["compare", "--config", splitKeys])
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.err.contains("from = and to ="), refused.err)
        let refusedSplit = try Binary.run(["split", "--config", config])
        XCTAssertEqual(refusedSplit.status, 64)
        XCTAssertTrue(refusedSplit.err.contains("keys of specsplit compare"), refusedSplit.err)

        // provenance is a split's: compare has no --provenance flag, and refuses the key too.
        let provenance = scratch.write("provenance.toml", (scratch.read("job.toml") ?? "") + "\nprovenance = true\n")
        let refusedProvenance = try Binary.run(["compare", "--config", provenance, "--out", "p"])
        XCTAssertEqual(refusedProvenance.status, 64, refusedProvenance.err)
        XCTAssertTrue(refusedProvenance.err.contains("provenance"), refusedProvenance.err)
        XCTAssertFalse(scratch.exists("p"))
        XCTAssertEqual(try compare(["--provenance"] + Self.inputs, out: "q").status, 64)
        XCTAssertFalse(scratch.exists("q"))
        // report is both commands': a comparison publishes its report inside OUT too.
        let report = scratch.write("report.toml", (scratch.read("job.toml") ?? "") + "\nreport = true\n")
        let reported = try Binary.run(["compare", "--config", report, "--out", scratch.path("r"), "--quiet"])
        XCTAssertEqual(reported.status, 0, reported.err)
        XCTAssertTrue(scratch.exists("r/report/index.html"))
    }

    /// A comparison keeps what it reads safe as a split does: no output on an input or on
    /// either rule set (64, before anything is written), an input named twice refused (64)
    /// unless --allow-duplicate-inputs, and --force replaces only an earlier specsplit
    /// output or an empty directory (73).
    func testOutputsNeverLandOnWhatTheComparisonReads() throws {
        let root = Binary.root.path
        let copied = try Binary.shell(
            "cp -r '\(root)/sample-data/rules/2011-12' old && cp -r '\(root)/sample-data/rules/2012-13' new "
                + "&& cp '\(root)/sample-data/extracts/apc-spells.csv' apc.csv && mkdir mine && echo keep > mine/notes.txt",
            in: scratch.url)
        XCTAssertEqual(copied.status, 0, copied.err)
        func run(_ arguments: [String]) throws -> Binary.Result {
            try Binary.run(["compare", "--from", "old", "--to", "new", "--quiet"] + arguments, in: scratch.url)
        }
        for (arguments, what) in [
            (["--out", "old/o", "apc.csv"], "the rule set old"),
            (["--out", "o", "--rejects", "new/r.csv", "apc.csv"], "the rule set new"),
            (["--out", "o", "--summary", "apc.csv", "apc.csv"], "the input apc.csv"),
            (["--out", "o", "apc.csv", "./apc.csv"], "the same file"),
        ] {
            let refused = try run(arguments)
            XCTAssertEqual(refused.status, 64, "\(arguments): \(refused.err)")
            XCTAssertTrue(refused.err.contains(what), refused.err)
            XCTAssertFalse(scratch.exists("o") || scratch.exists("old/o"), "nothing written")
        }
        XCTAssertEqual(
            scratch.read("apc.csv"), try String(contentsOfFile: root + "/sample-data/extracts/apc-spells.csv"))
        let twice = try run(["--out", "o", "--allow-duplicate-inputs", "apc.csv", "./apc.csv"])
        XCTAssertEqual(twice.status, 0, twice.err)
        let forced = try run(["--out", "mine", "--force", "apc.csv"])
        XCTAssertEqual(forced.status, 73, forced.err)
        XCTAssertEqual(scratch.read("mine/notes.txt"), "keep\n", "not a specsplit output: left alone")
        let summary = try run(["--out", "o", "--force", "--summary", "o.json", "apc.csv"])
        XCTAssertEqual(summary.status, 0, summary.err)
        XCTAssertEqual(scratch.read("o.json"), scratch.read("o/manifest.json"), "written after publication")
    }

    /// Every file a comparison writes is the same whatever the thread count: an episode-level
    /// extract read in small blocks on three threads (spells cross block edges) against one
    /// thread; changed spells are still one line each, with their episodes summed.
    func testEveryOutputIsTheSameWhateverTheThreadCount() throws {
        let made = try Binary.shell(
            """
            set -e
            "$SPECSPLIT" generate --shape apc --episodes --rows 20000 --seed 17 --contracts 30 --output episodes.csv
            "$SPECSPLIT" generate --shape slam --rows 5000 --seed 18 --contracts 30 --output slam.csv
            for threads in 1 3; do
                SPECSPLIT_BLOCK_BYTES=65536 "$SPECSPLIT" compare --threads $threads \
                    --from '\(Binary.root.path)/sample-data/rules/2011-12' --to '\(Binary.root.path)/sample-data/rules/2012-13' \
                    --out t$threads --max-rejects 1000000 --quiet episodes.csv slam.csv
            done
            """, in: scratch.url)
        XCTAssertEqual(made.status, 0, made.err)
        let one = URL(fileURLWithPath: scratch.path("t1"))
        let three = URL(fileURLWithPath: scratch.path("t3"))
        XCTAssertEqual(files(three), files(one))
        for name in files(one) {
            let reference = try Data(contentsOf: one.appendingPathComponent(name))
            let other = try Data(contentsOf: three.appendingPathComponent(name))
            if name == "manifest.json" {
                XCTAssertEqual(timeless(other), timeless(reference), name)
            } else {
                XCTAssertEqual(other, reference, name)
            }
        }
        // Not a trivial comparison: spells changed, each once.
        let changed = (scratch.read("t3/changed-rows.csv") ?? "").split(separator: "\n").dropFirst()
            .filter { $0.hasPrefix("episodes.csv,") }
        XCTAssertGreaterThan(changed.count, 20)
        let spells = changed.map { $0.split(separator: ",", omittingEmptySubsequences: false)[2] }
        XCTAssertEqual(Set(spells).count, spells.count, "a changed spell is one line")
        XCTAssertEqual(try CompareConservation.movementProblems(out: scratch.path("t3")), [])
    }

    func testHelpListsTheOutputsAndExitCodes() throws {
        let help = try Binary.run(["help", "compare"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.out.contains("movements.csv"), help.out)
        XCTAssertTrue(help.out.contains("78  the rule set or the config file is invalid"), help.out)
        XCTAssertTrue(help.out.contains("--from"), help.out)
    }
}
