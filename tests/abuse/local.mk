# tests/abuse/local.mk — the CVE regression table and the list of abuses
# the daemon must survive, driven by tests/abuse/abprobe (`abprobe` without
# arguments lists its subcommands). Included from tests/local.mk.
check_PROGRAMS += tests/abuse/abprobe
tests_abuse_abprobe_SOURCES = tests/abuse/abprobe.c \
	$(PROBE_COMMON_SOURCES)

ABUSE_SYSTEM_TESTS = \
	tests/t80-cve.sh \
	tests/t81-abuse.sh
TESTS += $(ABUSE_SYSTEM_TESTS)
EXTRA_DIST += $(ABUSE_SYSTEM_TESTS)
