// SPDX-License-Identifier: GPL-2.0
#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

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

/* A decimal number from @min to @max, the whole of @s; -1 otherwise. */
static long whole_number(const char *s, long min, long max)
{
	char *end;
	long n;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (*end || errno == ERANGE || n < min || n > max)
		return -1;
	return n;
}

int vmm_parse_vnc(const char *arg, struct vmm_vnc_addr *out, const char **why)
{
	const char *colon = strchr(arg, ':');
	char host[INET_ADDRSTRLEN] = "127.0.0.1";
	bool port_given;
	long n;

	*why = "not [HOST]:DISPLAY or [HOST]::PORT";
	if (!colon)
		return -1;
	if (colon != arg) {
		if ((size_t)(colon - arg) >= sizeof(host))
			return -1;
		memcpy(host, arg, colon - arg);
		host[colon - arg] = '\0';
	}
	if (inet_pton(AF_INET, host, &out->host) != 1) {
		*why = "HOST is not an IPv4 address";
		return -1;
	}
	port_given = colon[1] == ':';
	if (port_given) {
		n = whole_number(colon + 2, 1, 65535);
		*why = "PORT is not from 1 to 65535";
	} else {
		n = whole_number(colon + 1, 0, 65535 - VMM_VNC_PORT_BASE);
		*why = "DISPLAY is not from 0 to 59635 (TCP port 5900 + DISPLAY)";
	}
	if (n < 0)
		return -1;
	out->port = (uint16_t)(port_given ? n : VMM_VNC_PORT_BASE + n);
	out->loopback = (ntohl(out->host.s_addr) >> 24) == 127;
	return 0;
}
