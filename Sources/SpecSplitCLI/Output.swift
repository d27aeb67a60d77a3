#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error (file descriptor 2: safe in Swift 6 mode).
func printError(_ message: String) {
    let line = "specsplit: " + message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}
