import Foundation
import TestSupport
import XCTest

@testable import SpecSplit

/// The package's sample-data directory.
let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample-data").path
/// The illustrative 2012/13 rule set.
let rules2012 = sampleData + "/rules/2012-13"

/// A spell-level admitted-patient extract covering each category once, and a bad value.
let apcHeader = "Der_Provider_Code,Commissioner_Code,GP_Practice_Code,Postcode,Der_Spell_ID,Admission_Method,Source_of_Admission,Age_At_Start_of_Spell_SUS,Spell_Core_HRG,Der_Diagnosis_All,Der_Procedure_All,Treatment_Function_Code,Main_Specialty_Code,Grand_Total_Payment_MFF\n"
let apcRows = [
    "RJE00,5PK,B82001,LS1 4AB,S1,11,19,45,SB97Z,\"||C509,E119\",,370,370,1234.50",  // chemotherapy: specialised
    "RJE,5PK,B82001,LS1 4AB,S2,21,19,8,PD12A,||E840,,420,420,2500.10",  // cystic fibrosis child: specialised
    "RJE,5MX,B82001,LS1 4AB,S3,11,19,30,CZ11T,||K021,,140,140,300",  // dental
    "RQ3,5PK,V81999,HU1 9XX,S4,21,39,30,AA22C,||I10X,,300,300,-50.25",  // admission source 39: prison
    "RQ3,5PK,Y90101,LS1 4AB,S5,11,19,30,AA22C,||I10X,,300,300,99.99",  // military practice
    "RQ3,XMD,B82001,LS1 4AB,S6,11,19,30,AA22C,||I10X,,300,300,10",  // MoD commissioner: military
    "RQ3,5QA,B82001,LS1 4AB,S7,11,19,30,AA22C,||I10X,,300,300,0.01",  // nothing: non-specialised
]

extension TemporaryDirectory {
    /// Options splitting `inputs` with the 2012/13 sample rules into `out` here.
    func options(_ inputs: [String], out: String = "out") -> SplitOptions {
        var options = SplitOptions(rulesDirectory: rules2012, outputDirectory: path(out), inputs: inputs)
        options.parallel = true
        return options
    }

    func text(_ relative: String) -> String? { try? String(contentsOfFile: path(relative), encoding: .utf8) }

    /// The data rows of a CSV file under the directory (header excluded).
    func dataLines(_ relative: String) -> [String] {
        guard let text = text(relative) else { return [] }
        return Array(text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst().map(String.init))
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }
}
