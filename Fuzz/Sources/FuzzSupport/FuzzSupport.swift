import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stops the run with `message` on standard error. libFuzzer catches the abort and saves
/// the input that got here as a `crash-...` file, so a broken property is a finding like
/// any crash.
public func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("\n==FUZZ PROPERTY FAILED== " + message + "\n").utf8))
    abort()
}

/// Fails with `message` unless `condition` holds.
@inline(__always)
public func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fail(message()) }
}

/// The root of the repository this package sits in (`Fuzz/` is one level down).
public let repositoryRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// A directory of this process's own for the files each execution writes: under
/// `/dev/shm` when it is writable (a write per execution stays in memory), otherwise the
/// temporary directory. Removed when the process exits normally; a crashed run leaves it
/// behind (`specsplit-fuzz-PID`, a few kilobytes).
public let scratchDirectory: String = {
    let shm = "/dev/shm"
    let base = access(shm, W_OK) == 0 ? shm : NSTemporaryDirectory()
    let path = "\(base)/specsplit-fuzz-\(getpid())"
    do {
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        fail("cannot create the scratch directory \(path): \(error)")
    }
    atexit { try? FileManager.default.removeItem(atPath: scratchDirectory) }
    return path
}()

/// Replaces the file at `path` with `bytes`.
public func writeFile(_ path: String, _ bytes: UnsafeRawBufferPointer) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    require(fd >= 0, "cannot create \(path): \(String(cString: strerror(errno)))")
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
        let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 && errno == EINTR { continue }
        require(written > 0, "cannot write \(path): \(String(cString: strerror(errno)))")
        offset += written
    }
}

/// Replaces the file at `path` with `bytes`.
public func writeFile(_ path: String, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { writeFile(path, $0) }
}

/// The bytes of the file at `path`.
public func readFile(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    return [UInt8](data)
}

/// FNV-1a over `bytes`: a stable seed for the choices an execution makes, so a saved
/// input replays exactly.
public func stableHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return hash
}

/// A small deterministic random number generator (SplitMix64).
public struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    /// A generator seeded with `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0 ..< bound` (`bound` > 0).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
