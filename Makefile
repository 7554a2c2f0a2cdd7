# Defect Workbench: the two commands a user needs are `make demo` and `make test`.

PRESET   ?= release
BUILD    := build/$(PRESET)
JOBS     ?= $(shell nproc)
DEMO_DIR ?= build/demo

# ccache and precompiled headers work together only with these settings.
export CCACHE_SLOPPINESS := pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_COMPILERCHECK := content

.PHONY: all deps build test test-sanitize demo bench screenshots fuzz package format clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset $(PRESET)

build: deps $(BUILD)/build.ninja
	cmake --build --preset $(PRESET) -j $(JOBS)

# Every test, then the core and command-line tests again under AddressSanitizer and
# UndefinedBehaviorSanitizer (docs/reliability.md).
test: build
	ctest --preset $(PRESET) -j $(JOBS)
	@$(MAKE) --no-print-directory test-sanitize

test-sanitize: deps
	cmake --preset sanitize
	cmake --build --preset sanitize -j $(JOBS)
	ctest --preset sanitize -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD) $(DEMO_DIR)

bench:
	@DWB_BENCH_DEPS=1 scripts/install-deps.sh
	@$(MAKE) --no-print-directory build
	@bench/run.sh $(BUILD)

# Each fuzz target for a million inputs (CTest runs them for 20000).
fuzz: build
	@scripts/fuzz.sh $(BUILD)

# Every page of the real window under Xvfb, driven by xdotool, into build/screenshots.
screenshots:
	@DWB_SCREENSHOT_DEPS=1 scripts/install-deps.sh
	@$(MAKE) --no-print-directory build
	@scripts/screenshots.sh $(BUILD) build/screenshots

package: build
	cd $(BUILD) && cpack -G DEB

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf build
