import AliveCore
import Foundation

/// One photo of a batch: where it comes from, where its video goes, and what differs from
/// the batch's own options.
public struct BatchItem: Sendable, Equatable, Codable {
    public var photo: String
    /// The output's file name inside the output folder.
    public var outputName: String
    public var prompt: String?
    /// Per-photo options from a list file: duration, seed, fit, size, fps.
    public var overrides: [String: String]
    /// Why this row cannot run (an unsafe or duplicate output name); reported as a failure.
    public var problem: String?

    public init(photo: String, outputName: String, prompt: String? = nil, overrides: [String: String] = [:],
                problem: String? = nil) {
        self.photo = photo
        self.outputName = outputName
        self.prompt = prompt
        self.overrides = overrides
        self.problem = problem
    }
}

/// The K-th of N deterministic, disjoint slices of a batch (K from 0): photo `i` of the
/// whole list belongs to shard `i mod N`, so N processes together cover every photo once.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws(PipelineError) {
        guard count >= 1, (0..<count).contains(index) else {
            throw .invalidOption(name: "--shard", value: "\(index)/\(count)", reason: "needs 0 <= K < N (K counts from 0)")
        }
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// `K/N`, or `auto`: K from Kubernetes Indexed Jobs' `JOB_COMPLETION_INDEX` or Slurm's
    /// `SLURM_ARRAY_TASK_ID` (less `SLURM_ARRAY_TASK_MIN`); N from `count` (`--shard-count`)
    /// or Slurm's `SLURM_ARRAY_TASK_COUNT`.
    public static func parse(_ text: String, count: Int?,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(PipelineError) -> Shard {
        if text == "auto" {
            let index: Int
            if let k = environment["JOB_COMPLETION_INDEX"].flatMap({ Int($0) }) {
                index = k
            } else if let k = environment["SLURM_ARRAY_TASK_ID"].flatMap({ Int($0) }) {
                index = k - (environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0)
            } else {
                throw .invalidOption(name: "--shard", value: "auto",
                                     reason: "neither JOB_COMPLETION_INDEX (Kubernetes) nor SLURM_ARRAY_TASK_ID (Slurm) is set")
            }
            guard let n = count ?? environment["SLURM_ARRAY_TASK_COUNT"].flatMap({ Int($0) }) else {
                throw .invalidOption(name: "--shard", value: "auto",
                                     reason: "give the number of shards with --shard-count (Kubernetes: the Job's completions)")
            }
            return try Shard(index: index, count: n)
        }
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1] else {
            throw .invalidOption(name: "--shard", value: text, reason: "use K/N (K from 0 to N-1) or auto")
        }
        if let count, count != n {
            throw .invalidOption(name: "--shard-count", value: "\(count)", reason: "disagrees with --shard \(text)")
        }
        return try Shard(index: k, count: n)
    }

    public func contains(_ position: Int) -> Bool { position % count == index }
}

/// Turns a batch's inputs (photos, folders, globs, a list file) into items with safe,
/// distinct output names. Everything here is deterministic: the same inputs give the same
/// list, in the same order, on every machine, which sharding relies on.
public enum BatchPlan {
    static let photoExtensions: Set<String> = ["jpg", "jpeg", "png"]

    /// Photos from the command line: files as given, folders walked (sorted, hidden files
    /// skipped, JPEG and PNG by extension), globs expanded. Duplicates are dropped.
    public static func expand(_ inputs: [String]) throws(PipelineError) -> [String] {
        var out: [String] = [], seen = Set<String>()
        func add(_ path: String) {
            let key = URL(fileURLWithPath: path).standardizedFileURL.path
            if seen.insert(key).inserted { out.append(path) }
        }
        func isFolder(_ path: String) -> Bool { FileName.status(path).map { ($0.st_mode & S_IFMT) == S_IFDIR } ?? false }
        for input in inputs {
            if FileName.status(input) != nil {
                if isFolder(input) { walk(input).forEach(add) } else { add(input) }
            } else if input.contains(where: { "*?[".contains($0) }) {
                let matches = glob(input)
                if matches.isEmpty { throw .invalidOption(name: "photo", value: input, reason: "the pattern matches no file") }
                for m in matches {
                    if isFolder(m) { walk(m).forEach(add) } else { add(m) }
                }
            } else {
                add(input)   // missing: reported as that photo's failure, the rest go on
            }
        }
        return out
    }

    /// Photos under `folder`, by the bytes of their names (`FileName`: a name that is not
    /// UTF-8 is kept, not replaced), hidden files and folders skipped, symbolic links to
    /// folders not followed, sorted.
    static func walk(_ folder: String) -> [String] {
        var found: [String] = []
        func visit(_ dir: String, depth: Int) {
            guard depth < 64, let names = FileName.entries(of: dir) else { return }
            for name in names where !name.hasPrefix(".") {
                let path = (dir as NSString).appendingPathComponent(name)
                var info = stat()
                guard FileName.withOSName(path, { lstat($0, &info) }) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    visit(path, depth: depth + 1)
                } else if photoExtensions.contains((name as NSString).pathExtension.lowercased()) {
                    found.append(path)
                }
            }
        }
        visit(folder, depth: 0)
        return found.sorted()
    }

    static func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }

    /// Items for photos named on the command line: `NAME.mp4`; photos that share a name get
    /// their folder's name in front (`beach_IMG_0001.mp4`), then a number if still equal.
    public static func items(photos: [String]) -> [BatchItem] {
        var probes = 0
        return items(photos: photos, probes: &probes)
    }

    /// `probes` counts the names tried, which the tests hold to the number of photos plus
    /// the clashes (linear), whatever the names.
    static func items(photos: [String], probes: inout Int) -> [BatchItem] {
        let stems = photos.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        var counts: [String: Int] = [:]
        for s in stems { counts[s.lowercased(), default: 0] += 1 }
        var names: [String] = []
        for (photo, stem) in zip(photos, stems) {
            if counts[stem.lowercased()]! > 1 {
                let parent = URL(fileURLWithPath: photo).standardizedFileURL.deletingLastPathComponent().lastPathComponent
                names.append(sanitized(parent.isEmpty ? stem : parent + "_" + stem))
            } else {
                names.append(sanitized(stem))
            }
        }
        // Each name remembers the next number to try, so 10,000 photos of the same name cost
        // 10,000 steps, not 50 million (the scan restarted at 2 for every photo).
        var used = Set<String>(), nextNumber: [String: Int] = [:]
        return zip(photos, names).map { photo, name in
            var candidate = name + ".mp4"
            let key = name.lowercased()
            var n = nextNumber[key] ?? 2
            probes += 1
            while !used.insert(candidate.lowercased()).inserted {
                candidate = "\(name)-\(n).mp4"
                n += 1
                probes += 1
            }
            nextNumber[key] = n
            let problem = photo.utf8.contains(0) ? "the photo's name contains a NUL byte" : nil
            return BatchItem(photo: photo, outputName: candidate, problem: problem)
        }
    }

    /// A file name that is safe in any folder: no separators, no leading dot.
    static func sanitized(_ name: String) -> String {
        var s = String(FileName.sanitised(name).map { $0 == "/" || $0 == "\\" || $0 == ":" || $0.isNewline ? "_" : $0 })
        while s.hasPrefix(".") { s.removeFirst() }
        return s.isEmpty ? "photo" : s
    }

    /// Items from a list file: CSV with a header row, or JSON lines. Columns: `photo`
    /// (required), `prompt`, `output` (a file name inside the output folder), and per-photo
    /// `duration`, `seed`, `fit`, `size`, `fps`. Relative photo paths are relative to the
    /// list file's folder.
    public static func items(listFile: String) throws(PipelineError) -> [BatchItem] {
        guard let data = FileManager.default.contents(atPath: listFile) else {
            throw .badList(path: listFile, reason: "cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let rows = try rows(text, path: listFile)
        let base = URL(fileURLWithPath: listFile).deletingLastPathComponent()
        var photos: [String] = []
        for (n, row) in rows.enumerated() {
            guard let photo = row["photo"], !photo.isEmpty else {
                throw .badList(path: listFile, reason: "row \(n + 1) has no photo")
            }
            // A name with a NUL byte is kept as written (URL would cut it) and refused below.
            photos.append(photo.hasPrefix("/") ? photo
                          : photo.utf8.contains(0) ? base.path + "/" + photo : base.appendingPathComponent(photo).path)
        }
        var items = Self.items(photos: photos)
        var used = Set(items.enumerated().filter { rows[$0.offset]["output"] == nil }.map { $0.element.outputName.lowercased() })
        for (i, row) in rows.enumerated() {
            items[i].prompt = row["prompt"]
            items[i].overrides = row.filter { ["duration", "seed", "fit", "size", "fps"].contains($0.key) }
            if let output = row["output"] {
                items[i].outputName = output.hasSuffix(".mp4") ? output : output + ".mp4"
                if items[i].problem != nil {
                    continue
                } else if let problem = unsafeName(output) {
                    items[i].problem = "output \"\(output.replacingOccurrences(of: "\0", with: "\\0"))\" \(problem)"
                } else if !used.insert(items[i].outputName.lowercased()).inserted {
                    items[i].problem = "output \"\(output)\" is used by another photo of the batch"
                }
            }
        }
        return items
    }

    /// Why a list file's output name may not be used: it must stay inside the output folder.
    static func unsafeName(_ name: String) -> String? {
        // A C string ends at NUL: "a\0b.mp4" would be written as "a", and reported as ok.
        if name.utf8.contains(0) { return "contains a NUL byte" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "contains a control character" }
        if name.hasPrefix("/") || name.hasPrefix("~") { return "is an absolute path; give a file name inside --out-dir" }
        if name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..") { return "would leave --out-dir; give a file name inside it" }
        if name.contains("/") || name.contains("\\") { return "names a folder; give a file name inside --out-dir" }
        if name == ".." || name == "." || name.hasPrefix(".") { return "is not a usable file name" }
        if name.isEmpty { return "is empty" }
        return nil
    }

    static func rows(_ text: String, path: String) throws(PipelineError) -> [[String: String]] {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        guard let first = lines.first else { throw .badList(path: path, reason: "the list is empty") }
        if first.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
            return try lines.enumerated().map { (n, line) throws(PipelineError) -> [String: String] in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw .badList(path: path, reason: "line \(n + 1) is not a JSON object")
                }
                return object.compactMapValues { value -> String? in
                    switch value {
                    case let s as String: s
                    case let n as NSNumber: n.stringValue
                    default: nil
                    }
                }
            }
        }
        let header = csvFields(first).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        guard header.contains("photo") else {
            throw .badList(path: path, reason: "the CSV header must name a photo column (photo,prompt,output,...)")
        }
        return lines.dropFirst().map { line in
            var row: [String: String] = [:]
            for (key, value) in zip(header, csvFields(line)) where !value.isEmpty { row[key] = value }
            return row
        }
    }

    /// One CSV line: fields separated by commas, quoted with "..." ("" inside quotes is ").
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field)
        return fields
    }
}
