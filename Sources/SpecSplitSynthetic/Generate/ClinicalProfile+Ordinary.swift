import SpecSplit

/// Ordinary (non-specialised) and dental activity. Codes are real ICD-10, OPCS-4, HRG4
/// and treatment function codes chosen so that, under the sample 2012/13 rule set, these
/// profiles trigger no specialised service line (TFCs 150, 170-172, 321, 711, 712 and the
/// rules' trigger codes are kept out; cancers are adult, outside oncology TFCs 260/370
/// for children).
extension ClinicalProfile {
    /// Ordinary admitted and outpatient activity, weighted roughly like a general acute trust.
    static let ordinary: [ClinicalProfile] = [
        ClinicalProfile(  // general surgery
            tfc: "100", mainSpecialty: "100", hrgs: ["FZ18C", "FZ24E", "FZ36L", "GA10F", "GA07C", "FZ20D"],
            diagnoses: ["K358", "K802", "K409", "K573", "R103", "K564", "L025", "K610"],
            procedures: ["H011", "J183", "T201", "H229", "T202", "G451"], procedurePercent: 60,
            ages: 16...95, older: true, admission: .mixed, weight: 10),
        ClinicalProfile(  // urology
            tfc: "101", mainSpecialty: "101", hrgs: ["LB40E", "LB13D", "LB21Z", "LB28D"],
            diagnoses: ["N390", "N200", "N400", "R31X", "C679"],
            procedures: ["M459", "M651", "M421", "M302"], procedurePercent: 70,
            ages: 18...95, older: true, admission: .elective, weight: 6),
        ClinicalProfile(  // trauma and orthopaedics
            tfc: "110", mainSpecialty: "110", hrgs: ["HB12C", "HB21C", "HD26E", "HT12C", "HA12C"],
            diagnoses: ["S720", "M170", "M161", "S525", "M233", "S822"],
            procedures: ["W371", "W401", "W381", "W191", "T521", "W281"], procedurePercent: 80,
            ages: 5...98, older: true, admission: .mixed, weight: 10),
        ClinicalProfile(  // ENT
            tfc: "120", mainSpecialty: "120", hrgs: ["CZ06Z", "CZ22Z", "CZ25N"],
            diagnoses: ["J350", "J342", "H659", "J320", "R040"],
            procedures: ["F341", "D151", "E036", "E141"], procedurePercent: 80,
            ages: 2...85, admission: .elective, weight: 4),
        ClinicalProfile(  // ophthalmology
            tfc: "130", mainSpecialty: "130", hrgs: ["BZ02Z", "BZ24A", "BZ03Z"],
            diagnoses: ["H251", "H269", "H401", "H353", "E113"],
            procedures: ["C751", "C712", "C794", "C866"], procedurePercent: 95,
            ages: 40...98, older: true, admission: .daycase, weight: 5),
        ClinicalProfile(  // general medicine
            tfc: "300", mainSpecialty: "300", hrgs: ["DZ11C", "DZ19C", "AA26E", "EB03I", "WA14Y", "LA04C"],
            diagnoses: ["J189", "I10X", "N390", "R074", "J441", "E119", "R55X", "A419", "R296", "J22X"],
            procedures: ["U051", "X292"], procedurePercent: 15,
            ages: 18...100, older: true, admission: .emergency, weight: 18),
        ClinicalProfile(  // gastroenterology
            tfc: "301", mainSpecialty: "301", hrgs: ["FZ60Z", "FZ43B", "FZ23Z", "FZ38E"],
            diagnoses: ["K210", "K219", "K922", "K519", "K297"],
            procedures: ["G451", "H229", "H251", "G459"], procedurePercent: 70,
            ages: 18...90, admission: .mixed, weight: 6),
        ClinicalProfile(  // cardiology (K codes outside cardiac surgery specialties)
            tfc: "320", mainSpecialty: "320", hrgs: ["EB07I", "EB10Z", "EA36A", "EB03I", "EB14Z"],
            diagnoses: ["I209", "I214", "I48X", "I509", "I10X", "R072"],
            procedures: ["K634", "K751", "K601", "K592"], procedurePercent: 40,
            ages: 30...95, older: true, admission: .mixed, weight: 8),
        ClinicalProfile(  // medical oncology, adults
            tfc: "370", mainSpecialty: "370", hrgs: ["SB12Z", "SB13Z", "SB14Z"],
            diagnoses: ["C509", "C189", "C349", "C61X", "C679", "C159"],
            procedures: ["X352", "X373"], procedurePercent: 40,
            ages: 25...90, older: true, admission: .mixed, weight: 4),
        ClinicalProfile(  // paediatrics
            tfc: "420", mainSpecialty: "420", hrgs: ["PA14B", "PB03Z", "PA26B", "PA35B", "PA16C"],
            diagnoses: ["J219", "A099", "R509", "J069", "P599", "J459", "R11X"],
            ages: 0...17, admission: .emergency, weight: 7),
        ClinicalProfile(  // obstetrics
            tfc: "501", mainSpecialty: "501", hrgs: ["NZ11A", "NZ26A", "NZ04B", "NZ12C"],
            diagnoses: ["O800", "O700", "O342", "O479", "O990"], secondaryDiagnoses: ["Z370"],
            procedures: ["R181", "R241", "R252", "R171"], procedurePercent: 60,
            ages: 16...45, sex: 2, admission: .maternity, weight: 8),
        ClinicalProfile(  // gynaecology (benign)
            tfc: "502", mainSpecialty: "502", hrgs: ["MA07D", "MA08B", "MA10Z"],
            diagnoses: ["N921", "N809", "D259", "N832", "N840"],
            procedures: ["Q181", "Q103", "Q074", "P275"], procedurePercent: 75,
            ages: 18...80, sex: 2, admission: .elective, weight: 4),
        ClinicalProfile(  // adult mental illness
            tfc: "710", mainSpecialty: "710", hrgs: ["WD11Z", "WD22Z"],
            diagnoses: ["F200", "F329", "F319", "F102", "F232", "F603"],
            ages: 18...85, admission: .mentalHealth, weight: 3),
        ClinicalProfile(  // geriatric medicine
            tfc: "430", mainSpecialty: "430", hrgs: ["WA11Y", "DZ22B", "HD39D", "LA04C"],
            diagnoses: ["R296", "S720", "N390", "F03X", "J690", "R410"],
            procedures: ["U051"], procedurePercent: 10,
            ages: 75...102, older: true, admission: .emergency, weight: 6),
        ClinicalProfile(  // dermatology
            tfc: "330", mainSpecialty: "330", hrgs: ["JC41Z", "JD07C", "JC42B"],
            diagnoses: ["L400", "C443", "L039", "D229"],
            procedures: ["S063", "S062"], procedurePercent: 70,
            ages: 20...90, admission: .daycase, weight: 2),
        ClinicalProfile(  // respiratory medicine
            tfc: "340", mainSpecialty: "340", hrgs: ["DZ19C", "DZ22B", "DZ21E", "DZ15E"],
            diagnoses: ["J441", "J459", "J189", "J90X", "C349"],
            procedures: ["E481", "E491"], procedurePercent: 20,
            ages: 30...95, older: true, admission: .emergency, weight: 4),
        ClinicalProfile(  // nephrology (no dialysis)
            tfc: "361", mainSpecialty: "361", hrgs: ["LA08E", "LA04C", "LA07J"],
            diagnoses: ["N185", "N179", "N184"],
            ages: 30...90, admission: .mixed, weight: 2),
        ClinicalProfile(  // endocrinology
            tfc: "302", mainSpecialty: "302", hrgs: ["KA08C", "KB02F", "KB01E"],
            diagnoses: ["E119", "E109", "E871", "E162"],
            ages: 18...90, admission: .emergency, weight: 2),
        ClinicalProfile(  // neurology
            tfc: "400", mainSpecialty: "400", hrgs: ["AA22C", "AA26E", "AA29F"],
            diagnoses: ["G409", "G35X", "G439", "R51X", "I639"],
            ages: 16...85, admission: .mixed, weight: 2),
    ]

    /// Secondary care dental activity (treatment functions 140-144, 217, 450).
    static let dental: [ClinicalProfile] = [
        ClinicalProfile(  // oral surgery
            tfc: "140", mainSpecialty: "140", hrgs: ["CD01A", "CD02B", "CD05B"],
            diagnoses: ["K011", "K012", "K047", "K083", "K090"],
            procedures: ["F091", "F094", "F101", "F148"], procedurePercent: 90,
            ages: 12...80, admission: .daycase, weight: 5),
        ClinicalProfile(  // restorative dentistry
            tfc: "141", mainSpecialty: "141", hrgs: ["CD02B", "CD05B"],
            diagnoses: ["K021", "K045", "K053"], procedures: ["F101", "F122"], procedurePercent: 60,
            ages: 18...80, admission: .daycase, weight: 1),
        ClinicalProfile(  // paediatric dentistry
            tfc: "142", mainSpecialty: "142", hrgs: ["CD01A", "CD05B"],
            diagnoses: ["K021", "K040", "K001"], procedures: ["F091", "F101"], procedurePercent: 90,
            ages: 3...15, admission: .daycase, weight: 2),
        ClinicalProfile(  // orthodontics
            tfc: "143", mainSpecialty: "143", hrgs: ["CD05B"],
            diagnoses: ["K071", "K074", "K002"], procedures: ["F148"], procedurePercent: 50,
            ages: 10...18, admission: .daycase, weight: 1),
        ClinicalProfile(  // maxillofacial surgery
            tfc: "144", mainSpecialty: "144", hrgs: ["CD01A", "CD04C", "CA14B"],
            diagnoses: ["S026", "S024", "K076", "K011"], procedures: ["V142", "V131", "F094"], procedurePercent: 85,
            ages: 16...85, admission: .elective, weight: 2),
        ClinicalProfile(  // paediatric maxillofacial surgery
            tfc: "217", mainSpecialty: "144", hrgs: ["CD01A"],
            diagnoses: ["S026", "K011"], procedures: ["F094"], procedurePercent: 80,
            ages: 2...16, admission: .daycase, weight: 1),
        ClinicalProfile(  // dental medicine
            tfc: "450", mainSpecialty: "450", hrgs: ["CD05B"],
            diagnoses: ["K121", "K132", "K115"], procedures: ["F421"], procedurePercent: 30,
            ages: 18...90, admission: .daycase, weight: 1),
    ]

    /// Admission or outpatient HRGs of ordinary outpatient attendances.
    static let outpatientFirstHRGs: [ShortCode] = ["WF01B", "WF01B", "WF01B", "WF02B"]
    /// Follow-up attendance HRGs.
    static let outpatientFollowUpHRGs: [ShortCode] = ["WF01A", "WF01A", "WF01A", "WF02A", "WF01C"]
}
