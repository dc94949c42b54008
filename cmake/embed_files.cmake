# embed_files.cmake: writes OUT, a C file holding the files of DIR as byte
# arrays with a lookup table, so the program serves its page wherever it
# runs from. Run as: cmake -DDIR=... -DOUT=... -DFILES=a,b -P embed_files.cmake
string(REPLACE "," ";" FILES "${FILES}")
set(body "/* Generated from ${DIR} by cmake/embed_files.cmake. Do not edit. */\n")
string(APPEND body "#include \"web_assets.h\"\n\n")
set(table "")
set(i 0)
foreach(name IN LISTS FILES)
  file(READ "${DIR}/${name}" hex HEX)
  string(LENGTH "${hex}" hex_len)
  math(EXPR size "${hex_len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "static const unsigned char asset_${i}[] = {${bytes}0};\n")
  string(APPEND table "  {\"/${name}\", asset_${i}, ${size}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nconst ns_web_asset ns_web_assets[] = {\n${table}  {0, 0, 0}};\n")
file(WRITE "${OUT}" "${body}")
