import CSupport
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Standard output treated as an output like any other: a write that fails is an error
/// (exit 74 with a message), never a crash and never a silent 0.
public enum StandardStreams {
    /// The name used in messages.
    public static let outputName = "standard output"
    private static let outputClosed = Atomic<Bool>(false)

    /// Makes sure descriptors 0, 1 and 2 are open before anything else is, so that no file
    /// the run opens takes their number (and receives what was meant for the terminal). A
    /// closed standard output is reopened on `/dev/full`, so every write to it fails and is
    /// reported; closed standard input and error on `/dev/null`. Call first thing.
    public static func secure() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let replacement = open(fd == 1 ? "/dev/full" : "/dev/null", (fd == 0 ? O_RDONLY : O_WRONLY))
            if replacement >= 0 && replacement != fd {
                dup2(replacement, fd)
                close(replacement)
            }
            if fd == 1 { outputClosed.store(true, ordering: .relaxed) }
        }
    }

    /// Writes `data` to standard output.
    /// - Throws: ``WriteError/io(path:reason:)`` naming standard output.
    public static func write(_ data: Data) throws {
        flushQuietly()
        do {
            try data.withUnsafeBytes { try FileSystem.writeAll(STDOUT_FILENO, $0, path: outputName) }
        } catch let error as WriteError {
            throw explained(error)
        }
    }

    /// Flushes what `print` wrote to standard output and reports a write that failed, now
    /// or earlier in the run.
    /// - Throws: ``WriteError/io(path:reason:)`` naming standard output.
    public static func flush() throws {
        let code = specsplit_flush_stdout()
        if code != 0 { throw explained(WriteError.io(path: outputName, reason: WriteError.describe(code))) }
    }

    private static func flushQuietly() { _ = specsplit_flush_stdout() }

    private static func explained(_ error: WriteError) -> WriteError {
        guard outputClosed.load(ordering: .relaxed) else { return error }
        return .io(path: outputName, reason: "it was closed when specsplit started")
    }
}
