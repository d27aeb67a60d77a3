/// The column names each logical field is known by in the three extract shapes, in
/// order of preference. Matching ignores case, spaces and underscores.
public enum FieldAliases {
    /// Column names for each single-column field.
    public static let names: [Field: [String]] = [
        .provider: ["Der_Provider_Code", "Provider_Code", "Provider", "PROCODE", "PROCODET", "Organisation_Code_Code_of_Provider"],
        .commissioner: ["Commissioner_Code", "Commissioner", "PURCODE", "Organisation_Code_Code_of_Commissioner", "CCG_Code", "PCT_Code"],
        .contract: ["Contract_ID", "Contract_Number", "Contract", "Agreement_ID", "Agreement_Number", "Agreement", "Commissioning_Serial_No"],
        .spellId: ["Der_Spell_ID", "Spell_ID", "Hospital_Spell_No", "Hospital_Provider_Spell_Number", "SpellID", "SPELL"],
        .episodeNumber: ["Episode_Number", "EPIORDER", "Episode_No", "Episode_Order", "Der_Episode_Number"],
        .pod: ["POD", "Der_POD", "POD_Code", "Point_Of_Delivery", "Point_Of_Delivery_Code"],
        .hrg: ["Spell_Core_HRG", "Core_HRG", "HRG", "HRG_Code", "Episode_Core_HRG", "Spell_HRG", "Der_HRG"],
        .mainSpecialty: ["Main_Specialty_Code", "Main_Specialty", "MAINSPEF", "Main_Spec"],
        .treatmentFunction: ["Treatment_Function_Code", "Treatment_Function", "TRETSPEF", "TFC", "TFC_Code", "Specialty_Code"],
        .diagnoses: ["Der_Diagnosis_All", "Diagnosis_All", "Der_Diag_All", "All_Diagnoses"],
        .procedures: ["Der_Procedure_All", "Procedure_All", "Der_Proc_All", "All_Procedures"],
        .age: ["Age_At_Start_of_Spell_SUS", "Der_Age_At_CDS_Activity_Date", "Age_At_CDS_Activity_Date", "Age", "STARTAGE", "Age_At_Activity", "Der_Age"],
        .sex: ["Sex", "Gender", "Person_Gender_Code", "SEX_CODE"],
        .admissionMethod: ["Admission_Method", "ADMIMETH", "Admission_Method_Code"],
        .admissionSource: ["Source_of_Admission", "Admission_Source", "ADMISORC", "Source_of_Admission_Code"],
        .patientClassification: ["Patient_Classification", "CLASSPAT", "Patient_Class"],
        .attendanceStatus: ["Attendance_Status", "ATTENDED", "Attended_Or_DNA", "Attended_Or_Did_Not_Attend"],
        .referralSource: ["OPA_Referral_Source", "Referral_Source", "REFSOURC", "Source_of_Referral"],
        .gpPractice: ["GP_Practice_Code", "Registered_GP_Practice", "GP_Practice", "GPPRAC", "Practice_Code", "Der_Registered_GP_Practice"],
        .postcode: ["Postcode", "Patient_Postcode", "Der_Postcode", "HOMEADD", "Postcode_of_Usual_Address"],
        .financialYear: ["Der_Financial_Year", "Financial_Year", "FYEAR", "Fin_Year"],
        .activity: ["Activity_Actual", "Activity", "Activity_Count", "Actual_Activity"],
        .value: ["Grand_Total_Payment_MFF", "Tariff_Total_Payment", "Price_Actual", "Actual_Price", "Value", "Cost", "Price", "Total_Cost"],
        .serviceCode: ["Service_Code", "Provider_Service_Code", "Der_Service_Code"],
        .serviceCategory: ["Service_Category", "Commissioned_Service_Category_Code", "Commissioned_Service_Category"],
    ]

    /// Columns that identify a row other than the spell id (`explain --id`): an episode,
    /// attendance or line id, in order of preference.
    public static let rowIDNames = [
        "Episode_ID", "Der_Episode_ID", "Attendance_Ident", "Attendance_ID", "ATTENDID", "Der_Attendance_ID", "Line_ID",
        "Line_Number", "Row_ID", "Record_ID", "Activity_ID",
    ]

    /// Prefixes of numbered diagnosis columns (`DIAG_01`, `Diag1`, `Diagnosis_01`...).
    public static let numberedDiagnosisPrefixes = ["diag", "diagnosis", "icd", "icd10", "diagcode"]
    /// Prefixes of numbered procedure columns (`OPER_01`, `OPERTN_01`, `Procedure_01`...).
    public static let numberedProcedurePrefixes = ["oper", "opertn", "procedure", "proc", "opcs", "opcs4"]

    /// Columns whose presence marks an admitted-patient extract.
    static let admittedMarkers = [
        "Spell_Core_HRG", "Age_At_Start_of_Spell_SUS", "Admission_Date", "Discharge_Date", "Spell_LoS", "Der_Spell_LoS",
        "Episode_Start_Date", "Discharge_Method", "Episode_Core_HRG",
    ]
    /// Columns whose presence marks an outpatient extract.
    static let outpatientMarkers = ["Attendance_Ident", "Attendance_ID", "Appointment_Date", "First_Attendance", "ATTENDID"]

    /// Words that say a column holds money (GBP). A value column taken by fallback (not
    /// given with `--map`, not `Grand_Total_Payment_MFF`) while another column's name has one
    /// of these words is doubtful: see ``ColumnMap/problems``.
    public static let moneyWords: Set<String> = [
        "amount", "charge", "charges", "cost", "costs", "fee", "fees", "gbp", "income", "pay", "payment", "payments",
        "price", "prices", "spend", "tariff", "tariffs", "value",
    ]
    /// Words that say a column holds activity, likewise for the activity field.
    public static let activityWords: Set<String> = [
        "activities", "activity", "admissions", "attendances", "count", "counts", "episodes", "qty", "quantity",
        "spells", "units", "volume",
    ]
    /// Words that make a name about something other than the activity's own money or count:
    /// a plan, a date or period, a code, a rate. A name with one of them is never a candidate.
    public static let notAmountWords: Set<String> = [
        "band", "code", "date", "factor", "flag", "id", "month", "percent", "percentage", "period", "plan", "planned",
        "rate", "type", "year",
    ]

    /// The words of a column name, lower case: split at anything but letters and digits,
    /// between a lower-case letter and a capital (`TotalCost`), and between letters and digits.
    public static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character? = nil
        for character in name {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current.lowercased()) }
                current = ""
                previous = nil
                continue
            }
            if let last = previous, !current.isEmpty,
                (last.isLowercase && character.isUppercase) || (last.isNumber != character.isNumber)
            {
                words.append(current.lowercased())
                current = ""
            }
            current.append(character)
            previous = character
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }

    /// True when `name` has one of `words` and none of ``notAmountWords``.
    static func says(_ name: String, _ words: Set<String>) -> Bool {
        let own = self.words(name)
        return own.contains(where: words.contains) && !own.contains(where: notAmountWords.contains)
    }

    /// A column name folded for comparison: lower case, no spaces, underscores or hyphens.
    public static func fold(_ name: String) -> String {
        String(name.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" && $0 != "\u{FEFF}" })
    }

    /// For a numbered column such as `DIAG_01`, its number when its prefix is one of `prefixes`.
    static func number(of column: String, prefixes: [String]) -> Int? {
        let folded = fold(column)
        let digits = folded.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < folded.count else { return nil }
        let stem = String(folded.dropLast(digits.count))
        guard prefixes.contains(stem) else { return nil }
        return Int(String(digits.reversed()))
    }
}
