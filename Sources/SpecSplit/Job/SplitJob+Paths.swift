extension SplitJob {
    /// Refuses, before anything is written, every output path that would overwrite or
    /// remove what the run reads: OUT, its lock and `OUT.failed`, `--rejects` and
    /// `--summary` may not be, or be inside, an input or the rule set; no input or rule set
    /// may be inside OUT or `OUT.failed` (the run replaces them); `--rejects` and `--summary`
    /// may not be inside OUT.
    /// - Throws: ``JobError/usage(_:)`` (64).
    func checkOutputPaths() throws {
        let paths = OutputGuard(inputs: options.inputs, rules: options.rulesDirectory)
        let layout = OutputLayout(options.outputDirectory)
        let out = "--out \(options.outputDirectory)"
        try paths.check(options.outputDirectory, as: out)
        try paths.check(layout.lock, as: "the lock file \(layout.lock)")
        try paths.check(layout.failed, as: "\(layout.failed) (where a failed run keeps its rejects)")
        try paths.checkNothingInside(options.outputDirectory, as: out, because: "the run replaces")
        try paths.checkNothingInside(layout.failed, as: layout.failed, because: "the next run replaces or removes")
        for (flag, path) in [("--rejects", options.rejectsPath), ("--summary", options.summaryPath)] {
            guard let path, path != "-" else { continue }
            try paths.check(path, as: "\(flag) \(path)")
            if OutputGuard.isInside(path, options.outputDirectory) || OutputGuard.isInside(path, layout.failed) {
                throw JobError.usage("\(flag) \(path) is inside \(out), which the run replaces: the file would be lost with it. Choose a path outside it.")
            }
        }
    }
}
