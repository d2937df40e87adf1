# Included at install time by the install(CODE) of each systemd unit (CMakeLists.txt): the
# unit finished with the installed binary's path, and installed with the files in UNIT_EXTRA.
# In: UNIT_IN (the template), UNIT_DIR (where units go, relative to the prefix), UNIT_BINDIR
# (the binary's directory, relative or absolute), UNIT_WORK (a directory of the build).
# @EXEC@ is the binary's absolute path, in double quotes when it holds a space: systemd
# splits an ExecStart= line at spaces outside quotes.
string(MD5 dest "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}")
get_filename_component(bindir "${UNIT_BINDIR}" ABSOLUTE BASE_DIR "${CMAKE_INSTALL_PREFIX}")
set(EXEC "${bindir}/oomtool")
if(EXEC MATCHES "[ \t]")
  set(EXEC "\"${EXEC}\"")
endif()
get_filename_component(name "${UNIT_IN}" NAME_WLE)
set(unit "${UNIT_WORK}/${dest}/${name}")
configure_file("${UNIT_IN}" "${unit}" @ONLY)
file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/${UNIT_DIR}" TYPE FILE FILES "${unit}" ${UNIT_EXTRA})
