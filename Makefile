# icmpkit -- see README.md.  `make` builds ./icmpkit; `make check` runs
# every test; `make demo` installs what is missing, builds and decodes a
# bundled capture.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
CLANG ?= clang
PKG_CONFIG ?= pkg-config

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wpointer-arith -Wcast-qual \
       -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wformat=2
ifeq ($(WERROR),1)
WARN += -Werror
endif
OPT ?= -O2 -g
CFLAGS_ALL = -std=gnu11 $(OPT) $(WARN) $(CFLAGS) \
	     $(shell $(PKG_CONFIG) --cflags libpcap 2>/dev/null)
LIBS = $(shell $(PKG_CONFIG) --libs libpcap 2>/dev/null || echo -lpcap) -lnet -lmnl -lz -lzstd -llzma -lm -pthread
CRIT_LIBS = $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null || echo -lcriterion)
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

DECODE_SRC = decode/body.c decode/cksum.c decode/dec.c decode/ext.c \
	     decode/pcapng.c \
	     decode/fields.c decode/icmp.c decode/iplayout.c decode/out.c \
	     decode/print.c decode/print_ext.c decode/print_json.c \
	     decode/print_layer.c decode/print_nd.c decode/print_say.c \
	     decode/print_stats.c \
	     decode/print_text.c decode/reasm.c decode/track.c \
	     decode/tunnel.c
CLI_SRC = cli/cli.c cli/closer.c cli/dump.c cli/near.c cli/opt.c cli/priv.c \
	  cli/sandbox.c cli/sig.c
CAPTURE_SRC = capture/emit.c capture/read.c capture/readpar.c \
	      capture/fastread.c capture/sniff.c capture/zread.c \
	      capture/ngnames.c capture/plain.c
INJECT_SRC = inject/build.c inject/capt.c inject/ext.c inject/family.c inject/fields.c \
	     inject/jbody.c inject/jlayer.c inject/jsend.c inject/json.c inject/ndopt.c \
	     inject/net.c \
	     inject/answer.c inject/pace.c inject/payload.c inject/ping.c \
	     inject/psock.c inject/replay.c \
	     inject/rewrite.c inject/sched.c inject/send.c inject/trace.c \
	     inject/trc.c inject/tx.c inject/types.c inject/xdp.c
APP_SRC = icmpkit.c $(DECODE_SRC) $(CLI_SRC) $(CAPTURE_SRC) $(INJECT_SRC)
HDRS = $(wildcard *.h decode/*.h cli/*.h capture/*.h inject/*.h)
UNIT_SRC = $(wildcard tests/unit/*.c)

OBJ = $(APP_SRC:%.c=build/%.o)
SAN_OBJ = $(APP_SRC:%.c=build-san/%.o)
DECODE_OBJ = $(DECODE_SRC:%.c=build/%.o)
DECODE_SAN_OBJ = $(DECODE_SRC:%.c=build-san/%.o)

# Debian packages (build, tests, benchmarks): one list, packages.txt, shared
# with .ci/run.
DEPS = $(shell sed 's/\#.*//' packages.txt)

.PHONY: all deps demo check unit golden conformance roundtrip lab badinput readpaths man send habits printopts \
	sanitize fuzz fuzz-json fuzz-smoke bench install clean format format-check \
	regen-golden

all: icmpkit

icmpkit: $(OBJ)
	$(CC) $(CFLAGS_ALL) -o $@ $(OBJ) $(LIBS)

icmpkit-san: $(SAN_OBJ)
	$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $(SAN_OBJ) $(LIBS)

# The seccomp filters, compiled from cli/sbrules.h by libseccomp at build
# time (cli/sbgen.c); icmpkit loads them without linking libseccomp.
SBGEN_H = build/gen/sbfilters.h
$(SBGEN_H): cli/sbgen.c cli/sbrules.h cli/sandbox.h
	@mkdir -p build/gen
	$(CC) $(CFLAGS_ALL) -o build/gen/sbgen cli/sbgen.c -lseccomp
	build/gen/sbgen >$@.tmp && mv $@.tmp $@
build/cli/sandbox.o build-san/cli/sandbox.o: $(SBGEN_H)

build/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

build-san/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(SAN) -c -o $@ $<

# Installs only what is missing; a no-op when everything is there.
deps:
	@missing=""; for p in $(DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
			grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq $$missing; \
	fi

demo: deps
	$(MAKE) all
	./icmpkit read --stats pcaps/echo4.pcap

tests/unit/unit: $(UNIT_SRC) $(DECODE_OBJ) $(HDRS) $(wildcard tests/unit/*.h)
	$(CC) $(CFLAGS_ALL) -o $@ $(UNIT_SRC) $(DECODE_OBJ) $(CRIT_LIBS) -lm

tests/unit/unit-san: $(UNIT_SRC) $(DECODE_SAN_OBJ) $(HDRS) $(wildcard tests/unit/*.h)
	$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $(UNIT_SRC) $(DECODE_SAN_OBJ) \
		$(CRIT_LIBS) -lm

INJECT_OBJ = $(INJECT_SRC:%.c=build/%.o)
INJECT_TEST_SRC = $(wildcard tests/inject/*.c)
CLI_OBJ = $(CLI_SRC:%.c=build/%.o)
tests/inject/unit: $(INJECT_TEST_SRC) $(INJECT_OBJ) $(DECODE_OBJ) $(CLI_OBJ) $(HDRS)
	$(CC) $(CFLAGS_ALL) -o $@ $(INJECT_TEST_SRC) $(INJECT_OBJ) $(DECODE_OBJ) \
		$(CLI_OBJ) $(CRIT_LIBS) $(LIBS)

tests/fuzz/replay: tests/fuzz/fuzz_decode.c tests/fuzz/replay_main.c $(DECODE_SAN_OBJ)
	$(CC) $(CFLAGS_ALL) $(SAN) -o $@ tests/fuzz/fuzz_decode.c \
		tests/fuzz/replay_main.c $(DECODE_SAN_OBJ) -lm

tests/fuzz/seeds: tests/fuzz/seeds.c
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIBS)

tests/fuzz/fuzzer: tests/fuzz/fuzz_decode.c $(DECODE_SRC) $(HDRS)
	$(CLANG) -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ tests/fuzz/fuzz_decode.c \
		$(DECODE_SRC) -lm

# The harnesses beyond the decoder's (tests/fuzz/more.sh): fastread
# against libpcap, replay's prepare and rewrite, and each command's
# argument parser (its source included, for its static table).
FUZZ_CC = $(CLANG) -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=all
FUZZ_LIBS = -lpcap -lnet -lmnl -lm -pthread
FUZZ_MORE = tests/fuzz/fuzz-pcap tests/fuzz/fuzz-replay tests/fuzz/fuzz-json \
	    $(addprefix tests/fuzz/fuzz-args-,send ping trace replay)
ARGS_STATE_send = struct send_state
ARGS_STATE_ping = struct ping
ARGS_STATE_trace = struct trace
ARGS_STATE_replay = struct replay
ARGS_FREE_replay = -D'FUZZ_FREE(s)=free((s)->files)'

tests/fuzz/fuzz-pcap: tests/fuzz/fuzz_pcap.c capture/fastread.c $(HDRS)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_pcap.c capture/fastread.c $(FUZZ_LIBS)

tests/fuzz/fuzz-replay: tests/fuzz/fuzz_replay.c $(DECODE_SRC) $(CLI_SRC) \
		$(INJECT_SRC) $(HDRS) $(SBGEN_H)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_replay.c $(DECODE_SRC) $(CLI_SRC) \
		$(filter-out inject/replay.c,$(INJECT_SRC)) $(FUZZ_LIBS)

tests/fuzz/fuzz-args-%: tests/fuzz/fuzz_args.c $(DECODE_SRC) $(CLI_SRC) \
		$(INJECT_SRC) $(HDRS) $(SBGEN_H)
	$(FUZZ_CC) -DFUZZ_FILE='"../../inject/$*.c"' \
		-DFUZZ_STATE='$(ARGS_STATE_$*)' -DFUZZ_CMD='"$*"' \
		$(ARGS_FREE_$*) -o $@ tests/fuzz/fuzz_args.c $(DECODE_SRC) \
		$(CLI_SRC) $(filter-out inject/$*.c,$(INJECT_SRC)) $(FUZZ_LIBS)

tests/fuzz/fuzz-json: tests/fuzz/fuzz_json.c inject/json.c $(HDRS)
	$(CLANG) -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ tests/fuzz/fuzz_json.c \
		inject/json.c

tests/gen/hostile: tests/gen/hostile.c tests/gen/docaddr.h
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIBS)

# The MPLS router stand-in of the trace lab (tests/lab/extresp.c).
tests/lab/extresp: tests/lab/extresp.c build/decode/cksum.o decode/cksum.h
	$(CC) $(CFLAGS_ALL) -o $@ $< build/decode/cksum.o $(LIBS)

unit: tests/unit/unit
	tests/unit/unit

golden: icmpkit
	tests/golden.sh

conformance: icmpkit-san
	tests/conformance.sh

roundtrip: icmpkit
	tests/roundtrip.sh

badinput: icmpkit
	tests/badinput.sh

readpaths: icmpkit
	tests/readpaths.sh

man: icmpkit
	tests/man.sh

habits: icmpkit
	tests/habits.sh

printopts: icmpkit
	tests/printopts.sh

send: icmpkit tests/inject/unit
	tests/inject/unit
	tests/send.sh

lab: icmpkit icmpkit-san tests/lab/extresp
	tests/lab/run.sh
	tests/lab/sniff.sh
	tests/lab/ping.sh
	tests/lab/replay.sh
	tests/lab/send.sh
	tests/lab/caps.sh
	tests/lab/matrix.sh
	tests/lab/trace.sh
	tests/lab/priv.sh
	tests/lab/signals.sh
	tests/lab/diskfull.sh

sanitize: icmpkit-san tests/unit/unit-san
	tests/unit/unit-san
	ICMPKIT=./icmpkit-san tests/golden.sh
	ICMPKIT=./icmpkit-san tests/badinput.sh
	ICMPKIT=./icmpkit-san tests/readpaths.sh

fuzz-smoke: icmpkit tests/fuzz/replay tests/fuzz/seeds $(FUZZ_MORE)
	tests/fuzz/smoke.sh
	tests/fuzz/more.sh smoke

FUZZ_SECONDS ?= 60
fuzz: icmpkit tests/fuzz/fuzzer tests/fuzz/seeds $(FUZZ_MORE)
	tests/fuzz/run.sh $(FUZZ_SECONDS)
	tests/fuzz/more.sh $(FUZZ_SECONDS)

# send --from-json's JSON parser, seeded with read -j --payload's output.
fuzz-json: tests/fuzz/fuzz-json icmpkit
	@mkdir -p build/fuzz-json
	./icmpkit read -j --payload pcaps/extensions.pcap | split -l 1 - build/fuzz-json/seed-
	tests/fuzz/fuzz-json -max_total_time=$${FUZZ_SECONDS:-60} -max_len=4096 \
		build/fuzz-json

check: deps
	$(MAKE) all icmpkit-san
	$(MAKE) unit golden badinput readpaths man habits printopts send \
		conformance roundtrip sanitize fuzz-smoke lab

regen-golden: icmpkit tests/gen/hostile
	tests/gen/hostile pcaps >/dev/null
	tests/golden.sh --regen

bench: icmpkit
	bench/run.sh
	bench/soak.sh

# The binary, the man page and the bash completion (loaded on demand by the
# bash-completion package from $(BASHCOMPDIR)).
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
install: icmpkit
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 icmpkit $(DESTDIR)$(BINDIR)/icmpkit
	install -m 0644 icmpkit.1 $(DESTDIR)$(MANDIR)/man1/icmpkit.1
	install -m 0644 completion/icmpkit.bash $(DESTDIR)$(BASHCOMPDIR)/icmpkit

# Lets a non-root user sniff, send, ping and replay with the installed copy
# (setcap is in libcap2-bin, which iputils-ping and iproute2 depend on).  The
# process clears these capabilities once its handles are open.
.PHONY: install-caps lab-demo
install-caps:
	setcap cap_net_raw,cap_net_admin=eip $(DESTDIR)$(BINDIR)/icmpkit

# A live tour in three network namespaces (root): sniff, send, ping, replay.
lab-demo: icmpkit
	tests/lab/demo.sh

FORMAT_SRC = $(wildcard *.[ch] decode/*.[ch] cli/*.[ch] capture/*.[ch] inject/*.[ch] \
	     tests/*/*.c bench/*.c)

format:
	clang-format -i $(FORMAT_SRC)

format-check:
	clang-format --dry-run --Werror $(FORMAT_SRC)

clean:
	rm -rf build build-san icmpkit icmpkit-san tests/unit/unit \
		tests/unit/unit-san tests/fuzz/replay tests/fuzz/fuzzer \
		tests/fuzz/seeds tests/gen/hostile tests/lab/extresp bench/out $(FUZZ_MORE)
