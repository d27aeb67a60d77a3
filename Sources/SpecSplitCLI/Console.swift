import Foundation
import Logging
import SpecSplit

#if canImport(Glibc)
import Glibc
#endif

/// How log lines on standard error look.
enum LogFormat: String, CaseIterable, Sendable {
    /// `2026-11-25T13:13:22.031Z info specsplit: message key=value ...`: one shape for every line.
    case text
    /// One JSON object per line: `time`, `level`, `message`, then the line's fields.
    case json
}

/// Standard error, for the whole process: every log line, warning and error goes through
/// here, in one format, and the progress line is cleared before any of them is written.
final class Console: @unchecked Sendable {
    /// The one console.
    static let shared = Console()

    private let lock = NSLock()
    private var format = LogFormat.text
    private var progress: ProgressBar?

    /// Uses `format` from now on.
    func configure(format: LogFormat) {
        lock.lock()
        self.format = format
        lock.unlock()
    }

    /// Draws `bar` on standard error, under the console's lock.
    func attach(_ bar: ProgressBar) {
        lock.lock()
        progress = bar
        lock.unlock()
    }

    /// Draws `bar`'s line.
    func drawProgress(_ text: String, bar: ProgressBar) {
        lock.lock()
        if progress === bar {
            Self.writeAll(text)
            bar.drawn = true
        }
        lock.unlock()
    }

    /// Clears the progress line and stops drawing it.
    func detachProgress() {
        lock.lock()
        progress?.clear(writer: Self.writeAll)
        progress = nil
        lock.unlock()
    }

    /// Writes one log line.
    func log(_ level: Logger.Level, _ message: String, fields: [(String, String)] = []) {
        let line = format(level: level, message: message, fields: fields)
        lock.lock()
        progress?.clear(writer: Self.writeAll)
        Self.writeAll(line)
        lock.unlock()
    }

    /// Writes an error: each finding it carries on a line of its own, then its message.
    func report(_ error: SpecSplitError) {
        for finding in error.findings {
            var fields = [("code_type", finding.codeType.rawValue), ("code", finding.code), ("file", finding.file)]
            if finding.line > 0 { fields.append(("line", String(finding.line))) }
            if !finding.column.isEmpty { fields.append(("column", finding.column)) }
            log(.error, finding.pipeLine, fields: fields)
        }
        var fields = [("exit_code", String(error.exitCode))]
        if let location = error.location {
            fields.append(("file", location.file))
            if let line = location.line { fields.append(("line", String(line))) }
            if let column = location.column { fields.append(("column", column)) }
        }
        log(.error, error.summary, fields: fields)
    }

    /// Writes a usage error: as ArgumentParser would (message, usage, where to look) in the
    /// text format, one JSON object (with the usage as a field) in the JSON format.
    func usageError(_ message: String, usage: String, help: String) {
        lock.lock()
        let format = self.format
        lock.unlock()
        switch format {
        case .text:
            lock.lock()
            progress?.clear(writer: Self.writeAll)
            Self.writeAll("Error: \(message)\nUsage: \(usage)\n  \(help)\n")
            lock.unlock()
        case .json:
            log(.error, message, fields: [("exit_code", String(ExitStatus.usage)), ("usage", usage)])
        }
    }

    private func format(level: Logger.Level, message: String, fields: [(String, String)]) -> String {
        lock.lock()
        let format = self.format
        lock.unlock()
        let time = Self.timestamp()
        switch format {
        case .text:
            var line = "\(time) \(level) specsplit: \(message)"
            for (key, value) in fields { line += " \(key)=\(Self.quotedIfNeeded(value))" }
            return line + "\n"
        case .json:
            var line = "{\"time\":\(Self.json(time)),\"level\":\(Self.json(level.rawValue)),\"message\":\(Self.json(message))"
            for (key, value) in fields {
                let number = !value.isEmpty && value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && value.count < 16
                line += ",\(Self.json(key)):" + (number ? value : Self.json(value))
            }
            return line + "}\n"
        }
    }

    /// UTC, milliseconds, `Z`: the same width on every line.
    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_nsec / 1_000_000))
    }

    private static func quotedIfNeeded(_ value: String) -> String {
        value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline })
            ? json(value) : value
    }

    /// `value` as a JSON string literal.
    static func json(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func writeAll(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return  // standard error itself is gone: nothing left to tell
                }
                offset += count
            }
        }
    }
}

/// swift-log's handler for specsplit: every line through the ``Console``.
struct ConsoleLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        let all = metadata.merging(explicit ?? [:]) { _, new in new }
        Console.shared.log(level, message.description, fields: all.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") })
    }
}
