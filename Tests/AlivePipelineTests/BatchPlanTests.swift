import Foundation
import Testing

@testable import AlivePipeline

/// Issue 14: expanding a list is linear in its rows.
@Suite struct BatchPlanTests {
    /// 10,000 photos of the same name took 16.6 s: each new name restarted its numbered
    /// search at 2, about 50 million tries. Now each name tries one number per clash.
    @Test func namingIsLinear() throws {
        for count in [1_000, 10_000] {
            let photos = (0..<count).map { "/photos/\($0 % 7 == 0 ? "x" : "same")/IMG.jpg" }
            var probes = 0
            let items = BatchPlan.items(photos: photos, probes: &probes)
            #expect(Set(items.map { $0.outputName.lowercased() }).count == count, "names are distinct")
            #expect(probes <= 2 * count, "\(probes) names tried for \(count) photos")
        }
        // A name that happens to look numbered does not break the numbering.
        var probes = 0
        let names = BatchPlan.items(photos: ["/a/IMG.jpg", "/a/IMG-2.jpg", "/b/IMG.jpg", "/c/IMG.jpg"], probes: &probes)
            .map(\.outputName)
        #expect(Set(names).count == 4, "\(names)")
    }

    /// The same for a 10,000-row list file, end to end.
    @Test func listOfTenThousandRows() throws {
        let dir = NSTemporaryDirectory() + "alive-list-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let rows = ["photo,prompt"] + (0..<10_000).map { "photos/IMG.jpg,slow zoom in \($0)" }
        try rows.joined(separator: "\n").write(toFile: dir + "/list.csv", atomically: true, encoding: .utf8)
        let items = try BatchPlan.items(listFile: dir + "/list.csv")
        #expect(items.count == 10_000)
        #expect(items[9_999].outputName == "photos_IMG-10000.mp4")
        #expect(items[9_999].prompt == "slow zoom in 9999")
    }
}
