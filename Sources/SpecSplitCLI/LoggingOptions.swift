import ArgumentParser
import Foundation
import Logging
import SpecSplit

#if canImport(Glibc)
import Glibc
#endif

/// `--log-level` and `--quiet`: logs go to standard error, one line per input and phase.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level on standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level?

    @Flag(help: "Only errors on standard error; no progress bar.")
    var quiet = false

    func isQuiet(configQuiet: Bool?) -> Bool { quiet || (configQuiet ?? false) }

    /// Sets up logging to standard error and returns the command's logger.
    func bootstrap(configLevel: String?, configQuiet: Bool?) -> Logger {
        let level = isQuiet(configQuiet: configQuiet)
            ? Logger.Level.error : logLevel ?? configLevel.flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "specsplit")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// A progress line on standard error, drawn only when it is a terminal: rows, MB/s, and
/// the percentage and time left when the input's size is known.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let start = DispatchTime.now()
    private var last: UInt64 = 0
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled && isatty(2) != 0 }

    func update(_ progress: RunProgress) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - last > 250_000_000 else { return }
        last = now
        let seconds = Double(now - start.uptimeNanoseconds) / 1e9
        let megabytes = Double(progress.contentBytes) / 1e6
        var line = "\r\(progress.input) [\(progress.inputIndex + 1)/\(progress.inputCount)]  \(progress.rows) rows  "
            + String(format: "%.0f MB/s", seconds > 0 ? megabytes / seconds : 0)
        if let total = progress.bytesTotal, total > 0 {
            let fraction = min(1, Double(progress.bytesRead) / Double(total))
            line += String(format: "  %3.0f%%", fraction * 100)
            if fraction > 0.01 {
                let left = Int(seconds / fraction - seconds)
                line += "  ETA \(left / 60):" + String(format: "%02d", left % 60)
            }
        }
        line += "\u{1B}[K"
        _ = line.withCString { write(2, $0, strlen($0)) }
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        _ = "\r\u{1B}[K".withCString { write(2, $0, strlen($0)) }
    }
}
