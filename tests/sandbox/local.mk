# tests/sandbox/local.mk — the sandbox tests: sbtry runs the daemon's own
# seccomp filter; t40 checks the running daemon's privileges; t43 what it
# accepts as its state directory.
check_PROGRAMS += tests/sandbox/sbtry tests/sandbox/notifywait \
	tests/sandbox/logsink
tests_sandbox_notifywait_SOURCES = tests/sandbox/notifywait.c
tests_sandbox_logsink_SOURCES = tests/sandbox/logsink.c
tests_sandbox_sbtry_SOURCES = tests/sandbox/sbtry.c
tests_sandbox_sbtry_LDADD = $(LIBRPCBINDD)
TESTS += tests/t40-sandbox.sh tests/t41-activation.sh tests/t43-statedir.sh
EXTRA_DIST += tests/t40-sandbox.sh tests/t41-activation.sh \
	tests/t43-statedir.sh
