# tests/mutants/local.mk — `make mutants`: every planted bug of
# tests/mutants/mutants.tsv applied to a scratch copy of the distribution
# (build-mut/), rebuilt and run against the tests named for it; a survivor
# fails. MUTANTS="ID ..." runs only those; MUTANT_ROTATE=N a daily slice.
EXTRA_DIST += tests/mutants/run.sh tests/mutants/mutants.tsv

mutants:
	builddir='$(abs_builddir)' $(SHELL) $(srcdir)/tests/mutants/run.sh \
	    $(if $(MUTANT_ROTATE),--rotate $(MUTANT_ROTATE)) $(MUTANTS)

.PHONY: mutants
