// SPDX-License-Identifier: GPL-2.0
#include "script.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vgpu_hw.h"

struct name_value {
	const char *name;
	uint64_t value;
};

static const struct name_value bar0_names[] = {
#define VGPU_REG(name, off, wmask, reset) { #name, off },
#include "vgpu_reg_list.h"
	{ NULL, 0 }
};

static const struct name_value cfg_names[] = {
	{ "VENDOR_ID", PCI_VENDOR_ID },
	{ "DEVICE_ID", PCI_DEVICE_ID },
	{ "COMMAND", PCI_COMMAND },
	{ "STATUS", PCI_STATUS },
	{ "CLASS_REVISION", PCI_CLASS_REVISION },
	{ "HEADER_TYPE", PCI_HEADER_TYPE },
	{ "BAR0", PCI_BASE_ADDRESS_0 },
	{ "BAR1", PCI_BASE_ADDRESS_1 },
	{ "BAR2", PCI_BASE_ADDRESS_2 },
	{ "BAR3", PCI_BASE_ADDRESS_3 },
	{ "BAR4", PCI_BASE_ADDRESS_4 },
	{ "BAR5", PCI_BASE_ADDRESS_5 },
	{ "SUBSYSTEM_VENDOR_ID", PCI_SUBSYSTEM_VENDOR_ID },
	{ "SUBSYSTEM_ID", PCI_SUBSYSTEM_ID },
	{ "ROM_ADDRESS", PCI_ROM_ADDRESS },
	{ "CAPABILITY_LIST", PCI_CAPABILITY_LIST },
	{ "INTERRUPT_LINE", PCI_INTERRUPT_LINE },
	{ "INTERRUPT_PIN", PCI_INTERRUPT_PIN },
	{ NULL, 0 }
};

static const struct name_value region_names[] = {
	{ "bar0", VFIO_PCI_BAR0_REGION_INDEX },
	{ "bar1", VFIO_PCI_BAR1_REGION_INDEX },
	{ "bar2", VFIO_PCI_BAR2_REGION_INDEX },
	{ "aperture", VFIO_PCI_BAR2_REGION_INDEX },
	{ "bar3", VFIO_PCI_BAR3_REGION_INDEX },
	{ "bar4", VFIO_PCI_BAR4_REGION_INDEX },
	{ "bar5", VFIO_PCI_BAR5_REGION_INDEX },
	{ "rom", VFIO_PCI_ROM_REGION_INDEX },
	{ "cfg", VFIO_PCI_CONFIG_REGION_INDEX },
	{ "vga", VFIO_PCI_VGA_REGION_INDEX },
	{ NULL, 0 }
};

static const struct name_value errno_names[] = {
	{ "EINVAL", EINVAL }, { "EIO", EIO }, { "EFAULT", EFAULT },
	{ "ENOENT", ENOENT }, { "ENOTTY", ENOTTY }, { "EBUSY", EBUSY },
	{ "EPERM", EPERM }, { "EACCES", EACCES }, { "ENOSPC", ENOSPC },
	{ "ETIMEDOUT", ETIMEDOUT }, { "ENODEV", ENODEV }, { "E2BIG", E2BIG },
	{ "ENOMEM", ENOMEM }, { "EBADF", EBADF }, { "ENXIO", ENXIO },
	{ NULL, 0 }
};

static const char *region_name(unsigned int index)
{
	const struct name_value *r;

	for (r = region_names; r->name; r++)
		if (r->value == index)
			return r->name;
	return "region?";
}

static const char *const op_names[] = {
	[SCRIPT_READ] = "read", [SCRIPT_WRITE] = "write",
	[SCRIPT_GGTT] = "ggtt", [SCRIPT_FILL] = "fill",
	[SCRIPT_POKE] = "poke", [SCRIPT_PEEK] = "peek",
	[SCRIPT_MAP] = "map", [SCRIPT_UNMAP] = "unmap",
	[SCRIPT_RESET] = "reset", [SCRIPT_PINNED] = "pinned",
	[SCRIPT_WAIT_REQUEST] = "wait-request", [SCRIPT_CLOSE] = "close",
	[SCRIPT_ECHO] = "echo",
};

#define MAX_TOKENS 12

struct parser {
	char *tok[MAX_TOKENS];
	int n;
	int next;
	char *err;
	size_t err_len;
};

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, p->err_len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *next_token(struct parser *p)
{
	return p->next < p->n ? p->tok[p->next++] : NULL;
}

static bool lookup(const struct name_value *t, const char *name, uint64_t *v)
{
	for (; t->name; t++) {
		if (!strcasecmp(t->name, name)) {
			*v = t->value;
			return true;
		}
	}
	return false;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

static int number(struct parser *p, const char *what, uint64_t *v)
{
	const char *s = next_token(p);

	if (!parse_u64(s, v))
		return fail(p, "%s: expected a number, got '%s'", what,
			    s ? s : "end of line");
	return 0;
}

static int region(struct parser *p, struct script_cmd *cmd)
{
	const char *s = next_token(p);
	uint64_t v;

	if (s && (lookup(region_names, s, &v) || parse_u64(s, &v)) &&
	    v <= UINT32_MAX) {
		cmd->region = (unsigned int)v;
		return 0;
	}
	return fail(p, "unknown region '%s'", s ? s : "end of line");
}

/* A number, a register name of the region, or ggtt[N] in BAR0. */
static int offset(struct parser *p, struct script_cmd *cmd)
{
	const char *s = next_token(p);
	unsigned long long idx;
	char tail;

	if (!s)
		return fail(p, "missing offset");
	snprintf(cmd->text, sizeof(cmd->text), "%s", s);
	if (parse_u64(s, &cmd->off))
		return 0;
	if (cmd->region == VFIO_PCI_BAR0_REGION_INDEX &&
	    sscanf(s, "ggtt[%llu%c", &idx, &tail) == 2 && tail == ']') {
		cmd->off = VGPU_GGTT_BASE + 8 * (uint64_t)idx;
		return 0;
	}
	if (cmd->region == VFIO_PCI_BAR0_REGION_INDEX &&
	    lookup(bar0_names, s, &cmd->off))
		return 0;
	if (cmd->region == VFIO_PCI_CONFIG_REGION_INDEX &&
	    lookup(cfg_names, s, &cmd->off))
		return 0;
	return fail(p, "unknown offset '%s'", s);
}

/* The optional tail: "expect V", "mask M", "errno E", in any order. */
static int tail(struct parser *p, struct script_cmd *cmd, bool may_expect)
{
	const char *s;
	uint64_t v;

	while ((s = next_token(p))) {
		if (!strcmp(s, "expect") && may_expect) {
			if (number(p, "expect", &cmd->value))
				return -EINVAL;
			cmd->expect = true;
		} else if (!strcmp(s, "mask") && may_expect) {
			if (number(p, "mask", &cmd->mask))
				return -EINVAL;
		} else if (!strcmp(s, "errno")) {
			s = next_token(p);
			if (!s || !lookup(errno_names, s, &v))
				return fail(p, "unknown errno '%s'",
					    s ? s : "end of line");
			cmd->want_errno = (int)v;
		} else {
			return fail(p, "unexpected '%s'", s);
		}
	}
	return 0;
}

static int parse_tokens(struct parser *p, struct script_cmd *cmd)
{
	const char *op = next_token(p);
	size_t i;

	for (i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++)
		if (op_names[i] && !strcmp(op, op_names[i]))
			break;
	if (i == sizeof(op_names) / sizeof(op_names[0]))
		return fail(p, "unknown command '%s'", op);
	cmd->op = (enum script_op)i;

	switch (cmd->op) {
	case SCRIPT_READ:
		if (region(p, cmd) || offset(p, cmd) || number(p, "size", &cmd->len))
			return -EINVAL;
		return tail(p, cmd, true);
	case SCRIPT_WRITE:
		if (region(p, cmd) || offset(p, cmd) ||
		    number(p, "size", &cmd->len) || number(p, "value", &cmd->value))
			return -EINVAL;
		return tail(p, cmd, false);
	case SCRIPT_GGTT:
		if (number(p, "index", &cmd->off))
			return -EINVAL;
		if (p->next < p->n && !strcmp(p->tok[p->next], "none")) {
			p->next++;
			cmd->value = 0;
		} else if (number(p, "guest address", &cmd->value)) {
			return -EINVAL;
		} else {
			cmd->value |= VGPU_GGTT_VALID;
		}
		return tail(p, cmd, false);
	case SCRIPT_FILL:
		if (number(p, "guest address", &cmd->off) ||
		    number(p, "length", &cmd->len) || number(p, "value", &cmd->value))
			return -EINVAL;
		return tail(p, cmd, false);
	case SCRIPT_POKE:
		if (number(p, "guest address", &cmd->off) ||
		    number(p, "size", &cmd->len) || number(p, "value", &cmd->value))
			return -EINVAL;
		return tail(p, cmd, false);
	case SCRIPT_PEEK:
		if (number(p, "guest address", &cmd->off) || number(p, "size", &cmd->len))
			return -EINVAL;
		return tail(p, cmd, true);
	case SCRIPT_MAP:
	case SCRIPT_UNMAP:
		if (number(p, "iova", &cmd->off) || number(p, "length", &cmd->len))
			return -EINVAL;
		return tail(p, cmd, false);
	case SCRIPT_PINNED:
		if (number(p, "pages", &cmd->value))
			return -EINVAL;
		cmd->expect = true;
		return tail(p, cmd, false);
	case SCRIPT_WAIT_REQUEST:
		if (number(p, "timeout in ms", &cmd->value) || cmd->value > INT32_MAX)
			return fail(p, "wait-request needs a timeout in ms");
		return tail(p, cmd, false);
	case SCRIPT_RESET:
	case SCRIPT_CLOSE:
		return tail(p, cmd, false);
	case SCRIPT_ECHO:
		return 0;
	}
	return -EINVAL;
}

static bool guest_sized(uint64_t len)
{
	return len == 1 || len == 2 || len == 4 || len == 8;
}

int script_parse_line(const char *line, struct script_cmd *cmd, char *err,
		      size_t err_len)
{
	struct parser p = { .err = err, .err_len = err_len };
	char buf[512];
	char *save, *t;
	int ret;

	memset(cmd, 0, sizeof(*cmd));
	cmd->mask = UINT64_MAX;
	if (strlen(line) >= sizeof(buf))
		return fail(&p, "line longer than %zu characters", sizeof(buf) - 1);
	t = (char *)line + strspn(line, " \t");
	if (!strncmp(t, "echo", 4) && (!t[4] || strchr(" \t\r\n", t[4]))) {
		t += 4;
		t += strspn(t, " \t");
		cmd->op = SCRIPT_ECHO;
		snprintf(cmd->text, sizeof(cmd->text), "%.*s",
			 (int)strcspn(t, "\r\n"), t);
		return 1;
	}
	strcpy(buf, line);
	t = strchr(buf, '#');
	if (t)
		*t = '\0';
	for (t = strtok_r(buf, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
		if (p.n == MAX_TOKENS)
			return fail(&p, "too many words");
		p.tok[p.n++] = t;
	}
	if (!p.n)
		return 0;
	ret = parse_tokens(&p, cmd);
	if (ret)
		return ret;
	if ((cmd->op == SCRIPT_POKE || cmd->op == SCRIPT_PEEK) && !guest_sized(cmd->len))
		return fail(&p, "size must be 1, 2, 4 or 8");
	if ((cmd->op == SCRIPT_READ || cmd->op == SCRIPT_WRITE) &&
	    (!cmd->len || cmd->len > 1 << 20))
		return fail(&p, "size must be 1 to 1048576");
	return 1;
}

/* Little-endian bytes of @value, repeated to fill @len bytes. */
static void pattern(uint8_t *buf, size_t len, uint64_t value)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(value >> (8 * (i % 8)));
}

static uint64_t le_value(const uint8_t *buf, size_t len)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len && i < 8; i++)
		v |= (uint64_t)buf[i] << (8 * i);
	return v;
}

static int report(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
	return -1;
}

/* Compare a call's result with what the script wanted of it. */
static int check_result(const struct script_cmd *cmd, long ret, char *err,
			size_t err_len)
{
	if (cmd->want_errno && ret >= 0)
		return report(err, err_len, "%s succeeded, expected %s",
			      op_names[cmd->op], strerror(cmd->want_errno));
	if (cmd->want_errno && -ret != cmd->want_errno)
		return report(err, err_len, "%s failed with '%s', expected '%s'",
			      op_names[cmd->op], strerror((int)-ret),
			      strerror(cmd->want_errno));
	if (!cmd->want_errno && ret < 0)
		return report(err, err_len, "%s failed: %s", op_names[cmd->op],
			      strerror((int)-ret));
	return 0;
}

static int check_value(const struct script_cmd *cmd, uint64_t got, char *err,
		       size_t err_len)
{
	if (cmd->expect && (got & cmd->mask) != (cmd->value & cmd->mask))
		return report(err, err_len,
			      "%s %s: got 0x%" PRIx64 ", expected 0x%" PRIx64
			      " (mask 0x%" PRIx64 ")", op_names[cmd->op],
			      cmd->text[0] ? cmd->text : "", got, cmd->value,
			      cmd->mask);
	return 0;
}

static int compare_read(const struct script_cmd *cmd, const uint8_t *buf,
			char *err, size_t err_len)
{
	uint8_t *want;
	int ret = 0;

	if (cmd->len <= 8)
		return check_value(cmd, le_value(buf, cmd->len), err, err_len);
	want = malloc(cmd->len);
	if (!want)
		return report(err, err_len, "out of memory");
	pattern(want, cmd->len, cmd->value);
	if (memcmp(want, buf, cmd->len))
		ret = report(err, err_len, "read %s: the bytes differ from the pattern",
			     cmd->text);
	free(want);
	return ret;
}

static int exec_region(const struct script_cmd *cmd, const struct script_ops *ops,
		       void *ctx, FILE *log, char *err, size_t err_len)
{
	bool write = cmd->op == SCRIPT_WRITE;
	uint8_t *buf = malloc(cmd->len);
	long ret;

	if (!buf)
		return report(err, err_len, "out of memory");
	pattern(buf, cmd->len, cmd->value);
	ret = ops->region_rw(ctx, cmd->region, cmd->off, buf, cmd->len, write);
	if (check_result(cmd, ret, err, err_len))
		goto out;
	if (ret < 0) {
		if (log)
			fprintf(log, "%s %s %s size %" PRIu64 ": %s, as expected\n",
				op_names[cmd->op], region_name(cmd->region), cmd->text,
				cmd->len, strerror(cmd->want_errno));
		goto out;
	}
	if ((uint64_t)ret != cmd->len) {
		report(err, err_len, "%s moved %ld of %" PRIu64 " bytes",
		       op_names[cmd->op], ret, cmd->len);
		goto out;
	}
	if (!write && cmd->expect && compare_read(cmd, buf, err, err_len))
		goto out;
	if (log)
		fprintf(log, "%s %s %s size %" PRIu64 "%s0x%" PRIx64 "\n",
			op_names[cmd->op], region_name(cmd->region), cmd->text, cmd->len,
			write ? " <- " : " -> ", write ? cmd->value : le_value(buf, cmd->len));
out:
	free(buf);
	return err[0] ? -1 : 0;
}

static int exec_ram(const struct script_cmd *cmd, const struct script_ops *ops,
		    void *ctx, FILE *log, char *err, size_t err_len)
{
	size_t size;
	uint8_t *ram = ops->ram(ctx, &size);
	uint64_t i;

	if (cmd->off > size || cmd->len > size - cmd->off)
		return report(err, err_len, "guest range 0x%" PRIx64 "+0x%" PRIx64
			      " is outside guest RAM (0x%zx bytes)", cmd->off,
			      cmd->len, size);
	switch (cmd->op) {
	case SCRIPT_FILL:
		for (i = 0; i + 4 <= cmd->len; i += 4)
			pattern(ram + cmd->off + i, 4, cmd->value);
		break;
	case SCRIPT_POKE:
		pattern(ram + cmd->off, cmd->len, cmd->value);
		break;
	default:
		if (check_value(cmd, le_value(ram + cmd->off, cmd->len), err, err_len))
			return -1;
		break;
	}
	if (log)
		fprintf(log, "%s guest 0x%" PRIx64 " size 0x%" PRIx64 " value 0x%" PRIx64 "\n",
			op_names[cmd->op], cmd->off, cmd->len,
			cmd->op == SCRIPT_PEEK ? le_value(ram + cmd->off, cmd->len) : cmd->value);
	return 0;
}

int script_exec(const struct script_cmd *cmd, const struct script_ops *ops,
		void *ctx, FILE *log, char *err, size_t err_len)
{
	struct script_cmd ggtt;
	uint64_t pages = 0;
	long ret = 0;

	err[0] = '\0';
	switch (cmd->op) {
	case SCRIPT_READ:
	case SCRIPT_WRITE:
		return exec_region(cmd, ops, ctx, log, err, err_len);
	case SCRIPT_GGTT:
		ggtt = *cmd;
		ggtt.op = SCRIPT_WRITE;
		ggtt.region = VFIO_PCI_BAR0_REGION_INDEX;
		ggtt.off = VGPU_GGTT_BASE + 8 * cmd->off;
		ggtt.len = 8;
		snprintf(ggtt.text, sizeof(ggtt.text), "ggtt[%" PRIu64 "]", cmd->off);
		return exec_region(&ggtt, ops, ctx, log, err, err_len);
	case SCRIPT_FILL:
	case SCRIPT_POKE:
	case SCRIPT_PEEK:
		return exec_ram(cmd, ops, ctx, log, err, err_len);
	case SCRIPT_MAP:
		ret = ops->map(ctx, cmd->off, cmd->len);
		break;
	case SCRIPT_UNMAP:
		ret = ops->unmap(ctx, cmd->off, cmd->len);
		break;
	case SCRIPT_RESET:
		ret = ops->reset(ctx);
		break;
	case SCRIPT_PINNED:
		ret = ops->pinned(ctx, &pages);
		if (!ret && pages != cmd->value)
			return report(err, err_len, "%" PRIu64 " pages pinned, expected %" PRIu64,
				      pages, cmd->value);
		break;
	case SCRIPT_WAIT_REQUEST:
		ret = ops->wait_request(ctx, (int)cmd->value);
		if (!ret)
			ops->close_device(ctx);
		break;
	case SCRIPT_CLOSE:
		ops->close_device(ctx);
		break;
	case SCRIPT_ECHO:
		if (log)
			fprintf(log, "%s\n", cmd->text);
		return 0;
	}
	if (check_result(cmd, ret, err, err_len))
		return -1;
	if (!log)
		return 0;
	if (cmd->op == SCRIPT_MAP || cmd->op == SCRIPT_UNMAP)
		fprintf(log, "%s iova 0x%" PRIx64 " length 0x%" PRIx64, op_names[cmd->op],
			cmd->off, cmd->len);
	else if (cmd->op == SCRIPT_PINNED)
		fprintf(log, "pinned pages: %" PRIu64, pages);
	else
		fprintf(log, "%s", op_names[cmd->op]);
	fprintf(log, "%s\n", ret < 0 ? ": failed, as expected" : "");
	return 0;
}

int script_run(FILE *in, const char *name, const struct script_ops *ops,
	       void *ctx, FILE *log)
{
	struct script_cmd cmd;
	char line[1024], err[256];
	unsigned int lineno = 0;
	int ret;

	while (fgets(line, sizeof(line), in)) {
		lineno++;
		ret = script_parse_line(line, &cmd, err, sizeof(err));
		if (ret < 0) {
			fprintf(stderr, "%s:%u: %s\n", name, lineno, err);
			return -1;
		}
		if (ret == 0)
			continue;
		if (script_exec(&cmd, ops, ctx, log, err, sizeof(err))) {
			fprintf(stderr, "%s:%u: %s\n", name, lineno, err);
			return -1;
		}
	}
	return 0;
}
