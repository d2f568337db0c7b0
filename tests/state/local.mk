# tests/state/local.mk — warm start and the command-line flags: stfile reads
# and crafts the state file (by the documented format, independently of
# state.c); t60 restarts the daemon over it, t61 runs every rpcbind flag,
# t62 swaps to Debian's rpcbind and back.
check_PROGRAMS += tests/state/stfile
tests_state_stfile_SOURCES = tests/state/stfile.c tests/common/be.h
tests_state_stfile_LDADD = $(LIBRPCBINDD)
TESTS += tests/t60-warmstart.sh tests/t61-flags.sh tests/t62-swap.sh
EXTRA_DIST += tests/t60-warmstart.sh tests/t61-flags.sh tests/t62-swap.sh
