# avqc: see README.md. `make demo` and `make test` install what is missing first.
SHELL := /bin/bash
SWIFT_BIN_DIR := $(firstword $(wildcard /opt/swift/usr/bin))
export PATH := $(PATH)$(if $(SWIFT_BIN_DIR),:$(SWIFT_BIN_DIR))
SWIFT ?= swift
PREFIX ?= /usr/local
# Build needs the FFmpeg -dev packages and pkg-config; tests, fixtures and the
# bench also use the ffmpeg CLI, xmllint (JUnit schema), python3 + jsonschema
# (JSON schema), python3-yaml (profile schema), python3-junitparser (JUnit as CI reads it) and GNU
# time (peak memory), and for the HTML report python3-html5lib and tidy (validators) and chromium
# (rendered headless). Tests run Debian's /usr/bin/python3 for the Debian Python packages.
# The accuracy corpus also needs espeak-ng (speech), fluidsynth (instrument notes), unzip (wheels), python3-venv
# (av-drift-detector's generator) and apt-get download (Debian media).
DEB_PACKAGES := pkg-config libavformat-dev libavcodec-dev libavutil-dev libswresample-dev \
	libswscale-dev ffmpeg libxml2-utils python3 python3-jsonschema python3-yaml python3-junitparser python3-html5lib tidy chromium parallel time espeak-ng unzip python3-venv fluidsynth
RELEASE_BIN = $(shell $(SWIFT) build -c release --show-bin-path)/avqc

.PHONY: all build deps demo test bench accuracy install fixtures clean lint sanitize fuzz

all: build

build:
	$(SWIFT) build -c release --product avqc

deps:
	@command -v $(SWIFT) >/dev/null || { echo "error: swift not found; install Swift 6 (e.g. at /opt/swift) and retry" >&2; exit 1; }
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

demo: deps build
	@echo "== avqc Fixtures/sample.mp4 (black 2-5 s, freeze 6-9 s, silence 8-10.5 s)"
	@$(RELEASE_BIN) Fixtures/sample.mp4; status=$$?; \
	echo "== exit status $$status (1 = defects found)"; test $$status -eq 1

# Unit and end-to-end tests, then the quick real-media subset (Docs/accuracy.md).
test: deps build
	AVQC_BIN="$(RELEASE_BIN)" $(SWIFT) test
	python3 scripts/accuracy.py --quick --avqc "$(RELEASE_BIN)"

# The whole real-media corpus against avqc and FFmpeg's filters; writes Docs/accuracy.md.
accuracy: deps build
	python3 scripts/accuracy.py --avqc "$(RELEASE_BIN)"

# The end-to-end bad-input and robustness tests against an AddressSanitizer
# build of avqc (Linux Swift has no UBSan: -sanitize=undefined is refused).
ASAN_BIN = $(shell $(SWIFT) build -c release --scratch-path .build-asan --show-bin-path)/avqc
sanitize: deps
	set -o pipefail; $(SWIFT) build -c release --product avqc --scratch-path .build-asan \
	  -Xswiftc -sanitize=address 2>&1 | grep -v "Cannot export local symbol '__asan_extra_spill_area'"
	AVQC_BIN="$(ASAN_BIN)" AVQC_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  $(SWIFT) test --filter "BadInputTests|RobustnessTests|IntegrityTests|CommandLineTests"

# Coverage-guided fuzzing of demux -> decode -> detect -> report (libFuzzer +
# AddressSanitizer), FUZZ_SECONDS long (default 600). See Docs/robustness.md.
FUZZ_SECONDS ?= 600
fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS)

bench: deps build
	python3 scripts/bench.py --avqc "$(RELEASE_BIN)"

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 755 "$(RELEASE_BIN)" "$(DESTDIR)$(PREFIX)/bin/avqc"

fixtures:
	Fixtures/make-fixtures.sh

lint:  ## style check (.swift-format); not part of `make test`
	$(SWIFT) format lint --recursive Sources Tests

clean:
	rm -rf .build
