# tests/bounds/local.mk — connection and registry bounds:
# idle timeouts, the TCP and local connection caps, oversized and half-sent
# records, per-owner quotas, memory; t31: the shares of root, the service
# users and the other users, and the log they can provoke. Included from
# tests/local.mk.
#
# bndprobe: the many-socket parts, one subcommand per check
# (`tests/bounds/bndprobe` without arguments lists them).
check_PROGRAMS += tests/bounds/bndprobe
tests_bounds_bndprobe_SOURCES = tests/bounds/bndprobe.c \
	$(PROBE_COMMON_SOURCES)

BOUNDS_SYSTEM_TESTS = \
	tests/t30-bounds.sh \
	tests/t31-quotas.sh
TESTS += $(BOUNDS_SYSTEM_TESTS)
EXTRA_DIST += $(BOUNDS_SYSTEM_TESTS)
