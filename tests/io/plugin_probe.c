/* A stand-in HDF5 filter plugin for filter id 32099: loading it creates the file named by
 * NEXUS_PLUGIN_MARKER. plugin_loading.py puts it on HDF5_PLUGIN_PATH and checks that nexus never
 * loads it (H5PLset_loading_state(0)) while h5dump, as a control, does. */
#include <H5PLextern.h>
#include <stdio.h>
#include <stdlib.h>

static size_t passthrough(unsigned flags, size_t cd_nelmts, const unsigned cd_values[],
                          size_t nbytes, size_t* buf_size, void** buf) {
  (void)flags, (void)cd_nelmts, (void)cd_values, (void)buf_size, (void)buf;
  return nbytes;
}

static const H5Z_class2_t probe = {H5Z_CLASS_T_VERS, 32099, 1, 1, "nexus plugin probe",
                                   NULL,             NULL,  passthrough};

H5PL_type_t H5PLget_plugin_type(void) { return H5PL_TYPE_FILTER; }

const void* H5PLget_plugin_info(void) {
  const char* marker = getenv("NEXUS_PLUGIN_MARKER");
  if (marker) {
    FILE* f = fopen(marker, "w");
    if (f) fclose(f);
  }
  return &probe;
}
