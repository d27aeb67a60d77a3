import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// Output does not depend on the number of threads: a plain file read in blocks on 1, 2, 3
/// or 8 threads gives byte-identical split files, summary, control totals, quality report,
/// rejects and manifest (times aside), including when quoted line breaks, stray quotes and
/// spells fall on block edges.
final class ThreadCountTests: XCTestCase {
    let dir = TemporaryDirectory()

    /// Every file under `directory` (relative path -> bytes), the manifest without its times.
    func contents(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            var data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            if name == "manifest.json" {
                data = Data(String(decoding: data, as: UTF8.self).split(separator: "\n")
                    .filter { !$0.contains("\"started\"") && !$0.contains("\"finished\"") }.joined(separator: "\n").utf8)
            }
            files[name] = data
        }
        return files
    }

    func split(_ inputs: [String], threads: Int, blockBytes: Int, out: String) throws -> [String: Data] {
        var options = SplitOptions(rulesDirectory: rules2012, outputDirectory: dir.path(out), inputs: inputs)
        options.threads = threads
        options.blockBytes = blockBytes
        options.maxRejects = 1_000_000
        options.rejectsPath = dir.path(out + ".rejects.csv")
        _ = try SplitJob(options: options).run()
        var files = try contents(dir.path(out))
        files["rejects"] = try Data(contentsOf: URL(fileURLWithPath: dir.path(out + ".rejects.csv")))
        return files
    }

    func assertSameForEveryThreadCount(_ inputs: [String], blockBytes: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let reference = try split(inputs, threads: 1, blockBytes: blockBytes, out: "one")
        XCTAssertGreaterThan(reference.count, 10, file: file, line: line)
        for threads in [2, 3, 8] {
            let other = try split(inputs, threads: threads, blockBytes: blockBytes, out: "t\(threads)")
            XCTAssertEqual(Set(other.keys), Set(reference.keys), "\(threads) threads: the same files", file: file, line: line)
            for (name, data) in reference where other[name] != data {
                XCTFail("\(threads) threads: \(name) differs", file: file, line: line)
            }
        }
    }

    func testGeneratedExtractsWithQuotedLineBreaksGiveTheSameOutputForEveryThreadCount() throws {
        // Narrow rows carry quoted comments with commas and line breaks; episodes carry spells
        // that cross block edges; small blocks put many edges among them.
        let narrow = dir.path("narrow.csv")
        _ = try ExtractGenerator(shape: .apc, rows: 6000, seed: 7, contracts: 20, narrow: true).write(to: narrow)
        let episodes = dir.path("episodes.csv")
        _ = try ExtractGenerator(shape: .apc, rows: 3000, seed: 8, episodes: true, contracts: 20).write(to: episodes)
        let lines = dir.path("lines.csv")
        _ = try ExtractGenerator(shape: .slam, rows: 3000, seed: 9, contracts: 20).write(to: lines)
        try assertSameForEveryThreadCount([narrow, episodes, lines], blockBytes: 8 << 10)
    }

    func testStrayQuotesAndUnclosedQuotesNearBlockEdgesGiveTheSameOutputForEveryThreadCount() throws {
        // A stray quote makes the quote count odd, so the cut after it is a guess; a block that
        // does not end between rows makes the rest be read in order. Either way: the same.
        var text = "Provider_Code,Commissioner_Code,POD,Treatment_Function_Code,HRG,Activity_Actual,Price_Actual,Comment\n"
        for row in 0..<4000 {
            switch row % 97 {
            case 13: text += "RJE,5PK,OPFA,150,WF01B,1,10.00,bad \"quote here\n"
            case 29: text += "RJE,5PK,EL,300,AA22C,1,20.00,\"line one\nline two, with a comma\"\n"
            case 41: text += "RQ3,5MX,EL,300,AA22C,2,\"3\"x,trailing\n"
            default: text += "RJE,5PK,OPFA,150,WF01B,\(row % 5),\(row).25,\"c\(row)\"\n"
            }
        }
        text += "RJE,5PK,EL,300,AA22C,1,1.00,\"never closed\nRJE,5PK,EL,300,AA22C,1,1.00,x\n"
        let path = dir.write("quotes.csv", text)
        try assertSameForEveryThreadCount([path], blockBytes: 4 << 10)
    }

    func testRowsLongerThanABlockGiveTheSameOutputForEveryThreadCount() throws {
        // The scanner reads a block into memory and the worker parses it there: a row longer
        // than a block (a long quoted comment with line breaks) makes a block's buffer grow
        // and a cut fall far past the block size.
        var text = "Provider_Code,Commissioner_Code,POD,Treatment_Function_Code,HRG,Activity_Actual,Price_Actual,Comment\n"
        let long = String(repeating: "word, \"\"quoted\"\" and\nmore ", count: 900)  // about 25 KB
        for row in 0..<600 {
            let comment = row % 150 == 7 ? long : "c\(row)"
            text += "RJE,5PK,OPFA,150,WF01B,\(row % 5),\(row).25,\"\(comment)\"\n"
        }
        let path = dir.write("long.csv", text)
        try assertSameForEveryThreadCount([path], blockBytes: 4 << 10)
    }
}
