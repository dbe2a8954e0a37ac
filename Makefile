# vgpu-display: the kernel module, the user-space tools and their tests.
#
#   make            build the module (against Debian's linux-headers-amd64)
#                   and the tools
#   make check      install what the tests need, lint, run host unit tests
#                   (ASan/UBSan) and the VM tests; ends with "N passed, N failed"
#   make demo       boot a VM, create a vGPU and play a scripted guest
#   make bench      the benchmark in the test VM (bench/README.md)
#   make fuzz       the fuzzers on the debug kernel (tests/fuzz/README.md)
#   make check-debug  the VM suite on the debug kernel (docs/hardening.md;
#                   DEBUG_SUITE=trixie: a debug build of Debian 13's 6.12)
#   make check-rt   the VM suite on Debian's PREEMPT_RT kernel
#   make vm-test T=tests/vm/t_x.sh   run one VM test file
#   make lint       checkpatch --strict and sparse on kernel/
#   make deb        the Debian packages, vgpu-display-dkms among them, in
#                   build/deb (README.md, "Install")
#   make check-kernels  the VM suite on Debian 13's and unstable's kernels
#   make install-boot  load the module at boot and start `mdevctl define
#                   --auto` vGPUs with it (README.md, "Start vGPUs at boot")

# The one version of the module, the library and the tools (NEWS says why
# it is below 1.0).
VERSION := $(shell cat VERSION)
KREL := $(shell scripts/kver.sh 2>/dev/null)
KDIR ?= /usr/src/linux-headers-$(KREL)
BUILD := build
BIN := $(BUILD)/bin

CC ?= gcc
CSTD := -std=c11 -D_GNU_SOURCE
WARN := -Wall -Wextra -Werror
# The shim gives kernel/vgpu_hw.h and the kernel's pure sources the
# kernel's type names on the host.
INCLUDES := -Ishim -Ikernel -Iguest-kms -Itools/vmm -Ilib
CFLAGS ?= -O2 -g
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)
PNG_CFLAGS = $(shell pkg-config --cflags libpng)
PNG_LIBS = $(shell pkg-config --libs libpng)
VNC_LIBS = $(shell pkg-config --libs libvncserver) -lpthread
PREFIX ?= /usr/local
LIBDIR := $(BUILD)/lib

KERNEL_SRC := $(wildcard kernel/vgpu_*.c) $(wildcard kernel/vgpu_*.h) kernel/Kbuild VERSION
# The guest's KMS driver shares the register map, kernel/vgpu_hw.h.
GUEST_KMS_SRC := $(wildcard guest-kms/vgpu_kms_*.c) $(wildcard guest-kms/vgpu_kms_*.h) guest-kms/Kbuild \
	kernel/vgpu_hw.h kernel/vgpu_reg_list.h VERSION
PURE_SRC := kernel/vgpu_cfg.c kernel/vgpu_regs.c kernel/vgpu_ggtt.c kernel/vgpu_plane.c kernel/vgpu_cache.c \
	kernel/vgpu_edid.c kernel/vgpu_monitor.c kernel/vgpu_intr.c guest-kms/vgpu_kms_regs.c
VMM_SRC := tools/vmm/vfio_dev.c tools/vmm/script.c tools/vmm/options.c
LIB_SRC := lib/vfiodisplay.c lib/pixels.c lib/monitor.c
LIB_HDR := lib/vfiodisplay.h lib/pixels.h lib/monitor.h
VMM_HDR := $(wildcard tools/vmm/*.h) kernel/vgpu_hw.h kernel/vgpu_reg_list.h $(wildcard shim/linux/*.h)
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/san/%,$(wildcard tests/unit/test_*.c))
VM_PROGS := $(patsubst tests/vm/%.c,$(BIN)/%,$(wildcard tests/vm/*.c))
BENCH_PROGS := $(BIN)/vgpu_bench $(BIN)/pixels_bench
FUZZ_SRC := $(wildcard tests/fuzz/*.c)

.PHONY: all module tools samples library deps-build unit lint check check-debug check-rt check-kernels deb fuzz \
	bench demo vm-test \
	install uninstall modules_install install-boot uninstall-boot abi-baseline clean

all: module tools

deps-build:
	@scripts/deps.sh build

module: deps-build kernel/vgpu_display.ko guest-kms/vgpu_kms.ko

kernel/vgpu_display.ko: $(KERNEL_SRC)
	@test -d "$(KDIR)" || { echo "make: no kernel headers at $(KDIR): run scripts/deps.sh build"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel modules

# The guest's driver (guest-kms/README.md): built here like the host's, for
# the same kernel, which the VM tests also boot as the nested guest.
guest-kms/vgpu_kms.ko: $(GUEST_KMS_SRC)
	@test -d "$(KDIR)" || { echo "make: no kernel headers at $(KDIR): run scripts/deps.sh build"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/guest-kms modules

tools: deps-build library $(BIN)/vgpu-vmm $(VM_PROGS) guest $(BENCH_PROGS) $(BIN)/vgpu-fuzz

samples: module
	scripts/build-samples.sh

# libvfio-display: a shared library for VMMs, a static one for our tools.
# The soname is libvfio-display.so.2 (.so.1 was 0.2.0's ABI, which 0.3.0
# broke: library-owned frames and the vfiodisplay_ names); the file is named
# from VERSION (as ldconfig and Debian's shlibs expect), .so.2 and .so are
# links to it. lib/libvfio-display.map exports the API, versioned.
SONAME := libvfio-display.so.2
LIB_SO := libvfio-display.so.$(VERSION)
library: $(LIBDIR)/version.ok $(LIBDIR)/$(LIB_SO) $(LIBDIR)/libvfio-display.a

# The header's VFIODISPLAY_VERSION_MAJOR/MINOR/MICRO must say VERSION.
$(LIBDIR)/version.ok: VERSION lib/vfiodisplay.h
	@mkdir -p $(LIBDIR)
	@v=$$(sed -n 's/^#define VFIODISPLAY_VERSION_\(MAJOR\|MINOR\|MICRO\)[[:space:]]*\([0-9]*\).*/\2/p' \
		lib/vfiodisplay.h | paste -sd.); \
	if [ "$$v" != "$(VERSION)" ]; then \
		echo "make: lib/vfiodisplay.h says $$v but VERSION says $(VERSION): set VFIODISPLAY_VERSION_*" >&2; \
		exit 1; \
	fi
	@touch $@

# The monitor's EDID is the module's own generator (kernel/vgpu_edid.c),
# built in through the shim and, like everything internal, not exported.
LIB_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden -DVFIODISPLAY_BUILD -Ilib -Ishim -Ikernel
LIB_OBJS := $(patsubst lib/%.c,$(LIBDIR)/%.o,$(LIB_SRC)) $(LIBDIR)/vgpu_edid.o

$(LIBDIR)/%.o: lib/%.c $(LIB_HDR) kernel/vgpu_hw.h
	@mkdir -p $(LIBDIR)
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(LIBDIR)/vgpu_edid.o: kernel/vgpu_edid.c kernel/vgpu_hw.h
	@mkdir -p $(LIBDIR)
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(LIBDIR)/$(LIB_SO): $(LIB_OBJS) lib/libvfio-display.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/libvfio-display.map \
		-Wl,--no-undefined $(LDFLAGS) -o $@ $(LIB_OBJS)
	ln -sf $(LIB_SO) $(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(LIBDIR)/libvfio-display.so

$(LIBDIR)/libvfio-display.a: $(LIB_OBJS)
	ar rcs $@ $^

VMM_TOOL_SRC := tools/vmm/main.c tools/vmm/png_out.c tools/vmm/vnc.c

$(BIN)/vgpu-vmm: $(VMM_TOOL_SRC) $(VMM_SRC) $(VMM_HDR) $(LIBDIR)/libvfio-display.a VERSION
	@mkdir -p $(BIN)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(INCLUDES) $(PNG_CFLAGS) -DVGPU_VERSION='"$(VERSION)"' -o $@ $(VMM_TOOL_SRC) $(VMM_SRC) $(LIBDIR)/libvfio-display.a $(PNG_LIBS) $(VNC_LIBS)

$(BIN)/%: tests/vm/%.c $(VMM_SRC) $(VMM_HDR) $(LIBDIR)/libvfio-display.a
	@mkdir -p $(BIN)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(INCLUDES) $(CMOCKA_CFLAGS) -o $@ $< $(VMM_SRC) $(LIBDIR)/libvfio-display.a $(CMOCKA_LIBS)
$(BIN)/kms_readback: private CMOCKA_CFLAGS += $(shell pkg-config --cflags libdrm)
$(BIN)/kms_readback: private CMOCKA_LIBS += $(shell pkg-config --libs libdrm)

# tools/guest: a multiboot guest OS for real QEMU that drives a vGPU given
# to it with -device vfio-pci,...,display=on, and vgpu-guest-picture, which
# writes the images it shows as PNG. The guest is freestanding 32-bit code
# with its own flags (no libc, no libgcc: no multilib needed).
GUEST := $(BUILD)/guest
GUEST_OBJS := $(patsubst tools/guest/%,$(GUEST)/%.o,$(basename $(wildcard tools/guest/*.S) \
	$(filter-out tools/guest/picture_png.c,$(wildcard tools/guest/*.c))))
GUEST_HDR := $(wildcard tools/guest/*.h tools/guest/shim/linux/*.h) kernel/vgpu_hw.h kernel/vgpu_reg_list.h
# -fno-tree-loop-distribute-patterns: no memset() calls, as there is none.
GUEST_CFLAGS := -std=c11 $(WARN) -O2 -g -m32 -march=i686 -ffreestanding -fno-pic \
	-fno-stack-protector -mgeneral-regs-only -fno-asynchronous-unwind-tables \
	-fno-tree-loop-distribute-patterns -Itools/guest/shim -Ikernel

.PHONY: guest
guest: $(GUEST)/vgpu-guest.elf $(BIN)/vgpu-guest-picture

$(GUEST)/%.o: tools/guest/%.c $(GUEST_HDR)
	@mkdir -p $(GUEST)
	$(CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST)/%.o: tools/guest/%.S
	@mkdir -p $(GUEST)
	$(CC) -m32 -c -o $@ $<

$(GUEST)/vgpu-guest.elf: $(GUEST_OBJS) tools/guest/guest.ld
	ld -m elf_i386 -nostdlib --build-id=none -z max-page-size=4096 -T tools/guest/guest.ld -o $@ $(GUEST_OBJS)

$(BIN)/vgpu-guest-picture: tools/guest/picture_png.c tools/guest/picture.c tools/guest/picture.h
	@mkdir -p $(BIN)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(PNG_CFLAGS) -o $@ tools/guest/picture_png.c tools/guest/picture.c $(PNG_LIBS)

# The benchmark (bench/README.md): vgpu_bench drives vGPUs in the test VM,
# pixels_bench times the library's pixel work.
$(BIN)/vgpu_bench: bench/vgpu_bench.c $(VMM_SRC) $(VMM_HDR)
	@mkdir -p $(BIN)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(INCLUDES) -o $@ $< $(VMM_SRC) -lpthread

$(BIN)/pixels_bench: bench/pixels_bench.c lib/pixels.c $(LIB_HDR)
	@mkdir -p $(BIN)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -Ilib -o $@ bench/pixels_bench.c lib/pixels.c

# The VM suite on Debian's newer kernels, one after another: Debian 13's
# 6.12 (stock and PREEMPT_RT) and unstable's 7.x (KERNELS picks; the names
# of tests/vm/run's VM_KERNEL). scripts/suite-kernel.sh makes each suite's
# build root with debootstrap, builds our module and the samples there and
# unpacks the kernel; the first run downloads about 1.5 GB.
KERNELS ?= trixie trixie-rt sid
check-kernels:
	@scripts/deps.sh kernels
	@$(MAKE) --no-print-directory all samples deb $(UNIT_TESTS)
	tests/check-kernels.sh $(KERNELS)

# The fuzzers (tests/fuzz/README.md), run in the test VM by `make fuzz`.
$(BIN)/vgpu-fuzz: $(FUZZ_SRC) tests/fuzz/fuzz.h $(VMM_SRC) $(VMM_HDR)
	@mkdir -p $(BIN)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(INCLUDES) -o $@ $(FUZZ_SRC) $(VMM_SRC) -lpthread

# Host unit tests, built with ASan and UBSan.
$(BUILD)/san/%: tests/unit/%.c $(PURE_SRC) $(VMM_SRC) $(VMM_HDR) $(LIB_SRC) $(LIB_HDR) kernel/vgpu_hw.h \
		guest-kms/vgpu_kms_regs.h
	@mkdir -p $(BUILD)/san
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(INCLUDES) $(CMOCKA_CFLAGS) -o $@ $< $(PURE_SRC) $(VMM_SRC) $(LIB_SRC) $(CMOCKA_LIBS)

unit: deps-build $(UNIT_TESTS)
	@for t in $(UNIT_TESTS); do $$t || exit 1; done

lint: module
	tests/lint.sh checkpatch && tests/lint.sh sparse "$(KDIR)"

check:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory all samples deb $(UNIT_TESTS)
	tests/check.sh

# The VM suite on the debug kernel (KASAN, KFENCE, kmemleak, lockdep, UBSAN):
# scripts/debug-kernel.sh builds it once (about an hour here), cached; of
# Debian 12's 6.1, or with DEBUG_SUITE=trixie of Debian 13's 6.12 (from the
# trixie root of scripts/suite-kernel.sh). VM_TESTS picks test files.
DEBUG_SUITE ?= bookworm
DEBUG_VM_KERNEL := debug$(if $(filter-out bookworm,$(DEBUG_SUITE)),-$(DEBUG_SUITE))
check-debug:
	@scripts/deps.sh debug
	@$(if $(filter-out bookworm,$(DEBUG_SUITE)),scripts/deps.sh kernels)
	@$(MAKE) --no-print-directory all samples $(UNIT_TESTS)
	scripts/debug-kernel.sh $(DEBUG_SUITE)
	VM_KERNEL=$(DEBUG_VM_KERNEL) tests/check.sh

# The VM suite on Debian's PREEMPT_RT kernel (linux-image-rt-amd64, same 6.1
# release): tests/vm/run unpacks it and builds our module and the samples
# against linux-headers-rt-amd64 itself, in build/rt-module and
# build/samples-rt, so the stock builds stay as they are.
check-rt:
	@scripts/deps.sh rt
	@$(MAKE) --no-print-directory all samples $(UNIT_TESTS)
	VM_KERNEL=rt tests/check.sh

# The fuzzers (tests/fuzz/README.md), with one seed on the stock kernel
# (the counts) and on the debug kernel (its checkers, and fail-nth):
# FUZZ_SECONDS per timed mode (default 60), FUZZ_SEED to replay a run.
FUZZ_SECONDS ?= 60
FUZZ_SEED := $(or $(FUZZ_SEED),$(shell date +%s))
export FUZZ_SECONDS FUZZ_SEED
fuzz:
	@scripts/deps.sh debug
	@$(MAKE) --no-print-directory all samples
	scripts/debug-kernel.sh
	VM_TIMEOUT=$$((5 * $(FUZZ_SECONDS) + 300)) tests/vm/run tests/fuzz/fuzz.sh
	VM_KERNEL=debug VM_TIMEOUT=$$((5 * $(FUZZ_SECONDS) + 2400)) tests/vm/run tests/fuzz/fuzz.sh
	@echo "make fuzz: passed on both kernels (seed $(FUZZ_SEED))"

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all samples
	bench/run.sh

demo:
	@scripts/deps.sh demo
	@$(MAKE) --no-print-directory all
	VM_OUT=$(CURDIR) tests/vm/run demo/demo.sh
	@echo "make demo: wrote $(CURDIR)/demo.png, the guest's display as the host sees it"
	@echo "make demo: a real Linux guest's console on the vGPU: README.md, 'The guest driver' (tests/vm/t_guest_kms.sh runs one)"

vm-test: all
	tests/vm/run $(T)

# make install DESTDIR=... PREFIX=/usr: the layout Debian packaging wants.
# The libraries and the pkg-config file go to the multiarch directory
# (lib/x86_64-linux-gnu; plain lib when the compiler names none), the header
# to its own include/vfio-display/. The pkg-config file is written here, for
# the directories actually used, not at build time. Any of the directories
# below but pkgincludedir may be set on the command line; make uninstall
# takes the same ones.
ifeq ($(origin MULTIARCH),undefined)
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)
endif
bindir ?= $(PREFIX)/bin
libdir ?= $(PREFIX)/lib$(if $(MULTIARCH),/$(MULTIARCH))
includedir ?= $(PREFIX)/include
pkgincludedir = $(includedir)/vfio-display
pkgconfigdir ?= $(libdir)/pkgconfig
mandir ?= $(PREFIX)/share/man
# In the .pc file, directories under PREFIX are written as ${prefix}/...
pc_dir = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

INSTALLED := $(libdir)/$(LIB_SO) $(libdir)/$(SONAME) $(libdir)/libvfio-display.so \
	$(libdir)/libvfio-display.a $(pkgincludedir)/vfiodisplay.h \
	$(pkgconfigdir)/libvfio-display.pc $(bindir)/vgpu-vmm \
	$(mandir)/man1/vgpu-vmm.1 $(mandir)/man3/vfiodisplay.3

install: library $(BIN)/vgpu-vmm
	install -d $(DESTDIR)$(libdir) $(DESTDIR)$(pkgincludedir) $(DESTDIR)$(pkgconfigdir) \
		$(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man3
	install -m 0644 $(LIBDIR)/$(LIB_SO) $(DESTDIR)$(libdir)/
	ln -sf $(LIB_SO) $(DESTDIR)$(libdir)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(libdir)/libvfio-display.so
	install -m 0644 $(LIBDIR)/libvfio-display.a $(DESTDIR)$(libdir)/
	install -m 0644 lib/vfiodisplay.h $(DESTDIR)$(pkgincludedir)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(call pc_dir,$(libdir))|' \
		-e 's|@INCLUDEDIR@|$(call pc_dir,$(includedir))|' -e 's|@VERSION@|$(VERSION)|' \
		lib/libvfio-display.pc.in >$(DESTDIR)$(pkgconfigdir)/libvfio-display.pc
	chmod 0644 $(DESTDIR)$(pkgconfigdir)/libvfio-display.pc
	install -m 0755 $(BIN)/vgpu-vmm $(DESTDIR)$(bindir)/
	install -m 0644 man/vgpu-vmm.1 $(DESTDIR)$(mandir)/man1/
	install -m 0644 man/vfiodisplay.3 $(DESTDIR)$(mandir)/man3/

# Removes what install put there, and the two directories that are ours.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rmdir $(DESTDIR)$(pkgincludedir) $(DESTDIR)$(pkgconfigdir) 2>/dev/null || true

# make modules_install: the module, for the kernel it was built against
# (its vermagic), into /lib/modules/KREL/updates/, then depmod, so that
# `modprobe vgpu_display` loads drm and drm_shmem_helper first. With
# DESTDIR or INSTALL_MOD_PATH (a staging tree) depmod is left to whoever
# installs that tree.
MOD_KREL = $(firstword $(shell modinfo -F vermagic kernel/vgpu_display.ko 2>/dev/null))
MOD_DIR = $(DESTDIR)$(INSTALL_MOD_PATH)/lib/modules/$(MOD_KREL)/updates

modules_install: kernel/vgpu_display.ko
	@test -n "$(MOD_KREL)" || { echo "make: cannot read the vermagic of kernel/vgpu_display.ko" >&2; exit 1; }
	install -d $(MOD_DIR)
	install -m 0644 kernel/vgpu_display.ko $(MOD_DIR)/
ifeq ($(DESTDIR)$(INSTALL_MOD_PATH),)
	depmod -a $(MOD_KREL)
else
	@echo "make: installed for $(MOD_KREL) under $(DESTDIR)$(INSTALL_MOD_PATH); not running depmod on a staging tree (run depmod -a $(MOD_KREL) once it is installed)"
endif

# make install-boot: data/vgpu-display.conf into modules-load.d, so that
# systemd-modules-load loads the module at boot, and data/61-vgpu-display.rules
# into udev's rules.d, so that udev starts the vGPUs defined with
# `mdevctl define --auto` when the module's parent appears (the rule says why
# mdevctl's own does not on Debian 12). Both under PREFIX/lib, where systemd
# and udev read them: /usr/local/lib for a local install (the default), the
# package's /usr/lib with PREFIX=/usr. /etc is left to the administrator,
# whose file of the same name there overrides or (as a link to /dev/null)
# masks ours. Its own target, not part of install: loading a module at every
# boot is a choice, and one installed without the module fails the boot's
# systemd-modules-load.service.
modulesloaddir ?= $(PREFIX)/lib/modules-load.d
udevrulesdir ?= $(PREFIX)/lib/udev/rules.d
BOOT_INSTALLED := $(modulesloaddir)/vgpu-display.conf $(udevrulesdir)/61-vgpu-display.rules

install-boot:
	install -d $(DESTDIR)$(modulesloaddir) $(DESTDIR)$(udevrulesdir)
	install -m 0644 data/vgpu-display.conf $(DESTDIR)$(modulesloaddir)/
	install -m 0644 data/61-vgpu-display.rules $(DESTDIR)$(udevrulesdir)/

# The directories are shared with other packages: only the files go.
uninstall-boot:
	rm -f $(addprefix $(DESTDIR),$(BOOT_INSTALLED))

# make deb: the packages of debian/ (vgpu-display-dkms, vgpu-display-guest-dkms,
# libvfio-display2, libvfio-display-dev, vgpu-display-tools), built from a copy of the sources
# in build/deb, where dpkg-buildpackage also leaves them: it writes beside
# the source tree, which here would be the checkout's parent.
DEB_DIR := $(BUILD)/deb
deb:
	@scripts/deps.sh deb
	@test "$$(dpkg-parsechangelog -l debian/changelog -S Version)" = "$(VERSION)" || \
		{ echo "make: debian/changelog's version is not VERSION ($(VERSION)): add an entry" >&2; exit 1; }
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/vgpu-display-$(VERSION)
	tar -c --exclude=./build --exclude=./.git --exclude='*.o' --exclude='*.ko' . | \
		tar -x -C $(DEB_DIR)/vgpu-display-$(VERSION)
	cd $(DEB_DIR)/vgpu-display-$(VERSION) && dpkg-buildpackage -b -us -uc >../build.log 2>&1 || \
		{ tail -30 ../build.log; echo "make: dpkg-buildpackage failed: $(DEB_DIR)/build.log" >&2; exit 1; }
	@. /etc/os-release && echo "$$VERSION_CODENAME" >$(DEB_DIR)/built-on
	@ls $(DEB_DIR)/*.deb

# lib/libvfio-display.abi: the ABI that tests/install.sh holds the built
# library to (abidiff). After a deliberate change of the ABI, run this and
# commit the new file with the change.
abi-baseline: library
	abidw --no-corpus-path --no-comp-dir-path --no-show-locs \
		--out-file lib/libvfio-display.abi $(LIBDIR)/$(LIB_SO)

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel clean
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/guest-kms clean
	rm -rf $(BUILD)/bin $(BUILD)/san $(LIBDIR) $(BUILD)/guest
