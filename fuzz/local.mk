# fuzz/local.mk — fuzz targets. Each target is a LLVMFuzzerTestOneInput
# over the internal library; `replay` runs it over its seed corpus and kept
# crashers under `make check`, without libFuzzer.
check_PROGRAMS += fuzz/replay_request
fuzz_replay_request_SOURCES = fuzz/fuzz_request.c fuzz/replay.c
fuzz_replay_request_LDADD = $(LIBRPCBINDD)
TESTS += fuzz/t-replay-request.sh
EXTRA_DIST += fuzz/t-replay-request.sh fuzz/fuzz_request.in
