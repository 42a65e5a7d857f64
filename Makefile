# The two commands of the README, and the steps under them. CMake does the
# real build; this file only names the jobs.
BUILD      ?= build
CHECKBUILD ?= build-check
FUZZBUILD  ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps demo check test unit fuzz lint bench clean failalloc-full

all: $(BUILD)/indeks

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DIX_TESTS=OFF

$(BUILD)/indeks: deps $(BUILD)/Makefile FORCE
	cmake --build $(BUILD) -j $(JOBS)

FORCE:

# Installs the Debian packages the build and tests need, only when missing.
deps:
	@./scripts/deps.sh

# The main job on the embedded synthetic data: the national list.
demo: all
	./scripts/demo.sh $(BUILD)/indeks

# Every test: unit and command tests under ASan+UBSan (gcc), a warning-free
# clang build, valgrind, the fuzz targets for a bounded time and lint (steps 2-5
# beside the tests: scripts/check.sh).
check: deps
	./scripts/check.sh

test: check

# The fast unit tests only (ctest label `unit`, under ASan+UBSan): under a
# minute once built. For the edit-compile-test loop; `make check` runs all.
unit: deps
	cmake -S . -B $(CHECKBUILD) -DCMAKE_BUILD_TYPE=Debug -DIX_SANITIZE=ON -DCMAKE_C_COMPILER=gcc >/dev/null
	cmake --build $(CHECKBUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --test-dir $(CHECKBUILD) -L unit --output-on-failure -j $(JOBS)

# Every libFuzzer target for FUZZ_SECONDS (default 60) each, two at a time.
fuzz: deps
	./scripts/fuzz.sh

# The long job: every allocation of the core's unit tests made to fail in
# turn (make check samples 60 per executable; docs/hardening.md).
failalloc-full: deps
	cmake -S . -B $(CHECKBUILD) -DCMAKE_BUILD_TYPE=Debug -DIX_SANITIZE=ON -DIX_FAILALLOC=ON -DCMAKE_C_COMPILER=gcc >/dev/null
	cmake --build $(CHECKBUILD) -j $(JOBS)
	IX_FAILALLOC_MAX_RUNS=0 tests/alloc/run.sh $(CHECKBUILD)/tests

# clang-tidy and cppcheck over all code (make check runs it as step 5).
lint: deps
	./scripts/lint.sh

bench: all
	./scripts/bench.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(CHECKBUILD) $(FUZZBUILD) build-clang build-lint build-valgrind
