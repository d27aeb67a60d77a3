import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file's identity: its device and inode, the same whatever path (link, `..`, relative
/// name) reaches it.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    /// The identity of what `path` names (following links), or nil when nothing is there.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// The identity of an open descriptor, or nil when it is not open.
    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// Keeps what a run reads safe from what it writes: no output path may be, or be inside, an
/// input or the rule set, and no input or rule set may be inside a directory the run
/// replaces or removes. Decided on device and inode (through every link and every way of
/// spelling a path) before anything is written.
public struct OutputGuard: Sendable {
    private struct Protected: Sendable {
        /// What it is, for messages: "the input x.csv", "the rule set rules/2012-13".
        var what: String
        var identity: FileIdentity
        /// Its real path (links resolved), to walk up from.
        var realPath: String?
    }

    private let protected: [Protected]

    /// A guard over `inputs` (`-` is standard input, protected when it is a file) and the
    /// rule set directory `rules`.
    public init(inputs: [String], rules: String) {
        self.init(inputs: inputs, ruleSets: [rules])
    }

    /// A guard over `inputs` (`-` is standard input, protected when it is a file) and every
    /// rule set directory in `ruleSets` (a comparison reads two).
    public init(inputs: [String], ruleSets: [String]) {
        var protected: [Protected] = []
        for input in inputs {
            if input == "-" {
                if let identity = FileIdentity(descriptor: STDIN_FILENO) {
                    protected.append(Protected(what: "standard input", identity: identity, realPath: nil))
                }
            } else if let identity = FileIdentity(path: input) {
                protected.append(Protected(what: "the input \(input)", identity: identity, realPath: Self.realPath(input)))
            }
        }
        for rules in ruleSets {
            if let identity = FileIdentity(path: rules) {
                protected.append(Protected(what: "the rule set \(rules)", identity: identity, realPath: Self.realPath(rules)))
            }
        }
        self.protected = protected
    }

    /// Refuses `path`, given as `role` (`--rejects x.csv`), when it is, or is inside,
    /// something protected.
    /// - Throws: ``JobError/usage(_:)`` (64) saying which, and what to do.
    public func check(_ path: String, as role: String) throws {
        let own = FileIdentity(path: path)
        let above = Self.directories(above: path)
        for item in protected {
            if own == item.identity {
                throw JobError.usage("\(role) is \(item.what): writing there would destroy what the run reads. Choose another path.")
            }
            if above.contains(item.identity) {
                throw JobError.usage("\(role) is inside \(item.what): a run never writes into what it reads. Choose a path outside it.")
            }
        }
    }

    /// Refuses directory `path`, given as `role` (`--out o`), when something protected is
    /// inside it: the run replaces or removes that directory, `reason` says how.
    /// - Throws: ``JobError/usage(_:)`` (64).
    public func checkNothingInside(_ path: String, as role: String, because reason: String) throws {
        guard let directory = FileIdentity(path: path) else { return }
        for item in protected {
            guard let real = item.realPath, Self.directories(above: real).contains(directory) else { continue }
            let what = item.what.prefix(1).uppercased() + item.what.dropFirst()
            throw JobError.usage("\(what) is inside \(role), which \(reason): move it out of there first, or choose another directory.")
        }
    }

    /// Whether `path` is inside directory `directory` (both as given; links followed).
    public static func isInside(_ path: String, _ directory: String) -> Bool {
        guard let identity = FileIdentity(path: directory) else { return false }
        return directories(above: path).contains(identity)
    }

    /// The identities of the directories holding `path`, nearest first: found from the real
    /// path of the nearest one that exists, so links and `..` lead where they really lead.
    static func directories(above path: String) -> [FileIdentity] {
        // Not standardised: `..` after a link must go where the kernel takes it.
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var current = (absolute as NSString).deletingLastPathComponent
        var real = realPath(current)
        while real == nil && current != "/" && !current.isEmpty {
            current = (current as NSString).deletingLastPathComponent
            real = realPath(current)
        }
        guard var directory = real else { return [] }
        var chain: [FileIdentity] = []
        while true {
            if let identity = FileIdentity(path: directory) { chain.append(identity) }
            if directory == "/" || directory.isEmpty { break }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return chain
    }

    /// `path` with every link, `.` and `..` resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
