import Crypto
import Foundation

extension RuleSet {
    /// Reads and checks the rule set in `directory`: `ruleset.toml`, `rules.csv`,
    /// `code-sets.csv`, `service-lines.csv`, `service-groups.csv`, `pod-settings.csv` and,
    /// when present, `practices.csv` and `prison-postcodes.csv`.
    ///
    /// Columns a file has beyond its documented ones are ignored (analysts keep notes in
    /// them); blank rows are skipped.
    ///
    /// - Throws: ``RuleSetInvalid`` with every problem found when anything is wrong,
    ///   including a missing directory, file or column.
    public static func load(directory: String) throws -> RuleSet {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleSetInvalid(directory: directory, problems: [
                Finding(codeType: .file, code: directory, file: directory, line: 0, column: "", message: "Rule set directory not found"),
            ])
        }
        let names = ((try? manager.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { !$0.hasPrefix(".") }
            .filter { name in
                var isDir: ObjCBool = false
                return manager.fileExists(atPath: directory + "/" + name, isDirectory: &isDir) && !isDir.boolValue
            }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        var problems: [Finding] = []
        var hasher = SHA256()
        var toml: String?
        var tables: [String: RuleTable] = [:]
        for name in names {
            let path = directory + "/" + name
            guard let data = manager.contents(atPath: path) else {
                problems.append(Finding(codeType: .file, code: name, file: name, line: 0, column: "", message: "Cannot read file"))
                continue
            }
            hasher.update(data: Array(name.utf8) + [0])
            hasher.update(data: data)
            if name == RuleSetParser.FileName.toml {
                toml = String(decoding: data, as: UTF8.self)
            } else if name.hasSuffix(".csv") {
                do {
                    let csv = try CSVTable.read(path: path)
                    tables[name] = RuleTable(name: name, header: csv.header, rows: csv.rows, lines: csv.lines)
                } catch let error as CSVTableError {
                    problems.append(Finding(codeType: .csv, code: name, file: name, line: error.line, column: "", message: "Malformed CSV: \(error.message)"))
                } catch {
                    problems.append(Finding(codeType: .file, code: name, file: name, line: 0, column: "", message: "Cannot read CSV: \(error)"))
                }
            }
        }
        let checksum = hasher.finalize().hex
        return try parse(toml: toml, tables: tables, checksum: checksum, directory: directory, readProblems: problems)
    }
}
