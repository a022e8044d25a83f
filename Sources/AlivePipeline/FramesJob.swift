import AliveCore
import AliveMedia
import Foundation

/// Which frames `alive frames --at` renders: `0,15,30`, ranges `0-149`, or `all`.
public struct FrameSelection: Sendable, Equatable {
    /// nil is every frame.
    public var indices: [Int]?

    public init(indices: [Int]?) { self.indices = indices }

    /// Parses `all`, or comma-separated indices and inclusive ranges.
    public init(parsing text: String) throws(PipelineError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "all" {
            indices = nil
            return
        }
        var out: [Int] = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            switch bounds.count {
            case 1 where bounds[0] != nil && bounds[0]! >= 0:
                out.append(bounds[0]!)
            case 2 where bounds[0] != nil && bounds[1] != nil && 0 <= bounds[0]! && bounds[0]! <= bounds[1]!:
                out += Array(bounds[0]!...bounds[1]!)
            default:
                throw .invalidOption(name: "--at", value: text,
                                     reason: "use frame indices from 0, ranges like 0-149, or all (e.g. 0,15,30-40)")
            }
        }
        indices = Array(Set(out)).sorted()
    }

    /// The chosen frames of a clip of `count` frames, checked against it.
    func resolve(count: Int) throws(PipelineError) -> [Int] {
        guard let indices else { return Array(0..<count) }
        if let bad = indices.first(where: { $0 >= count }) {
            throw .invalidOption(name: "--at", value: "\(bad)", reason: "the clip has frames 0 to \(count - 1)")
        }
        return indices
    }
}

/// `alive frames`: renders chosen frames of a clip as PNG, without encoding a video. Frame
/// `i` is rendered from the plate alone, so it costs one frame, and it equals frame `i` of
/// `alive animate` with the same options before colour conversion and encoding.
public enum FramesJob {
    /// `frame-000090.png`.
    public static func fileName(frame index: Int) -> String {
        "frame-" + String(repeating: "0", count: max(0, 6 - String(index).count)) + String(index) + ".png"
    }

    /// Renders `selection` into `directory` (created, with its parents, if missing).
    /// Each file is written to a temporary name and renamed, so none is ever half-written.
    @discardableResult
    public static func run(_ options: RenderOptions, selection: FrameSelection, directory: String,
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> [String] {
        try options.validate()
        let count = options.frameCount(for: options.resolvedPlan())
        let indices = try selection.resolve(count: count)
        let paths = indices.map { URL(fileURLWithPath: directory).appendingPathComponent(fileName(frame: $0)).path }
        // Refuse existing files before any work, not half-way through.
        if !options.force, let existing = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            throw PipelineError.outputExists(path: existing)
        }
        let clip = try Clip.prepare(options)   // the prompt and photo gates first: a refusal leaves no folder
        try OutputFile.makeFolder(directory)
        let frame = FrameBuffer(width: clip.width, height: clip.height)
        for (n, (index, path)) in zip(indices, paths).enumerated() {
            clip.render(frame: index, into: frame)
            try OutputFile.replace(path, input: options.photo) { try PNGWriter.write(frame, to: $0) }
            progress?(n + 1, indices.count)
        }
        return paths
    }
}
