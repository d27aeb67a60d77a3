import Foundation

/// Where a report's pages are and how they link to each other and to the output's CSV
/// files: file names made safe whatever the data says, links percent-encoded, and the
/// output reached by a relative path so the report and the output can move together.
struct ReportPaths {
    /// The path from the report directory to the output directory (`..` inside it).
    let outputFromReport: String
    /// Each contract's page, inside the report directory (`contracts/RJE_5PK.html`).
    private(set) var pages: [String: String] = [:]

    /// Paths for a report at `report` on the output at `output` (absolute or both relative
    /// to the same directory), with a page for each of `contracts`.
    init(report: String, output: String, contracts: [String]) {
        outputFromReport = Self.relativePath(from: report, to: output)
        var used: Set<String> = []
        for key in contracts {
            let base = Self.safeName(key)
            var name = base
            var suffix = 2
            while used.contains(name.lowercased()) {
                name = "\(base)~\(suffix)"
                suffix += 1
            }
            used.insert(name.lowercased())
            pages[key] = "contracts/\(name).html"
        }
    }

    /// A link from the overview to a contract's page.
    func contractHref(_ key: String) -> String? { pages[key].map(Self.href) }

    /// A link to the output's file `path` (as the manifest lists it), from a page `depth`
    /// directories below the report directory (0: the overview).
    func outputHref(_ path: String, depth: Int) -> String {
        let up = Array(repeating: "..", count: depth)
        let parts = up + (outputFromReport == "." ? [] : [outputFromReport]) + [path]
        return Self.href(parts.joined(separator: "/"))
    }

    /// A file name made only of letters, digits, `-`, `_`, `.` and `~` (a contract key may
    /// come from an edited output); never empty, never starting with a dot.
    static func safeName(_ key: String) -> String {
        var name = String(
            key.unicodeScalars.prefix(100).map { scalar -> Character in
                let c = Character(scalar)
                return scalar.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == "~" || c == ".")
                    ? c : "_"
            })
        if name.isEmpty || name.hasPrefix(".") { name = "_" + name }
        return name
    }

    /// `path` percent-encoded segment by segment (`/` kept).
    static func href(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~/")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// The relative path from directory `from` to `to` (both made absolute first).
    static func relativePath(from: String, to: String) -> String {
        let source = URL(fileURLWithPath: from).standardizedFileURL.pathComponents
        let target = URL(fileURLWithPath: to).standardizedFileURL.pathComponents
        var common = 0
        while common < source.count && common < target.count && source[common] == target[common] { common += 1 }
        let parts = Array(repeating: "..", count: source.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
