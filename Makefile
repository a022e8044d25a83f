# alive: two commands do everything on a fresh Debian machine.
#   make demo   install what is missing, build, animate a bundled photo
#   make test   install what is missing, build, run every test
SHELL := /bin/bash
.DEFAULT_GOAL := demo

APT_PACKAGES := libjpeg-dev libpng-dev libavcodec-dev libavformat-dev libswscale-dev libswresample-dev ffmpeg pkg-config
VENV := .venv
PYTHON := $(VENV)/bin/python
PY_PACKAGES := c2pa-python numpy scipy pillow
BIN := .build/release/alive
DEMO_PHOTO := samples/rocket.jpg
DEMO_OUT := out/rocket.alive.mp4

.PHONY: demo test golden deps system-deps python-deps stereo-data build bench realcheck fuzz fuzz-build fuzz-regressions clean

# Installs the system packages that are missing (apt-get update once, only when needed).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The virtual environment the tests use for the official C2PA SDK.
$(PYTHON):
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip

python-deps: $(PYTHON)
	@$(PYTHON) -c "import c2pa, numpy, scipy, PIL" 2>/dev/null || $(PYTHON) -m pip install -q $(PY_PACKAGES)

deps: system-deps python-deps

# The Middlebury 2014 motorcycle stereo pair and its true disparity, as scikit-image ships them,
# for the depth test (DepthStereoTests). Research use only: fetched, never committed.
STEREO_DATA := $(VENV)/data/motorcycle
STEREO_FILES := motorcycle_left.png motorcycle_right.png motorcycle_disp.npz
SKIMAGE_WHEEL := scikit-image==0.26.0

stereo-data: python-deps
	@if [ ! -f $(STEREO_DATA)/motorcycle_disp.npz ] || [ ! -f $(STEREO_DATA)/motorcycle_left.png ]; then \
	  echo "fetching the motorcycle stereo pair from the $(SKIMAGE_WHEEL) wheel"; \
	  tmp=$$(mktemp -d) && \
	  $(VENV)/bin/pip download -q $(SKIMAGE_WHEEL) --no-deps --only-binary=:all: -d $$tmp && \
	  $(PYTHON) -c 'import glob, os, shutil, sys, zipfile; \
	    wheel = glob.glob(os.path.join(sys.argv[1], "*.whl"))[0]; out = sys.argv[2]; part = out + ".partial"; \
	    shutil.rmtree(part, ignore_errors=True); os.makedirs(part); z = zipfile.ZipFile(wheel); \
	    [open(os.path.join(part, n), "wb").write(z.read("skimage/data/" + n)) for n in sys.argv[3:]]; \
	    shutil.rmtree(out, ignore_errors=True); os.replace(part, out)' $$tmp $(STEREO_DATA) $(STEREO_FILES); \
	  status=$$?; rm -rf $$tmp; exit $$status; \
	fi

build: system-deps
	swift build -c release --product alive

demo: build
	@mkdir -p out
	$(BIN) animate $(DEMO_PHOTO) --prompt "clouds drift left, slow zoom in" -o $(DEMO_OUT) --force
	@echo "demo video: $(abspath $(DEMO_OUT))"

# Tests run optimised (the motion probe does millions of FFTs), in their own build folder so
# the release binary above keeps its own flags; @testable needs -enable-testing. That one build
# also makes the alive binary the command-line tests run (.build-test/release/alive, the same
# sources and optimisation), so `make test` compiles the project once, not twice.
TEST_FLAGS := -c release -Xswiftc -enable-testing --scratch-path .build-test
TEST_BIN := .build-test/release/alive

test: deps stereo-data
	swift build $(TEST_FLAGS) --build-tests
	ALIVE_BIN=$(abspath $(TEST_BIN)) ALIVE_PYTHON=$(abspath $(PYTHON)) ALIVE_STEREO_DATA=$(abspath $(STEREO_DATA)) \
	  swift test $(TEST_FLAGS) --skip-build

# Re-records Tests/Golden (the test run fails on purpose: review, commit, run `make test`).
golden: deps
	swift build $(TEST_FLAGS) --build-tests
	-ALIVE_RECORD_GOLDEN=1 ALIVE_BIN=$(abspath $(TEST_BIN)) swift test $(TEST_FLAGS) --skip-build --filter goldenFrames
	@echo "golden frames re-recorded in Tests/Golden: review them (git status), commit, then run make test"

# Times alive against its peers (ffmpeg zoompan, a plain C warp) in one run; prints a table.
bench: build
	swift run -c release --package-path Benchmarks alive-bench

# The real-photo checks (Scripts/realcheck.py: scene maps against hand-drawn sure regions;
# frame 0, drift, stillness and the loop seam of each photo's cinemagraph; frame 0 of every
# photo with the default and its own prompt) on the full-size photos in REAL_PHOTOS, with the
# regions in Tests/RealPhotos/regions.json. `make test` runs the same checks on the downscaled
# copies in Tests/RealPhotos and holds them to Tests/RealPhotos/expected.json (RealPhotoTests).
REAL_PHOTOS ?= ../shared/photos/real
REAL_DIR := .build/realphotos

realcheck: build python-deps
	@rm -rf $(REAL_DIR) && mkdir -p $(REAL_DIR)
	@for f in $(abspath $(REAL_PHOTOS))/*.jpg; do ln -s "$$f" $(REAL_DIR)/; done
	@cp Tests/RealPhotos/regions.json $(REAL_DIR)/
	@mkdir -p out; status=0; \
	$(PYTHON) Scripts/realcheck.py scene --alive $(BIN) --photos $(REAL_DIR) || status=1; \
	$(PYTHON) Scripts/realcheck.py motion --alive $(BIN) --photos $(REAL_DIR) || status=1; \
	$(PYTHON) Scripts/realcheck.py frame0 --alive $(BIN) --photos $(REAL_DIR) || status=1; \
	$(PYTHON) Scripts/realcheck.py sheet --alive $(BIN) --photos $(REAL_DIR) -o out/realcheck-sheet.png || status=1; \
	exit $$status

# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer) of every reader of hostile input:
# the JPEG and PNG loaders, the MP4/BMFF reader and C2PA verifier, the CBOR decoder, the
# WAV/FLAC reader, the prompt reader and moderation rules. Fuzz/ is its own package, built in
# .build-fuzz so the product's builds keep their flags. Each target starts from its committed
# seeds (Fuzz/Corpus/NAME) and the corpus it grew before (.build-fuzz/corpus/NAME), runs
# FUZZ_SECONDS, and stops at the first crash, leak, timeout or out-of-memory, leaving the input
# in out-fuzz/NAME/ (commit it to Fuzz/Regressions/NAME/ and `make test` replays it).
FUZZ_TARGETS ?= photo bmff cbor audio prompt
FUZZ_SECONDS ?= 600
FUZZ_SCRATCH := .build-fuzz
FUZZ_BUILD := --package-path Fuzz --scratch-path $(FUZZ_SCRATCH) -c release \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing

fuzz-build: system-deps
	swift build $(FUZZ_BUILD)

fuzz: fuzz-build
	@mkdir -p out-fuzz; status=0; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_SCRATCH)/corpus/$$t out-fuzz/$$t; \
	  echo "fuzz-$$t: $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	  $(FUZZ_SCRATCH)/release/fuzz-$$t $(FUZZ_SCRATCH)/corpus/$$t Fuzz/Corpus/$$t \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=3072 -malloc_limit_mb=1024 \
	    -max_len=65536 -print_final_stats=1 -artifact_prefix=out-fuzz/$$t/ > out-fuzz/$$t.log 2>&1; \
	  code=$$?; grep -E "^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|ERROR|SUMMARY" out-fuzz/$$t.log; \
	  if [ $$code -ne 0 ]; then echo "fuzz-$$t FAILED (exit $$code): see out-fuzz/$$t.log and out-fuzz/$$t/"; status=1; fi; \
	done; exit $$status

# Replays every committed seed and regression input through each fuzz target once.
fuzz-regressions: fuzz-build
	@status=0; for t in $(FUZZ_TARGETS); do \
	  files=$$(find Fuzz/Corpus/$$t Fuzz/Regressions/$$t -type f 2>/dev/null); \
	  $(FUZZ_SCRATCH)/release/fuzz-$$t $$files > /dev/null 2>&1 || { echo "fuzz-$$t: a committed input fails"; status=1; }; \
	done; exit $$status

clean:
	rm -rf .build .build-test .build-fuzz out out-fuzz Benchmarks/.build
