/// How enclosed each pixel is: 0 on regions that reach the frame's border through similar
/// colours (floor, walls, sea, sky, the background a photo is cut from), up to 1 on regions
/// that other regions surround. An enclosed region occludes what encloses it, so it is in
/// front: this is the occlusion cue of the depth layout.
///
/// How: the geodesic colour distance to the border (Wei et al., "Geodesic Saliency Using
/// Background Priors", ECCV 2012; Zhu et al., "Saliency Optimization from Robust Background
/// Detection", CVPR 2014, call the same idea boundary connectivity). A path costs the sum of
/// the colour steps (delta E) it crosses, each less a small allowance so that gradients and
/// noise inside one surface cost nothing; a pixel's distance is its cheapest path to any
/// border pixel (Dijkstra on the 4-connected grid). A motorcycle in a garage is a long way
/// from the border whichever way one goes, through its outline; the floor and the wall are
/// not. Unlike local contrast, a smooth tank or seat is as enclosed as the chrome around it.
enum Enclosure {
    /// Colour step (delta E) a path crosses for free: shading and sensor noise within a surface.
    static let allowance: Float = 1
    /// Distance that counts as fully enclosed when the photo's own scale is smaller: a photo
    /// with no enclosed object (a plain landscape) must not stretch its noise to 1.
    static let minimumScale: Float = 40

    static func find(in image: AnalysisImage) -> [Float] {
        let w = image.width, h = image.height, n = w * h
        guard w > 2 && h > 2 else { return [Float](repeating: 0, count: n) }
        let colours = smoothedColours(image)
        var border: [Int] = []
        for i in 0..<n {
            let x = i % w, y = i / w
            if x == 0 || y == 0 || x == w - 1 || y == h - 1 { border.append(i) }
        }
        let distance = geodesicDistance(colours, width: w, height: h, from: border)
        // Scaled by the photo's own 95th percentile: the most enclosed twentieth is 1.
        let scale = max(minimumScale, percentile95(distance))
        return distance.map { min(1, $0 / scale) }
    }

    /// L*, a*, b* after a 3x3 mean, so single-pixel texture does not read as an outline.
    static func smoothedColours(_ image: AnalysisImage) -> [SIMD4<Float>] {
        var lab = [SIMD4<Float>](repeating: .zero, count: image.count)
        for i in 0..<image.count { lab[i] = SIMD4(image.lightness[i], image.greenRed[i], image.blueYellow[i], 0) }
        return boxMeans(lab, width: image.width, height: image.height, radius: 1)
    }

    /// Each pixel's cheapest path to any of `seeds`: the sum of the colour steps (delta E,
    /// less `allowance`) it crosses (Dijkstra on the 4-connected grid).
    static func geodesicDistance(_ colours: [SIMD4<Float>], width w: Int, height h: Int, from seeds: [Int]) -> [Float] {
        let n = w * h
        var distance = [Float](repeating: .infinity, count: n)
        var queue = MinQueue()
        queue.reserve(n)
        for i in seeds {
            distance[i] = 0
            queue.push(0, Int32(i))
        }
        colours.withUnsafeBufferPointer { lab in
            distance.withUnsafeMutableBufferPointer { distance in
                while let (d, index) = queue.pop() {
                    let i = Int(index)
                    guard d <= distance[i] else { continue }
                    let x = i % w, y = i / w
                    for j in AnalysisRegions.neighbours(x, y, w, h) where j >= 0 {
                        let difference = lab[i] - lab[j]
                        let step = max(0, (difference * difference).sum().squareRoot() - allowance)
                        if d + step < distance[j] {
                            distance[j] = d + step
                            queue.push(d + step, Int32(j))
                        }
                    }
                }
            }
        }
        return distance
    }

    /// The 95th percentile to within 1/1024 of the largest value: a histogram, not a sort.
    static func percentile95(_ values: [Float]) -> Float {
        let top = values.max() ?? 0
        guard top > 0 else { return 0 }
        var counts = [Int](repeating: 0, count: 1025)
        for v in values { counts[Int(v / top * 1024)] += 1 }
        let wanted = values.count * 95 / 100
        var seen = 0
        for (bin, count) in counts.enumerated() {
            seen += count
            if seen > wanted { return Float(bin + 1) / 1024 * top }
        }
        return top
    }
}

/// A binary min-heap of (distance, pixel) for Dijkstra. Equal distances pop in a fixed
/// order, so the result never depends on anything but the input. Entries move by the hole
/// method (one write a level, not a swap) in one array of pairs.
private struct MinQueue {
    private struct Entry { var key: Float; var item: Int32 }
    private var entries: [Entry] = []

    mutating func reserve(_ count: Int) { entries.reserveCapacity(count) }

    mutating func push(_ key: Float, _ item: Int32) {
        entries.append(Entry(key: key, item: item))
        entries.withUnsafeMutableBufferPointer { heap in
            let moving = heap[heap.count - 1]
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard moving.key < heap[parent].key else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = moving
        }
    }

    mutating func pop() -> (Float, Int32)? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return (top.key, top.item) }
        entries.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = -1
                var smallestKey = last.key
                if left < count && heap[left].key < smallestKey { smallest = left; smallestKey = heap[left].key }
                if right < count && heap[right].key < smallestKey { smallest = right }
                guard smallest >= 0 else { break }
                heap[parent] = heap[smallest]
                parent = smallest
            }
            heap[parent] = last
        }
        return (top.key, top.item)
    }
}
