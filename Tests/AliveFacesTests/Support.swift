@testable import AliveFaces
import AliveCore
import AliveMedia
import Foundation

/// Fixtures for the face tests (the folder is copied into the test bundle).
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

/// The real scene photos without people (downscaled copies shared with the scene and motion
/// checks), for the false-face test.
let realPhotos = fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("RealPhotos")

func scenePhotos() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: realPhotos.path).filter { $0.hasSuffix(".jpg") }.sorted()
        .map { realPhotos.appendingPathComponent($0).path }
}

func loadPhoto(_ path: String) throws -> Photo { try PhotoDecoder.decode(path: path).photo }

/// Little-endian float32 values from a golden file.
func readFloats(_ path: String) throws -> [Float] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return data.withUnsafeBytes { raw in (0..<data.count / 4).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) } }
}

