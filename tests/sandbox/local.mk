# tests/sandbox/local.mk — the sandbox tests: sbtry runs the daemon's own
# seccomp filter; t40 checks the running daemon's privileges; t43 what it
# accepts as its state directory.
check_PROGRAMS += tests/sandbox/sbtry tests/sandbox/notifywait \
	tests/sandbox/logsink tests/sandbox/execmark
tests_sandbox_notifywait_SOURCES = tests/sandbox/notifywait.c
tests_sandbox_logsink_SOURCES = tests/sandbox/logsink.c
# execmark: no libc, no sanitizer runtime (its own flags replace AM_*).
tests_sandbox_execmark_SOURCES = tests/sandbox/execmark.c
tests_sandbox_execmark_CFLAGS = -O1
tests_sandbox_execmark_LDFLAGS = -nostdlib -static
tests_sandbox_sbtry_SOURCES = tests/sandbox/sbtry.c
tests_sandbox_sbtry_LDADD = $(LIBRPCBINDD)
TESTS += tests/t40-sandbox.sh tests/t41-activation.sh tests/t43-statedir.sh
EXTRA_DIST += tests/t40-sandbox.sh tests/t41-activation.sh \
	tests/t43-statedir.sh
