import SpecSplit

/// Activity that the sample 2012/13 rule set (sample-data/rules/2012-13) identifies as
/// specialised. Trigger codes are copied from that rule set's rules.csv and code-sets.csv
/// at the time of writing; the generator never reads rule files.
extension ClinicalProfile {
    /// Admitted activity triggering a national specialised service line.
    static let specialisedAdmitted: [ClinicalProfile] = [
        ClinicalProfile(  // NCBPS03H-1: HIV disease, adults over 18
            tfc: "350", mainSpecialty: "350", hrgs: ["WA03V", "DZ14F"],
            diagnoses: ["B200", "B201", "B207", "B218", "B220", "B238", "B24X"],
            ages: 19...75, admission: .emergency, serviceLine: "NCBPS03H", topUpPercent: 13, weight: 5),
        ClinicalProfile(  // NCBPS03H-2: Z21X with an HIV-related infection qualifier
            tfc: "350", mainSpecialty: "350", hrgs: ["DZ14F", "WA03V"],
            diagnoses: ["A150", "A162", "B259", "B59X", "C460"], secondaryDiagnoses: ["Z21X"],
            ages: 19...70, admission: .emergency, serviceLine: "NCBPS03H", topUpPercent: 13, weight: 2),
        ClinicalProfile(  // NCBPS02B-1: haemophilia and bleeding disorders
            tfc: "303", mainSpecialty: "303", hrgs: ["SA09K", "SA10F"],
            diagnoses: ["D66X", "D67X", "D680", "D681"],
            ages: 0...85, admission: .mixed, serviceLine: "NCBPS02B", topUpPercent: 25, weight: 3),
        ClinicalProfile(  // NCBPS04F-1: cystic fibrosis
            tfc: "340", mainSpecialty: "340", hrgs: ["DZ13B", "DZ24E"],
            diagnoses: ["E849", "E840", "E841", "E848"],
            ages: 5...45, admission: .mixed, serviceLine: "NCBPS04F", topUpPercent: 25, weight: 5),
        ClinicalProfile(  // NCBPS07L-1: lysosomal storage disorders (fires at RAL RP4 RQ3 RRK)
            tfc: "300", mainSpecialty: "300", hrgs: ["KC04Z"],
            diagnoses: ["E740", "E752", "E760", "E761", "E762", "E763"],
            ages: 1...70, admission: .elective, serviceLine: "NCBPS07L", weight: 1),
        ClinicalProfile(  // NCBPS08B-1: burns with a skin graft
            tfc: "160", mainSpecialty: "160", hrgs: ["JB03C", "JB07B"],
            diagnoses: ["T203", "T213", "T223", "T243", "T252", "T303"],
            procedures: ["S351", "S361", "S371"], procedurePercent: 100,
            ages: 0...90, admission: .emergency, serviceLine: "NCBPS08B", topUpPercent: 32, weight: 2),
        ClinicalProfile(  // NCBPS08B-2: burns of 20% or more of body surface
            tfc: "160", mainSpecialty: "160", hrgs: ["JB01A", "JB02B"],
            diagnoses: ["T222", "T242"], secondaryDiagnoses: ["T312", "T313", "T314", "T315", "T316"],
            ages: 0...85, admission: .emergency, serviceLine: "NCBPS08B", topUpPercent: 32, weight: 1),
        ClinicalProfile(  // NCBPS06A-1: congenital heart disease, primary, 16 and over
            tfc: "320", mainSpecialty: "320", hrgs: ["EB13Z", "EA45Z"],
            diagnoses: ["Q211", "Q213", "Q230", "Q250", "Q221"],
            ages: 16...70, admission: .elective, serviceLine: "NCBPS06A", topUpPercent: 32, weight: 2),
        ClinicalProfile(  // NCBPS08S-1: emergency admission with acute spinal cord injury
            tfc: "110", mainSpecialty: "110", hrgs: ["HC01A", "HC02B"],
            diagnoses: ["S141", "S241", "S341"],
            ages: 16...80, admission: .emergency, serviceLine: "NCBPS08S", topUpPercent: 32, weight: 1),
        ClinicalProfile(  // NCBPS01H-1: HPB cancer with a resection
            tfc: "100", mainSpecialty: "100", hrgs: ["GA02A", "GB01B"],
            diagnoses: ["C220", "C240", "C250", "C259"],
            procedures: ["J021", "J031", "J561", "J571", "J551"], procedurePercent: 100,
            ages: 40...85, older: true, admission: .elective, serviceLine: "NCBPS01H", topUpPercent: 13, weight: 2),
        ClinicalProfile(  // NCBPS01S-1: sarcoma, primary diagnosis
            tfc: "110", mainSpecialty: "110", hrgs: ["HB11A", "HB22B"],
            diagnoses: ["C400", "C412", "C490", "C494"],
            ages: 25...80, admission: .elective, serviceLine: "NCBPS01S", topUpPercent: 13, weight: 2),
        ClinicalProfile(  // NCBPS01G-1: gynaecological cancer with hysterectomy, female
            tfc: "503", mainSpecialty: "502", hrgs: ["MA02A", "MA03B"],
            diagnoses: ["C541", "C56X", "C539", "C519"],
            procedures: ["Q074", "Q081", "Q072"], procedurePercent: 100,
            ages: 30...85, older: true, sex: 2, admission: .elective, serviceLine: "NCBPS01G", topUpPercent: 13,
            weight: 2),
        ClinicalProfile(  // NCBPS23A-1: children's cancer under paediatric oncology
            tfc: "260", mainSpecialty: "420", hrgs: ["PM40C", "SA24G"],
            diagnoses: ["C910", "C710", "D332", "C64X", "C400", "D432"],
            ages: 0...18, admission: .mixed, serviceLine: "NCBPS23A", topUpPercent: 78, weight: 3),
        ClinicalProfile(  // NCBPS23A-1 via medical oncology; NCBPS01T at designated providers
            tfc: "370", mainSpecialty: "370", hrgs: ["PM40C", "SB13Z"],
            diagnoses: ["C910", "C810", "C62X", "C400"],
            ages: 14...24, admission: .mixed, serviceLine: "NCBPS23A", topUpPercent: 78, weight: 1),
        ClinicalProfile(  // NCBPS02M-1: bone marrow or stem cell transplant
            tfc: "303", mainSpecialty: "303", hrgs: ["SA26A", "SA20A"],
            diagnoses: ["C910", "C920", "C900", "D619"],
            procedures: ["W341", "W342", "X332", "X335"], procedurePercent: 100,
            ages: 5...70, admission: .elective, serviceLine: "NCBPS02M", topUpPercent: 25, weight: 2),
        ClinicalProfile(  // NCBPS05D-1/-2: renal dialysis
            tfc: "361", mainSpecialty: "361", hrgs: ["LD02A", "LD05B", "LD09A"],
            diagnoses: ["N185", "N179"],
            procedures: ["X401", "X403", "X404"], procedurePercent: 100,
            ages: 20...90, admission: .daycase, serviceLine: "NCBPS05D", weight: 4),
        ClinicalProfile(  // NCBPS05T-1: kidney transplant
            tfc: "102", mainSpecialty: "100", hrgs: ["LA01A", "LA02A", "LA03A"],
            diagnoses: ["N185", "N180"],
            procedures: ["M011", "M012", "M013"], procedurePercent: 100,
            ages: 18...70, admission: .elective, serviceLine: "NCBPS05T", topUpPercent: 25, weight: 1),
        ClinicalProfile(  // NCBPS06C-1: heart procedure under cardiac surgery
            tfc: "172", mainSpecialty: "172", hrgs: ["ED12C", "ED28A", "ED03B"],
            diagnoses: ["I251", "I350", "I209", "I340"],
            procedures: ["K401", "K402", "K261", "K252", "K341"], procedurePercent: 100,
            ages: 40...88, older: true, admission: .elective, serviceLine: "NCBPS06C", topUpPercent: 32, weight: 3),
        ClinicalProfile(  // NCBPS08N-1: neurosurgery
            tfc: "150", mainSpecialty: "150", hrgs: ["AA04A", "AA07B", "HC04C"],
            diagnoses: ["D320", "C719", "G919", "S065", "I671", "M511"],
            procedures: ["A021", "A071", "A381", "V254", "V293"], procedurePercent: 100,
            ages: 5...85, admission: .mixed, serviceLine: "NCBPS08N", topUpPercent: 32, weight: 3),
        ClinicalProfile(  // NCBPS08D-1: spinal deformity correction
            tfc: "110", mainSpecialty: "110", hrgs: ["HC02A"],
            diagnoses: ["M412", "M419", "M401"],
            procedures: ["V411", "V421"], procedurePercent: 100,
            ages: 8...25, admission: .elective, serviceLine: "NCBPS08D", topUpPercent: 32, weight: 1),
        ClinicalProfile(  // NCBPS08O-1: revision hip (fires at RAN RL1 RRJ)
            tfc: "110", mainSpecialty: "110", hrgs: ["HB11A", "HB12A"],
            diagnoses: ["T840", "M161"],
            procedures: ["W373", "W383", "W393"], procedurePercent: 100,
            ages: 50...95, older: true, admission: .elective, serviceLine: "NCBPS08O", topUpPercent: 13, weight: 1),
        ClinicalProfile(  // NCBPS09S-1: forensic psychiatry, ordinary admission
            tfc: "712", mainSpecialty: "712", hrgs: ["WD11Z"],
            diagnoses: ["F200", "F209", "F603"],
            ages: 18...65, sex: 1, admission: .mentalHealth, serviceLine: "NCBPS09S", weight: 2),
        ClinicalProfile(  // NCBPS09C-1: tier 4 CAMHS, under 18
            tfc: "711", mainSpecialty: "711", hrgs: ["WD22Z"],
            diagnoses: ["F329", "F432", "F840", "F919"],
            ages: 12...17, admission: .mentalHealth, serviceLine: "NCBPS09C", weight: 1),
        ClinicalProfile(  // NCBPS09E-1: eating disorders
            tfc: "710", mainSpecialty: "710", hrgs: ["WD22Z"],
            diagnoses: ["F500", "F502"],
            ages: 18...45, sex: 2, admission: .mentalHealth, serviceLine: "NCBPS09E", weight: 1),
        ClinicalProfile(  // NCBPS10C-1: paediatric cardiology, under 19
            tfc: "321", mainSpecialty: "321", hrgs: ["EB13Z", "PE22A"],
            diagnoses: ["Q210", "I471", "Q250"],
            ages: 0...18, admission: .mixed, serviceLine: "NCBPS10C", topUpPercent: 78, weight: 2),
        ClinicalProfile(  // NCBPS10S-1: paediatric surgery, under 19
            tfc: "171", mainSpecialty: "171", hrgs: ["FZ18A", "LB53A"],
            diagnoses: ["K409", "Q531", "K358", "Q400"],
            procedures: ["T201", "H011", "N081"], procedurePercent: 70,
            ages: 0...15, admission: .mixed, serviceLine: "NCBPS10S", topUpPercent: 78, weight: 2),
        ClinicalProfile(  // NCBPS10L-1: cleft lip and palate, primary, under 19
            tfc: "160", mainSpecialty: "160", hrgs: ["CZ13A"],
            diagnoses: ["Q359", "Q369", "Q379"],
            procedures: ["F291", "F031"], procedurePercent: 90,
            ages: 0...15, admission: .elective, serviceLine: "NCBPS10L", topUpPercent: 78, weight: 1),
    ]

    /// Same-day chemotherapy (HRG SB97Z) and radiotherapy (SC97Z) delivery: local rules.
    static let chemotherapy = ClinicalProfile(
        tfc: "370", mainSpecialty: "370", hrgs: ["SB97Z"],
        diagnoses: ["C509", "C189", "C349", "C61X", "C56X", "C910", "C833"],
        procedures: ["X352", "X373", "X721"], procedurePercent: 90,
        ages: 25...88, older: true, admission: .daycase, serviceLine: "NCBPS01C")
    static let radiotherapy = ClinicalProfile(
        tfc: "800", mainSpecialty: "800", hrgs: ["SC97Z"],
        diagnoses: ["C509", "C61X", "C349", "C209", "C679"],
        procedures: ["X651", "X652", "X653"], procedurePercent: 95,
        ages: 25...90, older: true, admission: .daycase, serviceLine: "NCBPS01R")

    /// Outpatient treatment functions the sample rules treat as specialised (NAC rules).
    static let specialisedOutpatient: [ClinicalProfile] = [
        ClinicalProfile(
            tfc: "260", mainSpecialty: "420", hrgs: ["SB12Z"], diagnoses: ["C910", "C710"], ages: 0...18,
            serviceLine: "NCBPS23A", weight: 2),
        ClinicalProfile(
            tfc: "308", mainSpecialty: "303", hrgs: ["SA26A"], diagnoses: ["C920", "D619"], ages: 5...70,
            serviceLine: "NCBPS02M", weight: 2),
        ClinicalProfile(
            tfc: "309", mainSpecialty: "303", hrgs: ["SA09K"], diagnoses: ["D66X", "D680"], ages: 0...85,
            serviceLine: "NCBPS02B", weight: 2),
        ClinicalProfile(
            tfc: "343", mainSpecialty: "340", hrgs: ["DZ13B"], diagnoses: ["E849"], ages: 16...50,
            serviceLine: "NCBPS04F", weight: 3),
        ClinicalProfile(
            tfc: "311", mainSpecialty: "311", hrgs: ["WF01B"], diagnoses: ["Q999", "Z150"], ages: 0...80,
            serviceLine: "NCBPS07G", weight: 3),
        ClinicalProfile(
            tfc: "150", mainSpecialty: "150", hrgs: ["AA07B"], diagnoses: ["D320", "M511", "G919"], ages: 5...85,
            serviceLine: "NCBPS08N", weight: 4),
        ClinicalProfile(
            tfc: "323", mainSpecialty: "110", hrgs: ["HC01A"], diagnoses: ["G822", "G825"], ages: 16...80,
            serviceLine: "NCBPS08S", weight: 1),
        ClinicalProfile(
            tfc: "161", mainSpecialty: "160", hrgs: ["JB07B"], diagnoses: ["T213", "T243"], ages: 0...85,
            serviceLine: "NCBPS08B", weight: 1),
        ClinicalProfile(
            tfc: "321", mainSpecialty: "321", hrgs: ["EB13Z"], diagnoses: ["Q210", "I471"], ages: 0...18,
            serviceLine: "NCBPS10C", weight: 2),
        ClinicalProfile(
            tfc: "171", mainSpecialty: "171", hrgs: ["FZ18A"], diagnoses: ["K409", "Q531"], ages: 0...15,
            serviceLine: "NCBPS10S", weight: 2),
    ]
}
