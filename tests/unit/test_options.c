// SPDX-License-Identifier: GPL-2.0
/* Host unit tests of vgpu-vmm's option values: --ram. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "options.h"

static unsigned long ram(const char *arg)
{
	const char *why = NULL;
	unsigned long mib = 12345;

	assert_int_equal(vmm_parse_ram(arg, &mib, &why), 0);
	return mib;
}

static const char *refused(const char *arg)
{
	const char *why = NULL;
	unsigned long mib = 12345;

	assert_int_equal(vmm_parse_ram(arg, &mib, &why), -1);
	assert_int_equal(mib, 12345);
	assert_non_null(why);
	return why;
}

/* A plain number is MiB, in decimal even with a leading zero. */
static void test_decimal_mib(void **state)
{
	(void)state;
	assert_int_equal(ram("64"), 64);
	assert_int_equal(ram("010"), 10);
	assert_int_equal(ram("1"), 1);
	assert_int_equal(ram("4096"), 4096);
}

static void test_suffixes(void **state)
{
	(void)state;
	assert_int_equal(ram("64M"), 64);
	assert_int_equal(ram("64m"), 64);
	assert_int_equal(ram("64MiB"), 64);
	assert_int_equal(ram("64MB"), 64);
	assert_int_equal(ram("1G"), 1024);
	assert_int_equal(ram("4G"), 4096);
	assert_int_equal(ram("2048K"), 2);
	assert_int_equal(ram("1024KiB"), 1);
}

static void test_junk(void **state)
{
	(void)state;
	assert_string_equal(refused("x"), "not a size");
	assert_string_equal(refused(""), "not a size");
	assert_string_equal(refused("-1"), "not a size");
	assert_string_equal(refused(" 64"), "not a size");
	assert_string_equal(refused("+64"), "not a size");
	assert_string_equal(refused("0x40"), "not a size");
	assert_string_equal(refused("64x"), "not a size");
	assert_string_equal(refused("64Mx"), "not a size");
	assert_string_equal(refused("64T"), "not a size");
	assert_string_equal(refused("64 M"), "not a size");
}

static void test_range(void **state)
{
	(void)state;
	assert_string_equal(refused("0"), "out of range: from 1M to 4G");
	assert_string_equal(refused("0G"), "out of range: from 1M to 4G");
	assert_string_equal(refused("4097"), "out of range: from 1M to 4G");
	assert_string_equal(refused("5G"), "out of range: from 1M to 4G");
	assert_string_equal(refused("4194305K"), "out of range: from 1M to 4G");
	assert_string_equal(refused("99999999999999999999999"), "out of range: from 1M to 4G");
	/* Large enough to wrap when shifted to KiB. */
	assert_string_equal(refused("18014398509481985G"), "out of range: from 1M to 4G");
	assert_string_equal(refused("1025K"), "not a whole number of MiB");
	assert_string_equal(refused("512K"), "not a whole number of MiB");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal_mib),
		cmocka_unit_test(test_suffixes),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
