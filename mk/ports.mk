# Port maintenance targets.
#
#	make audit	the object-code ordering audit, every ARCH and
#			flavour (as the host test t_audit runs it)
#	make archtable	README.md's architecture table from mk/arches.tab

.PHONY: audit archtable

audit:
	@mkdir -p $(BUILDDIR); rc=0; for a in $(ALL_ARCHES); do for i in port common; do \
		if sh $(SRCDIR)/tests/audit/audit.sh $(SRCDIR) $$a $$i \
		    > $(BUILDDIR)/audit.out 2>&1; then \
			echo "audit $$a $$i: ordered"; \
		else \
			echo "audit $$a $$i: FAILED"; \
			cat $(BUILDDIR)/audit.out; rc=1; \
		fi; done; done; exit $$rc

archtable:
	sh $(SRCDIR)/mk/archtable.sh -u $(ARCHTAB) $(SRCDIR)/README.md
