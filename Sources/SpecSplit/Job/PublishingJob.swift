import Foundation
import Logging

/// A job that publishes an output directory: a split (``SplitJob``) or a comparison
/// (``CompareJob``). Both go through the same steps, defined once in its extensions: output
/// paths and repeated inputs refused before anything is written
/// (`PublishingJob+Paths.swift`, `PublishingJob+Duplicates.swift`), the output staged and
/// swapped into place with `rejects.csv` inside it (one layout, the row's contract last) (``publish(started:_:)``), a failed
/// run's staging directory kept as `OUT.failed` (`PublishingJob+Failure.swift`), and
/// `--summary` written only after publication (``writeSummary(_:output:)``).
protocol PublishingJob: AnyObject {
    /// The output, input and rejects options in effect (a comparison's are read as a
    /// split's, ``CompareOptions/split``).
    var publishing: SplitOptions { get }
    /// Every rule set directory the run reads, protected from its outputs.
    var ruleSetDirectories: [String] { get }
    /// Where messages go.
    var logger: Logger { get }
    /// Where the run stands.
    var monitor: JobMonitor { get }
    /// Where a failed run's rejects were kept (`OUT.failed/rejects.csv`); nil until then.
    var keptRejectsPath: String? { get set }
}

extension PublishingJob {
    /// Locks and stages OUT (replacing it only as `--force` allows), opens `rejects.csv`
    /// inside the staging directory, and runs `body`, which fills the staging directory and
    /// returns the manifest's JSON text and its own result; then writes `manifest.json`,
    /// copies the rejects to `--rejects`, publishes, and returns that result. On any
    /// failure nothing is published and the staging directory is kept as `OUT.failed`
    /// (``keepFailure(_:staging:rejected:started:)``).
    /// - Throws: a ``WriteError`` when the output cannot be staged or published, or what
    ///   `body` throws.
    func publish<Result>(
        started: String, _ body: (StagingArea, RejectsWriter) throws -> (manifest: Data, result: Result)
    ) throws -> (result: Result, output: String) {
        let staging = try StagingArea(target: publishing.outputDirectory, force: publishing.force, logger: logger)
        var rejected = 0
        do {
            let rejects = try RejectsWriter(
                path: staging.path(RejectsWriter.fileName), contractColumn: true, digest: publishing.digest)
            defer {
                rejected = rejects.count
                rejects.closeQuietly()
            }
            let (json, result) = try body(staging, rejects)
            try staging.writeFile("manifest.json", json)
            if let copy = publishing.rejectsPath { try FileSystem.copyFile(rejects.path, to: copy) }
            monitor.enter(.publishing)
            try staging.publish()
            return (result, staging.target)
        } catch {
            keepFailure(error, staging: staging, rejected: rejected, started: started)
            throw error
        }
    }

    /// Writes the manifest to `--summary` (when given), once OUT is published.
    /// - Throws: ``PublishedWithError`` when it cannot: OUT stays published.
    func writeSummary(_ json: Data, output: String) throws {
        guard let summary = publishing.summaryPath else { return }
        do { try SummaryCopy.write(json, to: summary) } catch let error as SpecSplitError {
            throw PublishedWithError(output: output, error: error)
        }
    }
}
