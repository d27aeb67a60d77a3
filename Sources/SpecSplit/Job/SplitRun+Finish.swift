import Crypto
import Foundation

extension SplitRun {
    /// Closes every output, reconciles, writes the reports, and returns the manifest.
    /// - Throws: ``SplitError/reconciliationFailed(_:)`` or ``SplitError/tooManyRejects(count:limit:rejectsPath:)``.
    func finish(started: String) throws -> Manifest {
        let written = try pool.finish()
        let contracts = registry.contracts
        let problems = totals.discrepancies(contractNames: contracts.map(\.key))
        if !problems.isEmpty { throw SplitError.reconciliationFailed(problems) }
        try rejects.finish()
        if rejects.count > options.maxRejects {
            throw SplitError.tooManyRejects(count: rejects.count, limit: options.maxRejects, rejectsPath: rejects.path)
        }
        var outputs = written.map { file in
            Manifest.Output(path: relative(file.path), rows: file.rows, bytes: file.bytes, sha256: file.sha256)
        }
        let summaryPath = staging.path("summary.csv")
        let summaryLines = try summary.write(
            to: summaryPath, contracts: contracts, categories: compiled.categories, groups: compiled.serviceGroupNames)
        outputs.append(try describe(summaryPath, rows: summaryLines))
        let reports: [(String, [String], [[String]])] = [
            ("control-totals.csv", ReportFiles.controlHeader(categories: compiled.categories), ReportFiles.controlRows(totals, contracts: contracts)),
            ("quality.csv", ReportFiles.qualityHeader, ReportFiles.qualityRows(quality)),
        ]
        for (name, header, rows) in reports {
            let path = staging.path(name)
            let count = try ReportFiles.write(path, header: header, rows: rows)
            outputs.append(try describe(path, rows: count))
        }
        outputs.sort { $0.path < $1.path }
        let overall = totals.overall
        var writtenAll = Totals()
        for total in overall.written { writtenAll.add(total) }
        let ruleSet = compiled.ruleSet
        return Manifest(
            ruleset: .init(name: ruleSet.name, financialYear: ruleSet.financialYear, checksum: ruleSet.checksum, directory: options.rulesDirectory),
            inputs: manifestInputs, outputs: outputs,
            totals: .init(
                rowsRead: overall.read.rows, rowsWritten: writtenAll.rows, rowsRejected: overall.rejected.rows,
                activityRead: overall.read.activity, activityWritten: writtenAll.activity, activityRejected: overall.rejected.activity,
                valueRead: overall.read.value, valueWritten: writtenAll.value, valueRejected: overall.rejected.value),
            contracts: contracts.count, started: started, finished: Manifest.now(), exitStatus: 0)
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(staging.staging + "/") ? String(path.dropFirst(staging.staging.count + 1)) : path
    }

    private func describe(_ path: String, rows: Int) throws -> Manifest.Output {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SplitError.write(.io(path: path, reason: "could not read back"))
        }
        let digest = SHA256.hash(data: data).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        return Manifest.Output(path: relative(path), rows: rows, bytes: UInt64(data.count), sha256: digest)
    }
}
