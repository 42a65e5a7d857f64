# The layer rule of docs/internals.md, checked on every build (target
# `layers`): a layer may include only the outside libraries listed for it,
# and the core does no I/O. Run: cmake -DROOT=<repo> -P cmake/layers.cmake
#
#   core   lib/core/   libc, libm, pthread; no stdio files, printing, exit, getenv
#   io     lib/io/     + jansson, cairo, fontconfig, xlsxwriter, zlib, curl, cjose
#                      (+ OpenSSL's rand, sha and evp, which cjose stands on,
#                      for GUSA's login randomness and SHA-256: lib/io/gusa/)
#   store  lib/store/  + sqlite3, libpq, libcrypto
#   web    lib/web/    what store has (no HTTP library: that is server/)
#   cli/, server/      anything (server/: libmicrohttpd)
set(outside "jansson|cairo|cairo-pdf|fontconfig/fontconfig|xlsxwriter|zlib|sqlite3|libpq-fe|openssl/[a-z]+|microhttpd|curl/[a-z]+|cjose/[a-z_]+")
set(allowed_core "")
set(allowed_io "jansson|cairo|cairo-pdf|fontconfig/fontconfig|xlsxwriter|zlib|curl/[a-z]+|cjose/[a-z_]+|openssl/(rand|sha|evp|crypto)")
set(allowed_store "${allowed_io}|sqlite3|libpq-fe|openssl/[a-z]+")
set(allowed_web "${allowed_store}")
set(core_io_calls "fopen|fdopen|fwrite|fputs|fprintf|printf|puts|putchar|perror|exit|getenv|setenv|system|popen")

set(errors "")
foreach(layer core io store web)
  file(GLOB_RECURSE files ${ROOT}/lib/${layer}/*.c ${ROOT}/lib/${layer}/*.h ${ROOT}/lib/${layer}/*.inc)
  foreach(f ${files})
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*<")
    foreach(line ${lines})
      string(REGEX MATCH "<([^>]+)\\.h>" m "${line}")
      set(h "${CMAKE_MATCH_1}")
      if(h MATCHES "^(${outside})$")
        if("${allowed_${layer}}" STREQUAL "" OR NOT h MATCHES "^(${allowed_${layer}})$")
          file(RELATIVE_PATH rel ${ROOT} ${f})
          string(APPEND errors "${rel}: <${h}.h> is not allowed in the ${layer} layer\n")
        endif()
      endif()
    endforeach()
    if(layer STREQUAL "core")
      file(STRINGS ${f} calls REGEX "(^|[^a-z_.>])(${core_io_calls})[ \t]*\\(")
      foreach(line ${calls})
        file(RELATIVE_PATH rel ${ROOT} ${f})
        string(STRIP "${line}" line)
        string(APPEND errors "${rel}: the core does no I/O, printing, exit or getenv: ${line}\n")
      endforeach()
    endif()
  endforeach()
endforeach()
# Headers under include/indeks are shared by every layer: none may pull in an
# outside library (callers of the core must not need jansson to compile),
# except the io layer's JSON writer, whose interface is a jansson value.
set(io_json_headers "json_sink.h")
file(GLOB headers ${ROOT}/include/indeks/*.h)
foreach(f ${headers})
  get_filename_component(hname ${f} NAME)
  if(hname MATCHES "^(${io_json_headers})$")
    continue()
  endif()
  file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*<")
  foreach(line ${lines})
    string(REGEX MATCH "<([^>]+)\\.h>" m "${line}")
    if(CMAKE_MATCH_1 MATCHES "^(${outside})$")
      file(RELATIVE_PATH rel ${ROOT} ${f})
      string(APPEND errors "${rel}: a public header includes <${CMAKE_MATCH_1}.h>\n")
    endif()
  endforeach()
endforeach()
# No relative includes reaching into another folder: a layer's internal
# headers are found through its own include directory only.
file(GLOB_RECURSE sources ${ROOT}/lib/*.c ${ROOT}/lib/*.h ${ROOT}/cli/*.c ${ROOT}/cli/*.h
     ${ROOT}/server/*.c ${ROOT}/server/*.h ${ROOT}/tests/*.c ${ROOT}/tools/*.c ${ROOT}/bench/*.c)
foreach(f ${sources})
  file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"\\.\\./")
  foreach(line ${lines})
    file(RELATIVE_PATH rel ${ROOT} ${f})
    string(APPEND errors "${rel}: relative include reaching out of its folder: ${line}\n")
  endforeach()
endforeach()
if(errors)
  message(FATAL_ERROR "The layer rule (docs/internals.md) is broken:\n${errors}")
endif()
