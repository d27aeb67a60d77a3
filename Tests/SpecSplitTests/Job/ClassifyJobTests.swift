import Foundation
import Logging
import TestSupport
import XCTest

@testable import SpecSplit

/// The classify job through the library: the stream written to a descriptor, its totals
/// three independent tallies.
final class ClassifyJobTests: XCTestCase {
    let dir = TemporaryDirectory()
    let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample-data/rules/2012-13")
        .path

    func classify(_ text: String, sequential: Bool = false, configure: (inout ClassifyOptions) -> Void = { _ in })
        throws -> (String, ClassifyResult)
    {
        let input = dir.write("in-\(UUID().uuidString).csv", text)
        let outputPath = dir.path("out-\(UUID().uuidString).csv")
        let descriptor = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        var options = ClassifyOptions(rulesDirectory: rules, inputs: [input])
        options.outputDescriptor = descriptor
        options.parallel = !sequential
        configure(&options)
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let result = try ClassifyJob(options: options, logger: logger).run()
        return (try String(contentsOfFile: outputPath, encoding: .utf8), result)
    }

    let header =
        "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Episode_Number,Spell_Core_HRG,DIAG_01,Tariff_Total_Payment\n"

    func testEpisodesOfASpellGetTheSpellsResultInTheStream() throws {
        // The second episode carries cystic fibrosis: the whole spell is specialised.
        let text = header + "RJE,5PK,S1,1,AA22C,I10X,100\nRJE,5PK,S1,2,AA22C,E840,50.25\nRJE,5PK,S2,1,AA22C,I10X,7\n"
        let (parallel, result) = try classify(text)
        let (sequential, _) = try classify(text, sequential: true)
        XCTAssertEqual(parallel, sequential)
        let lines = parallel.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines[1].hasPrefix("RJE,5PK,S1,1,AA22C,I10X,100,RJE_5PK,specialised,"), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("RJE,5PK,S1,2,AA22C,E840,50.25,RJE_5PK,specialised,"), lines[2])
        XCTAssertTrue(lines[3].hasPrefix("RJE,5PK,S2,1,AA22C,I10X,7,RJE_5PK,non-specialised,"), lines[3])
        XCTAssertEqual(result.totals.overall.read.value, "157.25")
        XCTAssertEqual(result.totals.overall.written["specialised"]?.value, "150.25")
        XCTAssertEqual(result.totals.overall.difference.rows, 0)
        XCTAssertEqual(result.bytesWritten, UInt64(parallel.utf8.count))
    }

    func testRowsLargerThanABlockAreWrittenWhole() throws {
        let note = String(repeating: "x", count: 3 << 20)
        let (stream, _) = try classify(
            "Der_Provider_Code,Commissioner_Code,Spell_Core_HRG,Notes\nRJE,5PK,AA22C,\(note)\nRJE,5PK,AA22C,short\n")
        let lines = stream.split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[1].hasPrefix("RJE,5PK,AA22C,xxx"))
        XCTAssertEqual(lines[1].count, 3 << 20 + 14 + 8 + 1 + 100, accuracy: 100)
        XCTAssertTrue(lines[2].hasPrefix("RJE,5PK,AA22C,short,RJE_5PK,"), String(lines[2]))
    }
}
