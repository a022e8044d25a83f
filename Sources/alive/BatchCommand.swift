import AlivePipeline
import AliveCore
import ArgumentParser
import Foundation

/// `alive batch`: flags to a list of photos and a template of options, then the pipeline;
/// this file only reports.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Animate many photos: several at once, resumable, shardable across machines.",
        discussion: """
            Photos come from the arguments (files, folders walked for .jpg/.jpeg/.png, globs) \
            or from --list: a CSV file with a header row, or JSON lines, with a photo column and \
            optionally prompt, output (a file name inside --out-dir), duration, seed, fit, size, fps.

            A photo whose output already exists as a complete, verifiable video is skipped, so \
            running the same batch again resumes it; --force makes everything again. An \
            interrupted batch leaves only complete videos behind.

            Exit codes: 0 every photo done (or already done), 1 some failed or were refused \
            by a moderation gate, 2 all failed or were refused, \
            64 bad usage, 65 unusable list file, 130/143 interrupted.

            Examples:
              alive batch ~/Pictures/*.jpg --prompt "slow zoom in" --out-dir out/
              alive batch --list photos.csv --out-dir out/ --json > results.jsonl
              alive batch --list photos.csv --out-dir /shared/out --shard auto --shard-count 8
            """)

    @Argument(help: "Photos, folders or glob patterns.")
    var photos: [String] = []

    @Option(help: ArgumentHelp("A list of photos: CSV with a header row, or JSON lines.", valueName: "file"))
    var list: String?

    @Option(help: ArgumentHelp("Folder for the videos (created if missing).", valueName: "dir"))
    var outDir: String

    @Option(help: "Photos rendered at once (0: fitted to the cores and memory).")
    var jobs: Int = 0

    @Option(help: ArgumentHelp("Process only slice K of N (K from 0), or auto from JOB_COMPLETION_INDEX / SLURM_ARRAY_TASK_ID.", valueName: "K/N|auto"))
    var shard: String?

    @Option(help: ArgumentHelp("The number of shards, for --shard auto.", valueName: "N"))
    var shardCount: Int?

    @Flag(help: "Write one JSON line per photo and a summary line to stdout.")
    var json = false

    @Flag(help: "Make every video again, even those that are complete.")
    var force = false

    @Flag(name: .shortAndLong, help: "Print nothing but failures and the summary.")
    var quiet = false

    /// Internal: make only this item (JSON) and print its result as JSON (each photo of a
    /// batch runs in a child process of its own, started with this).
    @Option(help: .hidden)
    var oneItem: String?

    @Option(help: .hidden)
    var threadsPerItem: Int = 1

    @OptionGroup(title: "Motion and frame") var render: RenderFlags
    @OptionGroup(title: "Encoding") var encoding: EncodeFlags
    @OptionGroup(title: "Sound") var sound: SoundFlags
    @OptionGroup(title: "Content Credentials") var credentials: CredentialFlags
    @OptionGroup(title: "Moderation") var moderation: ModerationFlags

    func validate() throws {
        if photos.isEmpty && list == nil { throw ValidationError("give photos, folders or globs, or --list FILE") }
        if jobs < 0 || jobs > 64 { throw ValidationError("--jobs must be 0 (fitted) to 64") }
    }

    func run() throws {
        if let oneItem {
            let item = try JSONDecoder().decode(BatchItem.self, from: Data(oneItem.utf8))
            var template = try render.options(photo: "")
            encoding.apply(to: &template)
            sound.apply(to: &template)
            credentials.apply(to: &template)
            template.moderation = try moderation.options()
            BatchJob.runOneItem(item, template: template, outDirectory: outDir, force: force, threads: threadsPerItem)
            return
        }
        var items: [BatchItem] = []
        if let list { items += try BatchPlan.items(listFile: list) }
        if !photos.isEmpty { items += BatchPlan.items(photos: try BatchPlan.expand(photos)) }
        let shard = try self.shard.map { try Shard.parse($0, count: shardCount) }
        var template = try render.options(photo: "")
        encoding.apply(to: &template)
        sound.apply(to: &template)
        credentials.apply(to: &template)
        template.moderation = try moderation.options()
        // Options that are wrong for every photo are a usage error before anything runs.
        var probe = template
        probe.photo = "photo.jpg"
        try probe.validate()

        // Each photo in a child process: the same command line, one item each.
        let isolation = ["/proc/self/exe"] + FileName.arguments().dropFirst()

        let reporter = BatchReporter(total: items.enumerated().filter { shard?.contains($0.offset) ?? true }.count,
                                     json: json, quiet: quiet)
        let results = try BatchJob.run(items, template: template, outDirectory: outDir, shard: shard, jobs: jobs,
                                       force: force, isolation: isolation) { reporter.record($0) }
        reporter.finish()
        let failed = results.filter { $0.status == .failed || $0.status == .refused }.count
        if failed > 0 { throw ExitCode(failed == results.count ? 2 : 1) }
    }
}

/// Progress on a terminal, one log line per photo otherwise, JSON lines with --json.
final class BatchReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let json: Bool
    private let quiet: Bool
    private let terminal = isatty(2) != 0
    private let start = DispatchTime.now().uptimeNanoseconds
    private var ok = 0, skipped = 0, failed = 0, refused = 0

    init(total: Int, json: Bool, quiet: Bool) {
        self.total = total
        self.json = json
        self.quiet = quiet
        if terminal { FileHandle.standardError.write(Data(progress.utf8)) }
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    func record(_ r: BatchResult) {
        lock.lock()
        defer { lock.unlock() }
        switch r.status {
        case .ok: ok += 1
        case .skipped: skipped += 1
        case .failed: failed += 1
        case .refused: refused += 1
        }
        if json { printJSON(r) }
        let raw: String? = switch r.status {
        case .failed: "failed  " + ((r.error ?? "").hasPrefix(r.input) ? r.error! : "\(r.input): \(r.error ?? "unknown error")")
        case .ok: quiet ? nil : "ok      \(r.input) -> \(r.output) (\(String(format: "%.1f", r.seconds)) s)"
        case .skipped: quiet ? nil : "skipped \(r.input): \(r.output) is complete"
        case .refused: "refused " + (r.error ?? r.input)
        }
        // One line, whatever the names hold (a NUL or a newline in a list file's row).
        let line = raw.map { FileName.displayed($0.map { $0 == "\0" ? "\\0" : $0.isNewline ? " " : String($0) }.joined()) }
        if terminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            if let line { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            FileHandle.standardError.write(Data(progress.utf8))
        } else if let line {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    private var progress: String {
        let done = ok + skipped + failed + refused
        let rate = Double(done) / max(elapsed, 0.001)
        let left = total - done
        let eta = rate > 0 ? Double(left) / rate : 0
        return "\(done)/\(total) done, \(failed) failed, \(refused) refused, \(left) left, \(String(format: "%.2f", rate)) photos/s, \(Self.duration(eta)) to go"
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let summary = "batch: \(ok) made, \(skipped) already complete, \(failed) failed, \(refused) refused, of \(total), in \(Self.duration(elapsed))"
        if json {
            let object: [String: Any] = ["summary": ["total": total, "ok": ok, "skipped": skipped, "failed": failed,
                                                     "refused": refused,
                                                     "seconds": (elapsed * 100).rounded() / 100]]
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                print(String(decoding: data, as: UTF8.self))
            }
        }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
    }

    private func printJSON(_ r: BatchResult) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(r) {
            print(String(decoding: data, as: UTF8.self))
            fflush(nil)
        }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
