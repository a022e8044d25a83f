import AliveCore
import Foundation
import Testing

@testable import AlivePipeline

/// Every input committed for the prompt fuzz target (Fuzz/Corpus/prompt, Fuzz/Regressions/prompt)
/// goes through the prompt reader, the built-in rules and the policy parser, as the target does.
@Suite struct PromptReplayTests {
    @Test func promptInputsReplay() throws {
        let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz").path
        var count = 0
        for folder in ["Corpus/prompt", "Regressions/prompt"] {
            let dir = "\(fuzz)/\(folder)"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))
                let text = String(decoding: data, as: UTF8.self)
                _ = PromptReader.read(text)
                _ = ModerationPolicy.builtIn.firstMatch(text)
                if let object = try? JSONSerialization.jsonObject(with: data) {
                    _ = try? ModerationPolicy.parse(object, bad: { .badPolicy(path: name, reason: $0) })
                }
                count += 1
            }
        }
        #expect(count >= 8)
        // The seeds that carry spelling tricks are refused.
        let trick = try String(contentsOfFile: "\(fuzz)/Corpus/prompt/softhyphen.txt", encoding: .utf8)
        #expect(ModerationPolicy.builtIn.firstMatch(trick)?.rule.id == "non-consensual-intimate")
    }
}
