import ArgumentParser
import Foundation
import Logging
import SpecSplit

#if canImport(Glibc)
import Glibc
#endif

/// `--log-level`, `--quiet` and `--log-format`: logs go to standard error, one line per
/// input and phase, every line of one shape (or one JSON object).
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level on standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level?

    @Flag(help: "Errors only on standard error, no progress line: a successful run prints nothing.")
    var quiet = false

    @Option(help: "Log lines as text (one shape for every line) or json (one object per line).")
    var logFormat: LogFormat?

    func isQuiet(configQuiet: Bool?) -> Bool { quiet || (configQuiet ?? false) }

    /// Sets up logging to standard error and returns the command's logger.
    func bootstrap(configLevel: String?, configQuiet: Bool?, configFormat: LogFormat? = nil) -> Logger {
        let level = isQuiet(configQuiet: configQuiet)
            ? Logger.Level.error : logLevel ?? configLevel.flatMap(Logger.Level.init(rawValue:)) ?? .info
        Console.shared.configure(format: logFormat ?? configFormat ?? .text)
        LoggingSystem.bootstrap { _ in ConsoleLogHandler(logLevel: level) }
        var logger = Logger(label: "specsplit")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}

/// A progress line on standard error, drawn only when it is a terminal: the input and its
/// place in the run, its rows, MB/s, and its percentage and time left when its size is
/// known. It reaches 100% when an input has been read, and the console clears it before
/// writing any log line.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let start = DispatchTime.now()
    private var last: UInt64 = 0
    /// Whether the line is on the screen (set and cleared under the console's lock).
    var drawn = false
    /// The least time between two draws: 250 ms, or `SPECSPLIT_PROGRESS_INTERVAL_MS`.
    private let interval: UInt64

    init(enabled: Bool) {
        self.enabled = enabled && isatty(2) != 0
        let milliseconds = ProcessInfo.processInfo.environment["SPECSPLIT_PROGRESS_INTERVAL_MS"].flatMap(UInt64.init)
        interval = (milliseconds ?? 250) * 1_000_000
        if self.enabled { Console.shared.attach(self) }
    }

    func update(_ progress: RunProgress) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard progress.inputFinished || now - last >= interval else { return }
        last = now
        let seconds = Double(now - start.uptimeNanoseconds) / 1e9
        let megabytes = Double(progress.contentBytes) / 1e6
        var line = "\r\(progress.input) [\(progress.inputIndex + 1)/\(progress.inputCount)]  \(progress.inputRows) rows  "
            + String(format: "%.0f MB/s", seconds > 0 ? megabytes / seconds : 0)
        if progress.inputFinished {
            line += "  100%"
        } else if let total = progress.bytesTotal, total > 0 {
            let fraction = min(1, Double(progress.bytesRead) / Double(total))
            line += String(format: "  %3.0f%%", fraction * 100)
            if fraction > 0.01 {
                let left = Int(seconds / fraction - seconds)
                line += "  ETA \(left / 60):" + String(format: "%02d", left % 60)
            }
        }
        line += "\u{1B}[K"
        Console.shared.drawProgress(line, bar: self)
    }

    /// Clears the line if it is drawn (under the console's lock).
    func clear(writer: (String) -> Void) {
        guard drawn else { return }
        writer("\r\u{1B}[K")
        drawn = false
    }

    /// Clears the line and stops drawing.
    func finish() {
        guard enabled else { return }
        Console.shared.detachProgress()
    }
}
