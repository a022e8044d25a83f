/// Connected regions of a boolean map at analysis size: flood fill from seeds, labelling,
/// and filling small enclosed holes. The detectors find candidate pixels locally; these
/// functions add the one global rule each of them needs ("sky is connected to the top",
/// "water is one sheet", "the subject is one object").
enum AnalysisRegions {
    /// Every pixel reachable from `seeds` through `passable` pixels (4-connected). Seeds that
    /// are not passable are ignored.
    static func flood(from seeds: [Int], passable: [Bool], width: Int, height: Int) -> [Bool] {
        var reached = [Bool](repeating: false, count: width * height)
        var queue = [Int32](repeating: 0, count: width * height)
        var head = 0, tail = 0
        for s in seeds where passable[s] && !reached[s] {
            reached[s] = true; queue[tail] = Int32(s); tail += 1
        }
        while head < tail {
            let i = Int(queue[head]); head += 1
            let x = i % width, y = i / width
            for n in neighbours(x, y, width, height) where n >= 0 && passable[n] && !reached[n] {
                reached[n] = true; queue[tail] = Int32(n); tail += 1
            }
        }
        return reached
    }

    /// Labels the 4-connected components of `member` 1, 2, ... (0 outside); returns the labels
    /// and the pixel count of each label (index 0 unused).
    static func label(_ member: [Bool], width: Int, height: Int) -> (labels: [Int32], sizes: [Int]) {
        var labels = [Int32](repeating: 0, count: width * height)
        var sizes = [0]
        var queue = [Int32](repeating: 0, count: width * height)
        for start in 0..<(width * height) where member[start] && labels[start] == 0 {
            let id = Int32(sizes.count)
            var head = 0, tail = 1, size = 0
            queue[0] = Int32(start); labels[start] = id
            while head < tail {
                let i = Int(queue[head]); head += 1; size += 1
                for n in neighbours(i % width, i / width, width, height)
                where n >= 0 && member[n] && labels[n] == 0 {
                    labels[n] = id; queue[tail] = Int32(n); tail += 1
                }
            }
            sizes.append(size)
        }
        return (labels, sizes)
    }

    /// `member` with every enclosed hole (a component of non-members that touches no image
    /// border) of at most `maximumHole` pixels filled in. With `topIsInside`, a hole may touch
    /// the top edge (a cloud cut by the frame is still inside the sky).
    static func fillingHoles(_ member: [Bool], width: Int, height: Int, maximumHole: Int,
                             topIsInside: Bool = false) -> [Bool] {
        let (labels, sizes) = label(member.map { !$0 }, width: width, height: height)
        var touchesBorder = [Bool](repeating: false, count: sizes.count)
        for x in 0..<width {
            if !topIsInside { touchesBorder[Int(labels[x])] = true }
            touchesBorder[Int(labels[(height - 1) * width + x])] = true
        }
        for y in 0..<height {
            touchesBorder[Int(labels[y * width])] = true
            touchesBorder[Int(labels[y * width + width - 1])] = true
        }
        var out = member
        for i in 0..<(width * height) where !member[i] {
            let l = Int(labels[i])
            if !touchesBorder[l] && sizes[l] <= maximumHole { out[i] = true }
        }
        return out
    }

    /// The four neighbours of (x, y), -1 where the image ends.
    @inline(__always)
    static func neighbours(_ x: Int, _ y: Int, _ width: Int, _ height: Int) -> NeighbourSequence {
        let i = y * width + x
        return NeighbourSequence(items: (x > 0 ? i - 1 : -1, x + 1 < width ? i + 1 : -1,
                                         y > 0 ? i - width : -1, y + 1 < height ? i + width : -1))
    }
}

/// The four neighbour indices as a sequence (no allocation).
struct NeighbourSequence: Sequence, IteratorProtocol {
    var items: (Int, Int, Int, Int)
    var position = 0
    init(items: (Int, Int, Int, Int)) { self.items = items }
    mutating func next() -> Int? {
        defer { position += 1 }
        switch position {
        case 0: return items.0
        case 1: return items.1
        case 2: return items.2
        case 3: return items.3
        default: return nil
        }
    }
}
