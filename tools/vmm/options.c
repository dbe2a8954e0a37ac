// SPDX-License-Identifier: GPL-2.0
#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int vmm_parse_ram(const char *arg, unsigned long *mib, const char **why)
{
	const unsigned long long max_kib = (unsigned long long)VMM_RAM_MIB_MAX << 10;
	unsigned long long n, kib;
	char *end;

	*why = "not a size";
	if (*arg < '0' || *arg > '9')
		return -1;
	errno = 0;
	n = strtoull(arg, &end, 10);
	if (errno == ERANGE || n > max_kib) {
		*why = "out of range: from 1M to 4G";
		return -1;
	}
	switch (*end) {
	case 'K': case 'k':
		kib = n;
		end++;
		break;
	case 'M': case 'm':
		end++;
		/* fall through */
	case '\0':
		kib = n << 10;
		break;
	case 'G': case 'g':
		kib = n << 20;
		end++;
		break;
	default:
		return -1;
	}
	if (*end && strcmp(end, "iB") && strcmp(end, "B"))
		return -1;
	if (!kib || kib > max_kib) {
		*why = "out of range: from 1M to 4G";
		return -1;
	}
	if (kib & 1023) {
		*why = "not a whole number of MiB";
		return -1;
	}
	*mib = (unsigned long)(kib >> 10);
	return 0;
}
