import Crypto
import Foundation
import Mustache

/// Writes the report of a published output (a split or a comparison): `index.html`, a
/// page per contract under `contracts/`, and `specsplit.xlsx`. It reads only the output's
/// CSV files and manifest, never the extracts, and writes only into the directory it is
/// given.
public enum ReportWriter {
    /// A file written, for the manifest.
    public struct Written: Sendable, Equatable {
        /// Its path inside the report directory.
        public var path: String
        /// Its size.
        public var bytes: UInt64
        /// Its SHA-256, hex.
        public var sha256: String
    }

    /// Where the report is read from and written to.
    public struct Placement: Sendable {
        /// The output directory to read (its CSV files).
        public var output: String
        /// The directory to write into (it exists and is empty).
        public var directory: String
        /// Where the output will be once published, for links (the output's final path).
        public var outputLink: String
        /// Where the report will be once published, for links.
        public var reportLink: String
        /// The rejects file, when it is not the output's `rejects.csv`.
        public var rejects: String?

        /// A report of `output` written into `directory`; links assume the report will be at
        /// `reportLink` and the output at `outputLink`.
        public init(output: String, directory: String, outputLink: String, reportLink: String, rejects: String? = nil) {
            self.output = output
            self.directory = directory
            self.outputLink = outputLink
            self.reportLink = reportLink
            self.rejects = rejects
        }
    }

    /// Writes the report of the output described by `manifest` as `placement` says.
    /// - Returns: the files written, sorted by path.
    /// - Throws: ``ReportError`` when an output file is missing or not as expected,
    ///   ``WriteError`` when the report cannot be written.
    public static func write(manifest: RunManifest, placement: Placement) throws -> [Written] {
        let library = try ReportTemplates.library()
        let rejects = placement.rejects ?? manifest.output("rejects.csv").map {
            (placement.output as NSString).appendingPathComponent($0.path)
        }
        let rejectsName = placement.rejects ?? manifest.output("rejects.csv")?.path
        var written: [Written] = []
        try makeDirectory((placement.directory as NSString).appendingPathComponent("contracts"))
        switch manifest.kind {
        case .split:
            let figures = try SplitFigures(directory: placement.output, manifest: manifest, rejectsPath: rejects)
            let paths = ReportPaths(
                report: placement.reportLink, output: placement.outputLink, contracts: figures.contracts.map(\.key))
            let view = SplitReportPages(figures: figures, paths: paths, rejectsName: rejectsName)
            written.append(try render(library, "split-overview", view.overview(), "index.html", placement))
            for line in figures.contracts {
                guard let page = paths.pages[line.key] else { continue }
                written.append(try render(library, "split-contract", view.contract(line), page, placement))
            }
        case .compare:
            let figures = try CompareFigures(directory: placement.output, manifest: manifest, rejectsPath: rejects)
            let paths = ReportPaths(
                report: placement.reportLink, output: placement.outputLink, contracts: figures.contracts.map(\.key))
            let view = CompareReportPages(figures: figures, paths: paths, rejectsName: rejectsName)
            written.append(try render(library, "compare-overview", view.overview(), "index.html", placement))
            for line in figures.contracts {
                guard let page = paths.pages[line.key] else { continue }
                written.append(try render(library, "compare-contract", view.contract(line), page, placement))
            }
        }
        let workbook = (placement.directory as NSString).appendingPathComponent("specsplit.xlsx")
        try ReportWorkbook.write(
            manifest.kind, manifest: manifest, directory: placement.output, to: workbook, scratch: placement.directory)
        written.append(try hashed(workbook, as: "specsplit.xlsx"))
        return written.sorted { $0.path < $1.path }
    }

    private static func render(
        _ library: MustacheLibrary, _ template: String, _ context: [String: Any], _ path: String, _ placement: Placement
    ) throws -> Written {
        guard let html = library.render(context, withTemplate: template) else {
            preconditionFailure("the report's template \(template) is registered")
        }
        let data = Data(html.utf8)
        let full = (placement.directory as NSString).appendingPathComponent(path)
        guard FileManager.default.createFile(atPath: full, contents: data) else {
            throw WriteError.io(path: full, reason: "cannot write the page")
        }
        return Written(path: path, bytes: UInt64(data.count), sha256: SHA256.hash(data: data).hex)
    }

    private static func hashed(_ full: String, as path: String) throws -> Written {
        guard let handle = FileHandle(forReadingAtPath: full) else { throw WriteError.io(path: full, reason: "cannot read back") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes: UInt64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += UInt64(chunk.count)
        }
        return Written(path: path, bytes: bytes, sha256: hasher.finalize().hex)
    }

    private static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WriteError.cannotCreate(path: path, reason: error.localizedDescription)
        }
    }
}
