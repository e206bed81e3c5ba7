# vh_embed_sql(TARGET PREFIX DIR) - generate ${PREFIX}.c/.h from the .sql
# files under DIR (migrations: DIR/NNNN_*.sql, queries: DIR/queries/*.sql)
# and add them to TARGET.
function(vh_embed_sql target prefix dir)
  file(GLOB migrations CONFIGURE_DEPENDS ${dir}/[0-9]*.sql)
  file(GLOB queries CONFIGURE_DEPENDS ${dir}/queries/*.sql)
  set(out_c ${CMAKE_CURRENT_BINARY_DIR}/${prefix}.c)
  set(out_h ${CMAKE_CURRENT_BINARY_DIR}/${prefix}.h)
  add_custom_command(
    OUTPUT ${out_c} ${out_h}
    COMMAND ${CMAKE_COMMAND} -DOUT_C=${out_c} -DOUT_H=${out_h} -DPREFIX=${prefix}
            "-DMIGRATIONS=${migrations}" "-DQUERIES=${queries}"
            -P ${VH_EMBED_SQL_SCRIPT}
    DEPENDS ${migrations} ${queries} ${VH_EMBED_SQL_SCRIPT}
    COMMENT "Embedding SQL from ${dir}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out_c})
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_BINARY_DIR})
endfunction()
