import Foundation
import Logging

/// What a running job has reached: its phase, the input it is reading, its row counts,
/// and the warnings that qualify its figures. A status file, a progress line and the
/// manifest read it.
///
/// The job updates it on its working thread (once per phase, input or batch, never per
/// row); a reader on another thread sees consistent values under its lock.
public final class JobMonitor: @unchecked Sendable {
    /// Where a job is.
    public enum Phase: String, Sendable, Codable {
        /// Reading the config and flags.
        case starting
        /// Loading and checking the rule set(s).
        case rules
        /// Reading every input's header and mapping it.
        case planning
        /// Reading, classifying and writing rows.
        case reading
        /// Closing outputs, reconciling, writing the reports.
        case reconciling
        /// Moving the output into place.
        case publishing
        /// Finished.
        case done
    }

    private let lock = NSLock()
    private var state = State()

    private struct State {
        var phase = Phase.starting
        var input: String?
        var rowsRead = 0
        var rowsWritten = 0
        var rowsRejected = 0
        var warnings: [String] = []
        var inputs: [RunStatus.InputMapping] = []
    }

    /// A monitor at the start of a job.
    public init() {}

    private func read<T>(_ body: (State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(state)
    }

    private func update(_ body: (inout State) -> Void) {
        lock.lock()
        body(&state)
        lock.unlock()
    }

    /// The phase the job is in (or was in when it stopped).
    public var phase: Phase { read(\.phase) }
    /// The input being read (or read last).
    public var input: String? { read(\.input) }
    /// Rows read so far.
    public var rowsRead: Int { read(\.rowsRead) }
    /// Rows written so far (to the staging directory until published).
    public var rowsWritten: Int { read(\.rowsWritten) }
    /// Rows rejected so far.
    public var rowsRejected: Int { read(\.rowsRejected) }
    /// Warnings that qualify the figures (rules that could not be tested for lack of a
    /// column, columns named twice, defaults a rule set fell back to), in the order raised.
    public var warnings: [String] { read(\.warnings) }

    /// How each input planned so far was mapped.
    public var inputs: [RunStatus.InputMapping] { read(\.inputs) }

    /// Records how an input's header was mapped (once it is).
    func mapped(_ input: RunStatus.InputMapping) { update { $0.inputs.append(input) } }

    /// Enters `phase`.
    public func enter(_ phase: Phase) { update { $0.phase = phase } }

    /// Starts reading `input`.
    func reading(_ input: String) {
        update {
            $0.phase = .reading
            $0.input = input
        }
    }

    /// Sets the rows read so far (the pipeline, once per batch).
    func counted(read: Int) { update { $0.rowsRead = read } }

    /// Sets the rows written and rejected so far (a sink, once per delivery).
    func counted(written: Int, rejected: Int) {
        update {
            $0.rowsWritten = written
            $0.rowsRejected = rejected
        }
    }

    /// Records a warning and logs it at `warning` (so `--quiet` keeps it off the terminal,
    /// while the status file and the manifest still carry it).
    /// `logged` is a shorter form for the terminal; the status file and manifest keep it whole.
    func warn(_ message: String, logged: String? = nil, logger: Logger, metadata: Logger.Metadata = [:]) {
        update { $0.warnings.append(message) }
        logger.warning("\(logged ?? message)", metadata: metadata)
    }
}
