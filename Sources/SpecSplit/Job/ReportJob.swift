import Foundation
import Logging

/// `specsplit report OUT --out REPORTDIR`: the report of an output already published (a
/// split or a comparison), rendered from its CSV files and manifest into a directory of its
/// own, published atomically like a split (lock, staging directory, swap). OUT is only
/// read: the report directory may be neither OUT, nor inside it, nor hold it.
public struct ReportJob {
    /// The published output to report on.
    public var output: String
    /// Where the report is published.
    public var reportDirectory: String
    /// Replace an existing report directory.
    public var force = false
    /// The rejects file, for an output that does not list its own (`rejects.csv`).
    public var rejects: String?

    /// A report of `output` into `reportDirectory`.
    public init(output: String, reportDirectory: String) {
        self.output = output
        self.reportDirectory = reportDirectory
    }

    /// What was published.
    public struct Result: Sendable {
        /// The output reported on, as its manifest describes it.
        public var manifest: RunManifest
        /// The report directory.
        public var directory: String
        /// The files written, relative to it.
        public var files: [ReportWriter.Written]
    }

    /// Renders and publishes the report.
    /// - Throws: ``ReportError`` (the output is missing, incomplete or not as expected; the
    ///   report directory overlaps it), ``WriteError`` (the report directory exists without
    ///   `force`, is locked, or cannot be written).
    public func run(logger: Logger = Logger(label: "specsplit")) throws -> Result {
        let outputPath = Self.resolved(output)
        let reportPath = Self.resolved(reportDirectory)
        if reportPath == outputPath || reportPath.hasPrefix(outputPath + "/") || outputPath.hasPrefix(reportPath + "/")
        {
            throw ReportError.insideOutput(report: reportDirectory, output: output)
        }
        let (manifest, manifestBytes) = try RunManifest.read(directory: outputPath)
        let manifestPath = (outputPath as NSString).appendingPathComponent("manifest.json")
        if let rejects, !FileManager.default.isReadableFile(atPath: rejects) {
            throw ReportError.missingFile(path: rejects, needed: "the rejects file named by --rejects")
        }
        let staging = try StagingArea(target: reportPath, force: force)
        do {
            let files = try ReportWriter.write(
                manifest: manifest,
                placement: .init(
                    output: outputPath, directory: staging.staging, outputLink: outputPath, reportLink: staging.target,
                    rejects: rejects))
            // A run that publishes OUT again while it is read swaps in a new manifest (written
            // last, with its times): then the figures read may mix two runs.
            guard FileManager.default.contents(atPath: manifestPath) == manifestBytes else {
                throw ReportError.outputChanged(path: output)
            }
            try staging.writeFile("manifest.json", try Self.manifest(of: output, files: files))
            try staging.publish()
            logger.info("wrote report \(staging.target): \(files.count) files (\(manifest.kind.rawValue) of \(output))")
            return Result(manifest: manifest, directory: staging.target, files: files)
        } catch {
            staging.discard()
            throw error
        }
    }

    /// The report directory's own manifest.json: what wrote it (so `--force` may replace it,
    /// as it replaces only what specsplit wrote), the output reported on, and each file with
    /// its size and SHA-256.
    static func manifest(of output: String, files: [ReportWriter.Written]) throws -> Data {
        let object: [String: Any] = [
            "tool": "specsplit", "tool_version": SpecSplitVersion.current, "command": "report", "output": output,
            "files": files.map { ["path": $0.path, "bytes": $0.bytes, "sha256": $0.digest] as [String: Any] },
        ]
        var data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        data.append(0x0A)
        return data
    }

    /// `path` absolute, with `.`, `..` and symbolic links of the part that exists resolved.
    static func resolved(_ path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: url.path) && url.path != "/" {
            missing.insert(url.lastPathComponent, at: 0)
            url.deleteLastPathComponent()
        }
        var resolved = url.resolvingSymlinksInPath()
        for part in missing { resolved.appendPathComponent(part) }
        return resolved.path
    }
}
