import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The signal that asked the run to stop (0 while none has).
let cancellationSignal = Atomic<Int32>(0)

/// SIGINT, SIGTERM, SIGHUP (the terminal went away) and SIGPIPE (a pipe the run writes to
/// was closed) stop a run between batches: nothing is published and the previous output is
/// left as it was. The handler only stores the signal number (async-signal-safe).
///
/// SIGXFSZ is ignored, so a write past the file-size limit (`ulimit -f`) fails with EFBIG
/// and the run ends with an I/O error and a message instead of dying silently.
public enum Cancellation {
    /// The signals that stop a run.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGPIPE]

    /// Installs the handlers, and ignores SIGXFSZ.
    public static func install() {
        for number in signals { signal(number, cancellationHandler) }
        signal(SIGXFSZ, SIG_IGN)
    }

    /// The signal received, if any.
    public static var signalReceived: Int32? {
        let value = cancellationSignal.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Throws ``JobError/cancelled(signal:)`` once a signal has arrived.
    @inline(__always)
    public static func check() throws {
        if let signal = signalReceived { throw JobError.cancelled(signal: signal) }
    }

    /// Forgets a received signal (tests).
    public static func reset() { cancellationSignal.store(0, ordering: .relaxed) }

    /// Acts as if `signal` had been received (tests).
    public static func simulate(_ signal: Int32) { cancellationSignal.store(signal, ordering: .relaxed) }
}

private let cancellationHandler: @convention(c) (Int32) -> Void = { signal in
    cancellationSignal.store(signal, ordering: .relaxed)
}
