#if canImport(Glibc)
import Glibc
#endif

extension PublishingJob {
    /// Refuses an input named twice (the same device and inode, whatever the spelling or
    /// link), before anything is read, unless ``SplitOptions/allowDuplicateInputs``.
    /// - Throws: ``JobError/usage(_:)`` (64).
    func checkRepeatedInputs() throws {
        var seen: [FileIdentity: String] = [:]
        for input in publishing.inputs {
            let identity = input == "-" ? FileIdentity(descriptor: STDIN_FILENO) : FileIdentity(path: input)
            guard let identity else { continue }  // missing: the plan says so (66)
            if let first = seen[identity] {
                try repeated("\(first) and \(input) are the same file", ", read twice")
            }
            seen[identity] = seen[identity] ?? input
        }
    }

    /// Refuses two inputs whose content (SHA-256 as read, after gzip) is the same and has
    /// rows, once every input has been read and before anything is published: detected
    /// from the hashes made while reading, so nothing is read twice.
    /// - Throws: ``JobError/usage(_:)`` (64).
    func checkRepeatedContent(_ reports: [InputReport]) throws {
        var seen: [String: Int] = [:]
        for (index, report) in reports.enumerated() where report.rows > 0 {
            if let first = seen[report.digest] {
                try repeated(
                    "\(publishing.inputs[first]) and \(publishing.inputs[index]) have the same content (\(publishing.digest.rawValue) \(report.digest.prefix(12)), \(report.rows) rows)",
                    "; nothing was published")
            }
            seen[report.digest] = seen[report.digest] ?? index
        }
    }

    private func repeated(_ what: String, _ consequence: String) throws {
        guard publishing.allowDuplicateInputs else {
            throw JobError.usage(
                "\(what): every row would be counted twice\(consequence). Name each input once, or pass "
                    + "--allow-duplicate-inputs (allow_duplicate_inputs = true) if that is what you mean.")
        }
        logger.warning("\(what): their rows are counted each time (--allow-duplicate-inputs)")
    }
}
