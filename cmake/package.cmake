# ---- package: `cmake --build build --target package` writes build/oomtool_<version>_<arch>.deb
# One binary package with the command, the library and its development files. The layout
# is the install's (CMakeLists.txt) under /usr: the library in /usr/lib/<multiarch>, where
# the loader looks, so the installed binary carries no RUNPATH.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME oomtool)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "oomtool maintainers <maintainers@users.noreply.r-seed-73d71de2.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "find, explain and prevent Linux out-of-memory kills")
set(CPACK_PACKAGE_DESCRIPTION "oomtool finds every OOM kill in a machine's logs (journal, \
/dev/kmsg, syslog, pasted dmesg), explains why the kernel chose its victim, shows who holds \
the memory now and adds swap safely. liboomtool gives a second program the same answers.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: what the ELF files link, from dpkg-shlibdeps (libc6, libsmartcols1), and zlib1g:
# dlopen()ed, it reads .gz logs where libisal2 (a Recommends) is missing
set(CPACK_DEBIAN_PACKAGE_DEPENDS "zlib1g")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# shlibs for liboomtool.so.0 and the ldconfig trigger for a package that ships a library
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# Recommends: what is dlopen()ed on first use (lib/util/dl.h), which dpkg-shlibdeps cannot
# see: libsystemd (the journal, lib/source/sd-journal-dl.c), libproc2 (lib/proc/procps.c),
# libncursesw (top-mem --watch, cmd/top-mem-tui.c), libisal (.gz logs, lib/source/gunzip.c;
# zlib, also dlopen()ed, reads them without it). Each command works without them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libsystemd0, libproc2-0, libncursesw6, libisal2")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/package-man-gzip.cmake)
include(CPack)
