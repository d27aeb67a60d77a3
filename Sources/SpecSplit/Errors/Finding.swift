/// The kind of code or value a finding is about: the first field of the national
/// identification tool's quality file, `CodeType|Code|Error Description`.
public enum CodeType: String, Sendable, CaseIterable, Hashable {
    // Codes of a row (quality findings) and of a rule's conditions (rule-set problems).
    case icd10 = "ICD10"
    case opcs4 = "OPCS4"
    case hrg = "HRG"
    case mainSpecialty = "MAINSPEF"
    case treatmentFunction = "TFC"
    case pod = "POD"
    case admissionMethod = "ADMISSION_METHOD"
    case admissionSource = "ADMISSION_SOURCE"
    case patientClassification = "PATIENT_CLASSIFICATION"
    case attendanceStatus = "ATTENDANCE_STATUS"
    case referralSource = "REFERRAL_SOURCE"
    case age = "AGE"
    case sex = "SEX"
    case provider = "PROVIDER"
    case commissioner = "COMMISSIONER"
    case practice = "PRACTICE"
    case postcode = "POSTCODE"
    case practiceType = "PRACTICE_TYPE"
    case postcodeType = "POSTCODE_TYPE"
    case specialty = "SPECIALTY"
    case twoDigit = "2DIGIT"
    case oneDigit = "1DIGIT"
    case organisation = "ORG"
    case code = "CODE"
    case typeName = "TYPE"
    case value = "VALUE"
    case activity = "ACTIVITY"
    // The parts of a rule set.
    case ruleID = "RULE_ID"
    case stage = "STAGE"
    case setting = "SETTING"
    case category = "CATEGORY"
    case serviceLine = "SERVICE_LINE"
    case serviceGroup = "SERVICE_GROUP"
    case position = "POSITION"
    case flag = "FLAG"
    case rank = "RANK"
    case topUp = "TOP_UP"
    case codeSet = "SET"
    case date = "DATE"
    case description = "DESCRIPTION"
    case key = "KEY"
    case toml = "TOML"
    case csv = "CSV"
    case file = "FILE"
    // Findings about a run's inputs.
    case rule = "RULE"
    case row = "ROW"
    case spell = "SPELL"
    case column = "COLUMN"
}

/// One thing found wrong, or worth knowing, about a rule set or an extract: the kind of
/// code, the code, what is wrong and what to do, and where.
///
/// Rule-set problems and the quality report share this shape. Its ``description`` follows
/// the national tool's quality file, `CodeType|Code|Error Description`, then the place:
/// `(file:line, column)`.
public struct Finding: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of code or value.
    public var codeType: CodeType
    /// The value as written (empty when it is missing or not about one value).
    public var code: String
    /// What is wrong, and what to do, for a person.
    public var message: String
    /// The file it is in (a rule set's `rules.csv`, or an input as named on the command line).
    public var file: String
    /// The physical line in that file (1 is the header of a CSV file); 0 when it is about
    /// the whole file.
    public var line: Int
    /// The column (or TOML key) holding the value; empty when no column applies.
    public var column: String

    /// A finding about `code` at `file:line`, in `column`.
    public init(codeType: CodeType, code: String, file: String, line: Int, column: String = "", message: String) {
        self.codeType = codeType
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// `CodeType|Code|Error Description`, the national tool's quality line.
    public var pipeLine: String { "\(codeType.rawValue)|\(code)|\(message)" }

    /// `CodeType|Code|Error Description (file:line, column)`.
    public var description: String {
        var place = line > 0 ? "\(file):\(line)" : file
        if !column.isEmpty { place += ", \(column)" }
        return "\(pipeLine) (\(place))"
    }
}
