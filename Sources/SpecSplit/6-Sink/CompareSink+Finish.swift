import Foundation
import Logging

extension CompareSink {
    /// Reconciles, writes the reports, and returns the manifest.
    ///
    /// Each side must reconcile as a split does (read = written + rejected, per contract);
    /// the movements must sum, per contract and category, to what each side wrote; and the
    /// finer tallies (by service, by rule) to the movements. Otherwise nothing is published.
    /// The rejects file is complete before the checks, and the reports before the rejects
    /// limits are checked, so a run that fails keeps them in `OUT.failed`, as a split does.
    /// - Throws: ``JobError/reconciliationFailed(_:)``,
    ///   ``JobError/tooManyRejects(count:limit:rejectsPath:)``,
    ///   ``JobError/tooManyRejectLines(lines:limit:longest:rejectsPath:)``, or a ``WriteError``.
    func finish(contracts: [Contract], started: String, warnings: [String], logger: Logger) throws -> CompareManifest {
        var files = try changedRows.finish()
        files.append(try rejects.finish())
        let problems = discrepancies(contracts)
        if !problems.isEmpty { throw JobError.reconciliationFailed(problems) }
        let reports = CompareReports(
            contracts: contracts, categories: categories, old: old, new: new, from: from, to: to, movements: movements)
        files.append(
            try ReportFiles.write(
                staging.path("movements.csv"), header: CompareReports.movementsHeader, rows: reports.movementRows(), digest: options.digest))
        files.append(try reports.writeByService(byService, to: staging.path("movements-by-service.csv"), digest: options.digest))
        files.append(try reports.writeByRule(byRule, to: staging.path("movements-by-rule.csv"), digest: options.digest))
        files.append(
            try ReportFiles.write(
                staging.path("contracts.csv"), header: CompareReports.contractsHeader, rows: reports.contractRows(), digest: options.digest))
        files.append(
            try ReportFiles.write(
                staging.path("control-totals.csv"), header: CompareReports.controlHeader, rows: reports.controlRows(), digest: options.digest))
        files.append(try writeRulesDiff())
        files.append(
            try ReportFiles.write(
                staging.path("quality.csv"), header: ReportFiles.qualityHeader,
                rows: ReportFiles.qualityRows(combinedQuality()), digest: options.digest))
        try checkRejectLimits()
        logger.debug(
            "compared \(contracts.count) contracts: \(byService.count) movement lines by service, \(byRule.count) by rule, \(changedLines) changed rows"
        )
        let outputs =
            files
            .map { Manifest.Output($0, path: relative($0.path)) }
            .sorted { $0.path < $1.path }
        return CompareManifest(
            fromRuleset: Self.info(old.ruleSet, directory: options.fromRules),
            toRuleset: Self.info(new.ruleSet, directory: options.toRules), inputs: manifestInputs, outputs: outputs,
            totals: Manifest.RunTotals(from), contracts: contracts.count, changedRows: changedLines, started: started,
            finished: Manifest.now(), exitStatus: 0, warnings: warnings, digest: options.digest.rawValue)
    }

    /// Refuses a run that rejected more rows than `--max-rejects`, or rows spanning more
    /// lines than `--max-reject-lines`; the rejects are kept in `OUT.failed/rejects.csv`.
    private func checkRejectLimits() throws {
        let kept = (staging.failed as NSString).appendingPathComponent(RejectsWriter.fileName)
        if rejects.count > options.maxRejects {
            throw JobError.tooManyRejects(count: rejects.count, limit: options.maxRejects, rejectsPath: kept)
        }
        let lineLimit = options.maxRejectLines ?? options.maxRejects
        if rejects.lineCount > lineLimit, let longest = rejects.longest {
            throw JobError.tooManyRejectLines(
                lines: rejects.lineCount, limit: lineLimit,
                longest:
                    "\(longest.source):\(longest.line), spans \(longest.lines) lines (to line \(longest.line + longest.lines - 1))",
                rejectsPath: kept)
        }
    }

    private static func info(_ ruleSet: RuleSet, directory: String) -> Manifest.RuleSetInfo {
        .init(
            name: ruleSet.name, financialYear: ruleSet.financialYear, checksum: ruleSet.checksum, directory: directory)
    }

    /// The findings of the read (codes, columns, values: the same under both rule sets) once,
    /// and each rule set's findings about its rules, saying which rule set.
    func combinedQuality() -> QualityLog {
        var combined = QualityLog()
        for (side, log) in quality.enumerated() {
            for entry in log.entries where side == 0 || entry.finding.codeType == .rule {
                let finding = entry.finding
                let message =
                    finding.codeType == .rule
                    ? "\(finding.message) (\(side == 0 ? "old" : "new") rule set)" : finding.message
                combined.note(
                    finding.codeType, code: finding.code, message: message, count: entry.count, source: finding.file,
                    line: finding.line)
            }
        }
        return combined
    }

    /// rules-diff.csv: what `specsplit rules diff OLD NEW` prints.
    private func writeRulesDiff() throws -> OutputPool.Written {
        let diff = RuleSetDiff(old: old.ruleSet, new: new.ruleSet)
        let path = staging.path("rules-diff.csv")
        let bytes = diff.csv
        try staging.writeFile("rules-diff.csv", Data(bytes))
        let digest = bytes.withUnsafeBytes { ContentDigest.hex(of: $0, options.digest) }
        return OutputPool.Written(
            path: path, rows: diff.changes.count, bytes: UInt64(bytes.count), digest: digest, algorithm: options.digest)
    }

    /// Every way the tallies fail to agree: one line per contract and check.
    func discrepancies(_ contracts: [Contract]) -> [String] {
        let names = contracts.map(\.key)
        var lines = from.discrepancies(contractNames: names).map { "under the old rule set: " + $0 }
        lines += to.discrepancies(contractNames: names).map { "under the new rule set: " + $0 }
        let (oldCount, newCount) = (old.categories.count, new.categories.count)
        // Movements against each side's written totals.
        for contract in 0..<from.read.count {
            for category in 0..<oldCount {
                var moved = Totals()
                for target in 0..<newCount { moved.add(movements.cell(contract, from: category, to: target)) }
                if moved != from.written[contract * oldCount + category] {
                    lines.append(
                        "\(names[contract]): movements from \(old.categories[category]) differ from the rows written there under the old rule set"
                    )
                }
            }
            for category in 0..<newCount {
                var moved = Totals()
                for source in 0..<oldCount { moved.add(movements.cell(contract, from: source, to: category)) }
                if moved != to.written[contract * newCount + category] {
                    lines.append(
                        "\(names[contract]): movements to \(new.categories[category]) differ from the rows written there under the new rule set"
                    )
                }
            }
        }
        // The finer tallies against the movements: by service, all of them; by rule, every
        // row that changed category.
        var byPair: [UInt64: Totals] = [:]
        for index in 0..<byService.count {
            byPair[byService.key(index).a, default: Totals()].add(byService.totals(index))
        }
        var changedByPair: [UInt64: Totals] = [:]
        for index in 0..<byRule.count {
            changedByPair[byRule.key(index).a, default: Totals()].add(byRule.totals(index))
        }
        for contract in 0..<movements.contracts {
            for source in 0..<oldCount {
                for target in 0..<newCount {
                    let pair = Self.pairKey(Int32(contract), source, target)
                    let cell = movements.cell(contract, from: source, to: target)
                    let what = "\(names[contract]): \(old.categories[source]) to \(new.categories[target])"
                    if (byPair[pair] ?? Totals()) != cell {
                        lines.append(what + ": movements by service differ from the movements")
                    }
                    if categories.changed(from: source, to: target) && (changedByPair[pair] ?? Totals()) != cell {
                        lines.append(what + ": movements by rule differ from the movements")
                    }
                }
            }
        }
        return lines
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(staging.staging + "/") ? String(path.dropFirst(staging.staging.count + 1)) : path
    }
}
