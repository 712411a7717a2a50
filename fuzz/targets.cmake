# The libFuzzer targets, each fuzz/<name>_fuzzer.cc with its extra sources and libraries: one
# list for the fuzzers (fuzz/CMakeLists.txt, clang only) and the corpus replay of every
# `make test` (tests/CMakeLists.txt), so the two cannot drift. `make fuzz` builds them all (the
# `fuzzers` target) and scripts/fuzz.sh runs every fuzzer it finds built.
set(LOKA_FUZZ_TARGETS model labelled text readings_csv readings_json langid_model langid_text
                      fed_payload sms_inbound documents)

# Model files, labelled training data, the text pipeline.
foreach(name model labelled text)
  set(LOKA_FUZZ_${name}_LIBS loka_learn loka_text loka_core)
endforeach()
# Sensor readings: the CSV reader (agri) and the JSON batch reader (sense). The latter is built
# from its sources (and the retention cutoff it asks) rather than all of loka_sense (MQTT, the
# webhook client).
set(LOKA_FUZZ_readings_csv_LIBS loka_agri loka_core)
set(LOKA_FUZZ_readings_json_SOURCES ${CMAKE_SOURCE_DIR}/src/sense/readings_ingest.cc
                                    ${CMAKE_SOURCE_DIR}/src/sense/retention.cc)
set(LOKA_FUZZ_readings_json_LIBS loka_store loka_agri loka_text loka_core
                                 nlohmann_json::nlohmann_json)
# Language ID: the model file reader, and the text path (cleanup, identification with a model
# trained in-process).
foreach(name langid_model langid_text)
  set(LOKA_FUZZ_${name}_LIBS loka_langid loka_learn loka_text loka_core)
endforeach()
# Federation payloads: messages, MQTT chunks through a Receiver, transfer files, enrolment.
set(LOKA_FUZZ_fed_payload_LIBS loka_fed loka_core)
# What an SMS gateway hands the helpline: charset decoding, the sender's number, SMS counting.
set(LOKA_FUZZ_sms_inbound_LIBS loka_helpline loka_text loka_core)
# Documents for the knowledge base: text, Markdown and HTML extraction, passages, query keys.
set(LOKA_FUZZ_documents_LIBS loka_search loka_text loka_core)
