import ArgumentParser
import SpecSplit

/// Keeps a run's status file (`--status PATH`): `running` as soon as the path is known,
/// then `succeeded` or `failed`, with the exit code, the phase, the message and where.
final class StatusReporter {
    let path: String
    private(set) var status: RunStatus
    let monitor: JobMonitor

    /// Writes a `running` status for `command` to `path`.
    /// - Throws: ``WriteError`` when the status file cannot be written (a scheduler relies on it).
    init(path: String, command: String, monitor: JobMonitor) throws {
        self.path = path
        self.monitor = monitor
        status = RunStatus.running(command: command, outputDirectory: nil, rejectsFile: nil)
        try status.write(to: path)
    }

    /// Records the output directory and rejects file once they are known (written now, so a
    /// scheduler sees them while the run goes on).
    func outputs(directory: String, rejects: String) throws {
        status.outputDirectory = directory
        status.rejectsFile = rejects
        try status.write(to: path)
    }

    /// The rejects are at `path` instead (a failed run keeps them in `OUT.failed/`); written
    /// with the next status.
    func rejects(_ path: String) {
        status.rejectsFile = path
    }

    /// The run succeeded.
    func succeeded() throws {
        status = status.ended(exitCode: 0, monitor: monitor)
        try status.write(to: path)
    }

    /// The run failed with `error`. A status file that cannot be written then is reported,
    /// but the run's own error is what the command ends with.
    func failed(_ error: Error) {
        let code: Int32
        var known: SpecSplitError?
        switch error {
        case let error as SpecSplitError:
            code = error.exitCode
            known = error
        case is ValidationError: code = ExitStatus.usage
        default: code = 1
        }
        var ended = status.ended(exitCode: code, monitor: monitor, error: known)
        if known == nil { ended.message = "\(error)" }
        status = ended
        do { try status.write(to: path) } catch {
            Console.shared.log(.error, "the status file could not be written: \(error)", fields: [("file", path)])
        }
    }
}
