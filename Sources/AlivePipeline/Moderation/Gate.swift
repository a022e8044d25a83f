import AliveCore
import AliveProvenance
import Foundation

/// Where alive checks what it is asked to make, in pipeline order.
public enum Gate: String, Sendable, Codable, CaseIterable {
    /// The prompt, before it is read into a plan.
    case prompt
    /// The photo, once decoded.
    case photo
    /// The finished video: its frames before signing, the signed file before it is renamed
    /// into place.
    case video
}

/// How a run is moderated: the prompt rules (built-in, and a policy file's), and an external
/// command a studio plugs its own classifier in with.
public struct ModerationOptions: Sendable {
    public var policy: ModerationPolicy = .builtIn
    /// `--moderation-cmd`: run at every gate as `/bin/sh -c 'CMD "$@"' alive-moderation GATE SUBJECT`.
    public var command: String?
    /// `--moderation-timeout`: seconds the command may take at one gate.
    public var timeout: Double = 30

    public init() {}

    public func validate() throws(PipelineError) {
        if !(timeout > 0 && timeout <= 3600) {
            throw .invalidOption(name: "--moderation-timeout", value: "\(timeout)", reason: "must be more than 0 and at most 3600 seconds")
        }
        if let command, command.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalidOption(name: "--moderation-cmd", value: command, reason: "must name a command")
        }
    }
}

/// The gates themselves. Each throws `PipelineError.refused` naming the gate and the rule.
public enum Moderation {
    /// The prompt gate: the rules, then the external command. `alive plan` runs it too.
    public static func checkPrompt(_ text: String, _ options: ModerationOptions) throws(PipelineError) {
        if let (rule, phrases) = options.policy.firstMatch(text) {
            let words = phrases.map { "\"\($0)\"" }.joined(separator: " + ")
            throw .refused(gate: .prompt, rule: rule.id, reason: "\(rule.reason) (matched \(words))")
        }
        try external(.prompt, subject: text, options)
    }

    /// The prompt gate of a render: the prompt, and the prompt a saved plan was read from.
    static func promptGate(_ options: RenderOptions) throws(PipelineError) {
        let text = [options.prompt, options.plan?.prompt ?? ""].filter { !$0.isEmpty }.joined(separator: "\n")
        try checkPrompt(text, options.moderation)
    }

    /// The video gate's last part, on the signed temporary file: the manifest verifies and
    /// declares what was asked, then the external command judges the very bytes that will be
    /// renamed into place.
    static func finalVideoGate(signed: String, _ options: RenderOptions) throws(PipelineError) {
        try VideoCheck.checkSigned(signed, sourceType: options.provenance.sourceType)
        try external(.video, subject: signed, options.moderation)
    }

    /// The photo gate's built-in check, on the decoded photo (`Clip.prepare`).
    static func checkPhoto(_ photo: Photo) throws(PipelineError) {
        if let problem = PhotoCheck.problem(photo) {
            throw .refused(gate: .photo, rule: problem.rule, reason: problem.reason)
        }
    }

    /// Runs the external command at `gate`, if there is one.
    static func external(_ gate: Gate, subject: String, _ options: ModerationOptions) throws(PipelineError) {
        guard let command = options.command else { return }
        let verdict = ExternalModerator(command: command, timeout: options.timeout).judge(gate: gate, subject: subject)
        if case .deny(let rule, let reason) = verdict { throw .refused(gate: gate, rule: rule, reason: reason) }
    }
}

/// What the manifest says about moderation (`org.alive.moderation`): the gates that ran and
/// what each checked. A video exists only if every gate passed, so every gate listed passed;
/// the video gate's after-signing checks (`checkedAfterSigning`) gate the rename into place
/// and cannot be recorded as passed inside the file they check.
struct ModerationRecord: Encodable {
    struct GateRecord: Encodable {
        var gate: String
        var result = "passed"
        var checks: [String]
        var checkedAfterSigning: [String]?
    }

    static let label = "org.alive.moderation"

    var ruleSet = PromptRules.version
    var gates: [GateRecord]
    var rules: [String]
    var relaxedRules: [String]
    var addedRules: [String]
    var policySHA256: String?
    var externalCommand: Bool

    init(_ options: ModerationOptions) {
        let external = options.command != nil
        let ext = external ? ["external-command"] : []
        gates = []
        gates.append(GateRecord(gate: Gate.prompt.rawValue, checks: ["prompt-rules"] + ext))
        gates.append(GateRecord(gate: Gate.photo.rawValue, checks: ["not-degenerate"] + ext))
        gates.append(GateRecord(gate: Gate.video.rawValue, checks: VideoCheck.checks,
                                checkedAfterSigning: ["manifest-verifies", "ai-label-declared"] + ext))
        rules = options.policy.rules.map(\.id)
        relaxedRules = options.policy.relaxed
        addedRules = options.policy.added
        policySHA256 = options.policy.sha256
        externalCommand = external
    }
}

extension ModerationRecord {
    func assertion() throws -> RenderAssertion {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return RenderAssertion(label: Self.label, json: try encoder.encode(self))
    }
}
