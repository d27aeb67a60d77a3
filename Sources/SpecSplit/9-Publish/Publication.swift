import Foundation

/// How a job that publishes an output directory ends, the same for every such job (split,
/// compare): the output is built in a ``StagingArea`` beside its target (under its lock),
/// with a rejects file beside it; `manifest.json` is written last, and only then is the
/// staging directory swapped into place. On any failure nothing is published, the staging
/// directory is removed, and the rejects file is kept only when too many rejects are the
/// reason.
enum Publication {
    /// Locks and stages `target` (replacing it only with `force`), opens the rejects file at
    /// `rejectsPath`, and runs `body`, which fills the staging directory and returns the
    /// manifest's JSON text and its own result; then writes `manifest.json`, publishes, and
    /// returns that result.
    /// - Throws: a ``WriteError`` when the output cannot be staged or published, or what
    ///   `body` throws.
    static func run<Result>(
        target: String, force: Bool, rejectsPath: String, monitor: JobMonitor,
        _ body: (StagingArea, RejectsWriter) throws -> (manifest: Data, result: Result)
    ) throws -> Result {
        let staging = try StagingArea(target: target, force: force)
        let rejects = try RejectsWriter(path: rejectsPath)
        do {
            let (manifest, result) = try body(staging, rejects)
            guard FileManager.default.createFile(atPath: staging.path("manifest.json"), contents: manifest) else {
                throw WriteError.io(path: staging.path("manifest.json"), reason: "could not write")
            }
            monitor.enter(.publishing)
            try staging.publish()
            return result
        } catch {
            if case .tooManyRejects? = error as? JobError {} else { rejects.abandon() }
            staging.discard()
            throw error
        }
    }
}
