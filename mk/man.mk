# SPDX-License-Identifier: BSD-2-Clause
# Manual pages: share/man/man9/*.9 (and *.9.in templates) built into
# $(BUILDDIR)/man/man9 with a link for every .Nm name, rendered to
# HTML in $(BUILDDIR)/man/html, linted, and installed with their links.
# How to add a page: share/man/README.
#
#	make man		pages, links and HTML
#	make man-lint		mandoc -Tlint every page (prints nothing)
#	make install		also installs pages and links into
#				$(DESTDIR)$(PREFIX)/share/man/man9

MANSRC		:= $(SRCDIR)/share/man/man9
MANB		:= $(BUILDDIR)/man
MAN9DIR		:= $(DESTDIR)$(PREFIX)/share/man/man9
MAN9_IN		:= $(wildcard $(MANSRC)/*.9.in)
MAN9_PLAIN	:= $(wildcard $(MANSRC)/*.9)
MAN9_NAMES	:= $(sort $(notdir $(MAN9_PLAIN) $(MAN9_IN:.in=)))
MAN9_PAGES	:= $(addprefix $(MANB)/man9/,$(MAN9_NAMES))
MAN9_HTML	:= $(addprefix $(MANB)/html/,$(addsuffix .html,$(MAN9_NAMES)))
MANDOC		?= mandoc

ifneq ($(filter $(notdir $(MAN9_IN:.in=)),$(notdir $(MAN9_PLAIN))),)
$(error share/man/man9 has both foo.9 and foo.9.in for: \
	$(filter $(notdir $(MAN9_IN:.in=)),$(notdir $(MAN9_PLAIN))))
endif

.PHONY: man man-lint

# $(MANB) is shared by every configuration, and make runs for several
# may build it at once: every file is written under a name of its own
# (the shell's PID) and renamed into place, so a reader, or another run
# writing the same file, only ever sees a whole one.
#
# Links are made whenever a page changes, each replacing its old one in
# one step, then stale links (and pages whose source is gone) are
# removed (manlinks.sh -p), so the directories mirror the sources and
# readers running beside it never see a link missing.
man: $(MANB)/.links
$(MANB)/.links: $(MAN9_PAGES) $(MAN9_HTML) $(SRCDIR)/mk/manlinks.sh $(MANSRC)
	@for d in $(MANB)/man9:.9 $(MANB)/html:.9.html; do \
		sh $(SRCDIR)/mk/manlinks.sh -p $${d%%:*} $${d#*:} \
		    $(MAN9_PAGES) || exit 1; \
	done
	@touch $@

# A template gets the representation table generated from the same
# mk/arches.tab the build and the representation test read.
$(MANB)/man9/%.9: $(MANSRC)/%.9.in $(ARCHTAB) $(SRCDIR)/mk/mantable.sh
	@mkdir -p $(@D)
	sh $(SRCDIR)/mk/mantable.sh $(ARCHTAB) < $< > $@.$$$$.tmp && \
	    mv -f $@.$$$$.tmp $@ || { rm -f $@.$$$$.tmp; exit 1; }
$(MANB)/man9/%.9: $(MANSRC)/%.9
	@mkdir -p $(@D)
	@cp $< $@.$$$$.tmp && mv -f $@.$$$$.tmp $@ || \
	    { rm -f $@.$$$$.tmp; exit 1; }

# .Xr foo 9 becomes a link to foo.9.html, a page or a link to one.
$(MANB)/html/%.9.html: $(MANB)/man9/%.9
	@mkdir -p $(@D)
	$(MANDOC) -Thtml -Oman=%N.%S.html $< > $@.$$$$.tmp && \
	    mv -f $@.$$$$.tmp $@ || { rm -f $@.$$$$.tmp; exit 1; }

# Run from the page directory, so .Xr to this project's pages and
# links resolve (mandoc looks for NAME.SECTION in the current
# directory); anything not found there or in the host's manuals is
# reported.
man-lint: man
	cd $(MANB)/man9 && $(MANDOC) -Tlint $(MAN9_NAMES)

install:: man
	mkdir -p $(MAN9DIR)
	install -m 644 $(MAN9_PAGES) $(MAN9DIR)/
	sh $(SRCDIR)/mk/manlinks.sh $(MAN9DIR) .9 $(MAN9_PAGES)

# make check builds the pages and HTML too (tests/host/t_man.sh lints
# and installs them).
check-build: man
