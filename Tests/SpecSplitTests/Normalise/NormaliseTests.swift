import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// Code shapes, exact amounts, and filling a record from a row.
final class NormaliseTests: XCTestCase {
    func code(_ text: String, _ parse: (UnsafeRawBufferPointer) -> PackedCode?) -> String? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }.map(\.description)
    }

    func testICD10() {
        XCTAssertEqual(code("H04.7", CodeShapes.icd10), "H047")
        XCTAssertEqual(code("i60x", CodeShapes.icd10), "I60X")
        XCTAssertEqual(code("I60", CodeShapes.icd10), "I60")
        XCTAssertEqual(code("M1000", CodeShapes.icd10), "M100", "a fifth character is dropped")
        XCTAssertEqual(code("R69-", CodeShapes.icd10), "R69")
        XCTAssertEqual(code("", CodeShapes.icd10), "")
        XCTAssertEqual(code("A17.0D", CodeShapes.icd10), "A170", "a dagger/asterisk mark after the code is dropped")
        XCTAssertNil(code("H0X7", CodeShapes.icd10))
        XCTAssertNil(code("H04Q", CodeShapes.icd10))
        XCTAssertNil(code("ZZ9", CodeShapes.icd10))
        XCTAssertNil(code("K2", CodeShapes.icd10))
    }

    func testOPCS4HRGAndOrganisations() {
        XCTAssertEqual(code("K26.2", CodeShapes.opcs4), "K262")
        XCTAssertNil(code("K26X", CodeShapes.opcs4))
        XCTAssertEqual(code("sb97z", CodeShapes.hrg), "SB97Z")
        XCTAssertNil(code("SB97", CodeShapes.hrg))
        XCTAssertEqual(code("RJE00", CodeShapes.organisation), "RJE")
        XCTAssertEqual(code("NT401", CodeShapes.organisation), "NT401")
        XCTAssertNil(code("R1", CodeShapes.organisation))
        XCTAssertEqual(code("V81999", CodeShapes.practice), "V81999")
        XCTAssertNil(code("V8199", CodeShapes.practice))
        XCTAssertEqual(code("hu1 9xx", CodeShapes.postcode), "HU19XX")
    }

    /// The word-at-a-time path of `compact` gives what one byte at a time gives, for every
    /// length up to past a word and bytes that matter: spaces, dots and tabs (removed), the
    /// edges of a-z (upper-cased), NUL and bytes of 0x80 and above (kept as they are).
    func testCompactWordAtATimeMatchesByteAtATime() {
        func reference(_ bytes: [UInt8]) -> (raw: UInt64, length: Int, truncated: Bool) {
            var raw: UInt64 = 0
            var count = 0
            var truncated = false
            for byte in bytes where byte != 0x20 && byte != 0x2E && byte != 0x09 {
                if count == 8 {
                    truncated = true
                    continue
                }
                let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
                raw |= UInt64(upper) << UInt64(56 - count * 8)
                count += 1
            }
            return (raw, count, truncated)
        }
        let alphabet: [UInt8] = Array("aAzZ`{@[09 .\t-".utf8) + [0x00, 0x7F, 0x80, 0xE1, 0xFA, 0xFF]
        var random = SplitMix64(seed: 7)
        for trial in 0..<20_000 {
            let length = trial % 12
            // Inside a larger buffer: bytes around the field must not leak into the code.
            var buffer = (0..<(length + 8)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let field = Array(buffer[4..<(4 + length)])
            let expected = reference(field)
            let got = buffer.withUnsafeMutableBytes { all in
                CodeShapes.compact(UnsafeRawBufferPointer(rebasing: all[4..<(4 + length)]), limit: 8)
            }
            XCTAssertEqual(got?.code.raw, expected.raw, "\(field)")
            XCTAssertEqual(got?.length, expected.length, "\(field)")
            XCTAssertEqual(got?.truncated, expected.truncated, "\(field)")
            buffer.removeAll()
        }
    }

    func testLongPointsOfDeliveryMatchTheRuleSetsPacking() {
        var text = "opfupspncl"
        XCTAssertEqual(text.withUTF8 { CodeShapes.long(UnsafeRawBufferPointer($0)) }, PackedCode(longCode: "OPFUPSPNCL"))
        text = "EL"
        XCTAssertEqual(text.withUTF8 { CodeShapes.long(UnsafeRawBufferPointer($0)) }, PackedCode("EL"))
    }

    func testAges() {
        var text = "7003"
        XCTAssertEqual(text.withUTF8 { CodeShapes.age(UnsafeRawBufferPointer($0)) }, 0, "SUS codes infants as 7001-7007")
        text = "045"
        XCTAssertEqual(text.withUTF8 { CodeShapes.age(UnsafeRawBufferPointer($0)) }, 45)
        text = "4x"
        XCTAssertNil(text.withUTF8 { CodeShapes.age(UnsafeRawBufferPointer($0)) })
    }

    func testAmountsAreExact() {
        XCTAssertEqual(Amount("1234.56")?.micros, 1_234_560_000)
        XCTAssertEqual(Amount("-0.05")?.description, "-0.05")
        XCTAssertEqual(Amount(".5")?.description, "0.50")
        XCTAssertEqual(Amount("+3.000001")?.description, "3.000001")
        XCTAssertEqual(Amount(" 7 ")?.description, "7.00")
        for bad in ["", "1e3", "£4", "1,000", "1.2.3", "-", "1.0000001", "99999999999999"] {
            XCTAssertNil(Amount(bad), bad)
        }
        // 0.1 + 0.2 is exactly 0.3, unlike binary floating point.
        XCTAssertEqual((Amount("0.1")! + Amount("0.2")!).description, "0.30")
        var totals = Totals()
        for _ in 0..<1000 { totals.add(activity: .one, value: Amount("0.01")!) }
        XCTAssertEqual(totals.value, "10.00")
    }

    /// The first batch of rows of the extract at `path`, and a normaliser for its columns.
    func firstBatch(_ path: String) throws -> (RowBatch, RecordNormaliser) {
        let reader = try CSVReader(path: path)
        let map = try ColumnMap(header: reader.header, source: path)
        let batch = RowBatch()
        XCTAssertTrue(try reader.next(into: batch), path)
        return (batch, RecordNormaliser(map: map))
    }

    func testRecordFromAConcatenatedDiagnosisField() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("a.csv", "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Der_Diagnosis_All,Der_Procedure_All,Spell_Core_HRG,Postcode\nRJE00,5pk,S1,\"||C50.9,E119||BAD1,i60\",||K26.2,SB97Z,hu1 9xx\n")
        let (batch, normaliser) = try firstBatch(path)
        var record = ActivityRecord()
        var quality = QualityLog()
        normaliser.fill(&record, batch: batch, row: 0, quality: &quality, source: path)
        XCTAssertEqual(record.diagnoses.map(\.description), ["C509", "E119", "I60"])
        XCTAssertEqual(record.procedures.map(\.description), ["K262"])
        XCTAssertEqual(record.provider.description, "RJE")
        XCTAssertEqual(record.commissioner.description, "5PK")
        XCTAssertEqual(record.postcode.description, "HU19XX")
        XCTAssertEqual(record.setting, .apc)
        XCTAssertEqual(quality.entries.map(\.pipeLine), ["ICD10|BAD1|Code not shaped like an ICD-10 code in Der_Diagnosis_All"])
        XCTAssertEqual(quality.entries.first?.finding.line, 2)
    }

    /// Lists longer than the normaliser gathers at once (32 codes) keep every code in
    /// order, from one concatenated field and from numbered columns; refilling the same
    /// record with a shorter list leaves nothing of the longer one.
    func testLongCodeListsKeepEveryCodeAndRefillingForgetsThem() throws {
        let codes = (0..<70).map { "C\(String(format: "%02d", $0 % 100))\($0 % 10)" }
        let dir = TemporaryDirectory()
        let concatenated = dir.write(
            "concatenated.csv",
            "Der_Provider_Code,Commissioner_Code,Spell_Core_HRG,Der_Diagnosis_All\n"
                + "RJE,5PK,SB97Z,\"||\(codes.joined(separator: ","))\"\n"
                + "RJE,5PK,SB97Z,||I60X\n")
        let numberedHeader = (1...70).map { "Diag_\(String(format: "%02d", $0))" }.joined(separator: ",")
        let numbered = dir.write(
            "numbered.csv",
            "Der_Provider_Code,Commissioner_Code,Spell_Core_HRG,\(numberedHeader)\n"
                + "RJE,5PK,SB97Z,\(codes.joined(separator: ","))\n"
                + "RJE,5PK,SB97Z,I60X\(String(repeating: ",", count: 69))\n")
        for path in [concatenated, numbered] {
            let (batch, normaliser) = try firstBatch(path)
            var record = ActivityRecord()
            var quality = QualityLog()
            normaliser.fill(&record, batch: batch, row: 0, quality: &quality, source: path)
            XCTAssertEqual(record.diagnoses.map(\.description), codes, path)
            normaliser.fill(&record, batch: batch, row: 1, quality: &quality, source: path)
            XCTAssertEqual(record.diagnoses.map(\.description), ["I60X"], path)
            XCTAssertEqual(quality.entries.map(\.pipeLine), [], path)
        }
    }

    /// A pipeline batch holds, for each well-formed row, exactly what filling that row
    /// alone gives (the setting as the classify stage gives it); refilled with other rows,
    /// no record keeps codes of the rows before.
    func testPipelineBatchRecordsMatchRowByRowFilling() throws {
        let dir = TemporaryDirectory()
        let header = "Der_Provider_Code,Commissioner_Code,Der_Diagnosis_All,Spell_Core_HRG,Der_POD\n"
        let first = dir.write("first.csv", header
            + "RJE,5PK,\"||C509,E119,D611\",SB97Z,EL\n"
            + "RJE,5PK,\"||X\"Y\",SB97Z,EL\n"  // a stray quote: not normalised
            + "RXH,5QT,||BAD1,XX,OPFA\n")
        let second = dir.write("second.csv", header + "RXH,5QT,,,DC\nRJE,5PK,||I60,LA08E,NEL\n")
        let compiled = try RuleSetFixture().compile()
        let batch = PipelineBatch(bytes: 1 << 12, ruleSets: 1)
        var batchQuality = QualityLog()
        for path in [first, second] {
            let reader = try CSVReader(path: path)
            let map = try ColumnMap(header: reader.header, source: path)
            let plan = InputPlan(path: path, map: map, reader: reader, hasher: ContentHasher(.sha256), contractKeyed: false)
            let input = PipelineInput(index: 0, source: path, plan: plan, group: 0)
            let normalise = BatchNormaliser(input)
            let normaliser = RecordNormaliser(map: map)
            XCTAssertTrue(try reader.next(into: batch.rows))
            normalise(batch)
            BatchClassifier(ruleSets: [compiled], fixedSetting: input.fixedSetting)(batch)
            batchQuality.merge(normalise.quality)
            var rowQuality = QualityLog()
            for row in 0..<batch.rows.count where batch.rows.status(row) == .ok {
                var expected = ActivityRecord()
                normaliser.fill(&expected, batch: batch.rows, row: row, quality: &rowQuality, source: path)
                expected.setting = input.fixedSetting ?? compiled.setting(forPOD: expected.pod)
                let actual = batch.records[row]
                XCTAssertEqual(actual.diagnoses, expected.diagnoses, "\(path) row \(row)")
                XCTAssertEqual([actual.provider, actual.commissioner, actual.hrg, actual.pod], [expected.provider, expected.commissioner, expected.hrg, expected.pod])
                XCTAssertEqual(actual.setting, expected.setting)
            }
        }
        XCTAssertEqual(batch.records[0].diagnoses, [], "the second file's first row has no diagnoses left over from the first file")
        XCTAssertEqual(batch.records[1].setting, .apc)
        XCTAssertEqual(batchQuality.entries.map(\.pipeLine), ["HRG|XX|Code not shaped like an HRG code in Spell_Core_HRG", "ICD10|BAD1|Code not shaped like an ICD-10 code in Der_Diagnosis_All"])
    }
}
