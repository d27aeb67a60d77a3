/// Why a report could not be made from a published output directory: what is wrong, in
/// which file (and line and column when it is a figure), and what to do.
public enum ReportError: SpecSplitError, Equatable {
    /// The output directory does not exist or is not a directory.
    case noOutput(path: String)
    /// The directory has no `manifest.json`: not a complete specsplit output.
    case noManifest(path: String)
    /// `manifest.json` cannot be read as a specsplit manifest.
    case badManifest(path: String, reason: String)
    /// A file the report needs is missing.
    case missingFile(path: String, needed: String)
    /// A file is not the CSV the report expects (a missing column, a malformed row, a
    /// figure that is not a number).
    case badFile(path: String, line: Int?, column: String?, reason: String)
    /// The report directory would be inside the output it reports on, or be that output.
    case insideOutput(report: String, output: String)
    /// The output was replaced (a run published it again) while the report read it.
    case outputChanged(path: String)

    /// The message for a person.
    public var description: String {
        switch self {
        case .noOutput(let path):
            return "\(path): no such output directory; give the OUT of a finished split or compare"
        case .noManifest(let path):
            return "\(path) has no manifest.json: it is not a complete specsplit output (a run writes its manifest "
                + "last, so a run that failed or is still running has none); run the split again"
        case .badManifest(let path, let reason):
            return "\(path): not a specsplit manifest (\(reason)); the output may have been edited or truncated: "
                + "run the split again"
        case .missingFile(let path, let needed):
            return "\(path): missing (\(needed)); the output is incomplete or was written by an older specsplit: "
                + "run the split again"
        case .badFile(let path, let line, let column, let reason):
            var place = path
            if let line { place += ":\(line)" }
            if let column { place += ", column \(column)" }
            return "\(place): \(reason); the output may have been edited: run the split again"
        case .insideOutput(let report, let output):
            return "\(report) is inside the output \(output): the report command never writes into an output "
                + "directory (use split --report for a report published with the output); choose another --out"
        case .outputChanged(let path):
            return "\(path) was published again while the report read it, so its figures could mix two runs: "
                + "nothing was written; run the report again"
        }
    }

    /// 66 for what is missing, 65 for what cannot be read as expected, 64 for a report
    /// directory inside the output, 75 (try again) for an output published again meanwhile.
    public var exitCode: Int32 {
        switch self {
        case .noOutput, .noManifest, .missingFile: return ExitStatus.noInput
        case .badManifest, .badFile: return ExitStatus.data
        case .insideOutput: return ExitStatus.usage
        case .outputChanged: return ExitStatus.temporaryFailure
        }
    }

    /// The file concerned.
    public var location: ErrorLocation? {
        switch self {
        case .noOutput(let path), .noManifest(let path), .badManifest(let path, _), .missingFile(let path, _),
            .outputChanged(let path):
            return ErrorLocation(file: path)
        case .badFile(let path, let line, let column, _):
            return ErrorLocation(file: path, line: line, column: column)
        case .insideOutput(let report, _):
            return ErrorLocation(file: report)
        }
    }
}
