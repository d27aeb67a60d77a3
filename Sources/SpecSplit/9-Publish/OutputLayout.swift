import Foundation

/// The paths a run into output directory OUT uses, all in OUT's parent directory: OUT, its
/// lock, its staging directories and `OUT.failed`.
public struct OutputLayout: Sendable, Equatable {
    /// OUT, absolute (`.` and `..` resolved as written, links not followed).
    public let target: String
    /// The directory holding OUT.
    public let parent: String
    /// OUT's last component.
    public let name: String

    /// The layout of output directory `path`.
    public init(_ path: String) {
        target = URL(fileURLWithPath: path).standardizedFileURL.path
        parent = (target as NSString).deletingLastPathComponent
        name = (target as NSString).lastPathComponent
    }

    /// `OUT.lock`: the lock a run holds while it writes.
    public var lock: String { target + ".lock" }
    /// `OUT.failed`: a failed run's rejects, reports and reason.
    public var failed: String { target + ".failed" }
    /// The name every staging directory starts with (a hidden name beside OUT); anything
    /// so named that the lock's holder did not make was left by a run that did not finish.
    var stagingPrefix: String { "." + name + ".staging-" }
}
