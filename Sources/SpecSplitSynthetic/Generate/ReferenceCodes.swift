import SpecSplit

/// Code pools shared by the shapes: registration signals (military and prison practices,
/// prison postcodes), secondary diagnoses, badly shaped codes and demographic codes.
///
/// Military and prison practices and prison postcodes are copied from the sample 2012/13
/// rule set (practices.csv, prison-postcodes.csv) at the time of writing.
enum ReferenceCodes {
    /// Defence Medical Services practices (parent 13Q).
    static let militaryPractices: [ShortCode] = [
        "Y90101", "Y90102", "Y90103", "Y90104", "Y90105", "Y90106", "Y90107", "Y90108", "Y90109",
    ]
    /// Prison (setting 25) and young offender institution (16-18) practices.
    static let prisonPractices: [ShortCode] = [
        "Y91201", "Y91202", "Y91203", "Y91204", "Y91205", "Y91206", "Y91207", "Y91208", "Y91209",
        "Y92301", "Y92302", "Y92303", "Y92304", "Y92305",
    ]
    /// Postcodes unique to a prison site.
    static let uniquePrisonPostcodes: [ShortCode] = [
        "HU1 9XA", "LS9 9XB", "M60 9XD", "B21 9XE", "DN7 9XG", "WF2 9XJ", "PE2 9XL", "CB8 9XP",
    ]
    /// Prison postcodes shared with other addresses.
    static let sharedPrisonPostcodes: [ShortCode] = ["NG9 9XF", "SE9 9XH", "TA6 9XN"]
    /// Pseudo practice codes: no practice, not applicable, unknown (never evidence of anything).
    static let pseudoPractices: [ShortCode] = ["V81999", "V81999", "V81999", "V81998", "V81997"]

    /// Postcode areas of ordinary addresses.
    static let postcodeAreas: [ShortCode] = [
        "LS", "M", "B", "S", "NE", "L", "BS", "NG", "LE", "SO", "PL", "EX", "CB", "OX", "HU", "YO", "DN", "WF",
        "BD", "HX", "ST", "CV", "WV", "DE", "SK", "BB", "PR", "CH", "TS", "DH", "SR", "NR", "IP", "CO", "ME",
        "CT", "BN", "RH", "GU", "RG", "SN", "BA", "TA", "GL", "WR", "HR", "TF", "SY", "LN", "PE", "MK", "LU",
        "SE", "SW", "N", "E", "W", "NW", "EC", "HA",
    ]
    /// Letters of the inward code (no C, I, K, M, O, V; X is left for prison sites).
    static let postcodeLetters: [UInt8] = Array("ABDEFGHJLNPQRSTUWYZ".utf8)
    /// First letters of ordinary practice codes.
    static let practiceLetters: [UInt8] = Array("ABCDEFGHJKLMNP".utf8)

    /// Secondary diagnoses (comorbidities and status codes); none triggers a rule.
    static let secondaryDiagnoses: [ShortCode] = [
        "I10X", "E119", "J449", "Z864", "F171", "Z921", "E785", "N183", "I252", "Z950", "E039", "K219", "M199",
        "I489", "Z880", "Z867", "F329", "E669", "J459", "D649", "N390", "Z966", "Z853", "R296", "U822",
    ]
    /// Secondary procedures (site, approach and laterality codes).
    static let secondaryProcedures: [ShortCode] = ["Y534", "Y981", "Z942", "Z943", "Y732", "Y751", "Y808", "Z923"]
    /// Valid codes written the way some providers write them: dotted or three characters.
    static let looseDiagnoses: [ShortCode] = ["H04.7", "I60", "C50.9", "E11.9", "J18.9", "R69", "K35.8", "I10"]
    /// Badly shaped diagnosis codes for the quality report.
    static let badDiagnoses: [ShortCode] = ["H04.7X9", "ZZ999", "C5", "I6O", "9999", "R6"]
    /// Badly shaped procedure codes.
    static let badProcedures: [ShortCode] = ["K2", "X9Z1", "ZZ999", "W3", "4451"]
    /// Badly shaped HRG codes.
    static let badHRGs: [ShortCode] = ["ZZ999", "SB97", "UZ1Z", "12345"]

    /// Ethnic categories (Z not stated, 99 not known).
    static let ethnicGroups: [ShortCode] = [
        "A", "A", "A", "A", "A", "A", "A", "A", "A", "A", "A", "B", "C", "D", "H", "J", "K", "L", "M", "N", "P",
        "R", "S", "Z", "Z", "99",
    ]
    /// Admission sources other than 39 (19 usual place of residence dominates).
    static let admissionSources: [ShortCode] = [
        "19", "19", "19", "19", "19", "19", "19", "19", "19", "19", "19", "19", "19", "19", "19", "19", "29",
        "51", "51", "54", "65", "66", "87", "98",
    ]
    /// Outpatient referral sources (03 GP dominates).
    static let referralSources: [ShortCode] = [
        "03", "03", "03", "03", "03", "03", "03", "05", "05", "01", "10", "11", "04", "12", "17", "92",
    ]
    /// Five-year age bands, 90+ last.
    static let ageBands: [ShortCode] = [
        "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54",
        "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+",
    ]
}
