import AliveCore
import AliveProvenance
import Foundation

/// How the video's Content Credentials are made: who signs, what the source type says, and
/// whether the prompt is recorded.
public struct ProvenanceOptions: Sendable {
    /// The user's own identity (`--sign-key`, `--sign-cert`, chain end-entity first); nil
    /// uses alive's self-signed identity, created on first use.
    public var signKey: String?
    public var signCertificate: String?
    /// Where alive keeps its own identity; nil is `$XDG_CONFIG_HOME/alive` or `~/.config/alive`.
    public var identityDirectory: String?
    /// The IPTC digital source type term of the `c2pa.created` action.
    public var sourceType: String = "trainedAlgorithmicMedia"
    /// Record the prompt text in the manifest (off: prompts can be private).
    public var recordPrompt = false

    public init() {}

    func validate() throws(PipelineError) {
        if (signKey == nil) != (signCertificate == nil) {
            throw .invalidOption(name: signKey == nil ? "--sign-cert" : "--sign-key", value: signKey ?? signCertificate ?? "",
                                 reason: "--sign-key and --sign-cert go together")
        }
        do { _ = try DigitalSourceType(iptcTerm: sourceType) } catch {
            throw .invalidOption(name: "--source-type", value: sourceType, reason: error.description)
        }
    }
}

/// The Prove stage: signs the finished video with a C2PA manifest (the photo as ingredient,
/// the plan and seed as alive's own assertion, a hard binding over the final file).
enum ProveStage {
    static func identity(_ options: ProvenanceOptions) throws(PipelineError) -> SigningIdentity {
        do {
            if let key = options.signKey, let certificate = options.signCertificate {
                return try SigningIdentity.load(keyFile: key, certificateFile: certificate)
            }
            return try SigningIdentity.defaultIdentity(configDirectory: options.identityDirectory)
        } catch {
            throw .provenance(error)
        }
    }

    static func sign(video: String, into signed: String, title: String, options: RenderOptions, plan: MotionPlan,
                     identity: SigningIdentity) throws(PipelineError) {
        do {
            let provenance = options.provenance
            var recorded = plan
            if !provenance.recordPrompt {
                // The plan's own words would give the prompt away.
                recorded.prompt = ""
                recorded.understood = []
                recorded.ignored = []
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let planJSON = try encoder.encode(recorded)
            let optionsJSON = try encoder.encode(RecordedOptions(options, plan: plan))
            let sourceType = try DigitalSourceType(iptcTerm: provenance.sourceType)
            try XMPBox.append(to: video, packet: XMPBox.packet(
                digitalSourceType: sourceType, creatorTool: "alive \(AliveVersion.string)", title: title,
                description: "AI-generated with alive \(AliveVersion.string) from a still photo"))
            var content = ManifestContent(
                title: title,
                generator: Generator(name: "alive", version: AliveVersion.string),
                digitalSourceType: sourceType,
                sourcePhoto: try SourceIngredient.photo(at: options.photo),
                renderAssertion: try RenderAssertion(planJSON: planJSON, seed: options.seed, optionsJSON: optionsJSON,
                                                     prompt: provenance.recordPrompt ? options.prompt : nil))
            content.additionalAssertions = [try ModerationRecord(options.moderation).assertion()]
            try ProvenanceWriter.sign(input: video, output: signed, content: content, identity: identity)
        } catch let error as ProvenanceError {
            throw .provenance(error)
        } catch {
            throw .provenance(.internalInconsistency("\(error)"))
        }
    }
}

/// The options that shape the frames, as the manifest records them: with the photo, the
/// plan and the seed, enough to render the same video again.
struct RecordedOptions: Encodable {
    var width: Int
    var height: Int
    var fps: Int
    var duration: Double
    var fit: String
    var crf: Double
    var preset: String
    var label: String?
    var labelPosition: String?
    /// How many faces were given motion the photo did not show (blink, smile, head,
    /// breathing); each is listed in the plan's `faces`.
    var facesAnimated: Int

    init(_ o: RenderOptions, plan: MotionPlan) {
        width = o.width
        height = o.height
        fps = o.fps
        duration = o.resolvedDuration(for: plan)
        fit = o.fit.rawValue
        crf = o.crf
        preset = o.preset
        label = o.label?.text
        // "auto": the first corner clear of the faces, decided again from the same photo.
        labelPosition = o.label.map { o.labelPositionFixed ? $0.position.rawValue : "auto" }
        facesAnimated = plan.faces?.filter { !$0.motions.isStill }.count ?? 0
    }
}
