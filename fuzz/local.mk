# fuzz/local.mk — fuzz targets (Knot DNS tests-fuzz layout). Each
# fuzz/fuzz_<target>.c is a LLVMFuzzerTestOneInput over the internal
# library, with its seed corpus in fuzz/fuzz_<target>.in/ and the crashers
# kept in fuzz/fuzz_<target>.repro/.
#
# Normal build: fuzz/replay_<target> (the target + fuzz/replay.c, a plain
# main) replays both directories under `make check` through the target's
# invariants, so every corpus input and every fixed crasher stays a
# regression test (under the sanitizers with --enable-sanitizers); one TAP
# check per target, with the number of inputs. The corpora are grown with
# libFuzzer's -merge=1 (fuzz/run-fuzzers.sh) and kept to a few hundred
# files; tests/mutants/mutants.tsv plants, for each target, a bug that its
# corpus must reach.
#
# --enable-fuzzing (clang): fuzz/fuzz_<target> links libFuzzer, which has
# its own main, so the replay programs are left out; `make fuzz` builds
# the targets and runs each for FUZZ_SECONDS (fuzz/run-fuzzers.sh).
FUZZ_NAMES = request stream state config uaddr ratelimit check origin hosts
FUZZ_SECONDS = 60

# fuzz/fuzz_<target> is built from fuzz/fuzz_<target>.c, automake's default
# (fuzz_check also takes the reply decoder).
fuzz_fuzz_check_SOURCES = fuzz/fuzz_check.c rpcbindd-check/reply.c
fuzz_fuzz_request_LDADD = $(LIBRPCBINDD)
fuzz_fuzz_stream_LDADD = $(LIBRPCBINDD)
fuzz_fuzz_state_LDADD = $(LIBRPCBINDD)
fuzz_fuzz_config_LDADD = $(LIBRPCBINDD)
fuzz_fuzz_uaddr_LDADD = $(LIBRPCBINDD)
fuzz_fuzz_ratelimit_LDADD = $(LIBRPCBINDD)
fuzz_fuzz_check_LDADD = $(LIBRPCBINDD)
fuzz_fuzz_origin_LDADD = $(LIBRPCBINDD)
fuzz_fuzz_hosts_LDADD = $(LIBRPCBINDD)
fuzz_fuzz_request_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_stream_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_state_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_config_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_uaddr_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_ratelimit_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_check_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_origin_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_hosts_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)

fuzz_replay_request_SOURCES = fuzz/fuzz_request.c fuzz/replay.c
fuzz_replay_stream_SOURCES = fuzz/fuzz_stream.c fuzz/replay.c
fuzz_replay_state_SOURCES = fuzz/fuzz_state.c fuzz/replay.c
fuzz_replay_config_SOURCES = fuzz/fuzz_config.c fuzz/replay.c
fuzz_replay_uaddr_SOURCES = fuzz/fuzz_uaddr.c fuzz/replay.c
fuzz_replay_ratelimit_SOURCES = fuzz/fuzz_ratelimit.c fuzz/replay.c
fuzz_replay_check_SOURCES = fuzz/fuzz_check.c rpcbindd-check/reply.c \
	fuzz/replay.c
fuzz_replay_origin_SOURCES = fuzz/fuzz_origin.c fuzz/replay.c
fuzz_replay_hosts_SOURCES = fuzz/fuzz_hosts.c fuzz/replay.c
fuzz_replay_request_LDADD = $(LIBRPCBINDD)
fuzz_replay_stream_LDADD = $(LIBRPCBINDD)
fuzz_replay_state_LDADD = $(LIBRPCBINDD)
fuzz_replay_config_LDADD = $(LIBRPCBINDD)
fuzz_replay_uaddr_LDADD = $(LIBRPCBINDD)
fuzz_replay_ratelimit_LDADD = $(LIBRPCBINDD)
fuzz_replay_check_LDADD = $(LIBRPCBINDD)
fuzz_replay_origin_LDADD = $(LIBRPCBINDD)
fuzz_replay_hosts_LDADD = $(LIBRPCBINDD)
# The check target links rpcbindd-check's reply decoder: its header is there.
fuzz_fuzz_check_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/rpcbindd-check
fuzz_replay_check_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/rpcbindd-check

FUZZ_TESTS = fuzz/t-replay-request.sh fuzz/t-replay-stream.sh \
	fuzz/t-replay-state.sh fuzz/t-replay-config.sh fuzz/t-replay-uaddr.sh \
	fuzz/t-replay-ratelimit.sh fuzz/t-replay-check.sh \
	fuzz/t-replay-origin.sh fuzz/t-replay-hosts.sh

EXTRA_DIST += $(FUZZ_TESTS) fuzz/run-fuzzers.sh fuzz/rpcbindd.dict \
	fuzz/handle.h \
	fuzz/fuzz_request.in fuzz/fuzz_stream.in fuzz/fuzz_state.in \
	fuzz/fuzz_config.in fuzz/fuzz_uaddr.in fuzz/fuzz_ratelimit.in \
	fuzz/fuzz_check.in fuzz/fuzz_origin.in fuzz/fuzz_hosts.in

if FUZZING
EXTRA_PROGRAMS = fuzz/fuzz_request fuzz/fuzz_stream fuzz/fuzz_state \
	fuzz/fuzz_config fuzz/fuzz_uaddr fuzz/fuzz_ratelimit fuzz/fuzz_check \
	fuzz/fuzz_origin fuzz/fuzz_hosts
CLEANFILES += $(EXTRA_PROGRAMS)

# make fuzz [FUZZ_SECONDS=N] [FUZZ_NAMES="stream state"]
fuzz: $(EXTRA_PROGRAMS)
	srcdir='$(srcdir)' builddir='$(builddir)' \
	$(SHELL) $(srcdir)/fuzz/run-fuzzers.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)
else
check_PROGRAMS += fuzz/replay_request fuzz/replay_stream fuzz/replay_state \
	fuzz/replay_config fuzz/replay_uaddr fuzz/replay_ratelimit \
	fuzz/replay_check fuzz/replay_origin fuzz/replay_hosts
TESTS += $(FUZZ_TESTS)

fuzz:
	@echo "make fuzz: configure with CC=clang --enable-fuzzing first" >&2; \
	exit 1
endif
.PHONY: fuzz
