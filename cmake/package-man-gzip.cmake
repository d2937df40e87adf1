# CPack pre-build script (cmake/package.cmake): man pages in a .deb are gzip-compressed
# (Debian policy 12.1), as dh_compress would do; -n keeps the package reproducible.
file(GLOB_RECURSE pages "${CPACK_TEMPORARY_DIRECTORY}/usr/share/man/*")
foreach(page ${pages})
  if(NOT page MATCHES "\\.gz$")
    execute_process(COMMAND gzip -9nf "${page}" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "gzip ${page} failed")
    endif()
  endif()
endforeach()
