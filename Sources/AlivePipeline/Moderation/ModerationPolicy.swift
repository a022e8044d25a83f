import Crypto
import Foundation

/// The prompt rules a run applies: the built-in ones, plus what a policy file (`--policy`)
/// adds or relaxes.
///
/// The file is JSON:
///
///     {
///       "version": 1,
///       "rules": [
///         { "id": "no-weapons", "action": "deny", "reason": "weapons",
///           "languages": ["en", "it"], "words": ["gun", "rifle", "pistola", "fucil*"] },
///         { "id": "rival-brands", "action": "deny", "all": [["logo", "marchio"], ["acme", "globex"]] },
///         { "id": "violence-glorification", "action": "allow" }
///       ]
///     }
///
/// A `deny` rule fires when the prompt has any of its `words`, or a word of every group of
/// `all`; words are matched as `PromptWords` (whole words, lower case, diacritics folded, a
/// trailing `*` for any ending). An `allow` rule names a built-in rule and switches it off;
/// the rules that are not relaxable (`PromptRule.relaxable`) refuse to be switched off, and
/// a file that tries is an error, not a silent no-op. Unknown keys are errors too, so a typo
/// never weakens a policy unnoticed.
public struct ModerationPolicy: Sendable {
    /// The deny rules in force, built-in ones first.
    public private(set) var rules: [PromptRule]
    /// Built-in rules the file switched off, and rules it added.
    public private(set) var relaxed: [String] = []
    public private(set) var added: [String] = []
    /// The file and the SHA-256 of its bytes (hex), recorded in the manifest.
    public private(set) var file: String?
    public private(set) var sha256: String?

    public static let builtIn = ModerationPolicy(rules: PromptRules.builtIn)

    /// The first rule the prompt breaks, with the phrases that made it fire.
    public func firstMatch(_ text: String) -> (rule: PromptRule, phrases: [Phrase])? {
        let words = PromptWords(text)
        for rule in rules {
            if let phrases = rule.match(words) { return (rule, phrases) }
        }
        return nil
    }

    /// Reads and checks a policy file.
    public static func load(path: String) throws(PipelineError) -> ModerationPolicy {
        func bad(_ reason: String) -> PipelineError { .badPolicy(path: path, reason: reason) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw bad("cannot read the file")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) else { throw bad("not valid JSON") }
        var policy = try parse(object, bad: bad)
        policy.file = path
        policy.sha256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return policy
    }

    static func parse(_ object: Any, bad: (String) -> PipelineError) throws(PipelineError) -> ModerationPolicy {
        guard let top = object as? [String: Any] else { throw bad("the top level must be an object with \"rules\"") }
        if let unknown = Set(top.keys).subtracting(["version", "rules"]).sorted().first {
            throw bad("unknown key \"\(unknown)\" (expected version, rules)")
        }
        if let version = top["version"], (version as? Int) != 1 { throw bad("\"version\" must be 1") }
        guard let entries = top["rules"] as? [Any] else { throw bad("\"rules\" must be a list") }

        var policy = ModerationPolicy.builtIn
        var seen = Set<String>()
        for (index, entry) in entries.enumerated() {
            guard let rule = entry as? [String: Any] else { throw bad("rule \(index + 1) is not an object") }
            let where_ = "rule \(index + 1)"
            if let unknown = Set(rule.keys).subtracting(["id", "action", "reason", "languages", "words", "all"]).sorted().first {
                throw bad("\(where_): unknown key \"\(unknown)\" (expected id, action, reason, languages, words, all)")
            }
            guard let id = rule["id"] as? String, !id.isEmpty,
                  id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
                throw bad("\(where_): \"id\" must be a name of letters, digits, '-', '_' or '.'")
            }
            guard seen.insert(id).inserted else { throw bad("rule \(id) appears twice") }
            let builtIn = PromptRules.builtIn.first { $0.id == id }
            switch rule["action"] as? String {
            case "allow":
                guard let builtIn else {
                    throw bad("rule \(id): an allow rule must name a built-in rule to relax (\(PromptRules.builtIn.map(\.id).joined(separator: ", ")))")
                }
                guard builtIn.relaxable else { throw bad("rule \(id) cannot be relaxed: alive never makes this") }
                if rule["words"] != nil || rule["all"] != nil { throw bad("rule \(id): an allow rule has no words") }
                policy.rules.removeAll { $0.id == id }
                policy.relaxed.append(id)
            case "deny":
                if builtIn != nil { throw bad("rule \(id): a built-in rule has this id; choose another") }
                var conditions: [[[Phrase]]] = []
                if let words = rule["words"] {
                    conditions.append([try phrases(words, "\(where_) \"words\"", bad)])
                }
                if let all = rule["all"] {
                    guard let groups = all as? [Any], !groups.isEmpty else {
                        throw bad("\(where_): \"all\" must be a list of word lists")
                    }
                    var condition: [[Phrase]] = []
                    for group in groups { condition.append(try phrases(group, "\(where_) \"all\"", bad)) }
                    conditions.append(condition)
                }
                guard !conditions.isEmpty else { throw bad("rule \(id): a deny rule needs \"words\" or \"all\"") }
                var languages: [String] = []
                if let list = rule["languages"] {
                    guard let strings = list as? [String] else { throw bad("\(where_): \"languages\" must be a list of codes") }
                    languages = strings
                }
                if let reason = rule["reason"], !(reason is String) { throw bad("\(where_): \"reason\" must be text") }
                policy.rules.append(PromptRule(id: id, reason: rule["reason"] as? String ?? "refused by the policy file",
                                               languages: languages, conditions: conditions))
                policy.added.append(id)
            default:
                throw bad("\(where_): \"action\" must be \"deny\" or \"allow\"")
            }
        }
        return policy
    }

    static func phrases(_ value: Any, _ where_: String, _ bad: (String) -> PipelineError) throws(PipelineError) -> [Phrase] {
        guard let list = value as? [String], !list.isEmpty else { throw bad("\(where_) must be a non-empty list of words") }
        let phrases = list.map(Phrase.init)
        if let empty = phrases.firstIndex(where: { $0.words.isEmpty }) {
            throw bad("\(where_): \"\(list[empty])\" has no letters or digits to match")
        }
        return phrases
    }
}
