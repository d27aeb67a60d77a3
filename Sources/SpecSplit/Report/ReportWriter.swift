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
        /// Its digest (``Placement/digest``), hex.
        public var digest: String
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
        /// The digest each file written gets (the run's, when the report is part of one).
        public var digest: DigestAlgorithm

        /// A report of `output` written into `directory`; links assume the report will be at
        /// `reportLink` and the output at `outputLink`.
        public init(
            output: String, directory: String, outputLink: String, reportLink: String, rejects: String? = nil,
            digest: DigestAlgorithm = .sha256
        ) {
            self.digest = digest
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
        let rejects =
            placement.rejects
            ?? manifest.output("rejects.csv").map {
                (placement.output as NSString).appendingPathComponent($0.path)
            }
        let rejectsName = placement.rejects ?? manifest.output("rejects.csv")?.path
        var written: [Written] = []
        try makeDirectory((placement.directory as NSString).appendingPathComponent("contracts"))
        // The workbook reads the CSV files again on its own: written beside the pages.
        let workbookPath = (placement.directory as NSString).appendingPathComponent("specsplit.xlsx")
        let workbook = Background {
            try ReportWorkbook.write(
                manifest.kind, manifest: manifest, directory: placement.output, to: workbookPath,
                scratch: placement.directory)
        }
        do {
            try writePages(manifest, placement, library, rejects: rejects, rejectsName: rejectsName, into: &written)
        } catch {
            try? workbook.wait()  // never leave it writing into a directory about to be discarded
            throw error
        }
        try workbook.wait()
        written.append(try hashed(workbookPath, as: "specsplit.xlsx", placement.digest))
        return written.sorted { $0.path < $1.path }
    }

    private static func writePages(
        _ manifest: RunManifest, _ placement: Placement, _ library: MustacheLibrary, rejects: String?,
        rejectsName: String?, into written: inout [Written]
    ) throws {
        switch manifest.kind {
        case .split:
            let figures = try SplitFigures(directory: placement.output, manifest: manifest, rejectsPath: rejects)
            let paths = ReportPaths(
                report: placement.reportLink, output: placement.outputLink, contracts: figures.contracts.map(\.key))
            let view = SplitReportPages(figures: figures, paths: paths, rejectsName: rejectsName)
            written.append(try render(library, "split-overview", view.overview(), "index.html", placement))
            written += try renderAll(
                figures.contracts.compactMap { line in paths.pages[line.key].map { (line, $0) } }, "split-contract",
                library, placement
            ) { view.contract($0) }
        case .compare:
            let figures = try CompareFigures(directory: placement.output, manifest: manifest, rejectsPath: rejects)
            let paths = ReportPaths(
                report: placement.reportLink, output: placement.outputLink, contracts: figures.contracts.map(\.key))
            let view = CompareReportPages(figures: figures, paths: paths, rejectsName: rejectsName)
            written.append(try render(library, "compare-overview", view.overview(), "index.html", placement))
            written += try renderAll(
                figures.contracts.compactMap { line in paths.pages[line.key].map { (line, $0) } }, "compare-contract",
                library, placement
            ) { view.contract($0) }
        }
    }

    /// Work on a thread of its own: its error, if any, is thrown by ``wait()``.
    private final class Background: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var error: (any Error)?  // written before `done` is signalled, read after

        init(_ work: @escaping @Sendable () throws -> Void) {
            Thread.detachNewThread { [self] in
                do { try work() } catch { self.error = error }
                done.signal()
            }
        }

        func wait() throws {
            done.wait()
            if let error { throw error }
        }
    }

    /// What the workers of ``renderAll`` write, under its lock.
    private final class Results: @unchecked Sendable {
        let lock = NSLock()
        var written: [Written?]
        var error: (any Error)?
        init(_ count: Int) { written = Array(repeating: nil, count: count) }
    }

    /// The pages of `pages` (an entry and its page's path each), rendered on every core:
    /// pages are independent, and the templates take most of a report's time.
    private static func renderAll<Line: Sendable>(
        _ pages: [(Line, String)], _ template: String, _ library: MustacheLibrary, _ placement: Placement,
        context: @escaping @Sendable (Line) -> [String: Any]
    ) throws -> [Written] {
        let results = Results(pages.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, pages.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: pages.count, by: workers) {
                do {
                    let page = try render(library, template, context(pages[index].0), pages[index].1, placement)
                    results.lock.withLock { results.written[index] = page }
                } catch {
                    results.lock.withLock { results.error = results.error ?? error }
                    return
                }
            }
        }
        if let error = results.error { throw error }
        return results.written.compactMap { $0 }
    }

    private static func render(
        _ library: MustacheLibrary, _ template: String, _ context: [String: Any], _ path: String, _ placement: Placement
    ) throws -> Written {
        guard let html = library.render(context, withTemplate: template) else {
            preconditionFailure("the report's template \(template) is registered")
        }
        let data = Data(html.utf8)
        let full = (placement.directory as NSString).appendingPathComponent(path)
        do {
            // Into a fresh staging directory that is published whole: no temporary file per page.
            try data.write(to: URL(fileURLWithPath: full), options: .withoutOverwriting)
        } catch {
            throw WriteError.io(path: full, reason: "cannot write the page: \(error.localizedDescription)")
        }
        return Written(path: path, bytes: UInt64(data.count), digest: data.withUnsafeBytes { ContentDigest.hex(of: $0, placement.digest) })
    }

    private static func hashed(_ full: String, as path: String, _ digest: DigestAlgorithm) throws -> Written {
        guard let handle = FileHandle(forReadingAtPath: full) else {
            throw WriteError.io(path: full, reason: "cannot read back")
        }
        defer { try? handle.close() }
        var hasher = ContentDigest(digest)
        var bytes: UInt64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update($0) }
            bytes += UInt64(chunk.count)
        }
        return Written(path: path, bytes: bytes, digest: hasher.hex())
    }

    private static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WriteError.cannotCreate(path: path, reason: error.localizedDescription)
        }
    }
}
