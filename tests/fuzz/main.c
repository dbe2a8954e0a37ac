// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu-fuzz MODE UUID [--type TYPE] [--seed N] [--seconds S] [--min N]
 * MODE: guest, vmm, life, failnth, isolation or fds (tests/fuzz/README.md).
 * The seed defaults to the time; it is printed, and the same seed replays
 * the same choices (thread interleavings aside).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz.h"

static const struct {
	const char *name;
	int (*run)(const struct fuzz_args *args);
	double seconds;		/* default run time */
} modes[] = {
	{ "guest", fuzz_guest, 60 },
	{ "vmm", fuzz_vmm, 30 },
	{ "life", fuzz_life, 60 },
	{ "failnth", fuzz_failnth, 0 },
	{ "isolation", fuzz_isolation, 10 },
	{ "fds", fuzz_fds, 30 },
};

static int usage(void)
{
	fprintf(stderr, "usage: vgpu-fuzz guest|vmm|life|failnth|isolation|fds UUID "
		"[--type TYPE] [--seed N] [--seconds S] [--min N]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct fuzz_args args = { .type = "1920x1080", .seed = (uint64_t)time(NULL) };
	size_t m;
	int i;

	if (argc < 3)
		return usage();
	for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++)
		if (!strcmp(argv[1], modes[m].name))
			break;
	if (m == sizeof(modes) / sizeof(modes[0]))
		return usage();
	args.uuid = argv[2];
	args.seconds = modes[m].seconds;
	for (i = 3; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--type"))
			args.type = argv[i + 1];
		else if (!strcmp(argv[i], "--seed"))
			args.seed = strtoull(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--seconds"))
			args.seconds = strtod(argv[i + 1], NULL);
		else if (!strcmp(argv[i], "--min"))
			args.min = strtoull(argv[i + 1], NULL, 0);
		else
			return usage();
	}
	if (i != argc)
		return usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	fuzz_guard_init();
	printf("vgpu-fuzz %s: seed %lu (replay with --seed %lu)\n", modes[m].name, args.seed,
	       args.seed);
	return modes[m].run(&args);
}
