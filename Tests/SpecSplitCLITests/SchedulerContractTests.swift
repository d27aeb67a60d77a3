import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// What a warehouse job or a cron entry relies on, through the built binary: a status file,
/// silence on success, distinct exit codes, logs a program can read, help that lists exit
/// codes, a progress line that never garbles a log line, and outputs that say their format.
final class SchedulerContractTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    func extract(_ name: String) -> String { Binary.root.appendingPathComponent("sample-data/extracts/\(name).csv").path }
    let header = "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Spell_Core_HRG,Der_Diagnosis_All,Tariff_Total_Payment\n"

    func split(_ arguments: [String]) throws -> Binary.Result {
        try Binary.run(["split", "--rules", rules] + arguments, in: scratch.url)
    }

    func status(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: scratch.path(name)))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    // MARK: - Quiet means quiet

    func testACronJobWithQuietGetsNoOutputAtAllFromASuccessfulRun() throws {
        let result = try split(["--out", scratch.path("out"), "--quiet"] + [extract("apc-spells"), extract("contract-monitoring")])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.err, "", "nothing on stderr: cron mails nothing")
        XCTAssertEqual(result.out, "")
        let warningsOnly = try split(["--out", scratch.path("out2"), "--log-level", "warning", extract("apc-spells")])
        XCTAssertEqual(warningsOnly.status, 0, warningsOnly.err)
        XCTAssertEqual(warningsOnly.err, "", "no info line, not even the final one, at --log-level warning")
    }

    func testWarningsThatQualifyTheFiguresReachTheStatusFileAndManifestEvenWhenQuiet() throws {
        let result = try split(["--out", scratch.path("out"), "--quiet", "--status", scratch.path("job.status"), extract("contract-monitoring")])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.err, "")
        let warnings = try status("job.status")["warnings"] as? [String] ?? []
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("rule(s) could not be tested for lack of a column"), "\(warnings)")
        XCTAssertTrue(warnings[0].contains("NCBAFXXX-1"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("out/manifest.json")))) as? [String: Any]
        XCTAssertEqual(manifest?["warnings"] as? [String], warnings)
        XCTAssertTrue(scratch.read("out/quality.csv")?.contains("RULE|NCBAFXXX-1|Rule could not be tested") == true)
    }

    // MARK: - The status file

    /// A split reading standard input from a pipe the test holds open, so it stays running.
    func startSplitOnAnOpenPipe(status: String) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = try Binary.path()
        process.arguments = ["split", "--rules", rules, "--out", scratch.path("out"), "--status", scratch.path(status), "--quiet", "-"]
        process.currentDirectoryURL = scratch.url
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data((header + "RJE,5PK,S1,AA22C,||I10X,10.50\n").utf8))
        return (process, input.fileHandleForWriting)
    }

    func waitForStatus(_ name: String, _ predicate: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let status = try? status(name), predicate(status) { return status }
            usleep(20_000)
        }
        XCTFail("the status never matched: \(String(describing: try? status(name)))")
        return [:]
    }

    func testTheStatusFileSaysRunningWithThePidWhileTheJobRunsThenSucceededWithItsCounts() throws {
        let (process, input) = try startSplitOnAnOpenPipe(status: "job.status")
        let running = try waitForStatus("job.status") { ($0["state"] as? String) == "running" && $0["output_directory"] != nil }
        XCTAssertEqual((running["pid"] as? Int).map(Int32.init), process.processIdentifier)
        XCTAssertNil(running["exit_code"])
        XCTAssertNil(running["finished"])
        XCTAssertEqual(running["format_version"] as? String, "1.1")
        XCTAssertEqual(running["output_directory"] as? String, scratch.path("out"))
        try input.write(contentsOf: Data("RJE,5PK,S2,AA22C,||I10X,1.25\n".utf8))
        try input.close()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let done = try status("job.status")
        XCTAssertEqual(done["state"] as? String, "succeeded")
        XCTAssertEqual(done["exit_code"] as? Int, 0)
        XCTAssertEqual(done["phase"] as? String, "done")
        XCTAssertEqual(done["rows_read"] as? Int, 2)
        XCTAssertEqual(done["rows_written"] as? Int, 2)
        XCTAssertEqual(done["rows_rejected"] as? Int, 0)
        XCTAssertNotNil(done["finished"])
        XCTAssertEqual(scratch.entries().filter { $0.hasSuffix(".tmp") }, [], "no temporary status file left")
    }

    func testAJobKilledWithSIGKILLLeavesRunningWithAPidThatIsNoLongerAlive() throws {
        let (process, input) = try startSplitOnAnOpenPipe(status: "job.status")
        let running = try waitForStatus("job.status") { ($0["state"] as? String) == "running" }
        usleep(200_000)  // let it read the rows already sent
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? input.close()
        let left = try status("job.status")
        XCTAssertEqual(left["state"] as? String, "running")
        XCTAssertEqual(left["started"] as? String, running["started"] as? String, "the file the run wrote when it started reading")
        let pid = Int32(left["pid"] as? Int ?? 0)
        XCTAssertEqual(pid, process.processIdentifier)
        XCTAssertEqual(kill(pid, 0), -1, "the pid is gone: a scheduler knows the run was killed")
        XCTAssertEqual(errno, ESRCH)
    }

    func testAFailedJobsStatusSaysPhaseMessageWhereAndTheExitCode() throws {
        let bad = scratch.write("bad.csv", header + "RJE,5PK,S1,AA22C,||I10X,10.50\nRJE,5PK,S2,AA22C,||I10X,£12\n")
        let result = try split(["--out", scratch.path("out"), "--quiet", "--status", scratch.path("job.status"), bad])
        XCTAssertEqual(result.status, 65, result.err)
        let failed = try status("job.status")
        XCTAssertEqual(failed["state"] as? String, "failed")
        XCTAssertEqual(failed["exit_code"] as? Int, 65)
        XCTAssertEqual(failed["phase"] as? String, "reconciling")
        XCTAssertTrue((failed["message"] as? String)?.contains("1 row(s) rejected, more than --max-rejects 0") == true, "\(failed)")
        XCTAssertEqual(failed["input"] as? String, scratch.path("out.failed/rejects.csv"), "the rejects file says which rows")
        XCTAssertEqual(failed["rejects_file"] as? String, scratch.path("out.failed/rejects.csv"), "where the failed run kept them")
        XCTAssertEqual(failed["rows_read"] as? Int, 2)
        XCTAssertEqual(failed["rows_written"] as? Int, 1)
        XCTAssertEqual(failed["rows_rejected"] as? Int, 1)
        // The mapping is part of the result, on failure too: which column served each field.
        let inputs = failed["inputs"] as? [[String: Any]] ?? []
        XCTAssertEqual(inputs.count, 1, "\(failed)")
        XCTAssertEqual(inputs.first?["path"] as? String, bad)
        let columns = inputs.first?["columns"] as? [String: String] ?? [:]
        XCTAssertEqual(columns["provider"], "Der_Provider_Code", "\(inputs)")
        XCTAssertEqual(columns["value"], "Tariff_Total_Payment", "\(inputs)")
        XCTAssertTrue((inputs.first?["absent_fields"] as? [String] ?? []).contains("age"), "\(inputs)")

        let rulesCopy = scratch.path("rules")
        try FileManager.default.copyItem(atPath: rules, toPath: rulesCopy)
        let rulesFile = rulesCopy + "/rules.csv"
        var lines = try String(contentsOfFile: rulesFile, encoding: .utf8).components(separatedBy: "\n")
        lines[1] = lines[1].replacingOccurrences(of: ",local,", with: ",nationwide,")
        try lines.joined(separator: "\n").write(toFile: rulesFile, atomically: true, encoding: .utf8)
        let badRules = try Binary.run(
            ["split", "--rules", rulesCopy, "--out", scratch.path("out2"), "--status", scratch.path("rules.status"), extract("apc-spells")],
            in: scratch.url)
        XCTAssertEqual(badRules.status, 78, badRules.err)
        let invalid = try status("rules.status")
        XCTAssertEqual(invalid["phase"] as? String, "rules")
        XCTAssertEqual(invalid["input"] as? String, rulesFile)
        XCTAssertEqual(invalid["line"] as? Int, 2)
        XCTAssertEqual(invalid["column"] as? String, "stage")
    }

    func testAStatusKeyInTheConfigFileIsHonouredAndAMissingConfigExits66() throws {
        let config = scratch.write(
            "job.toml",
            "rules = \"\(rules)\"\nout = \"out\"\ninputs = [\"\(extract("apc-spells"))\"]\nstatus = \"job.status\"\nquiet = true\nsummary = \"summary.json\"\n")
        let result = try Binary.run(["split", "--config", config], in: scratch.url)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(try status("job.status")["state"] as? String, "succeeded")
        XCTAssertTrue(scratch.exists("summary.json"), "summary is a config key")
        let missing = try Binary.run(["split", "--config", scratch.path("nope.toml"), "--status", scratch.path("missing.status")], in: scratch.url)
        XCTAssertEqual(missing.status, 66, missing.err)
        XCTAssertTrue(missing.err.contains("nope.toml: cannot read the config file"), missing.err)
        XCTAssertEqual(try status("missing.status")["exit_code"] as? Int, 66)
    }

    // MARK: - Exit codes

    func testAnotherRunHoldingTheLockExits75WhileAnExistingOutputExits73() throws {
        XCTAssertEqual(try split(["--out", scratch.path("out"), "--quiet", extract("apc-spells")]).status, 0)
        let exists = try split(["--out", scratch.path("out"), "--quiet", extract("apc-spells")])
        XCTAssertEqual(exists.status, 73, exists.err)
        XCTAssertTrue(exists.err.contains("already exists"), exists.err)
        let fd = open(scratch.path("busy.lock"), O_RDWR | O_CREAT, 0o644)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        defer { close(fd) }
        let locked = try split(["--out", scratch.path("busy"), "--quiet", extract("apc-spells")])
        XCTAssertEqual(locked.status, 75, locked.err)
        XCTAssertTrue(locked.err.contains("another specsplit run is writing this output"), locked.err)
    }

    func testEveryHelpPageListsItsExitCodes() throws {
        let commands = [
            ["split"], ["inspect"], ["explain"], ["generate"], ["rules", "check"], ["rules", "show"], ["rules", "scale"],
            ["rules", "diff"], ["rules", "import"], ["rules", "mapping"], [],
        ]
        for command in commands {
            let help = try Binary.run(["help"] + command)
            XCTAssertEqual(help.status, 0, "\(command)")
            XCTAssertTrue(help.out.contains("Exit codes:\n  0   success"), "help \(command.joined(separator: " ")):\n\(help.out)")
        }
        let split = try Binary.run(["help", "split"]).out
        for code in ["64  usage", "65  data", "66  an input", "70  reconciliation", "73  the output", "74  an output", "75  another run", "78  the rule set"] {
            XCTAssertTrue(split.contains(code), code)
        }
    }

    func testAUsageErrorFoundWhileRunningShowsTheSplitUsageNotTheTopLevelOne() throws {
        let result = try Binary.run(["split", "--rules", rules], in: scratch.url)
        XCTAssertEqual(result.status, 64, result.err)
        XCTAssertTrue(result.err.contains("Error: give the output directory with --out DIR"), result.err)
        XCTAssertTrue(result.err.contains("Usage: specsplit split "), result.err)
        XCTAssertTrue(result.err.contains("See 'specsplit help split'"), result.err)
    }

    // MARK: - Logs a program can read

    func testJSONLogsAreOneObjectPerLineIncludingTheFinalLineAndTheErrors() throws {
        let result = try split(["--out", scratch.path("out"), "--log-format", "json", extract("apc-spells"), extract("contract-monitoring")])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.err.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 4)
        var objects: [[String: Any]] = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertNotNil(object, String(line))
            XCTAssertNotNil(object?["time"] as? String)
            XCTAssertNotNil(object?["level"] as? String)
            XCTAssertNotNil(object?["message"] as? String)
            objects.append(object ?? [:])
        }
        XCTAssertTrue(objects.contains { ($0["level"] as? String) == "warning" && $0["input"] as? String == extract("contract-monitoring") })
        let last = objects.last ?? [:]
        XCTAssertTrue((last["message"] as? String)?.hasPrefix("wrote ") == true, "\(last)")
        XCTAssertEqual(last["rows_read"] as? Int, 800)

        let failed = try split(["--out", scratch.path("out2"), "--log-format", "json", scratch.path("nope.csv")])
        XCTAssertEqual(failed.status, 66)
        let error = try JSONSerialization.jsonObject(with: Data(failed.err.split(separator: "\n").last!.utf8)) as? [String: Any]
        XCTAssertEqual(error?["level"] as? String, "error")
        XCTAssertEqual(error?["exit_code"] as? Int, 66)
        XCTAssertEqual(error?["file"] as? String, scratch.path("nope.csv"))
    }

    func testEveryTextLogLineHasTheSameShapeErrorsAndRuleProblemsIncluded() throws {
        let shape = try NSRegularExpression(
            pattern: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trace|debug|info|notice|warning|error|critical) specsplit: \S"#)
        func check(_ text: String) {
            for line in text.split(separator: "\n") {
                let string = String(line)
                XCTAssertNotNil(shape.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)), string)
            }
        }
        let success = try split(["--out", scratch.path("out"), extract("apc-spells"), extract("contract-monitoring")])
        XCTAssertEqual(success.status, 0)
        check(success.err)
        let rulesCopy = scratch.path("rules")
        try FileManager.default.copyItem(atPath: rules, toPath: rulesCopy)
        try "x".write(toFile: rulesCopy + "/code-sets.csv", atomically: true, encoding: .utf8)
        let invalid = try Binary.run(["split", "--rules", rulesCopy, "--out", scratch.path("o"), extract("apc-spells")], in: scratch.url)
        XCTAssertEqual(invalid.status, 78)
        XCTAssertGreaterThan(invalid.err.split(separator: "\n").count, 1, "each problem on a line of its own")
        check(invalid.err)
        XCTAssertFalse(invalid.err.contains("[SpecSplit]"))
    }

    // MARK: - Progress under a real terminal

    /// What a terminal shows after `output`: carriage returns, `ESC[K` and line feeds applied.
    func screen(_ output: String) -> [String] {
        var lines: [[Character]] = [[]]
        var cursor = 0
        var iterator = Array(output).makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\r": cursor = 0
            case "\n", "\r\n":
                lines.append([])
                cursor = 0
            case "\u{1B}":
                // ESC [ K: erase to the end of the line.
                if iterator.next() == "[", iterator.next() == "K" { lines[lines.count - 1].removeSubrange(min(cursor, lines[lines.count - 1].count)...) }
            default:
                var line = lines[lines.count - 1]
                if cursor < line.count { line[cursor] = character } else { line.append(character) }
                lines[lines.count - 1] = line
                cursor += 1
            }
        }
        return lines.map { String($0) }
    }

    func testOnATerminalTheProgressLineReachesAHundredPerCentPerInputAndNeverRunsIntoALogLine() throws {
        let inputs = [extract("apc-spells"), extract("contract-monitoring"), extract("outpatients")]
        let command = ([try Binary.path().path, "split", "--rules", rules, "--out", scratch.path("out")] + inputs)
            .map { "'\($0)'" }.joined(separator: " ")
        // `script` gives the run a real terminal on its stderr and records what it wrote.
        let result = try Binary.shell(
            "SPECSPLIT_PROGRESS_INTERVAL_MS=0 script -q -e -c \"\(command)\" typescript >/dev/null", in: scratch.url)
        XCTAssertEqual(result.status, 0, result.err)
        let raw = scratch.read("typescript") ?? ""
        for (index, input) in inputs.enumerated() {
            XCTAssertTrue(raw.contains("[\(index + 1)/3]"), "progress names the input's place: \(raw)")
            let drawn = raw.components(separatedBy: "\r").filter { $0.contains(input) && $0.contains("[\(index + 1)/3]") }
            XCTAssertTrue(drawn.contains { $0.contains("100%") }, "\(input) reaches 100%: \(drawn)")
        }
        XCTAssertTrue(raw.contains("[2/3]  400 rows") && raw.contains("[3/3]  400 rows") && !raw.contains("[2/3]  800 rows") && !raw.contains("[3/3]  1200 rows"), "rows count per input, not across inputs")
        // `script` adds a first and a last line of its own.
        let lines = screen(raw).filter { !$0.isEmpty && !$0.hasPrefix("Script started") && !$0.hasPrefix("Script done") }
        XCTAssertGreaterThan(lines.count, 5)
        for line in lines {
            XCTAssertTrue(line.range(of: #"^\d{4}-\d\d-\d\dT"#, options: .regularExpression) != nil, "a clean log line on the screen: \(line)")
            XCTAssertFalse(line.contains("MB/s"), "no progress text left on a log line: \(line)")
        }
    }

    // MARK: - Outputs say their format

    func testTheManifestCarriesItsFormatVersionAndTheRulesetColumnNamesTheYearOnce() throws {
        XCTAssertEqual(try split(["--out", scratch.path("out"), "--quiet", extract("apc-spells")]).status, 0)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("out/manifest.json")))) as? [String: Any]
        XCTAssertEqual(manifest?["format_version"] as? String, "1.2")
        XCTAssertEqual(manifest?["schema_version"] as? Int, 1, "kept for the loaders that read it")
        let row = scratch.read("out/contracts/RJE_5PK/non-specialised.csv")?.split(separator: "\n")[1] ?? ""
        XCTAssertTrue(row.range(of: #",Illustrative national split 2012/13 sha256:[0-9a-f]{12},"#, options: .regularExpression) != nil, String(row))
    }
}
