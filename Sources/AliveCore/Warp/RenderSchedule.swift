import Dispatch
import Foundation

/// How work is split over cores: kept apart from the per-pixel maths (Halide's
/// algorithm/schedule split), so tests can vary it and show the pixels do not change.
///
/// Every pixel is computed from the inputs alone, never from a neighbour's result, so
/// the output is identical for any `threads` and `rowsPerBand`.
public struct RenderSchedule: Sendable, Equatable {
    /// Worker threads; 1 runs everything on the calling thread.
    public var threads: Int
    /// Rows a task renders at once: large enough to amortise scheduling, small enough to
    /// balance the load and keep a band's source rows in cache.
    public var rowsPerBand: Int

    public init(threads: Int = RenderSchedule.defaultThreads, rowsPerBand: Int = 32) {
        precondition(threads >= 1 && rowsPerBand >= 1)
        self.threads = threads
        self.rowsPerBand = rowsPerBand
    }

    /// All cores the process may use.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    public static let serial = RenderSchedule(threads: 1)

    /// Calls `body` once for each band of rows in `0..<height`, on up to `threads` threads,
    /// and returns when all are done. `body` receives the band's row range and the index of
    /// the worker running it (`0..<threads`), for per-worker scratch memory.
    public func forEachBand(rows height: Int, _ body: (Range<Int>, Int) -> Void) {
        let bands = (height + rowsPerBand - 1) / rowsPerBand
        if threads == 1 || bands <= 1 {
            var y = 0
            while y < height {
                body(y..<min(height, y + rowsPerBand), 0)
                y += rowsPerBand
            }
            return
        }
        // Each worker takes every `workers`-th band; a static interleave keeps neighbouring
        // bands on different cores, which balances effects that are heavier in some rows.
        let workers = min(threads, bands)
        withoutActuallyEscaping(body) { body in
            // The bands are disjoint and `body` writes only its own rows; the caller's
            // buffers are lent for the duration of this call, which waits for every worker.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var band = worker
                while band < bands {
                    let start = band * rowsPerBand
                    body(start..<min(height, start + rowsPerBand), worker)
                    band += workers
                }
            }
        }
    }
}

