# Extra sources and libraries of the readings fuzz targets (fuzz/CMakeLists.txt, and the corpus
# replay in tests/CMakeLists.txt).
set(LOKA_FUZZ_readings_csv_SOURCES "")
set(LOKA_FUZZ_readings_csv_LIBS loka_agri loka_core)
set(LOKA_FUZZ_readings_json_SOURCES ${CMAKE_SOURCE_DIR}/src/sense/readings_ingest.cc)
set(LOKA_FUZZ_readings_json_LIBS loka_store loka_agri loka_text loka_core
                                 nlohmann_json::nlohmann_json)
