import Foundation

/// The status file of a run (`--status PATH`): what a scheduler reads to know whether a job
/// is running, succeeded or failed, and why.
///
/// It is written when the run starts (`running`, with the process id) and replaced when it
/// ends, on success or failure. Each write replaces the file atomically (a new file renamed
/// over it), so a reader never sees half of one. A `running` file whose process is gone
/// means the run was killed. The layout is versioned (``formatVersion``) and, like every
/// output a program reads, only grows (CHANGELOG.md).
public struct RunStatus: Codable, Sendable, Equatable {
    /// How a run stands.
    public enum State: String, Codable, Sendable {
        case running, succeeded, failed
    }

    /// The version of this file's layout.
    public var formatVersion = RunStatus.currentFormatVersion
    /// `specsplit`.
    public var tool = "specsplit"
    /// The tool's version.
    public var toolVersion = SpecSplitVersion.current
    /// The command run (`split`).
    public var command: String
    /// `running`, `succeeded` or `failed`.
    public var state: State
    /// The process running (or that ran) the job.
    public var pid: Int32
    /// When the run started (UTC, ISO 8601).
    public var started: String
    /// When it ended; nil while running.
    public var finished: String?
    /// The exit code; nil while running.
    public var exitCode: Int32?
    /// The phase the run is in, or was in when it stopped.
    public var phase: JobMonitor.Phase
    /// Why it failed (the message printed on standard error); nil otherwise.
    public var message: String?
    /// The file the failure is about, and the line and column when known.
    public var input: String?
    public var line: Int?
    public var column: String?
    /// Rows read, written and rejected (written rows are published only on success).
    public var rowsRead: Int
    public var rowsWritten: Int
    public var rowsRejected: Int
    /// Warnings that qualify the figures.
    public var warnings: [String]
    /// The output directory (published only on success).
    public var outputDirectory: String?
    /// The rejects file.
    public var rejectsFile: String?
    /// How each input's header was mapped, once read (format 1.1): the column that served
    /// each field, the fields no column served, and doubts accepted.
    public var inputs: [InputMapping] = []

    /// How one input's columns were mapped to the fields the split reads.
    public struct InputMapping: Codable, Sendable, Equatable {
        /// The input as named on the command line.
        public var path: String
        /// `apc`, `op` or `slam`.
        public var shape: String
        /// The column serving each field (lists as `A;B;C`).
        public var columns: [String: String]
        /// The fields no column served.
        public var absentFields: [String]
        /// Mappings only partly right that the run was told to accept (empty otherwise).
        public var mappingWarnings: [String]

        /// A mapping as recorded in the status file.
        public init(path: String, shape: String, columns: [String: String], absentFields: [String], mappingWarnings: [String]) {
            self.path = path
            self.shape = shape
            self.columns = columns
            self.absentFields = absentFields
            self.mappingWarnings = mappingWarnings
        }
    }

    /// The layout version this build writes.
    public static let currentFormatVersion = "1.1"

    /// A `running` status for `command`, started now by this process.
    public static func running(command: String, outputDirectory: String?, rejectsFile: String?) -> RunStatus {
        RunStatus(
            command: command, state: .running, pid: getpid(), started: Manifest.now(), finished: nil, exitCode: nil,
            phase: .starting, message: nil, input: nil, line: nil, column: nil, rowsRead: 0, rowsWritten: 0,
            rowsRejected: 0, warnings: [], outputDirectory: outputDirectory, rejectsFile: rejectsFile)
    }

    /// This status, ended with `exitCode` (0 is success) after what `monitor` saw.
    public func ended(exitCode: Int32, monitor: JobMonitor, error: SpecSplitError? = nil) -> RunStatus {
        var status = self
        status.state = exitCode == 0 ? .succeeded : .failed
        status.exitCode = exitCode
        status.finished = Manifest.now()
        status.phase = exitCode == 0 ? .done : monitor.phase
        status.rowsRead = monitor.rowsRead
        status.rowsWritten = monitor.rowsWritten
        status.rowsRejected = monitor.rowsRejected
        status.warnings = monitor.warnings
        status.inputs = monitor.inputs
        if let error {
            status.message = error.description
            status.input = error.location?.file ?? (monitor.phase == .reading ? monitor.input : nil)
            status.line = error.location?.line
            status.column = error.location?.column
        }
        return status
    }

    /// The JSON text (keys sorted, pretty-printed).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Writes the status to `path`, replacing what is there atomically: a new file beside
    /// it, then a rename over it.
    /// - Throws: ``WriteError`` when the file cannot be written.
    public func write(to path: String) throws {
        let data = try json()
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).\(UInt64.random(in: 0...UInt64.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError.cannotCreate(path: path, reason: WriteError.describe(errno)) }
        var written = 0
        let failure: Int32? = data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let count = Foundation.write(fd, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return nil
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw WriteError.io(path: path, reason: WriteError.describe(failure))
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw WriteError.io(path: path, reason: WriteError.describe(code))
        }
    }
}
