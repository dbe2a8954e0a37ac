// SPDX-License-Identifier: GPL-2.0
/* Host unit tests of vgpu-vmm's option values: --ram and --vnc. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>

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

/* --vnc ARG's port; the address must be @host and @loopback as given. */
static unsigned int vnc_port(const char *arg, const char *host, bool loopback)
{
	struct vmm_vnc_addr a;
	const char *why = NULL;
	char text[INET_ADDRSTRLEN];

	assert_int_equal(vmm_parse_vnc(arg, &a, &why), 0);
	assert_non_null(inet_ntop(AF_INET, &a.host, text, sizeof(text)));
	assert_string_equal(text, host);
	assert_int_equal(a.loopback, loopback);
	return a.port;
}

static const char *vnc_refused(const char *arg)
{
	struct vmm_vnc_addr a;
	const char *why = NULL;

	assert_int_equal(vmm_parse_vnc(arg, &a, &why), -1);
	assert_non_null(why);
	return why;
}

/* A display number, as QEMU's -vnc and vncviewer read it: port 5900 + N. */
static void test_vnc_display(void **state)
{
	(void)state;
	assert_int_equal(vnc_port("127.0.0.1:0", "127.0.0.1", true), 5900);
	assert_int_equal(vnc_port(":1", "127.0.0.1", true), 5901);
	assert_int_equal(vnc_port("127.1.2.3:7", "127.1.2.3", true), 5907);
	assert_int_equal(vnc_port("0.0.0.0:0", "0.0.0.0", false), 5900);
	assert_int_equal(vnc_port("192.168.1.5:2", "192.168.1.5", false), 5902);
	assert_int_equal(vnc_port(":59635", "127.0.0.1", true), 65535);
	assert_int_equal(vnc_port(":05", "127.0.0.1", true), 5905);
}

/* Two colons give the TCP port itself, as vncviewer's HOST::PORT. */
static void test_vnc_port(void **state)
{
	(void)state;
	assert_int_equal(vnc_port("127.0.0.1::5900", "127.0.0.1", true), 5900);
	assert_int_equal(vnc_port("::1", "127.0.0.1", true), 1);
	assert_int_equal(vnc_port("10.0.0.1::65535", "10.0.0.1", false), 65535);
}

static void test_vnc_junk(void **state)
{
	(void)state;
	assert_string_equal(vnc_refused("5900"), "not [HOST]:DISPLAY or [HOST]::PORT");
	assert_string_equal(vnc_refused(""), "not [HOST]:DISPLAY or [HOST]::PORT");
	assert_string_equal(vnc_refused("localhost:0"), "HOST is not an IPv4 address");
	assert_string_equal(vnc_refused("1.2.3:0"), "HOST is not an IPv4 address");
	assert_string_equal(vnc_refused("127.0.0.1111111111111:0"),
			    "not [HOST]:DISPLAY or [HOST]::PORT");
	assert_string_equal(vnc_refused(":59636"),
			    "DISPLAY is not from 0 to 59635 (TCP port 5900 + DISPLAY)");
	assert_string_equal(vnc_refused(":-1"),
			    "DISPLAY is not from 0 to 59635 (TCP port 5900 + DISPLAY)");
	assert_string_equal(vnc_refused(":x"),
			    "DISPLAY is not from 0 to 59635 (TCP port 5900 + DISPLAY)");
	assert_string_equal(vnc_refused(":"),
			    "DISPLAY is not from 0 to 59635 (TCP port 5900 + DISPLAY)");
	assert_string_equal(vnc_refused(":1:2"),
			    "DISPLAY is not from 0 to 59635 (TCP port 5900 + DISPLAY)");
	assert_string_equal(vnc_refused("::0"), "PORT is not from 1 to 65535");
	assert_string_equal(vnc_refused("::65536"), "PORT is not from 1 to 65535");
	assert_string_equal(vnc_refused("::99999999999999999999"), "PORT is not from 1 to 65535");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal_mib),
		cmocka_unit_test(test_suffixes),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_vnc_display),
		cmocka_unit_test(test_vnc_port),
		cmocka_unit_test(test_vnc_junk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
