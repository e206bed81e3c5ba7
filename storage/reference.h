/* reference.h - private: stage a CSV file into ref_stage (see
 * sql/queries/ref_stage.sql), for the reference and mapping loaders. */
#ifndef VH_STORAGE_REFERENCE_H
#define VH_STORAGE_REFERENCE_H

#include "storage.h"

int ref_stage_csv(storage *s, const char *path);

#endif
