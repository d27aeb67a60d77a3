import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The signal that asked the run to stop (0 while none has).
let cancellationSignal = Atomic<Int32>(0)

/// SIGINT and SIGTERM stop a run between batches: the staging directory is removed and
/// nothing is published. The handler only stores the signal number (async-signal-safe).
public enum Cancellation {
    /// Installs the handlers for SIGINT and SIGTERM.
    public static func install() {
        signal(SIGINT, cancellationHandler)
        signal(SIGTERM, cancellationHandler)
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
