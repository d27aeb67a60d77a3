import Foundation
import Logging

extension SplitSink {
    /// Closes every output, reconciles, writes the reports, and returns the manifest.
    /// The rejects file and the control totals and quality reports are complete before the
    /// checks, so a run that fails them keeps them (``StagingArea/keepFailure(_:keeping:)``).
    /// - Throws: ``JobError/reconciliationFailed(_:)`` or
    ///   ``JobError/tooManyRejects(count:limit:rejectsPath:)``.
    func finish(contracts: [Contract], started: String, warnings: [String], logger: Logger) throws -> Manifest {
        assert(summaryPending.count == 0, "rows written after their delivery's summary was added")
        let written = try pool.finish()
        let calls = "\(pool.opens) opens, \(pool.writes) writes"
        let memory = "buffers at most \(pool.peakBufferedBytes >> 10) KiB of \(options.outputMemoryBudget >> 10) KiB"
        logger.debug("wrote \(written.count) outputs: \(calls), \(memory); \(summary.count) summary lines")
        var files = written
        files.append(try rejects.finish())
        // Written before the checks below, so a run that fails them keeps them in OUT.failed.
        let financial = ReportFiles.contractRows(totals, commissioning, contracts: contracts)
        var reports: [(String, [String], [[String]])] = [
            ("control-totals.csv", ReportFiles.controlHeader(categories: compiled.categories), ReportFiles.controlRows(totals, contracts: contracts)),
            ("quality.csv", ReportFiles.qualityHeader, ReportFiles.qualityRows(quality)),
            ("contracts.csv", ReportFiles.contractsHeader, financial.contracts),
            ("contracts-by-category.csv", ReportFiles.contractsByCategoryHeader, financial.byCategory),
        ]
        // The migration lists, when the rule set and the extract say who commissions some rows today.
        if commissioning.anyKnown {
            reports.append((
                "migration.csv", ReportFiles.migrationHeader,
                ReportFiles.migrationRows(commissioning, contracts: contracts, categories: compiled.categories)))
            if migrationRows == nil {
                migrationRows = try CSVWriter(
                    path: staging.path("migration-rows.csv"), digest: options.digest, exclusive: true)
                try migrationRows?.writeRow(Self.migrationRowsHeader)
            }
        }
        if let writer = migrationRows {
            try writer.close()
            files.append(writer.written(rows: migrationRowCount))
        }
        for (name, header, rows) in reports {
            files.append(try ReportFiles.write(staging.path(name), header: header, rows: rows, digest: options.digest))
        }
        let problems = totals.discrepancies(contractNames: contracts.map(\.key))
        if !problems.isEmpty { throw JobError.reconciliationFailed(problems) }
        if rejects.count > options.maxRejects {
            let kept = (staging.failed as NSString).appendingPathComponent(RejectsWriter.fileName)
            throw JobError.tooManyRejects(count: rejects.count, limit: options.maxRejects, rejectsPath: kept)
        }
        let lineLimit = options.maxRejectLines ?? options.maxRejects
        if rejects.lineCount > lineLimit, let longest = rejects.longest {
            let kept = (staging.failed as NSString).appendingPathComponent(RejectsWriter.fileName)
            throw JobError.tooManyRejectLines(
                lines: rejects.lineCount, limit: lineLimit,
                longest: "\(longest.source):\(longest.line), spans \(longest.lines) lines (to line \(longest.line + longest.lines - 1))",
                rejectsPath: kept)
        }
        files.append(try summary.write(
            to: staging.path("summary.csv"),
            SummaryTable.Names(
                contracts: contracts, categories: compiled.categories, groups: compiled.serviceGroupNames,
                settings: settings.names, descriptions: compiled.ruleSet.serviceLineDescriptions),
            digest: options.digest))
        let outputs = files
            .map { Manifest.Output($0, path: relative($0.path)) }
            .sorted { $0.path < $1.path }
        let ruleSet = compiled.ruleSet
        return Manifest(
            ruleset: .init(name: ruleSet.name, financialYear: ruleSet.financialYear, checksum: ruleSet.checksum, directory: options.rulesDirectory),
            inputs: manifestInputs, outputs: outputs, totals: Manifest.RunTotals(totals),
            contracts: contracts.count, started: started, finished: Manifest.now(), exitStatus: 0, warnings: warnings,
            digest: options.digest.rawValue)
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(staging.staging + "/") ? String(path.dropFirst(staging.staging.count + 1)) : path
    }
}
