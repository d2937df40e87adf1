/* SPDX-License-Identifier: MIT */
#ifndef OOMT_UTIL_CPUS_H
#define OOMT_UTIL_CPUS_H

#include <stdbool.h>

/* Whether this thread may run on a second CPU (its affinity mask, as taskset sets it): a
 * read split over two threads is only faster there. */
bool oomt_second_cpu(void);

#endif
