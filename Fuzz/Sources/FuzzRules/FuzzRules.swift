import Foundation
import FuzzSupport
import SpecSplit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// libFuzzer target: the input's first byte picks one file of the 2012/13 sample rule set
// (by its place in the sorted file names, modulo their count) and the rest of the input
// replaces that file; the other files stay as shipped. Then:
//
// 1. `RuleSet.load(directory:)` returns or throws `RuleSetInvalid` with at least one
//    problem, each naming a file; nothing else is thrown, nothing crashes or hangs.
// 2. A rule set that loads compiles (`CompiledRuleSet`), and classifying rows cannot crash:
//    rows of the sample extracts and rows made from the rule set's own codes, each
//    classified, explained and rolled up into spells.
// 3. The trigger index only narrows what is tested: the national and local rules
//    `classify` finds are exactly those that testing every rule (`explain`) finds, and
//    every index in a result is in range.
// 4. Writing the loaded rule set back (`write(to:)`) gives a directory that loads as the
//    same rule set (the writer's documented promise), unless the writer refuses it with
//    `RuleSetInvalid`.

/// The sample rule set's files, by name, as shipped.
let sampleDirectory = repositoryRoot + "/sample-data/rules/2012-13"
let sampleFiles: [(name: String, bytes: [UInt8])] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: sampleDirectory)) ?? []
    let sorted = names.filter { !$0.hasPrefix(".") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    require(!sorted.isEmpty, "no sample rule set at \(sampleDirectory)")
    return sorted.map { ($0, readFile(sampleDirectory + "/" + $0)) }
}()

/// The rule set directory each execution loads: the sample files, one of them replaced.
let ruleDirectory: String = {
    let path = scratchDirectory + "/rules"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    for file in sampleFiles { writeFile(path + "/" + file.name, file.bytes) }
    return path
}()

/// Rows of the four sample extracts, normalised as a split would (the setting of a
/// contract-monitoring row comes from the rule set, so it is filled in per execution).
let sampleRecords: [ActivityRecord] = {
    var records: [ActivityRecord] = []
    for name in ["apc-spells.csv", "apc-episodes.csv", "outpatients.csv", "contract-monitoring.csv"] {
        let path = repositoryRoot + "/sample-data/extracts/" + name
        do {
            let reader = try CSVReader(path: path)
            let map = try ColumnMap(header: reader.header, source: name)
            let normaliser = RecordNormaliser(map: map)
            let batch = RowBatch()
            var quality = QualityLog()
            var taken = 0
            while taken < 20, try reader.next(into: batch) {
                for row in 0..<batch.count where taken < 20 && batch.status(row) == .ok {
                    var record = ActivityRecord()
                    normaliser.fill(&record, batch: batch, row: row, quality: &quality, source: name)
                    records.append(record)
                    taken += 1
                }
            }
        } catch {
            fail("cannot read the sample extract \(path): \(error)")
        }
    }
    return records
}()

/// A row made of codes the rule set itself uses (prefixes completed with digits), some
/// fields left out of the extract, so that rules fire and fail in every way.
func syntheticRecord(_ ruleSet: RuleSet, _ lists: [RuleColumn: [[String]]], _ random: inout SplitMix) -> ActivityRecord
{
    func pick(_ column: RuleColumn) -> String {
        let lists = lists[column] ?? []
        guard !lists.isEmpty, random.below(4) != 0 else { return "" }
        let list = lists[random.below(lists.count)]
        var value = list[random.below(list.count)]
        if value.hasSuffix("%") {
            value.removeLast()
            let full = column.kind == .hrg ? 5 : (column.kind == .specialty ? 3 : 4)
            while value.count < full { value.append(Character(String(random.below(10)))) }
        }
        return value
    }
    func code(_ column: RuleColumn) -> PackedCode { PackedCode(pick(column)) ?? .empty }
    var record = ActivityRecord()
    var present = FieldSet(Field.allCases)
    for field in [Field.diagnoses, .procedures, .age, .gpPractice, .postcode, .pod, .hrg] where random.below(5) == 0 {
        present.subtract(FieldSet([field]))
    }
    record.reset(present: present, setting: [Setting.apc, .nac, .unknown][random.below(3)])
    for _ in 0..<random.below(6) {
        for column in [RuleColumn.icd10, .icd10Qualifier] {
            let value = code(column)
            if !value.isEmpty { record.diagnoses.append(value) }
        }
        for column in [RuleColumn.opcs4, .opcs4Qualifier] {
            let value = code(column)
            if !value.isEmpty { record.procedures.append(value) }
        }
    }
    if random.below(3) == 0 { record.diagnoses.insert(PackedCode("J18X")!, at: 0) }
    record.hrg = code(.hrg)
    record.pod = PackedCode(longCode: pick(.pod)) ?? .empty
    record.treatmentFunction = code(.treatmentFunction)
    record.mainSpecialty = code(.mainSpecialty)
    record.admissionMethod = code(.admissionMethod)
    record.admissionSource = code(.admissionSource)
    record.patientClassification = code(.patientClassification)
    record.attendanceStatus = code(.attendanceStatus)
    record.referralSource = code(.referralSource)
    record.sex = code(.sex)
    record.provider = code(.provider)
    record.commissioner = code(.commissioner)
    record.age = random.below(5) == 0 ? nil : random.below(120)
    let practices = ruleSet.practices.map(\.code) + [PackedCode("B82001")!, PackedCode("V81999")!]
    record.practice = practices[random.below(practices.count)]
    let postcodes = ruleSet.prisonPostcodes.map(\.postcode) + [PackedCode("SW1A1AA")!]
    record.postcode = postcodes[random.below(postcodes.count)]
    return record
}

/// Properties 2 and 3 on one loaded rule set.
func checkClassifying(_ ruleSet: RuleSet, seed: UInt64) {
    let compiled = CompiledRuleSet(ruleSet)
    var lists: [RuleColumn: [[String]]] = [:]
    for column in RuleColumn.codeColumns {
        lists[column] = ruleSet.rules.compactMap { $0.conditions[column]?.values }.filter { !$0.isEmpty }
    }
    var random = SplitMix(seed: seed)
    var records = sampleRecords
    for _ in 0..<40 { records.append(syntheticRecord(ruleSet, lists, &random)) }
    var scratch = compiled.makeScratch()
    var results: [Classification] = []
    for var record in records {
        if record.setting == .unknown { record.setting = compiled.setting(forPOD: record.pod) }
        var result = Classification()
        compiled.classify(record, into: &result, scratch: &scratch)
        checkResult(result, compiled, "row \(results.count)")
        let explanation = compiled.explain(record)
        let fired = explanation.fired
        require(
            result.nationalMatches == fired.filter { $0.stage == .national }.map(\.rule),
            "row \(results.count): national matches \(result.nationalMatches), testing every rule fires \(fired.map(\.ruleID))"
        )
        require(
            result.localMatches == fired.filter { $0.stage == .local }.map(\.rule),
            "row \(results.count): local matches \(result.localMatches), testing every rule fires \(fired.map(\.ruleID))"
        )
        require(
            result.decidingRule == explanation.result.decidingRule, "row \(results.count): explain decides otherwise")
        require(!explanation.description.isEmpty, "row \(results.count): an empty explanation")
        results.append(result)
    }
    // Spells of one to four episodes.
    var start = 0
    while start < results.count {
        let end = min(results.count, start + 1 + random.below(4))
        var spell = Classification()
        compiled.combineSpell(results[start..<end], into: &spell)
        checkResult(spell, compiled, "spell of rows \(start)..<\(end)")
        if let decider = spell.decidingRule {
            require(
                results[start..<end].contains { $0.decidingRule == decider },
                "spell of rows \(start)..<\(end) is decided by rule \(decider), which decided none of its episodes")
        }
        start = end
    }
    for setting in Setting.allCases {
        for fields in [
            FieldSet(Field.allCases), FieldSet([.provider, .commissioner, .pod, .hrg, .treatmentFunction]), FieldSet(),
        ] {
            for index in compiled.untestableRules(for: fields, setting: setting) {
                require(Int(index) < ruleSet.rules.count, "untestable rule index \(index) out of range")
            }
        }
    }
}

/// Every index a classification holds points into the compiled tables.
func checkResult(_ result: Classification, _ compiled: CompiledRuleSet, _ what: String) {
    let rules = compiled.ruleSet.rules.count
    require(result.category >= 0 && result.category < compiled.categories.count, "\(what): category \(result.category)")
    require(result.npoc >= 0 && result.npoc < compiled.npocs.count, "\(what): npoc \(result.npoc)")
    require(
        result.serviceGroup >= 0 && result.serviceGroup < compiled.serviceGroupNames.count,
        "\(what): service group \(result.serviceGroup)")
    for index in result.nationalMatches + result.localMatches + (result.decidingRule.map { [$0] } ?? []) {
        require(index >= 0 && Int(index) < rules, "\(what): rule index \(index) of \(rules)")
    }
    for type in [result.practiceType, result.postcodeType].compactMap({ $0 }) {
        require(type >= 0 && type < compiled.typeNames.count, "\(what): type name \(type)")
    }
    if let decider = result.decidingRule {
        require(
            result.serviceLine == compiled.rule(decider).serviceLine, "\(what): service line is not the deciding rule's"
        )
    }
}

/// The parts of a rule set a write and a load keep: not where things were read from.
func comparable(_ ruleSet: RuleSet) -> RuleSet {
    var copy = ruleSet
    copy.checksum = ""
    copy.rules = copy.rules.map {
        var rule = $0
        rule.line = 0
        return rule
    }
    copy.serviceGroups = copy.serviceGroups.map {
        var group = $0
        group.line = 0
        return group
    }
    return copy
}

/// Property 4: the rule set written back loads as itself.
func checkWriteBack(_ ruleSet: RuleSet) {
    let copy = scratchDirectory + "/written"
    do {
        try ruleSet.write(to: copy, replace: true)
    } catch is RuleSetInvalid {
        return
    } catch {
        fail("writing a loaded rule set failed: \(error)")
    }
    let again: RuleSet
    do {
        again = try RuleSet.load(directory: copy)
    } catch {
        fail("a loaded rule set, written back, does not load: \(error)")
    }
    let (a, b) = (comparable(ruleSet), comparable(again))
    if a == b { return }
    for (index, (x, y)) in zip(a.rules, b.rules).enumerated() where x != y {
        fail("written back, rule \(index) reads as\n\(y)\ninstead of\n\(x)")
    }
    for (path, x, y) in [
        ("name", a.name, b.name), ("financialYear", a.financialYear, b.financialYear),
        ("summary", a.summary, b.summary),
        ("source", a.source, b.source), ("categories", "\(a.categories)", "\(b.categories)"),
        ("rules", "\(a.rules.count) rules", "\(b.rules.count) rules"),
        ("codeSets", "\(a.codeSets.sorted { $0.key < $1.key })", "\(b.codeSets.sorted { $0.key < $1.key })"),
        ("serviceLines", "\(a.serviceLines)", "\(b.serviceLines)"), ("practices", "\(a.practices)", "\(b.practices)"),
        ("prisonPostcodes", "\(a.prisonPostcodes)", "\(b.prisonPostcodes)"),
        ("serviceGroups", "\(a.serviceGroups)", "\(b.serviceGroups)"),
        ("podSettings", "\(a.podSettings.sorted { $0.key < $1.key })", "\(b.podSettings.sorted { $0.key < $1.key })"),
        (
            "podSpellings", "\(a.podSpellings.sorted { $0.key < $1.key })",
            "\(b.podSpellings.sorted { $0.key < $1.key })"
        ),
        ("illustrative", "\(a.illustrative)", "\(b.illustrative)"),
    ] where x != y {
        fail("written back, \(path) reads as\n\(y)\ninstead of\n\(x)")
    }
    fail("written back, the rule set differs")
}

/// The libFuzzer entry point: checks every property on `data`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let directory = ruleDirectory
    let file = sampleFiles[Int(data[0]) % sampleFiles.count]
    let path = directory + "/" + file.name
    writeFile(path, UnsafeRawBufferPointer(start: data + 1, count: size - 1))
    defer { writeFile(path, file.bytes) }

    let ruleSet: RuleSet
    do {
        ruleSet = try RuleSet.load(directory: directory)
    } catch let error as RuleSetInvalid {
        require(!error.problems.isEmpty, "RuleSetInvalid with no problem")
        for problem in error.problems {
            require(
                !problem.file.isEmpty && !problem.message.isEmpty, "a problem without a file or message: \(problem)")
        }
        require(!error.description.isEmpty, "RuleSetInvalid with an empty description")
        return 0
    } catch {
        fail("RuleSet.load threw \(type(of: error)), not RuleSetInvalid: \(error)")
    }
    require(
        ruleSet.checksum.count == 64
            && ruleSet.checksum.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) },
        "checksum \(ruleSet.checksum) is not SHA-256 hex")
    require(!ruleSet.report.isEmpty, "an empty report")
    checkClassifying(ruleSet, seed: stableHash(UnsafeRawBufferPointer(start: data, count: size)))
    checkWriteBack(ruleSet)
    return 0
}
