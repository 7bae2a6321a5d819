#	$simplelock: mk/litmus.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# make litmus: the memory-model proof.  The checker against the
# published verdicts (the catalogue, written into $(LITMUS_OUT)/catalogue
# by tests/litmus/mkcatalogue.py), then every modelled
# ARCH's compiled lock/try/unlock as litmus tests (tests/litmus/run.sh):
# prints the verdict per ARCH and property, writes the litmus files
# (catalogue/, ports/), the report (report.txt, summary.txt) into $(LITMUS_OUT).
# make litmus LITMUS="a.litmus b.litmus": herd7's Observation line for
# each given file.

LITMUS_OUT	?= $(BUILDDIR)/litmus

litmus:
ifneq ($(strip $(LITMUS)),)
	@python3 $(SRCDIR)/tools/litmus/litmus.py $(LITMUS)
else
	@mkdir -p $(LITMUS_OUT)
	@rm -rf $(LITMUS_OUT)/catalogue
	@python3 $(SRCDIR)/tests/litmus/mkcatalogue.py $(LITMUS_OUT)/catalogue
	@python3 $(SRCDIR)/tests/litmus/verify.py \
	    $(LITMUS_OUT)/catalogue/*/verdicts.tab \
	    > $(LITMUS_OUT)/catalogue.txt; rc=$$?; \
	    echo "catalogue: $$(tail -n 1 $(LITMUS_OUT)/catalogue.txt)" \
	    "(see $(LITMUS_OUT)/catalogue.txt)"; [ $$rc -eq 0 ]
	@sh $(SRCDIR)/tests/litmus/run.sh $(SRCDIR) $(LITMUS_OUT)
endif

.PHONY: litmus
