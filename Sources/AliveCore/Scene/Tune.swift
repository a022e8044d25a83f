import Foundation
// TEMPORARY tuning knobs (read from the environment); removed before commit.
enum Tune {
    static func f(_ name: String, _ value: Float) -> Float {
        if let s = ProcessInfo.processInfo.environment["ALIVE_T_" + name], let v = Float(s) { return v }
        return value
    }
    static var debug: Bool { ProcessInfo.processInfo.environment["ALIVE_T_DEBUG"] != nil }
    static func log(_ s: @autoclosure () -> String) {
        if debug { FileHandle.standardError.write((s() + "\n").data(using: .utf8)!) }
    }
}
