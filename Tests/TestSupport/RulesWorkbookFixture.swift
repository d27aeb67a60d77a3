import Foundation

/// A small rules workbook in the published shape: the "Summary of ID code sets" table with
/// every published column, the "Service line hierarchy" table, and code-list sheets in the
/// built-in mapping's provisional layout. Numbers are stored as numbers (flag numbers,
/// counts, ranks, top-ups, specialty codes), text as shared strings, some codes as inline
/// strings and one sub-rule number as a number stored as text, as real files mix them.
///
/// ``handWrittenNational`` is the same content written by hand as rule-set rows: importing
/// the workbook must classify rows exactly as a rule set with those rows does.
public struct RulesWorkbookFixture {
    /// The summary's header, as published.
    public static let summaryHeader = [
        "PS_Flag", "Prescribed_Service_Line", "NPoC_Category", "Service_Line_Hierarchy", "Setting", "Flag_Number",
        "Sub_Rule_Number", "No_Of_Identification_Rules", "New_Service_Lines", "Commissioned_By", "ICD10_Triggers_Count",
        "ICD10_Triggering_Position", "ICD10_Qualifiers", "OPCS4_Triggers_Count", "OPCS4_Triggering_Position",
        "OPCS_Qualifiers", "ICD10_And_OPCS4_Combination_Required", "OPCS4_And_OPCS4_Combination_Required",
        "Qualifying_Age", "Qualifying_Age_Check", "Qualifying_Gender", "MAINSPEF_Count", "TRETSPEF_Count",
        "ADMIMETH_APC_Only", "CLASSPAT_APC_Only", "ATTENDED_NAC_Only", "REFSOURC_NAC_Only",
        "CSNum_Use_Of_Equal_Sign_Exclusion_APC_Only", "Provider_Eligibility_Count",
    ]
    /// The hierarchy's header, as published.
    public static let hierarchyHeader = [
        "Service_Line", "Service_Line_Description", "Applicable_In_Setting_1", "Applicable_In_Setting_2",
        "APC_Episode_Spell_Hierarchies", "APC_Percentage_Top_Up", "NAC_Hierarchy",
    ]

    /// The sheets: name, then rows (the header first). Tests edit cells before writing.
    public var sheets: [(name: String, rows: [[XLSXBuilder.Cell?]])]

    /// The workbook as described above.
    public init() {
        typealias C = XLSXBuilder.Cell
        func summary(
            _ flagText: String, _ npoc: String, _ setting: String, _ flag: Int, _ sub: C, _ rules: Int,
            icd10: Int = 0, icd10Position: String = "", icd10Qualifiers: Int = 0, opcs4: Int = 0,
            opcs4Position: String = "",
            opcsQualifiers: Int = 0, combination: String = "N", age: C? = nil, ageCheck: String = "", gender: C? = nil,
            mainspef: Int = 0, tretspef: Int = 0, admimeth: C? = nil, classpat: C? = nil, attended: C? = nil,
            refsourc: C? = nil, providers: Int = 0
        ) -> [C?] {
            func text(_ value: String) -> C? { value.isEmpty ? nil : .text(value) }
            return [
                .text(flagText), .text(flagText.components(separatedBy: " - ")[1]), .text(npoc), .number(String(flag)),
                .text(setting), .number(String(flag)), sub, .number(String(rules)), .text("N"), .text("NHS England"),
                .number(String(icd10)), text(icd10Position), .number(String(icd10Qualifiers)), .number(String(opcs4)),
                text(opcs4Position), .number(String(opcsQualifiers)), .text(combination), .text("N"), age,
                text(ageCheck),
                gender, .number(String(mainspef)), .number(String(tretspef)), admimeth, classpat, attended, refsourc,
                nil,
                .number(String(providers)),
            ]
        }
        let cf = "NCBPS13X - Cystic fibrosis", haem = "NCBPS03X - Haemophilia",
            burns = "NCBPS08B - Specialised burn care"
        let renal = "NCBPS05D - Renal dialysis"
        let medicine = "A - Internal Medicine", blood = "F - Blood and Infection", trauma = "D - Trauma"
        sheets = [
            ("Notes", [[.text("Illustrative rules workbook for specsplit's tests: not the official rules.")]]),
            (
                "Summary of ID code sets",
                [
                    RulesWorkbookFixture.summaryHeader.map { .text($0) },
                    summary(cf, medicine, "APC", 13, .number("1"), 2, icd10: 2, icd10Position: "Primary"),
                    summary(cf, medicine, "NAC", 13, .text("2"), 2, tretspef: 1),
                    summary(haem, blood, "APC", 3, .number("1"), 2, icd10: 2, icd10Position: "Any", providers: 2),
                    summary(haem, blood, "NAC", 3, .number("2"), 2, age: .number("19"), ageCheck: "<", tretspef: 1),
                    summary(
                        burns, trauma, "APC", 8, .number("1"), 1, icd10: 1, icd10Position: "Any", opcsQualifiers: 1),
                    summary(
                        renal, medicine, "APC", 5, .number("1"), 2, opcs4: 2, opcs4Position: "Any", mainspef: 1,
                        admimeth: .text("11, 12"), classpat: .number("1")),
                    summary(
                        renal, medicine, "NAC", 5, .number("2"), 2, gender: .text("Female"), tretspef: 1,
                        attended: .text("5,6"), refsourc: .number("3")),
                ]
            ),
            (
                "Service line hierarchy",
                [
                    RulesWorkbookFixture.hierarchyHeader.map { .text($0) },
                    [
                        .text("NCBPS03X"), .text("Haemophilia"), .text("APC"), .text("NAC"), .number("1"),
                        .number("0.14999999999999999"), .number("2"),
                    ],
                    [
                        .text("NCBPS13X"), .text("Cystic fibrosis"), .text("APC"), .text("NAC"), .number("2"),
                        .number("0.25"), .number("1"),
                    ],
                    [
                        .text("NCBPS08B"), .text("Specialised burn care"), .text("APC"), nil, .number("3"),
                        .number("0.5"), nil,
                    ],
                    [
                        .text("NCBPS05D"), .text("Renal dialysis"), .text("APC"), .text("NAC"), .number("4"), nil,
                        .number("3"),
                    ],
                ]
            ),
            (
                "ICD10 Triggers",
                [
                    [.text("Flag_Number"), .text("Sub_Rule_Number"), .text("ICD10_Code")],
                    [.number("13"), .number("1"), .inline("E84.0")],
                    [.number("13"), .number("1"), .inline("E84.1")],
                    [.number("3"), .number("1"), .text("D66")],
                    [.number("3"), .number("1"), .text("D67X")],
                    [.number("8"), .number("1"), .text("T2*")],
                ]
            ),
            ("ICD10 Qualifiers", [[.text("Flag_Number"), .text("Sub_Rule_Number"), .text("ICD10_Code")]]),
            (
                "OPCS4 Triggers",
                [
                    [.text("Flag_Number"), .text("Sub_Rule_Number"), .text("OPCS4_Code")],
                    [.number("5"), .number("1"), .text("X40.1")],
                    [.number("5"), .number("1"), .text("X40.2")],
                ]
            ),
            (
                "OPCS Qualifiers",
                [
                    [.text("Flag_Number"), .text("Sub_Rule_Number"), .text("OPCS4_Code")],
                    [.number("8"), .number("1"), .text("S37*")],
                ]
            ),
            (
                "MAINSPEF",
                [
                    [.text("Flag_Number"), .text("Sub_Rule_Number"), .text("MAINSPEF")],
                    [.number("5"), .number("1"), .number("361")],
                ]
            ),
            (
                "TRETSPEF",
                [
                    [.text("Flag_Number"), .text("Sub_Rule_Number"), .text("TRETSPEF")],
                    [.number("13"), .number("2"), .number("343")],
                    [.number("3"), .number("2"), .number("309")],
                    [.number("5"), .number("2"), .number("361")],
                ]
            ),
            (
                "Provider Eligibility",
                [
                    [.text("Flag_Number"), .text("Sub_Rule_Number"), .text("Provider_Code")],
                    [.number("3"), .number("1"), .text("RRK")],
                    [.number("3"), .number("1"), .text("RQ3")],
                ]
            ),
        ]
    }

    /// The same national content as rule-set files would hold it, written by hand:
    /// `rules.csv` rows (without header), `code-sets.csv` rows and `service-lines.csv` rows
    /// (with the per-setting columns).
    public static let handWrittenNational = (
        rules: """
        NCBPS13X-1,national,APC,specialised,NCBPS13X,E840 E841,primary,,,,,,,,,,,,,,,,,,,,,Cystic fibrosis
        NCBPS13X-2,national,NAC,specialised,NCBPS13X,,,,,,,,,,,343,,,,,,,,,,,,Cystic fibrosis clinic
        NCBPS03X-1,national,APC,specialised,NCBPS03X,D66 D67X,,,,,,,,,,,,,,,,,,RRK RQ3,,,,Haemophilia
        NCBPS03X-2,national,NAC,specialised,NCBPS03X,,,,,,,,,,,309,,,,,,<19,,,,,,Haemophilia clinic for children
        NCBPS08B-1,national,APC,specialised,NCBPS08B,T2%,,,,,,S37%,,,,,,,,,,,,,,,,Burns with a graft
        NCBPS05D-1,national,APC,specialised,NCBPS05D,,,X401 X402,,,,,,,361,,11 12,,1,,,,,,,,,Dialysis
        NCBPS05D-2,national,NAC,specialised,NCBPS05D,,,,,,,,,,,361,,,,5 6,03,,2,,,,,Dialysis clinic
        """,
        serviceLines: """
        NCBPS03X,Haemophilia,Blood and Infection,1,specialised,1,2,15
        NCBPS13X,Cystic fibrosis,Internal Medicine,2,specialised,2,1,25
        NCBPS08B,Specialised burn care,Trauma,3,specialised,3,,50
        NCBPS05D,Renal dialysis,Internal Medicine,4,specialised,4,3,
        """
    )

    /// Sets the cell of `sheet` in data row `row` (1 is the first row below the header) and
    /// the column headed `column`.
    public mutating func set(_ sheet: String, row: Int, column: String, _ value: XLSXBuilder.Cell?) {
        let index = sheets.firstIndex { $0.name == sheet }!
        let columnIndex = sheets[index].rows[0].firstIndex { $0 == .text(column) }!
        while sheets[index].rows[row].count <= columnIndex { sheets[index].rows[row].append(nil) }
        sheets[index].rows[row][columnIndex] = value
    }

    /// Appends a row to `sheet`.
    public mutating func append(_ sheet: String, _ row: [XLSXBuilder.Cell?]) {
        let index = sheets.firstIndex { $0.name == sheet }!
        sheets[index].rows.append(row)
    }

    /// Removes data row `row` of `sheet` (1 is the first row below the header).
    public mutating func remove(_ sheet: String, row: Int) {
        let index = sheets.firstIndex { $0.name == sheet }!
        sheets[index].rows.remove(at: row)
    }

    /// The rows of `sheet`.
    public func rows(_ sheet: String) -> [[XLSXBuilder.Cell?]] { sheets.first { $0.name == sheet }!.rows }

    /// Writes the workbook as an `.xlsx` file.
    public func writeXLSX(to path: String) throws {
        var builder = XLSXBuilder()
        for sheet in sheets { builder.sheet(sheet.name, sheet.rows) }
        try builder.write(to: path)
    }

    /// Writes each sheet as `NAME.csv` in `directory` (created), every cell as the text a
    /// spreadsheet's CSV export gives.
    public func writeCSV(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for sheet in sheets {
            let width = sheet.rows.map(\.count).max() ?? 0
            var text = ""
            for row in sheet.rows {
                let fields = (0..<width).map { index -> String in
                    guard index < row.count, let cell = row[index] else { return "" }
                    let value: String
                    switch cell {
                    case .text(let t), .inline(let t), .formulaText(let t): value = t
                    case .number(let n): value = n == "0.14999999999999999" ? "0.15" : n
                    case .boolean(let b): value = b ? "TRUE" : "FALSE"
                    }
                    return value.contains(",") || value.contains("\"")
                        ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
                }
                text += fields.joined(separator: ",") + "\r\n"
            }
            try text.write(toFile: directory + "/" + sheet.name + ".csv", atomically: true, encoding: .utf8)
        }
    }
}
