# tests/bench/local.mk — the benchmark of rpcbindd against Debian's rpcbind.
# Included from tests/local.mk; not part of `make check`.
#
# `make bench` (as root: network namespaces) builds the load generator and
# runs tests/bench/bench.sh, which prints one comparison table. The raw
# loadgen lines go to tests/bench/bench.raw. BENCH_ROUNDS (2), BENCH_SECS (3)
# and BENCH_CALLGRIND_N (20000) tune it; BENCH_CALLGRIND=0 skips valgrind.
noinst_PROGRAMS = tests/bench/loadgen
tests_bench_loadgen_SOURCES = tests/bench/loadgen.c
EXTRA_DIST += tests/bench/bench.sh tests/bench/README.md
CLEANFILES += tests/bench/bench.raw tests/bench/bench.callgrind.baseline \
	tests/bench/bench.callgrind.getport tests/bench/bench.callgrind.getaddr

.PHONY: bench
bench: tests/bench/loadgen$(EXEEXT) tests/clients/rpcbtool$(EXEEXT) rpcbindd/rpcbindd$(EXEEXT)
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	RPCBINDD='$(abs_top_builddir)/rpcbindd/rpcbindd' \
	bash $(srcdir)/tests/bench/bench.sh
