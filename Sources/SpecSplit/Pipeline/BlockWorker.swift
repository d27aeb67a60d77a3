import Foundation

/// What a worker hands the ordered stage: a block's batches in order, then its end.
enum BlockOutput {
    /// A batch of block `block`, normalised and classified.
    case batch(block: Int, PipelineBatch)
    /// Block `block` (bytes `range` of the file) has been read: `lines` physical lines,
    /// whether it ended between rows, and its quality findings (lines counted from the
    /// block's start), with the tally of its values' shapes.
    case end(block: Int, range: Range<UInt64>, lines: Int, betweenRows: Bool, quality: QualityLog, tally: ShapeTally)
    /// Block `block` could not be read.
    case failure(block: Int, Error)
}

/// One of the threads that read a plain file in parallel: for each block it is given, it
/// parses the block's rows (libcsv) from the memory the scanner read them into, gives that
/// memory back, normalises and classifies them, and hands the batches
/// to the ordered stage, in order, through its own queue. Batches come from a pool of its
/// own, which the ordered stage refills, so memory stays bounded.
final class BlockWorker: @unchecked Sendable {
    /// Blocks to read (nil: no more).
    let blocks = HandoffQueue<FileBlock?>()
    /// Batches read, in order.
    let output = HandoffQueue<BlockOutput>()
    /// Empty batches to fill.
    let free = HandoffQueue<PipelineBatch>()
    private let done = Completion()

    init(
        path: String, input: PipelineInput, header: [String], headerBytes: [[UInt8]], options: CSVReadOptions,
        classifier: BatchClassifier, normaliser: BatchNormaliser, buffers: BlockBufferPool
    ) {
        let thread = Thread { [self] in
            while let next = blocks.receive(), let block = next {
                do {
                    defer { buffers.give(block.data) }
                    try read(block, path: path, input: input, header: header, headerBytes: headerBytes, options: options,
                             classify: classifier, normalise: normaliser)
                } catch {
                    output.send(.failure(block: block.index, error))
                    break
                }
            }
            // No more blocks (or stopped): the ordered stage sees the end of this queue.
            output.close()
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Stops: no more blocks, no more batches.
    func stop() {
        blocks.cancel()
        free.cancel()
    }

    /// Waits for the thread to end.
    func join() { done.wait() }

    private func read(
        _ block: FileBlock, path: String, input: PipelineInput, header: [String], headerBytes: [[UInt8]],
        options: CSVReadOptions, classify: BatchClassifier, normalise: BatchNormaliser
    ) throws {
        let source = InputSource(path: path, displayName: input.source, block: block.data, range: block.range)
        defer { source.close() }
        // The first block holds the header; the others start at a row.
        let reader =
            block.index == 0
            ? try CSVReader(source: source, options: options)
            : CSVReader(source: source, options: options, header: header, headerBytes: headerBytes)
        normalise.resetQuality()
        while true {
            try Cancellation.check()
            guard let batch = free.receive() else { return }
            guard try reader.next(into: batch.rows) else {
                free.send(batch)
                break
            }
            normalise(batch)
            classify(batch)
            output.send(.batch(block: block.index, batch))
        }
        output.send(.end(
            block: block.index, range: block.range, lines: reader.line - 1,
            betweenRows: reader.endedBetweenRows || block.isLast, quality: normalise.quality,
            tally: normalise.tally))
    }
}
