# Pulse: the two commands of the README (make serve, make test) and the benchmark suite.
# Every target installs what it needs on a fresh Debian machine (run as root, or with sudo).

SWIFT        ?= swift
PORT         ?= 8080
HOST         ?= 127.0.0.1
DATA_DIR     ?= data
APT_PACKAGES := libwebsockets-dev libssl-dev libhiredis-dev redis-server openssl pkg-config curl python3
BENCH_APT    := wrk gcc curl
BENCH_PIP    := vaderSentiment==3.3.2 scikit-learn websocket-client==1.9.2 Flask==3.1.3 gunicorn==27.0.1 websockets==17.4
BROWSER_APT  := chromium chromium-driver
BROWSER_PIP  := selenium pytest
API_PIP      := schemathesis==4.32.5 openapi-spec-validator==0.9.0
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# `make install`: where things go (DESTDIR is prepended for staged installs by packagers).
PREFIX       ?= /usr/local
DESTDIR      ?=
BINDIR       := $(PREFIX)/bin
PKGDATADIR   := $(PREFIX)/share/pulse
UNITDIR      ?= $(PREFIX)/lib/systemd/system
CONFIG_FILES := pulse.json engagement-model.json vader_lexicon.txt emoji_utf8_lexicon.txt VADER-LICENSE.txt openapi.json

FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?=
FUZZ_TARGETS := json ndjson csv rfc3339 subscribe query webhook config
FUZZ_CONFIG  ?= release
FUZZ_BINARY   = .build-fuzz/$(FUZZ_CONFIG)/pulse-fuzz
SOAK_CYCLES  ?= 100
# Live suites that drive real processes or heavy load; run in a pass of their own, so that they
# do not starve the in-process servers of the other live tests on two cores.
LIVE_HEAVY   := CrashRecoveryTests|CLIPostTests|CLISubscribeTests|AbuseLoadTests|FanOutTests|DemoStoryTests|DiskFullTests|ShutdownOrderTests|WatchFolderTests|ClusterModeTests|ClusterModelTests|ClusterScriptTests
SOAK_MINUTES ?= 30

.PHONY: serve cluster cluster-stop test build release deps bench clean browser-test fuzz fuzz-build fuzz-short soak install uninstall api-test install-test

# Installs the Debian packages that are not there yet (apt-get update first, once).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Builds in release mode and runs the hub with a live demo feed on http://$(HOST):$(PORT).
serve: release
	.build/release/pulse serve --config Config/pulse.json --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR) --demo

# Builds in release mode and runs a local cluster: redis-server (data in $(DATA_DIR)/redis, AOF on,
# port REDIS_PORT, default 6379) and three nodes on ports 8080-8082 with the demo feed on the
# first (Config/cluster.sh); Ctrl-C stops everything. `make cluster-stop` does from elsewhere.
cluster: release
	DATA_DIR=$(DATA_DIR) HOST=$(HOST) Config/cluster.sh .build/release/pulse

cluster-stop:
	DATA_DIR=$(DATA_DIR) Config/cluster.sh --stop

# Builds and runs every test: the CPU-heavy unit and golden suites first, then the live suites
# (real servers, sockets, processes), so that timing-sensitive live tests do not compete for
# the two cores with the analytics tests; then 3 s of each libFuzzer target (its own
# sanitizer build in .build-fuzz) and the dashboard in Chromium.
test: deps
	$(SWIFT) build --build-tests
	python3 Tests/Architecture/check_imports.py
	$(SWIFT) test --skip-build --filter 'PulseAnalyticsTests|PulseStoreTests|PulseHubTests|PulseServiceTests|PulseClusterTests'
	$(SWIFT) test --skip-build --filter 'PulseLiveTests' --skip '$(LIVE_HEAVY)'
	$(SWIFT) test --skip-build --filter '$(LIVE_HEAVY)'
	$(MAKE) fuzz-short
	$(MAKE) api-test
	$(MAKE) browser-test
	$(MAKE) install-test

# The OpenAPI document validated (openapi-spec-validator), then schemathesis against a live
# `pulse serve` (debug build) on a free port with a temporary data directory; fails on any finding.
api-test: build
	@python3 -c "import schemathesis, openapi_spec_validator" 2>/dev/null || python3 -m pip install -q $(API_PIP) \
	  || python3 -m pip install -q --break-system-packages $(API_PIP)
	Tests/OpenAPI/api-test.sh .build/debug/pulse

# Installs the release binary, the dashboard, the lexicons, the default configuration and the
# systemd unit under $(DESTDIR)$(PREFIX); the binary finds its files in ../share/pulse.
install: release
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PKGDATADIR)/Config $(DESTDIR)$(UNITDIR)
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/pulse" $(DESTDIR)$(BINDIR)/pulse
	rm -rf $(DESTDIR)$(PKGDATADIR)/WebClient
	cp -R WebClient $(DESTDIR)$(PKGDATADIR)/WebClient
	chmod -R u=rwX,go=rX $(DESTDIR)$(PKGDATADIR)/WebClient
	for f in $(CONFIG_FILES); do install -m 0644 Config/$$f $(DESTDIR)$(PKGDATADIR)/Config/$$f; done
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@PKGDATADIR@|$(PKGDATADIR)|g' Config/pulse.service.in > $(DESTDIR)$(UNITDIR)/pulse.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/pulse.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pulse $(DESTDIR)$(UNITDIR)/pulse.service
	rm -rf $(DESTDIR)$(PKGDATADIR)

# `make install` into a temporary DESTDIR, the installed binary run from outside the checkout
# (dashboard, /readyz, SIGTERM stop), and `systemd-analyze verify` of the unit where systemd is.
install-test: release
	Tests/Install/install-test.sh

# The libFuzzer driver (address sanitizer, coverage) in its own build directory, so the
# ordinary build never sees -sanitize=fuzzer (there pulse-fuzz only replays corpus files).
# One combined -sanitize=fuzzer,address: given two -sanitize flags, swiftc 6.3 keeps only the last
# (and `--sanitize=fuzzer --sanitize=address` passes them in no fixed order). `--sanitize=fuzzer`
# is still given so that SwiftPM links libFuzzer's main instead of renaming the target's entry.
fuzz-build: deps
	$(SWIFT) build --scratch-path .build-fuzz -c $(FUZZ_CONFIG) --product pulse-fuzz \
	  --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DPULSE_FUZZ

# Coverage-guided fuzzing: each target for FUZZ_SECONDS from Tests/Fuzz/corpus/TARGET; fails on
# any crash, leak or sanitizer report. Prints executions and exec/s per target. FUZZ_RUNS=N runs
# each target for N executions instead of a time.
fuzz: fuzz-build
	FUZZ_RUNS=$(FUZZ_RUNS) Tests/Fuzz/run.sh $(FUZZ_BINARY) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The few seconds of each fuzz target that `make test` runs, on a debug build (it compiles in a
# fraction of the release build's time; the long runs of `make fuzz` use the release build).
fuzz-short:
	$(MAKE) fuzz FUZZ_SECONDS=3 FUZZ_CONFIG=debug

# The dashboard in real headless Chromium (Selenium) against a live `pulse serve` (debug build).
browser-test: build
	$(call apt_install,$(BROWSER_APT))
	@python3 -c "import selenium, pytest" 2>/dev/null || python3 -m pip install -q $(BROWSER_PIP) \
	  || python3 -m pip install -q --break-system-packages $(BROWSER_PIP)
	python3 -m pytest -q Tests/Browser

# Every benchmark against its peer in the same run, printed as one table (see README); about
# 15-20 minutes on 2 cores. Results also go to .build/bench/results.json.
bench: release
	$(call apt_install,$(BENCH_APT))
	python3 -m pip install -q $(BENCH_PIP)
	Benchmarks/run-all.sh

# SOAK_CYCLES SIGKILL cycles under mixed load, then SOAK_MINUTES of steady load with subscriber
# churn, against the release build; prints acknowledged, lost, applied twice, RSS and descriptors.
soak: release
	python3 Tests/Soak/soak.py --binary .build/release/pulse --cycles $(SOAK_CYCLES) --minutes $(SOAK_MINUTES)

clean:
	rm -rf .build .build-fuzz
