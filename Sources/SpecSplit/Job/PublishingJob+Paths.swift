extension PublishingJob {
    /// Refuses, before anything is written, every output path that would overwrite or
    /// remove what the run reads: OUT, its lock and `OUT.failed`, `--rejects`, `--summary`
    /// and `--status` may not be, or be inside, an input or a rule set; no input or rule set
    /// may be inside OUT or `OUT.failed` (the run replaces them); `--rejects`, `--summary` and
    /// `--status` may not be inside OUT.
    /// - Throws: ``JobError/usage(_:)`` (64).
    func checkOutputPaths() throws {
        let paths = OutputGuard(inputs: publishing.inputs, ruleSets: ruleSetDirectories)
        let layout = OutputLayout(publishing.outputDirectory)
        let out = "--out \(publishing.outputDirectory)"
        try paths.check(publishing.outputDirectory, as: out)
        try paths.check(layout.lock, as: "the lock file \(layout.lock)")
        try paths.check(layout.failed, as: "\(layout.failed) (where a failed run keeps its rejects)")
        try paths.checkNothingInside(publishing.outputDirectory, as: out, because: "the run replaces")
        try paths.checkNothingInside(layout.failed, as: layout.failed, because: "the next run replaces or removes")
        let sidePaths = [
            ("--rejects", publishing.rejectsPath), ("--summary", publishing.summaryPath), ("--status", publishing.statusPath),
        ]
        for (flag, path) in sidePaths {
            guard let path else { continue }
            try SplitJob.checkSideOutput(path, as: flag, guard: paths, out: publishing.outputDirectory)
        }
    }
}

extension SplitJob {
    /// Refuses `path`, a file written beside the run under `flag` (`--status`), when it is,
    /// or is inside, one of `inputs` or the rule set `rules`, or is inside `out` or
    /// `OUT.failed` (which the run replaces): for a caller that writes such a file before
    /// the job starts. `-` (standard output) always passes.
    /// - Throws: ``JobError/usage(_:)`` (64).
    public static func checkSideOutput(
        _ path: String, as flag: String, inputs: [String], rules: String?, out: String?
    ) throws {
        try checkSideOutput(path, as: flag, guard: OutputGuard(inputs: inputs, rules: rules ?? ""), out: out)
    }

    fileprivate static func checkSideOutput(
        _ path: String, as flag: String, guard paths: OutputGuard, out: String?
    ) throws {
        guard path != "-" else { return }
        try paths.check(path, as: "\(flag) \(path)")
        guard let out else { return }
        if OutputGuard.isInside(path, out) || OutputGuard.isInside(path, OutputLayout(out).failed) {
            throw JobError.usage(
                "\(flag) \(path) is inside --out \(out), which the run replaces: the file would be lost with it. "
                    + "Choose a path outside it.")
        }
    }
}
