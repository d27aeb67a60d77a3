import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension BlockScanner {
    /// Whether `path` is a regular file that is not gzip-compressed: one that can be read
    /// in blocks at once.
    static func isPlainFile(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        var magic: (UInt8, UInt8) = (0, 0)
        let count = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        return !(count == 2 && magic.0 == 0x1F && magic.1 == 0x8B)
    }
}

extension RowPipeline {
    /// Reads a plain file on ``PipelineOptions/threads`` threads at once, in blocks that start
    /// at a row (``BlockScanner`` cuts them while it hashes the file), and hands the rows on
    /// in file order, so the sink sees exactly what reading in order would give.
    ///
    /// Block `k` goes to worker `k % threads`; this thread takes each block's batches from its
    /// worker in turn, and hands them on only once the block has been read to its end between
    /// two rows (proof that the next block starts at a row). When one has not (a stray quote
    /// fooled the cut), the workers stop and the rest of the file is read in order from that
    /// block's start. Returns the findings of normalising (lines counted from the file's
    /// start) and how much was read.
    func readInBlocks(
        _ input: PipelineInput, _ plan: InputPlan, _ delivery: ClassifiedRows, _ sink: RowSink,
        _ state: inout InputState, progress: (Int, Position) -> Void
    ) throws -> (Normalised, Position) {
        let threads = options.threads
        var readOptions = options.readOptions
        readOptions.batchBytes = min(readOptions.batchBytes, max(options.blockBytes / 4, 1 << 12))
        let batchesPerWorker = options.blockBytes / readOptions.batchBytes + 3
        let fileSize = Self.fileSize(plan.path)
        let buffers = BlockBufferPool(capacity: options.blockBytes + BlockScanner.stepBytes)
        let workers = (0..<threads).map { _ in
            BlockWorker(
                path: plan.path, input: input, header: plan.map.header, headerBytes: [], options: readOptions,
                classifier: BatchClassifier(ruleSets: ruleSets, fixedSetting: input.fixedSetting),
                normaliser: BatchNormaliser(input), buffers: buffers)
        }
        for (index, worker) in workers.enumerated() {
            for _ in 0..<batchesPerWorker {
                let batch = PipelineBatch(bytes: readOptions.batchBytes, ruleSets: ruleSets.count)
                batch.owner = index
                worker.free.send(batch)
            }
        }
        let scanner = BlockScanner(
            path: plan.path, displayName: input.source, hasher: plan.hasher, blockBytes: options.blockBytes,
            pool: buffers, queues: workers.map(\.blocks), ahead: 2 * threads)
        var stopped = false
        func stopWorkers() {
            guard !stopped else { return }
            stopped = true
            scanner.stopCutting()
            for worker in workers { worker.stop() }
            for worker in workers { worker.join() }
        }
        defer {
            stopWorkers()
            try? scanner.join()
        }
        var normalised = Normalised(quality: QualityLog(), tally: ShapeTally(map: input.map))
        var lineBase = 0
        var offset: UInt64 = 0
        var index = 0
        var block: [PipelineBatch] = []
        let recycle: (PipelineBatch) -> Void = { batch in
            if !batch.replaced { workers[batch.owner].free.send(batch) }
        }
        blocks: while true {
            let worker = workers[index % threads]
            block.removeAll(keepingCapacity: true)
            var ended: (range: Range<UInt64>, lines: Int, betweenRows: Bool, quality: QualityLog, tally: ShapeTally)?
            while ended == nil {
                guard let item = worker.output.receive() else { break blocks }
                switch item {
                case .batch(let number, let batch):
                    precondition(number == index, "block \(number) arrived for \(index)")
                    block.append(batch)
                case .end(let number, let range, let lines, let betweenRows, let findings, let tally):
                    precondition(number == index, "block \(number) ended for \(index)")
                    ended = (range, lines, betweenRows, findings, tally)
                case .failure(let number, let error):
                    precondition(number == index, "block \(number) failed for \(index)")
                    throw (error as? ReadError)?.lines(after: lineBase) ?? error
                }
                try Cancellation.check()
            }
            guard let ended else { break blocks }
            guard ended.betweenRows else {
                // The block did not end at a row: read on in order from where it starts.
                for batch in block { recycle(batch) }
                stopWorkers()
                logger.debug(
                    "\(input.source): block \(index) (bytes \(ended.range.lowerBound)-\(ended.range.upperBound)) did not end between rows (a stray quote?): the rest is read in order",
                    metadata: ["input": "\(input.source)"])
                try readRest(input, plan, from: ended.range.lowerBound, isFirst: index == 0, lineBase: lineBase,
                             delivery, sink, &state, normalised: &normalised) { rows in
                    progress(rows, (ended.range.lowerBound, fileSize, ended.range.lowerBound))
                }
                return (normalised, (fileSize ?? 0, fileSize, fileSize ?? 0))
            }
            for batch in block {
                batch.rows.lineOffset = lineBase
                try deliver(batch, delivery, sink, &state, recycle: recycle)
                replaceHeld(&state, workers: workers, batchBytes: readOptions.batchBytes)
                progress(state.rows, (offset, fileSize, offset))
            }
            normalised.quality.merge(ended.quality, lineOffset: lineBase)
            normalised.tally.merge(ended.tally, lineOffset: lineBase)
            lineBase += ended.lines
            offset = ended.range.upperBound
            scanner.consumed()
            index += 1
        }
        try finish(delivery, sink, &state, recycle: recycle)
        stopWorkers()
        try scanner.join()
        return (normalised, (fileSize ?? 0, fileSize, fileSize ?? 0))
    }

    /// Reads the file in order on this thread from `start` (a row's start; the header's when
    /// `isFirst`) to its end, its lines counted after `lineBase`.
    private func readRest(
        _ input: PipelineInput, _ plan: InputPlan, from start: UInt64, isFirst: Bool, lineBase: Int,
        _ delivery: ClassifiedRows, _ sink: RowSink, _ state: inout InputState, normalised: inout Normalised,
        progress: (Int) -> Void
    ) throws {
        let end = Self.fileSize(plan.path) ?? start
        let source = try InputSource(path: plan.path, displayName: input.source, range: start..<max(start, end))
        defer { source.close() }
        let reader =
            isFirst
            ? try CSVReader(source: source, options: options.readOptions)
            : CSVReader(source: source, options: options.readOptions, header: plan.map.header, headerBytes: [])
        let normalise = BatchNormaliser(input)
        let classify = BatchClassifier(ruleSets: ruleSets, fixedSetting: input.fixedSetting)
        try readAll(reader, normalise, classify, delivery, sink, &state, lineOffset: lineBase, progress: progress)
        normalised.quality.merge(normalise.quality)
        normalised.tally.merge(normalise.tally, lineOffset: 0)
    }

    /// The size of the file at `path`, when it can be told.
    static func fileSize(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_size) : nil
    }

    /// After a delivery, an open spell may keep a worker's batches; each is replaced in that
    /// worker's pool so it never waits for one that cannot come back yet.
    private func replaceHeld(_ state: inout InputState, workers: [BlockWorker], batchBytes: Int) {
        for batch in state.held where !batch.replaced {
            batch.replaced = true
            let fresh = PipelineBatch(bytes: batchBytes, ruleSets: ruleSets.count)
            fresh.owner = batch.owner
            workers[batch.owner].free.send(fresh)
        }
    }
}
