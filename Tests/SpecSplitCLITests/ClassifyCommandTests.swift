import Foundation
import SpecSplit
import TestSupport
import XCTest

/// `specsplit classify` through the built binary: every row a split would write, with its
/// contract, on standard output; rejects, totals and exit codes as documented.
final class ClassifyCommandTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    let header =
        "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Spell_Core_HRG,Der_Diagnosis_All,Tariff_Total_Payment,Notes\n"

    /// Rows with awkward bytes in a free-text column and in codes: quotes, commas, line
    /// breaks, spaces at either end, invalid UTF-8; several contracts.
    var awkward: [UInt8] {
        var text = Array(header.utf8)
        let notes: [[UInt8]] = [
            Array("plain".utf8), Array("\"a, b\"".utf8), Array("\"he said \"\"no\"\"\"".utf8),
            Array("\"two\nlines\"".utf8),
            Array("\" padded \"".utf8), [0x63, 0x61, 0x66, 0xE9, 0xFF], Array("\"crlf\r\ninside\"".utf8), [],
        ]
        for index in 0..<240 {
            let provider = ["RJE", "RQ3", "RRK00"][index % 3]
            let commissioner = ["5PK", "5MX"][index % 2]
            let diagnoses = index % 5 == 0 ? "\"||E84X,I10X\"" : "||I10X"
            text += Array(
                "\(provider),\(commissioner),S\(index),\(index % 7 == 0 ? "SB97Z" : "AA22C"),\(diagnoses),\(index).5,"
                    .utf8)
            text += notes[index % notes.count]
            text += [0x0A]
        }
        return text
    }

    @discardableResult
    func shell(_ script: String, status expected: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws
        -> Binary.Result
    {
        let result = try Binary.shell(script, in: scratch.url)
        XCTAssertEqual(result.status, expected, result.err, file: file, line: line)
        return result
    }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: scratch.path(name))) }

    /// Classifies `input` and splits it, and checks that the stream holds exactly the split's
    /// rows, each with its contract, and that the totals and summary are the split's.
    func assertClassifyMatchesSplit(
        _ input: String, _ extra: String = "", file: StaticString = #filePath, line: UInt = #line
    ) throws {
        try shell(
            "\"$SPECSPLIT\" split --rules '\(rules)' --out split --force --quiet \(extra) '\(input)'", file: file,
            line: line)
        try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --quiet --totals totals.csv --summary-csv summary.csv \(extra) '\(input)' > stream.csv",
            file: file, line: line)
        let stream = CSVRecord.parse(try bytes("stream.csv"))
        let columns = stream[0].fields.count
        let at = columns - 8  // the contract, then the split's seven columns
        XCTAssertEqual(
            stream[0].fields[at...].map { String(decoding: $0, as: UTF8.self) },
            ["contract", "split_category", "service_line", "npoc", "service_group", "matched_rules", "ruleset", "deciding_rule"],
            file: file, line: line)
        var streamed: [String: [[UInt8]]] = [:]
        for record in stream.dropFirst() {
            XCTAssertEqual(record.fields.count, columns, file: file, line: line)
            XCTAssertEqual(
                record.raw, CSVRecord.encode(record.fields), "encoded as a split encodes", file: file, line: line)
            let bucket =
                "\(String(decoding: record.fields[at], as: UTF8.self))/\(String(decoding: record.fields[at + 1], as: UTF8.self))"
            var fields = record.fields
            fields.remove(at: at)
            streamed[bucket, default: []].append(CSVRecord.encode(fields))
        }
        var splitRows: [String: [[UInt8]]] = [:]
        let contracts = URL(fileURLWithPath: scratch.path("split/contracts"))
        for contract in try FileManager.default.contentsOfDirectory(atPath: contracts.path) {
            for name in try FileManager.default.contentsOfDirectory(
                atPath: contracts.appendingPathComponent(contract).path)
            {
                let records = CSVRecord.parse(
                    try Data(contentsOf: contracts.appendingPathComponent(contract).appendingPathComponent(name)))
                var headerFields = records[0].fields
                headerFields.insert(Array("contract".utf8), at: at)
                XCTAssertEqual(
                    headerFields, stream[0].fields, "the split's header with contract", file: file, line: line)
                if records.count > 1 {
                    splitRows["\(contract)/\(name.replacingOccurrences(of: ".csv", with: ""))"] = records.dropFirst()
                        .map(\.raw)
                }
            }
        }
        XCTAssertEqual(Set(streamed.keys), Set(splitRows.keys), file: file, line: line)
        for (bucket, rows) in splitRows {
            XCTAssertEqual(
                streamed[bucket]?.sorted { $0.lexicographicallyPrecedes($1) },
                rows.sorted { $0.lexicographicallyPrecedes($1) }, bucket, file: file, line: line)
        }
        XCTAssertEqual(try bytes("totals.csv"), try bytes("split/control-totals.csv"), "totals", file: file, line: line)
        XCTAssertEqual(try bytes("summary.csv"), try bytes("split/summary.csv"), "summary", file: file, line: line)
    }

    func testEachSampleExtractStreamsTheSplitsRowsTotalsAndSummary() throws {
        for name in ["apc-episodes.csv", "apc-spells.csv", "contract-monitoring.csv", "outpatients.csv"] {
            try assertClassifyMatchesSplit(Binary.root.appendingPathComponent("sample-data/extracts/\(name)").path)
        }
    }

    func testAwkwardBytesComeThroughAsTheSplitWritesThem() throws {
        try assertClassifyMatchesSplit(scratch.write("awkward.csv", awkward))
        let stream = try bytes("stream.csv")
        XCTAssertNotNil(stream.range(of: Data([0x63, 0x61, 0x66, 0xE9, 0xFF])), "invalid UTF-8 kept")
        XCTAssertNotNil(stream.range(of: Data("\"two\nlines\"".utf8)))
        XCTAssertNotNil(stream.range(of: Data("\"crlf\r\ninside\"".utf8)))
        XCTAssertNotNil(stream.range(of: Data("\" padded \"".utf8)))
    }

    func testContractKeyAndMappingOptionsAreTheSplits() throws {
        let input = scratch.write(
            "c.csv",
            "Prov,Comm,Contract_Ref,HRG_Code,Price\nRJE,5PK,C1,SB97Z,10.5\nRJE,5PK,C2,AA22C,3\nRQ3,5MX,C1,AA22C,1\n")
        try assertClassifyMatchesSplit(
            input,
            "--map provider=Prov --map commissioner=Comm --map contract=Contract_Ref --map hrg=HRG_Code --map value=Price --shape slam --contract-key provider-commissioner-contract"
        )
        XCTAssertTrue(String(decoding: try bytes("stream.csv"), as: UTF8.self).contains(",RJE_5PK_C2,non-specialised,"))
    }

    func testHeaderlessInputWithColumnsOrHeaderFromAndNoHeaderOutput() throws {
        let input = scratch.write("awkward.csv", awkward)
        let data = scratch.write("data.csv", Array(awkward.dropFirst(header.utf8.count)))
        let columns = String(header.dropLast())
        try shell("\"$SPECSPLIT\" classify --rules '\(rules)' --quiet '\(input)' > with-header.csv")
        try shell("\"$SPECSPLIT\" classify --rules '\(rules)' --quiet --columns '\(columns)' < '\(data)' > columns.csv")
        try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --quiet --header-from '\(input)' '\(data)' > header-from.csv")
        try shell("\"$SPECSPLIT\" classify --rules '\(rules)' --quiet --no-header - < '\(input)' > no-header.csv")
        let expected = try bytes("with-header.csv")
        XCTAssertGreaterThan(expected.count, 10_000)
        XCTAssertEqual(try bytes("columns.csv"), expected)
        XCTAssertEqual(try bytes("header-from.csv"), expected)
        let firstLine = expected.firstIndex(of: 0x0A)!
        XCTAssertEqual(try bytes("no-header.csv"), expected[(firstLine + 1)...])
        // A line of data taken for the header would have failed: the first data row is there.
        XCTAssertTrue(String(decoding: try bytes("columns.csv"), as: UTF8.self).contains("\nRJE,5PK,S0,"))
    }

    func testRejectsGoToTheRejectsFileAndTheExitCodeFollowsMaxRejects() throws {
        let input = scratch.write(
            "bad.csv",
            header
                + "RJE,5PK,S1,AA22C,||I10X,10,a\nRJE,5PK,S2,AA22C,||I10X,ten,b\nRJE,5PK,S3,AA\"22C,||I10X,1,c\nRQ3,5MX,S4,AA22C,||I10X,2,d\n"
        )
        let failed = try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --quiet --rejects rejects.csv --totals totals.json '\(input)' > out.csv",
            status: 65)
        XCTAssertTrue(failed.err.contains("2 row(s) rejected, more than --max-rejects 0"), failed.err)
        XCTAssertTrue(failed.err.contains("rejects.csv"), failed.err)
        XCTAssertFalse(failed.err.contains("ten"), "no row on standard error: \(failed.err)")
        let out = String(decoding: try bytes("out.csv"), as: UTF8.self)
        XCTAssertEqual(out.split(separator: "\n").count, 3, "header and the two good rows: \(out)")
        XCTAssertFalse(out.contains("S2") || out.contains("S3"), out)
        let rejects = scratch.read("rejects.csv") ?? ""
        XCTAssertTrue(rejects.contains("bad.csv,3,\"value is not a number: \"\"ten\"\""), rejects)
        XCTAssertTrue(rejects.contains("bad.csv,4,\"stray quote"), rejects)
        let totals = try ControlTotalsDocument.decode(try bytes("totals.json"))
        XCTAssertEqual(totals.overall.read.rows, 4)
        XCTAssertEqual(totals.overall.writtenTotal.rows, 2)
        XCTAssertEqual(totals.overall.rejected.rows, 2)
        XCTAssertEqual(totals.overall.read.value, "12.00", "the unreadable row and the bad value count 0")
        XCTAssertEqual(totals.contracts.map(\.contract), ["RJE_5PK", "RQ3_5MX"])
        XCTAssertEqual(totals.contracts[0].rejected.rows, 1)
        XCTAssertEqual(totals.unreadable.rows, 1)
        XCTAssertEqual(totals.contracts[0].difference.rows, 0)

        let allowed = try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --quiet --max-rejects 2 --rejects rejects.csv '\(input)' > out.csv"
        )
        XCTAssertEqual(allowed.err, "")
        let noFile = try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --quiet --max-rejects 2 '\(input)' > out.csv", status: 64)
        XCTAssertTrue(noFile.err.contains("give --rejects PATH"), noFile.err)
        let unrecorded = try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --quiet '\(input)' > out.csv", status: 65)
        XCTAssertTrue(unrecorded.err.contains("Give --rejects PATH to see them"), unrecorded.err)
    }

    func testTotalsAsJSONAgreeWithTheCSV() throws {
        let input = Binary.root.appendingPathComponent("sample-data/extracts/apc-spells.csv").path
        try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --quiet --totals t.json --summary-csv s.csv '\(input)' > /dev/null"
        )
        try shell("\"$SPECSPLIT\" classify --rules '\(rules)' --quiet --totals t.csv '\(input)' > /dev/null")
        let document = try ControlTotalsDocument.decode(try bytes("t.json"))
        let csv = (scratch.read("t.csv") ?? "").split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        XCTAssertEqual(Array(csv[0][5..<(5 + document.categories.count)]), document.categories)
        for line in document.contracts {
            let rows = csv.first { $0[0] == line.contract && $0[3] == "rows" }!
            let value = csv.first { $0[0] == line.contract && $0[3] == "value" }!
            XCTAssertEqual(rows[4], String(line.read.rows))
            XCTAssertEqual(value[4], line.read.value)
            for (offset, category) in document.categories.enumerated() {
                XCTAssertEqual(value[5 + offset], line.written[category]?.value, "\(line.contract) \(category)")
            }
        }
        XCTAssertEqual(document.overall.read.rows, 400)
        XCTAssertEqual(document.ruleset.financialYear, "2012/13")
        let bad = try shell("\"$SPECSPLIT\" classify --rules '\(rules)' --totals totals.txt '\(input)'", status: 64)
        XCTAssertTrue(bad.err.contains("ending in .json or .csv"), bad.err)
    }

    func testAFailedWriteOfStandardOutputExits74() throws {
        let input = scratch.write(
            "big.csv",
            header + (0..<40_000).map { "RJE,5PK,S\($0),AA22C,||I10X,\($0).25,note \($0)" }.joined(separator: "\n")
                + "\n")
        let full = try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --quiet --totals t.json '\(input)' > /dev/full", status: 74)
        XCTAssertTrue(full.err.contains("standard output: write failed: No space left on device"), full.err)
        XCTAssertFalse(scratch.exists("t.json"), "no totals for a stream that failed")
        let pipe = try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --quiet '\(input)' | head -c 100 > /dev/null; echo \"status ${PIPESTATUS[0]}\""
        )
        XCTAssertTrue(pipe.out.contains("status 74"), pipe.out + pipe.err)
        XCTAssertTrue(pipe.err.contains("standard output: write failed: Broken pipe"), pipe.err)
    }

    func testInputsOfOtherColumnsAreRefused() throws {
        let one = scratch.write("one.csv", header + "RJE,5PK,S1,AA22C,||I10X,10,a\n")
        let other = scratch.write("other.csv", "Der_Provider_Code,Commissioner_Code,Spell_Core_HRG\nRJE,5PK,AA22C\n")
        let result = try shell("\"$SPECSPLIT\" classify --rules '\(rules)' '\(one)' '\(other)' > out.csv", status: 64)
        XCTAssertTrue(result.err.contains("other.csv has other columns than"), result.err)
        XCTAssertEqual(try bytes("out.csv").count, 0, "nothing written before the headers were checked")
        let same = try shell("\"$SPECSPLIT\" classify --rules '\(rules)' --quiet '\(one)' '\(one)' | wc -l")
        XCTAssertEqual(same.out.trimmingCharacters(in: .whitespacesAndNewlines), "3")
    }

    func testDescribePrintsTheColumnMapAndReadsNoRows() throws {
        let input = Binary.root.appendingPathComponent("sample-data/extracts/apc-episodes.csv").path
        let result = try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --describe --map value=Tariff_Total_Payment '\(input)'")
        let description = try JSONDecoder().decode(ColumnDescription.self, from: Data(result.out.utf8))
        XCTAssertTrue(description.episodeLevel)
        XCTAssertEqual(description.shape, "apc")
        XCTAssertEqual(description.fields["provider"], 0)
        XCTAssertEqual(description.fields["spell_id"], description.columns.firstIndex(of: "Der_Spell_ID"))
        XCTAssertEqual(description.fields["value"], description.columns.firstIndex(of: "Tariff_Total_Payment"))
        XCTAssertEqual(description.outputColumns.suffix(8).first, "contract")
        let columns = try shell(
            "\"$SPECSPLIT\" classify --rules '\(rules)' --describe --shape slam --columns 'Der_Provider_Code,Commissioner_Code,\"odd, name\"' < /dev/null"
        )
        XCTAssertTrue(columns.out.contains("\"odd, name\""), columns.out)
    }

    func testUsageErrors() throws {
        try shell("\"$SPECSPLIT\" classify --rules '\(rules)' --columns A --header-from x < /dev/null", status: 64)
        let empty = try shell("\"$SPECSPLIT\" classify --rules '\(rules)' --columns 'A,,B' < /dev/null", status: 64)
        XCTAssertTrue(empty.err.contains("column 2 has no name"), empty.err)
        try shell("\"$SPECSPLIT\" classify < /dev/null", status: 64)
        try shell("\"$SPECSPLIT\" classify --rules '\(rules)' --header-from missing.csv < /dev/null", status: 66)
    }
}
