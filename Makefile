# kehoach — front door.
#
#   make            build ./kehoach
#   make render     install missing dependencies, build, render plans/*.yaml into out/
#   make check      install missing dependencies, build, run every test
#   make asan       build ./kehoach-asan (AddressSanitizer + UBSan)
#   make bench      benchmarks (bench/RESULTS.md)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

CC      ?= cc
PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/kehoach
LOCALEDIR ?= $(PREFIX)/share/locale

# Debian packages: pkg-config module -> package providing it.
PKG_MODULES  := yaml-0.1 libpcre2-8 libcmark-gfm libutf8proc fontconfig harfbuzz-subset libdeflate json-c \
                libzip libxml-2.0 hunspell
DEB_PACKAGES := pkg-config libyaml-dev libpcre2-dev libcmark-gfm-dev \
                libcmark-gfm-extensions-dev libutf8proc-dev libfontconfig-dev \
                libhpdf-dev libharfbuzz-dev libdeflate-dev libjson-c-dev libzip-dev libxml2-dev libhunspell-dev hunspell-vi fonts-liberation2 fonts-croscore icc-profiles-free poppler-utils qpdf \
                python3 python3-docx libreoffice-writer valgrind gettext locales groff-base cmark-gfm nodejs vim pre-commit git

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-missing-field-initializers \
           -DKEHOACH_DATADIR='"$(DATADIR)"' -DKEHOACH_LOCALEDIR='"$(LOCALEDIR)"' \
           -DKEHOACH_RULES_URL='"$(RULES_URL)"' -Ibuild
# The build honours CPPFLAGS, CFLAGS, LDFLAGS (Debian's hardening flags) and
# PKG_CONFIG; pkg-check stops it with pkg-config's own message when a
# library is missing (instead of a missing header later on).
PKG_CONFIG ?= pkg-config
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKG_MODULES) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKG_MODULES) 2>/dev/null)
PKG_STATUS := $(shell $(PKG_CONFIG) --print-errors --exists $(PKG_MODULES) 2>&1 && echo ok)
# Libraries linked from their Debian static archives when installed (the
# -dev packages ship them): each shared library costs a process start-up
# time and memory pages to map and relocate (five fewer: ~1.5 ms of a 25 ms
# build). Only libraries no other shared library kehoach loads uses (pcre2,
# fontconfig and freetype are also glib's and HarfBuzz's: they stay shared).
STATIC_CANDIDATES := cmark-gfm-extensions cmark-gfm yaml utf8proc deflate
STATIC_LIBS = $(foreach l,$(STATIC_CANDIDATES),$(if $(filter /%,$(shell $(CC) -print-file-name=lib$(l).a)),-l$(l)))
LINK_STATIC := -Wl,-Bstatic
LINK_DYNAMIC := -Wl,-Bdynamic
# libzip and libxml2 are opened by src/docx.c when a DOCX is made (dlopen),
# not linked: with OpenSSL and ICU, which they load, they would add ~4 ms to
# the start of every kehoach process. Their headers come from pkg-config,
# their SONAMEs (what docx.c opens) from the installed libraries.
DLOPEN_LIBS := -lzip -lxml2
soname = $(shell readelf -d $$($(PKG_CONFIG) --variable=libdir $(1))/$(2).so 2>/dev/null | \
           sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
DOCX_SONAMES = $(foreach v,KEHOACH_LIBZIP:libzip:libzip KEHOACH_LIBXML2:libxml-2.0:libxml2,\
                 $(if $(call soname,$(word 2,$(subst :, ,$(v))),$(word 3,$(subst :, ,$(v)))),\
                   -D$(word 1,$(subst :, ,$(v)))='"$(call soname,$(word 2,$(subst :, ,$(v))),$(word 3,$(subst :, ,$(v))))"'))
LIBS    = $(if $(STATIC_LIBS),$(LINK_STATIC) $(STATIC_LIBS) $(LINK_DYNAMIC)) \
          $(filter-out $(STATIC_LIBS) $(DLOPEN_LIBS),$(PKG_LIBS)) -lhpdf -lm -pthread

SRCS := $(wildcard src/*.c src/pdf/*.c)
# Made from the documentation: each rule's help (SARIF) from docs/rules.md.
GENERATED := build/rule_help.h
# Where SARIF's helpUri points (a rule's section is #RULE-ID): the installed
# docs/rules.md unless the build names a web copy, e.g.
#   make RULES_URL=https://github.com/OWNER/kehoach/blob/main/docs/rules.md
RULES_URL ?= file://$(DATADIR)/doc/rules.md
OBJS := $(SRCS:src/%.c=build/%.o)
LIB_OBJS := $(filter-out build/main.o,$(OBJS))

.PHONY: update-po pkg-check fuzz fuzz-deps npm-deps all deps render check check-asan check-valgrind test unit asan install uninstall clean clean-objs bench

all: kehoach

kehoach: $(OBJS) build/locale/vi/LC_MESSAGES/kehoach.mo
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

# The Vietnamese message catalogue, the gettext way. xgettext extracts the
# sources' bilingual formats ("tiếng Việt / English", the literal arguments
# of these functions); po/extract.py splits them into the template
# (msgid: the English part) and the sources' own Vietnamese (a compendium);
# msgmerge brings the translators' po/vi.po up to the template, a message
# it lacks taking the sources' Vietnamese; msgfmt --check compiles it.
# `make update-po` writes po/kehoach.pot and po/vi.po back (commit them);
# make check fails while they lag the sources (tests/run.sh po/).
XGETTEXT_KEYWORDS := -k -kdiag:5 -kdiag_note:3 -kvdiag:5 -kmessage_format:2 -kreport:7 -knote:5 -knote_value:3

# The Makefile too: a changed keyword list must extract again.
build/po/sources.pot: $(SRCS) Makefile
	@mkdir -p build/po
	xgettext --from-code=UTF-8 --add-location=file --sort-by-file $(XGETTEXT_KEYWORDS) \
	  -o $@ $(SRCS) 2>&1 | { grep -v -e 'Empty msgid' -e 'returns the header' -e 'meta information' >&2 || true; }

build/po/kehoach.pot build/po/source-vi.po &: build/po/sources.pot po/extract.py
	python3 po/extract.py build/po/sources.pot build/po/kehoach.pot build/po/source-vi.po

build/po/vi.po: po/vi.po build/po/kehoach.pot build/po/source-vi.po
	msgmerge --quiet --no-fuzzy-matching -C build/po/source-vi.po -o $@ po/vi.po build/po/kehoach.pot

build/locale/vi/LC_MESSAGES/kehoach.mo: build/po/vi.po
	mkdir -p $(@D)
	msgfmt --check -o $@ build/po/vi.po

update-po: build/po/kehoach.pot build/po/vi.po
	cp build/po/kehoach.pot po/kehoach.pot
	msgattrib --no-obsolete -o po/vi.po build/po/vi.po

$(GENERATED): docs/rules.md docs/rule_help.py | build
	python3 docs/rule_help.py docs/rules.md $@

build/%.o: src/%.c src/kehoach.h src/nd30.h $(wildcard src/pdf/*.h) $(GENERATED) | build
	$(if $(filter ok,$(lastword $(PKG_STATUS))),,$(error kehoach: $(PKG_STATUS) -- $(PKG_CONFIG) cannot find the libraries; run 'make deps'))
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(if $(filter build/docx.o,$@),$(DOCX_SONAMES)) -c -o $@ $<

pkg-check:
	@$(PKG_CONFIG) --print-errors --exists $(PKG_MODULES) || \
	  { echo "kehoach: $(PKG_CONFIG) không tìm thấy thư viện ở trên; chạy 'make deps' / $(PKG_CONFIG) cannot find the libraries above; run 'make deps'" >&2; exit 1; }

build:
	mkdir -p build

# Installs what is missing, from Debian's packages (pkg-config first).
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "kehoach: installing$$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

render: deps
	$(MAKE) kehoach
	./kehoach build -o out plans/*.yaml

UNIT_TESTS := $(patsubst tests/unit/%.c,build/%,$(wildcard tests/unit/test_*.c))

check: deps npm-deps
	$(MAKE) kehoach unit
	tests/run.sh

# The JSON Schema validator for tests/schema.sh and tests/sarif.js (with the
# SARIF 2.1.0 schema, shipped in @microsoft/jest-sarif), from the npm registry into
# build/npm (never global). Debian's nodejs comes without npm: install it.
NPM_TOOLS := build/npm/node_modules/.bin/ajv build/npm/node_modules/yaml/package.json \
             build/npm/node_modules/ajv-draft-04/package.json \
             build/npm/node_modules/@microsoft/jest-sarif/package.json

npm-deps: $(NPM_TOOLS)

$(NPM_TOOLS) &:
	@command -v npm >/dev/null || { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends npm; }
	npm install --prefix build/npm --no-audit --no-fund ajv-cli@5 ajv-formats@3 yaml@2 \
	  ajv-draft-04@1 @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null
	touch $(NPM_TOOLS)

test: check

unit: $(UNIT_TESTS)

build/test_%: tests/unit/test_%.c $(LIB_OBJS) src/kehoach.h
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS)

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer

asan: kehoach-asan

kehoach-asan: $(SRCS) src/kehoach.h src/nd30.h $(wildcard src/pdf/*.h) $(GENERATED)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(ASAN_FLAGS) $(PKG_CFLAGS) $(DOCX_SONAMES) $(LDFLAGS) -o $@ $(SRCS) $(LIBS)

# The whole suite under AddressSanitizer + UBSan, then the golden tests
# under valgrind memcheck (errors and leaks fail the run) and a -j 2 build
# under helgrind (data races fail it).
check-asan: deps npm-deps kehoach-asan unit
	KEHOACH=./kehoach-asan tests/run.sh

check-valgrind: deps kehoach unit
	WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect" tests/run.sh golden
	@# -j: the threads share the options, rules, templates and fonts; helgrind
	@# checks that they only read them.
	rm -rf build/helgrind
	valgrind --tool=helgrind -q --error-exitcode=99 ./kehoach build -q -j 2 --format md,pdf,docx -o build/helgrind \
	  plans/ngok-bay-2025.yaml plans/tan-yen-2026.yaml
	@echo "helgrind: no data race in build -j 2"

# Fuzzing with libFuzzer (clang + libclang-rt-14-dev from Debian):
#   make fuzz FUZZ_TIME=900     each target for FUZZ_TIME seconds
# Corpora start from plans/, tests/ and templates/; crashers land in
# tests/fuzz/crashes/ (keep each one as a regression test).
FUZZ_TIME ?= 60
FUZZ_CC   ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
              -Wall -Werror=incompatible-pointer-types -Werror=implicit-function-declaration
FUZZERS := build/fuzz_plan build/fuzz_pdf build/fuzz_docx build/fuzz_template build/fuzz_lsp

fuzz-deps:
	@command -v $(FUZZ_CC) >/dev/null && dpkg-query -W libclang-rt-14-dev >/dev/null 2>&1 || \
	  { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; $$SUDO apt-get install -y -qq clang libclang-rt-14-dev; }

build/fuzz_plan: tests/fuzz/fuzz_plan.c $(filter-out src/main.c,$(SRCS)) src/kehoach.h $(GENERATED) | build
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -D_GNU_SOURCE $(PKG_CFLAGS) -Isrc -Ibuild -DKEHOACH_RULES_URL='"$(RULES_URL)"' -o $@ $< $(filter-out src/main.c,$(SRCS)) $(LIBS)

build/fuzz_pdf: tests/fuzz/fuzz_plan.c $(filter-out src/main.c,$(SRCS)) src/kehoach.h $(GENERATED) | build
	$(FUZZ_CC) $(FUZZ_FLAGS) -DFUZZ_PDF -std=c11 -D_GNU_SOURCE $(PKG_CFLAGS) -Isrc -Ibuild -DKEHOACH_RULES_URL='"$(RULES_URL)"' -o $@ $< $(filter-out src/main.c,$(SRCS)) $(LIBS)

build/fuzz_docx: tests/fuzz/fuzz_docx.c tests/fuzz/fuzz_plan.c $(filter-out src/main.c,$(SRCS)) src/kehoach.h $(GENERATED) | build
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -D_GNU_SOURCE $(PKG_CFLAGS) $(DOCX_SONAMES) -Isrc -Ibuild -DKEHOACH_RULES_URL='"$(RULES_URL)"' -o $@ $< $(filter-out src/main.c,$(SRCS)) $(LIBS) -lzip

build/fuzz_template: tests/fuzz/fuzz_template.c $(filter-out src/main.c,$(SRCS)) src/kehoach.h $(GENERATED) | build
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -D_GNU_SOURCE $(PKG_CFLAGS) -Isrc -Ibuild -DKEHOACH_RULES_URL='"$(RULES_URL)"' -o $@ $< $(filter-out src/main.c,$(SRCS)) $(LIBS)

build/fuzz_lsp: tests/fuzz/fuzz_lsp.c $(filter-out src/main.c,$(SRCS)) src/kehoach.h $(GENERATED) | build
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -D_GNU_SOURCE $(PKG_CFLAGS) -Isrc -Ibuild -DKEHOACH_RULES_URL='"$(RULES_URL)"' -o $@ $< $(filter-out src/main.c,$(SRCS)) $(LIBS)

fuzz: deps fuzz-deps $(FUZZERS)
	tests/fuzz/run.sh $(FUZZ_TIME)

MANDIR ?= $(PREFIX)/share/man

install: kehoach
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/templates \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 kehoach $(DESTDIR)$(PREFIX)/bin/kehoach
	install -m 644 templates/*.tmpl templates/README.md $(DESTDIR)$(DATADIR)/templates/
	install -m 644 man/kehoach.1 $(DESTDIR)$(MANDIR)/man1/kehoach.1
	install -m 644 man/kehoach-plan.5 $(DESTDIR)$(MANDIR)/man5/kehoach-plan.5
	install -d $(DESTDIR)$(DATADIR)/schema
	install -m 644 schema/*.schema.json $(DESTDIR)$(DATADIR)/schema/
	install -d $(DESTDIR)$(DATADIR)/doc
	install -m 644 docs/rules.md $(DESTDIR)$(DATADIR)/doc/rules.md
	install -d $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES
	install -m 644 build/locale/vi/LC_MESSAGES/kehoach.mo $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES/kehoach.mo

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kehoach $(DESTDIR)$(MANDIR)/man1/kehoach.1
	rm -f $(DESTDIR)$(MANDIR)/man5/kehoach-plan.5
	rm -f $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES/kehoach.mo
	rm -rf $(DESTDIR)$(DATADIR)

bench: deps kehoach
	bench/run.sh

clean-objs:
	rm -rf build

clean: clean-objs
	rm -f kehoach kehoach-asan
	rm -rf out
