import SpecSplit

/// The column names of generated extracts: the names real extracts use, which the
/// column mapper (``FieldAliases``) recognises.
public enum ExtractSchema {
    /// Admitted patient care at spell level (34 columns).
    public static let admittedSpells: [String] = [
        "Der_Provider_Code", "Commissioner_Code", "GP_Practice_Code", "Postcode", "Der_Spell_ID",
        "Admission_Method", "Source_of_Admission", "Patient_Classification", "Age_At_Start_of_Spell_SUS", "Sex",
        "Ethnic_Group", "Der_POD", "Spell_Core_HRG", "Der_Diagnosis_All", "Der_Procedure_All",
        "Treatment_Function_Code", "Main_Specialty_Code", "Der_Financial_Year", "Der_Activity_Month",
        "Admission_Date", "Discharge_Date", "Spell_LoS", "Base_Tariff", "BPT_Adjustment", "Short_Stay_Adjustment",
        "Long_Stay_Adjustment", "Specialised_Top_Up", "Tariff_Total_Payment", "Local_Payment", "MFF",
        "Grand_Total_Payment_MFF", "Der_Age_Band", "Discharge_Method", "Discharge_Destination",
    ]

    /// Admitted patient care at episode level: `Episode_Number` after the spell id, and
    /// `DIAG_01..DIAG_12`, `OPER_01..OPER_12` in place of the two concatenated lists.
    public static let admittedEpisodes: [String] = {
        var columns: [String] = []
        for name in admittedSpells {
            switch name {
            case "Der_Spell_ID": columns += [name, "Episode_Number"]
            case "Der_Diagnosis_All": columns += (1...12).map { "DIAG_" + ($0 < 10 ? "0\($0)" : "\($0)") }
            case "Der_Procedure_All": columns += (1...12).map { "OPER_" + ($0 < 10 ? "0\($0)" : "\($0)") }
            default: columns.append(name)
            }
        }
        return columns
    }()

    /// Admitted patient care at spell level, narrow (18 columns, about 113 bytes a row):
    /// the fields the rules read, the activity month, the grand total and a free-text
    /// `Provider_Comment` (a few per cent of rows; quoted, with commas and line breaks).
    public static let admittedNarrow: [String] = [
        "Der_Provider_Code", "Commissioner_Code", "GP_Practice_Code", "Postcode", "Der_Spell_ID",
        "Admission_Method", "Source_of_Admission", "Patient_Classification", "Age_At_Start_of_Spell_SUS", "Sex",
        "Spell_Core_HRG", "Der_Diagnosis_All", "Der_Procedure_All", "Treatment_Function_Code", "Main_Specialty_Code",
        "Der_Activity_Month", "Grand_Total_Payment_MFF", "Provider_Comment",
    ]

    /// Outpatient attendances (19 columns).
    public static let outpatients: [String] = [
        "Der_Provider_Code", "Commissioner_Code", "GP_Practice_Code", "Postcode", "Attendance_Ident",
        "Attendance_Status", "First_Attendance", "Treatment_Function_Code", "Main_Specialty_Code", "Core_HRG",
        "OPA_Referral_Source", "Der_Age_At_CDS_Activity_Date", "Sex", "Appointment_Date", "Der_Financial_Year",
        "Der_POD", "Der_Diagnosis_All", "Der_Procedure_All", "Tariff_Total_Payment",
    ]

    /// Contract-monitoring lines, plan and actual (14 columns).
    public static let contractMonitoring: [String] = [
        "Provider_Code", "Commissioner_Code", "Contract_ID", "POD", "Treatment_Function_Code", "HRG",
        "Activity_Plan", "Activity_Actual", "Price_Plan", "Price_Actual", "Service_Code", "Service_Category",
        "Financial_Year", "Month",
    ]

    /// Admitted care columns at spell or episode level.
    public static func admitted(episodes: Bool) -> [String] { episodes ? admittedEpisodes : admittedSpells }

    /// The columns of `shape` (`episodes` and `narrow` apply to admitted care only).
    public static func columns(_ shape: ExtractShape, episodes: Bool = false, narrow: Bool = false) -> [String] {
        switch shape {
        case .apc: return narrow ? admittedNarrow : admitted(episodes: episodes)
        case .op: return outpatients
        case .slam: return contractMonitoring
        }
    }
}
