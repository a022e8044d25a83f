import AliveCore
import AliveProvenance
import Foundation

/// What happened to one photo of a batch.
public struct BatchResult: Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        case ok
        /// Its output exists and is a complete, verifiable video: not rendered again.
        case skipped
        case failed
        /// A moderation gate refused it (`gate` and `rule` say which).
        case refused
    }

    public var input: String
    public var output: String
    public var status: Status
    public var error: String?
    public var seconds: Double
    /// For a refusal: the gate (prompt, photo, video) and the rule.
    public var gate: String? = nil
    public var rule: String? = nil
}

/// `alive batch`: many photos, several at once, resumable, shardable. One bad photo never
/// stops the rest.
public enum BatchJob {
    /// How many photos run at once and how many render threads each gets.
    public struct Parallelism: Sendable, Equatable {
        public var jobs: Int
        public var threadsPerJob: Int

        /// `jobs` 0 fits the machine: one photo per two cores (each already keeps about two
        /// cores busy, rendering and encoding at once), at most one per 1.5 GB of memory.
        /// Render threads are shared out so jobs x threads stays at the core count.
        public static func fitted(jobs: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount,
                                  memory: UInt64 = ProcessInfo.processInfo.physicalMemory) -> Parallelism {
            let byMemory = max(1, Int(memory / (1_500 << 20)))
            let j = jobs > 0 ? jobs : max(1, min(cores / 2, byMemory))
            return Parallelism(jobs: j, threadsPerJob: max(1, cores / j))
        }
    }

    /// Runs `items` (the whole list; the shard picks its slice) into `outDirectory`.
    /// `template` holds the batch's options; each item's photo, prompt, output and overrides
    /// are applied to a copy. `report` is called once per photo, from worker threads, in
    /// completion order (serialised).
    ///
    /// With `isolation` (the command line that runs one item: the program and its arguments,
    /// to which `--one-item ITEM-JSON --threads-per-item T` is added), every photo is made in a child
    /// process of its own, so nothing one photo does (a trap, a crash in a C library, the
    /// kernel's OOM killer) can stop the others: a child that dies is reported as that
    /// photo's failure, with the signal, and the batch goes on.
    public static func run(_ items: [BatchItem], template: RenderOptions, outDirectory: String, shard: Shard?,
                           jobs: Int, force: Bool, isolation: [String]? = nil,
                           report: @escaping @Sendable (BatchResult) -> Void) throws -> [BatchResult] {
        try OutputFile.makeFolder(outDirectory)
        removeStaleTemporaries(in: outDirectory)
        let mine = items.enumerated().filter { shard?.contains($0.offset) ?? true }
        let parallelism = Parallelism.fitted(jobs: jobs)
        let queue = WorkQueue(count: mine.count)
        let results = ResultsBox(count: mine.count)
        let done = DispatchGroup()
        for _ in 0..<min(parallelism.jobs, max(1, mine.count)) {
            done.enter()
            let worker = Thread {
                while let i = queue.next() {
                    let (index, item) = mine[i]
                    let r: BatchResult
                    if let isolation {
                        r = processInChild(item, index: index, command: isolation, outDirectory: outDirectory,
                                           threads: parallelism.threadsPerJob)
                    } else {
                        r = process(item, template: template, outDirectory: outDirectory, force: force,
                                    threads: parallelism.threadsPerJob)
                    }
                    results.set(i, r)
                    report(r)
                }
                done.leave()
            }
            worker.name = "alive.batch"
            worker.stackSize = 1 << 21
            worker.start()
        }
        done.wait()
        return results.all
    }

    /// Makes one photo in a child process (`command` + `--one-item ITEM-JSON`), which prints its
    /// `BatchResult` as one JSON line. Whatever else happens to the child is this photo's
    /// failure, said in one line.
    static func processInChild(_ item: BatchItem, index: Int, command: [String], outDirectory: String,
                               threads: Int) -> BatchResult {
        let start = DispatchTime.now().uptimeNanoseconds
        let output = (outDirectory as NSString).appendingPathComponent(item.outputName)
        func failed(_ reason: String) -> BatchResult {
            BatchResult(input: item.photo, output: output, status: .failed, error: "\(item.photo): \(reason)",
                        seconds: (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6).rounded() / 1e3)
        }
        let run: ExternalModerator.Run
        do {
            // The item itself, as JSON: the child does not expand the list again (that would
            // make a long list quadratic).
            let json = String(decoding: try JSONEncoder().encode(item), as: UTF8.self)
            run = try ExternalModerator.spawn(command + ["--one-item", json, "--threads-per-item", String(threads)],
                                              timeout: 1e8, terminateGently: true)
        } catch {
            return failed("cannot start a process for it (\(error))")
        }
        // The child's own warnings go on to our stderr.
        let text = String(decoding: run.stderr, as: UTF8.self)
        for line in text.split(separator: "\n") where !line.isEmpty {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let lastLine = String(decoding: run.stdout, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        if case .exited(0) = run.status, let result = try? JSONDecoder().decode(BatchResult.self, from: Data(lastLine.utf8)) {
            return result
        }
        switch run.status {
        case .signalled(let signal):
            return failed("alive stopped on this photo (\(signalName(signal))); the other photos go on")
        case .exited(let code):
            let why = ExternalModerator.firstLine(run.stderr).map { ": \($0)" } ?? ""
            return failed("alive stopped on this photo (exit \(code))\(why)")
        }
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS",
                                      SIGFPE: "SIGFPE", SIGKILL: "SIGKILL, perhaps out of memory", SIGSEGV: "SIGSEGV",
                                      SIGTERM: "SIGTERM"]
        return names[signal] ?? "signal \(signal)"
    }

    /// The child's side of `processInChild`: makes `item` and prints its result as one JSON line.
    public static func runOneItem(_ item: BatchItem, template: RenderOptions, outDirectory: String, force: Bool,
                                  threads: Int) {
        let result = process(item, template: template, outDirectory: outDirectory, force: force, threads: threads)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(result) {
            print(String(decoding: data, as: UTF8.self))
            fflush(nil)
        }
    }

    static func process(_ item: BatchItem, template: RenderOptions, outDirectory: String, force: Bool,
                        threads: Int) -> BatchResult {
        let start = DispatchTime.now().uptimeNanoseconds
        let output = (outDirectory as NSString).appendingPathComponent(item.outputName)
        func result(_ status: BatchResult.Status, _ error: String? = nil) -> BatchResult {
            BatchResult(input: item.photo, output: output, status: status, error: error,
                        seconds: (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6).rounded() / 1e3)
        }
        if let problem = item.problem { return result(.failed, problem) }
        var exists = false
        if FileManager.default.fileExists(atPath: output) {
            if !force && isComplete(output) { return result(.skipped) }
            exists = true   // a damaged or foreign file, or --force: made again
        }
        do {
            var options = template
            options.photo = item.photo
            options.output = output
            options.force = exists
            options.threads = template.threads == 0 ? threads : template.threads
            if let prompt = item.prompt { options.prompt = prompt }
            try apply(item.overrides, to: &options)
            _ = try AnimateJob.run(options)
            return result(.ok)
        } catch PipelineError.refused(let gate, let rule, let reason) {
            var refused = result(.refused, "\(item.photo): " + PipelineError.refused(gate: gate, rule: rule, reason: reason).description)
            (refused.gate, refused.rule) = (gate.rawValue, rule)
            return refused
        } catch let error as ClassifiedError {
            return result(.failed, error.description)
        } catch {
            return result(.failed, "\(item.photo): \(error)")
        }
    }

    /// A finished video is one whose Content Credentials verify: its hard binding covers
    /// every byte, so a cut-short or altered file does not pass.
    public static func isComplete(_ path: String) -> Bool {
        let outcome = ProvenanceReader.verify(path: path).outcome
        return outcome == .valid || outcome == .trusted
    }

    static func apply(_ overrides: [String: String], to options: inout RenderOptions) throws(PipelineError) {
        for (key, value) in overrides {
            func bad() -> PipelineError { .invalidOption(name: "list column \(key)", value: value, reason: "not a valid value") }
            switch key {
            case "duration": guard let v = Double(value) else { throw bad() }; options.duration = v
            case "seed": guard let v = UInt64(value) else { throw bad() }; options.seed = v
            case "fps": guard let v = Int(value) else { throw bad() }; options.fps = v
            case "fit": guard let v = Fit(rawValue: value) else { throw bad() }; options.fit = v
            case "size":
                guard let size = RenderOptions.size(parsing: value) else { throw bad() }
                (options.width, options.height) = size
            default: break
            }
        }
    }

    /// Temporary files that a killed alive left behind (its process is gone) are removed, so
    /// an interrupted batch leaves only complete videos once it is run again.
    static func removeStaleTemporaries(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") && name.contains(".tmp.") {
            // .NAME.PID.SERIAL.tmp.EXT[.stage.mp4]
            let parts = name.components(separatedBy: ".tmp.")[0].split(separator: ".")
            guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink((folder as NSString).appendingPathComponent(name))
            }
        }
    }
}

/// Hands out indices 0..<count to worker threads.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }
}

/// Results in list order, filled from worker threads.
final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [BatchResult?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: BatchResult) {
        lock.lock()
        results[i] = r
        lock.unlock()
    }

    var all: [BatchResult] {
        lock.lock()
        defer { lock.unlock() }
        return results.compactMap { $0 }
    }
}
