# R-MAT generator tests (included from tests/io/CMakeLists.txt).
nexus_add_mpi_test(rmat_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/rmat_test.cpp LIBS nexus_io)
