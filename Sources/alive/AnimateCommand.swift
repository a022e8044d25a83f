import AliveCore
import AlivePipeline
import ArgumentParser
import Foundation

/// `alive animate`: flags to `RenderOptions`, then the pipeline. No logic of its own.
struct AnimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "animate",
        abstract: "Turn a photo and a prompt into a video (H.264 MP4, 1080x1920 at 30 fps by default).",
        discussion: """
            The prompt says what moves: the scene ("clouds drift left", "waves", "fog", "trees \
            sway", "snow"), the camera ("slow zoom in", "pan left", "orbit right"), the light \
            ("sunset") and the sound ("with the sound of rain"), in six languages. What it names \
            moves and nothing else; with no prompt, what the photo offers comes alive (sky, \
            water, foliage) and the camera pushes in gently, with depth.

            Examples:
              alive animate beach.jpg --prompt "slow zoom in, 8 seconds"
              alive animate cat.png --prompt "pan right" --size 1920x1080 --fit pad -o cat.mp4
            """)

    @Argument(help: "The photo: JPEG or PNG.")
    var photo: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file (default: PHOTO.alive.mp4 next to the photo).", valueName: "file.mp4"))
    var output: String?

    @OptionGroup(title: "Motion and frame") var render: RenderFlags
    @OptionGroup(title: "Encoding") var encoding: EncodeFlags
    @OptionGroup(title: "Sound") var sound: SoundFlags
    @OptionGroup(title: "Content Credentials") var credentials: CredentialFlags
    @OptionGroup(title: "Moderation") var moderation: ModerationFlags

    @Flag(help: "Overwrite the output if it exists.")
    var force = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        var options = try render.options(photo: photo)
        options.output = output
        options.force = force
        encoding.apply(to: &options)
        sound.apply(to: &options)
        credentials.apply(to: &options)
        options.moderation = try moderation.options()
        let progress = quiet ? nil : ProgressLine.forStandardError()
        var report: (@Sendable (Int, Int) -> Void)? = nil
        if let progress {
            report = { done, total in progress.update(done, total) }
        }
        let result = try AnimateJob.run(options, progress: report)
        progress?.finish()
        if !quiet {
            print("wrote \(result.output) (\(result.width)x\(result.height), \(result.frames) frames at \(options.fps) fps, sound: \(result.sound))")
        }
    }
}

/// The flags that shape the frames: shared by `animate`, `frames` and `batch`, so a frame
/// rendered alone equals the same frame of the video.
struct RenderFlags: ParsableArguments {
    @Option(name: .shortAndLong, help: "What should move, in your words.")
    var prompt: String = ""

    @Option(help: ArgumentHelp("Render a motion plan (JSON from `alive plan`, perhaps edited) instead of reading the prompt.", valueName: "file.json"))
    var plan: String?

    @Option(help: "Length in seconds (default: the prompt's, else 6).")
    var duration: Double?

    @Option(help: "Frames per second.")
    var fps: Int = 30

    @Option(help: ArgumentHelp("Frame size, WIDTHxHEIGHT, both even.", valueName: "WxH"))
    var size: FrameSize = FrameSize(width: 1080, height: 1920)

    @Option(help: "crop: fill the frame around the centre of interest; pad: whole photo over a blurred copy.")
    var fit: Fit = .crop

    @Option(help: "Seed for everything random, so a run can be repeated exactly.")
    var seed: UInt64 = 0

    @Option(help: "Threads to render with (0: all cores). The video is the same for any value.")
    var threads: Int = 0

    @Option(help: "Refuse photos with more pixels than this (checked before decoding).")
    var maxPixels: Int = 100_000_000

    @Flag(help: "Make the clip loop seamlessly: every motion goes out and comes back, the last frame leads into the first.")
    var loop = false

    @Option(help: ArgumentHelp("Seconds per loop cycle (implies --loop); the clip must hold a whole number of cycles.", valueName: "seconds"))
    var loopPeriod: Double?

    @Option(help: ArgumentHelp("Words on the visible badge, e.g. \"KI-generiert\" (default: AI-generated).", valueName: "text"))
    var labelText: String?

    @Option(help: "Corner of the badge: top-left, top-right, bottom-left, bottom-right (inside the area story apps leave free; default: top-left, or the first corner clear of the faces in the photo).")
    var labelPosition: LabelPosition?

    @Flag(help: "Leave out the visible \"AI-generated\" badge (the tags and the signed manifest still say it).")
    var noVisibleLabel = false

    @Flag(help: "Keep every face still: no blink, smile, head motion or breathing (on by default on photos with people).")
    var noFaceMotion = false

    /// The options for one photo; `prompt` overrides the flag (a batch list's per-photo prompt).
    func options(photo: String, prompt: String? = nil) throws -> RenderOptions {
        var options = RenderOptions(photo: photo)
        options.prompt = prompt ?? self.prompt
        options.plan = try plan.map(PlanFile.read)
        options.duration = duration
        options.fps = fps
        options.width = size.width
        options.height = size.height
        options.fit = fit
        options.seed = seed
        options.threads = threads
        options.maxPixels = maxPixels
        options.loop = loop
        options.loopPeriod = loopPeriod
        options.faceMotion = !noFaceMotion
        options.label = noVisibleLabel ? nil : LabelStyle(text: labelText ?? LabelStyle.defaultText, position: labelPosition ?? .topLeft)
        options.labelPositionFixed = labelPosition != nil
        return options
    }
}

/// x264's quality and speed.
struct EncodeFlags: ParsableArguments {
    @Option(help: "x264 quality: 1 to 51; lower is better and larger.")
    var crf: Double = 20

    @Option(help: "x264 preset: ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow.")
    var preset: String = "veryfast"

    func apply(to options: inout RenderOptions) {
        options.crf = crf
        options.preset = preset
    }
}

/// The soundtrack: the scene's ambient bed by default, none, or the user's file. Not part of
/// `RenderFlags` because `alive frames` has no sound.
struct SoundFlags: ParsableArguments {
    @Flag(help: "No audio stream (or say \"no sound\", \"senza audio\" in the prompt).")
    var noAudio = false

    @Option(help: ArgumentHelp("Use your own sound (WAV or FLAC) instead of the ambient bed: trimmed or looped to the clip, faded.", valueName: "file"))
    var audio: String?

    func validate() throws {
        if noAudio && audio != nil { throw ValidationError("--no-audio and --audio cannot be used together") }
    }

    func apply(to options: inout RenderOptions) {
        if noAudio { options.audio = .none } else if let audio { options.audio = .file(audio) }
    }
}

/// Who signs the manifest and what it records.
struct CredentialFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Sign with your own P-256 key (PEM) instead of alive's self-signed identity.", valueName: "key.pem"))
    var signKey: String?

    @Option(help: ArgumentHelp("Your certificate chain (PEM, end-entity first), with --sign-key.", valueName: "chain.pem"))
    var signCert: String?

    @Option(help: ArgumentHelp("IPTC digital source type recorded in the manifest.", valueName: "term"))
    var sourceType: String = "trainedAlgorithmicMedia"

    @Flag(help: "Record the prompt text in the signed manifest (off by default: prompts can be private).")
    var recordPrompt = false

    @Option(name: .customLong("config-dir"), help: ArgumentHelp("Folder of alive's own signing identity (default: $XDG_CONFIG_HOME/alive or ~/.config/alive).", valueName: "dir"))
    var configDir: String?

    func apply(to options: inout RenderOptions) {
        options.provenance.signKey = signKey
        options.provenance.signCertificate = signCert
        options.provenance.sourceType = sourceType
        options.provenance.recordPrompt = recordPrompt
        options.provenance.identityDirectory = configDir
    }
}

/// `--size 1080x1920`.
struct FrameSize: ExpressibleByArgument, Sendable {
    var width: Int
    var height: Int

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    init?(argument: String) {
        guard let size = RenderOptions.size(parsing: argument) else { return nil }
        self.init(width: size.width, height: size.height)
    }

    var defaultValueDescription: String { "\(width)x\(height)" }
}

extension Fit: ExpressibleByArgument {}
extension LabelPosition: ExpressibleByArgument {}

/// Reads a plan saved by `alive plan`.
enum PlanFile {
    static func read(_ path: String) throws -> MotionPlan {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw PipelineError.badPlan(path: path, reason: "cannot read the file")
        }
        do { return try JSONDecoder().decode(MotionPlan.self, from: data) } catch {
            throw PipelineError.badPlan(path: path, reason: "not a valid plan (\(error.localizedDescription))")
        }
    }
}

/// "frame 90/180" on one terminal line, only when stderr is a terminal.
final class ProgressLine: @unchecked Sendable {
    private var last = -1

    static func forStandardError() -> ProgressLine? { isatty(2) != 0 ? ProgressLine() : nil }

    func update(_ done: Int, _ total: Int) {
        let percent = done * 100 / max(1, total)
        guard percent != last else { return }
        last = percent
        FileHandle.standardError.write(Data("\rrendering \(done)/\(total) frames (\(percent)%)".utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
