import Foundation

extension PublishingJob {
    /// The files of a failed run's staging directory kept in `OUT.failed`: what it
    /// rejected, and the reports when the run got as far as writing them.
    static var keptOnFailure: Set<String> { [RejectsWriter.fileName, "quality.csv", "control-totals.csv"] }

    /// Nothing is published: the staging directory becomes `OUT.failed`, holding the run's
    /// rejects and reports and `status.json` saying why (see ``StagingArea/keepFailure(_:keeping:)``),
    /// and `--rejects PATH` gets a copy of the rejects file.
    func keepFailure(_ error: Error, staging: StagingArea, rejected: Int, started: String) {
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: staging.staging)) ?? [])
        let kept = Self.keptOnFailure.intersection(present).sorted()
        let record = FailureRecord(
            error: error, output: staging.target, ruleset: ruleSetDirectories.joined(separator: ", "), inputs: publishing.inputs,
            rowsRejected: rejected, kept: kept + [FailureRecord.fileName], started: started)
        guard staging.keepFailure(record, keeping: Self.keptOnFailure) else {
            logger.warning("could not keep the failed run's rejects in \(staging.failed); nothing of it is left")
            return
        }
        if kept.contains(RejectsWriter.fileName) {
            keptRejectsPath = (staging.failed as NSString).appendingPathComponent(RejectsWriter.fileName)
        }
        logger.info("kept the failed run's \(kept.joined(separator: ", ")) and \(FailureRecord.fileName) (why it failed) in \(staging.failed)")
        guard let copy = publishing.rejectsPath, kept.contains(RejectsWriter.fileName) else { return }
        do {
            try FileSystem.copyFile((staging.failed as NSString).appendingPathComponent(RejectsWriter.fileName), to: copy)
        } catch {
            logger.warning("could not copy the rejects to \(copy): \(error)")
        }
    }
}
