import AliveCore
import AliveFaces
import AliveMedia
import Foundation

// MARK: - Faces: the TFLite interpreter and face finding, one thread

/// Best-of-runs CPU time of the calling thread running `body`, in milliseconds: on a shared
/// machine wall time also counts the time other processes hold the core.
func bestMilliseconds(runs: Int, _ body: () -> Void) -> Double {
    func cpu() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
    }
    var best = Double.infinity
    for _ in 0..<runs {
        let t = cpu()
        body()
        best = min(best, cpu() - t)
    }
    return best
}

func faces() {
    line("## Faces: MediaPipe's models in alive's Swift TFLite interpreter, one thread (CPU time, best of runs)")
    let runs = quick ? 5 : 20
    for (name, model, size) in [("face detector 128x128", FaceModel.detector, 128), ("face landmarks 192x192", FaceModel.landmarks, 192)] {
        let e = try! model.interpreter().execution(height: size, width: size)
        e.withInput { p in for i in 0..<p.count { p[i] = Float(i % 255) / 255 } }
        let ms = bestMilliseconds(runs: runs) { e.invoke() }
        line(String(format: "%-28@ %7.2f ms", name as NSString, ms))
    }
    // Whole searches: a portrait enlarged to 12 MP (4000x3000) and a group of small faces.
    let finder = try! FaceFinder()
    let grace = try! PhotoDecoder.decode(path: root.appendingPathComponent("Tests/AliveFacesTests/Fixtures/people/grace_hopper.jpg").path).photo
    let friends = try! PhotoDecoder.decode(path: root.appendingPathComponent("Tests/AliveFacesTests/Fixtures/people/three_friends.jpg").path).photo
    for (name, photo) in [("portrait 12 MP (4000x3000)", enlarged(grace, width: 4000, height: 3000)),
                          ("three friends 800x542", friends),
                          ("three friends 12 MP", enlarged(friends, width: 4000, height: 2710))] {
        var count = 0
        let ms = bestMilliseconds(runs: quick ? 2 : 5) { count = finder.find(in: photo).count }
        line(String(format: "find faces, %-26@ %7.1f ms   %d faces", name as NSString, ms, count))
    }
    tflitePeer()
    line("")
}

/// Nearest-neighbour enlargement (the content of a small photo at a phone photo's size).
func enlarged(_ p: Photo, width: Int, height: Int) -> Photo {
    var out = [UInt8](repeating: 0, count: width * height * 4)
    for y in 0..<height {
        let sy = y * p.height / height
        for x in 0..<width {
            let s = (sy * p.width + x * p.width / width) * 4, d = (y * width + x) * 4
            for c in 0..<4 { out[d + c] = p.pixels[s + c] }
        }
    }
    return Photo(width: width, height: height, pixels: out, hasAlpha: false)
}

/// The same two models in TensorFlow Lite itself (tflite-runtime, XNNPACK, one thread), when
/// ALIVE_TFLITE_PYTHON names a Python that has it (a development venv:
/// `pip install tflite-runtime "numpy<2"`); the Makefile's venv does not.
func tflitePeer() {
    guard let python = ProcessInfo.processInfo.environment["ALIVE_TFLITE_PYTHON"] else {
        line("(peer: set ALIVE_TFLITE_PYTHON to a Python with tflite-runtime to time TensorFlow Lite on the same models)")
        return
    }
    let dir = work.appendingPathComponent("faces")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, model) in [("detector", FaceModel.detector), ("landmarks", FaceModel.landmarks)] {
        try? Data(model.fileBytes).write(to: dir.appendingPathComponent("\(name).tflite"))
    }
    let script = """
        import sys, time, numpy as np, tflite_runtime.interpreter as t
        for name in ("detector", "landmarks"):
            it = t.Interpreter(model_path=sys.argv[1] + "/" + name + ".tflite", num_threads=1)
            it.allocate_tensors()
            d = it.get_input_details()[0]
            x = (np.arange(np.prod(d["shape"])) % 255 / 255).astype(np.float32).reshape(d["shape"])
            best = 1e9
            for _ in range(50):
                a = time.thread_time(); it.set_tensor(d["index"], x); it.invoke(); best = min(best, time.thread_time() - a)
            print("%s %.3f" % (name, best * 1000))
        """
    let out = work.appendingPathComponent("tflite-peer.txt").path
    let r = measure([python, "-c", script, dir.path], stdout: out)
    let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    for row in text.split(separator: "\n") {
        let parts = row.split(separator: " ")
        guard parts.count == 2 else { continue }
        line(String(format: "TensorFlow Lite %-12@ %7@ ms   (tflite-runtime, XNNPACK, one thread)", String(parts[0]) as NSString,
                    String(parts[1]) as NSString))
    }
    if r.status != 0 { line("(peer failed: exit \(r.status))") }
}
