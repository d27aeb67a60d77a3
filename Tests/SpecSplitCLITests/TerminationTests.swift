import Foundation
import TestSupport
import XCTest

/// A run that ends badly (a signal, a file-size limit, SIGKILL) publishes nothing, leaves
/// the previous output as it was, and leaves nothing behind that the next run does not
/// clean up.
final class TerminationTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    let extract = Binary.root.appendingPathComponent("sample-data/extracts/contract-monitoring.csv").path

    /// The sample contract-monitoring extract with its rows repeated `times` times (more
    /// than a reader's buffer, so a run reading it through a pipe is well under way).
    func bigInput(_ name: String = "big.csv", times: Int = 30) throws -> String {
        var text = try String(contentsOfFile: extract, encoding: .utf8)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        for _ in 0..<times { text += rows }
        return scratch.write(name, text)
    }

    /// A shell script that feeds `input` to a split through a FIFO, waits until the run has
    /// made its staging directory, runs `action` (with `$pid` the split's process id), then
    /// feeds the rest, closes the FIFO and prints the split's exit status.
    func fedThroughAFIFO(_ input: String, _ extra: String = "", action: String) -> String {
        """
        trap '' PIPE
        rm -f pipe.csv; mkfifo pipe.csv
        "$SPECSPLIT" split --rules '\(rules)' --out o --force \(extra) pipe.csv 2>err.txt & pid=$!
        exec 3>pipe.csv
        head -c 400000 '\(input)' >&3
        for i in $(seq 1 200); do s=$(ls -a | grep '^\\.o\\.staging-' | head -n 1); [ -n "$s" ] && break; sleep 0.05; done
        [ -n "$s" ] || { echo "no staging directory"; exec 3>&-; kill -9 $pid; exit 1; }
        sleep 0.2
        echo "staging=$s"
        \(action)
        tail -c +400001 '\(input)' >&3
        exec 3>&-
        wait $pid
        echo "status=$?"
        """
    }

    func staging() -> [String] { scratch.entries().filter { $0.hasPrefix(".o.staging-") } }

    /// Issue 15, case 8: SIGHUP (a closed terminal) and SIGPIPE (a closed pipe) stop a run as
    /// SIGTERM does: exit 128 + n with a message, nothing published, the previous output as
    /// it was, and the staging directory gone.
    func testHangupAndBrokenPipeStopARunLikeTerminate() throws {
        let input = try bigInput()
        let small = scratch.write("small.csv", try String(contentsOfFile: extract, encoding: .utf8))
        XCTAssertEqual(try Binary.run(["split", "--rules", rules, "--out", "o", "--quiet", small], in: scratch.url).status, 0)
        let before = scratch.read("o/manifest.json")
        for (signal, name) in [(1, "HUP"), (13, "PIPE")] {
            let result = try Binary.shell(fedThroughAFIFO(input, "--quiet", action: "kill -\(name) $pid"), in: scratch.url)
            let err = scratch.read("err.txt") ?? ""
            XCTAssertTrue(result.out.contains("status=\(128 + signal)"), "SIG\(name): \(result.out) \(err)")
            XCTAssertTrue(err.contains("interrupted by signal \(signal): nothing was published"), "SIG\(name): \(err)")
            XCTAssertEqual(scratch.read("o/manifest.json"), before, "SIG\(name): the previous output is untouched")
            XCTAssertEqual(staging(), [], "SIG\(name): no staging directory left")
        }
    }

    /// Issue 15, case 8: a file-size limit (`ulimit -f`) makes writes fail with EFBIG, an
    /// I/O error (74) with a message, instead of killing the run with SIGXFSZ.
    func testAFileSizeLimitIsAnIOErrorNotADeathBySignal() throws {
        let input = try bigInput()
        let result = try Binary.shell(
            "ulimit -f 64; exec \"$SPECSPLIT\" split --rules '\(rules)' --out o --quiet '\(input)'", in: scratch.url)
        XCTAssertEqual(result.status, 74, result.err)
        XCTAssertFalse(result.signalled)
        XCTAssertTrue(result.err.contains("File too large"), result.err)
        XCTAssertTrue(result.err.contains("ulimit"), "says which limit: \(result.err)")
        XCTAssertFalse(scratch.exists("o"))
        XCTAssertEqual(staging(), [])
    }

    /// Issue 15, case 8: a run killed outright (SIGKILL, a crash, a power cut) leaves its
    /// staging directory; the next run into the same OUT removes it, and what older
    /// versions left (`.OUT.staging-PID`, `OUT.rejects.csv.partial-PID`), and says so.
    func testTheNextRunRemovesWhatADeadRunLeftAndSaysSo() throws {
        let input = try bigInput()
        let killed = try Binary.shell(fedThroughAFIFO(input, "--quiet", action: "kill -KILL $pid"), in: scratch.url)
        XCTAssertTrue(killed.out.contains("status=137"), killed.out)
        let left = staging()
        XCTAssertEqual(left.count, 1, "SIGKILL leaves the staging directory: \(scratch.entries())")
        scratch.write(".o.staging-4242/contracts/RJE_5PK/specialised.csv", "row-level data\n")
        scratch.write("o.rejects.csv.partial-4242", "row-level data\n")

        let next = try Binary.run(["split", "--rules", rules, "--out", "o", input], in: scratch.url)
        XCTAssertEqual(next.status, 0, next.err)
        XCTAssertEqual(staging(), [], "\(scratch.entries())")
        XCTAssertFalse(scratch.exists("o.rejects.csv.partial-4242"))
        for name in left + [".o.staging-4242", "o.rejects.csv.partial-4242"] {
            XCTAssertTrue(next.err.contains("removed \(name)"), "says what it removed (\(name)): \(next.err)")
        }
    }

    /// Issue 15, must hold: SIGKILL at random moments of a split into an existing OUT, at
    /// least 20 times. After each, OUT is exactly the previous output or the complete new
    /// one, and no more than one staging directory is ever left (each run removes the one
    /// the run before it left); the last, complete run leaves none.
    func testSIGKILLAtRandomMomentsLeavesThePreviousOrTheCompleteNewOutput() throws {
        for (name, seed) in [("a.csv", "31"), ("b.csv", "32")] {
            let generated = try Binary.run(
                ["generate", "--shape", "slam", "--rows", "20000", "--seed", seed, "--contracts", "40", "--output", scratch.path(name)])
            XCTAssertEqual(generated.status, 0, generated.err)
        }
        func split(_ input: String, into out: String) throws -> Binary.Result {
            try Binary.run(["split", "--rules", rules, "--out", out, "--force", "--quiet", input], in: scratch.url)
        }
        XCTAssertEqual(try split("a.csv", into: "refA").status, 0)
        let started = Date()
        XCTAssertEqual(try split("b.csv", into: "refB").status, 0)
        // Only to spread the kills over a run (the machine's speed varies); nothing is timed.
        let duration = max(Date().timeIntervalSince(started), 0.2)
        XCTAssertEqual(try split("a.csv", into: "o").status, 0)
        let refA = URL(fileURLWithPath: scratch.path("refA"))
        let refB = URL(fileURLWithPath: scratch.path("refB"))
        let out = URL(fileURLWithPath: scratch.path("o"))

        var seed = UInt64(Date().timeIntervalSince1970 * 1000)
        var rng = SeededRandom(seed: seed)
        var killedMidRun = 0
        var attempts = 0
        while killedMidRun < 20 && attempts < 60 {
            attempts += 1
            let delay = Double.random(in: 0...(duration * 0.9), using: &rng)
            let process = Process()
            process.executableURL = try Binary.path()
            process.arguments = ["split", "--rules", rules, "--out", "o", "--force", "--quiet", "b.csv"]
            process.currentDirectoryURL = scratch.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidRun += 1 }
            let context = "kill \(attempts) after \(String(format: "%.3f", delay)) s (seed \(seed))"
            XCTAssertTrue(
                Self.sameOutput(out, refA) || Self.sameOutput(out, refB), "\(context): OUT is the previous or the new output")
            XCTAssertLessThanOrEqual(staging().count, 1, "\(context): \(scratch.entries())")
            seed = rng.state
        }
        XCTAssertGreaterThanOrEqual(killedMidRun, 20, "kills that landed while a run was going")
        let last = try Binary.run(["split", "--rules", rules, "--out", "o", "--force", "b.csv"], in: scratch.url)
        XCTAssertEqual(last.status, 0, last.err)
        XCTAssertTrue(Self.sameOutput(out, refB))
        XCTAssertEqual(staging(), [], "\(scratch.entries())")
    }

    /// Whether directories `a` and `b` hold the same files with the same bytes (manifest
    /// times aside).
    static func sameOutput(_ a: URL, _ b: URL) -> Bool {
        func files(_ directory: URL) -> [String] {
            let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
            var found: [String] = []
            while let url = enumerator?.nextObject() as? URL {
                if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                    found.append(String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1)))
                }
            }
            return found.sorted()
        }
        func timeless(_ data: Data) -> String {
            String(decoding: data, as: UTF8.self).split(separator: "\n")
                .filter { !$0.contains("\"started\"") && !$0.contains("\"finished\"") }.joined(separator: "\n")
        }
        let names = files(a)
        guard !names.isEmpty, names == files(b) else { return false }
        for name in names {
            guard let left = FileManager.default.contents(atPath: a.appendingPathComponent(name).path),
                let right = FileManager.default.contents(atPath: b.appendingPathComponent(name).path)
            else { return false }
            if name == "manifest.json" ? timeless(left) != timeless(right) : left != right { return false }
        }
        return true
    }
}

/// A small seeded generator (SplitMix64), so a failing sequence of kills can be named by
/// its seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
