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
#define VGPU_REG(name, off, wmask, reset, event) { #name, off },
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
	/* The first device-specific region: vgpu_display's and mbochs's EDID. */
	{ "edid", VGPU_EDID_REGION_INDEX },
	{ NULL, 0 }
};

static const struct name_value errno_names[] = {
	{ "EINVAL", EINVAL }, { "EIO", EIO }, { "EFAULT", EFAULT },
	{ "ENOENT", ENOENT }, { "ENOTTY", ENOTTY }, { "EBUSY", EBUSY },
	{ "EPERM", EPERM }, { "EACCES", EACCES }, { "ENOSPC", ENOSPC },
	{ "ETIMEDOUT", ETIMEDOUT }, { "ENODEV", ENODEV }, { "E2BIG", E2BIG },
	{ "ENOMEM", ENOMEM }, { "EBADF", EBADF }, { "ENXIO", ENXIO },
	{ "ENOTSUP", ENOTSUP }, { "EOPNOTSUPP", EOPNOTSUPP },
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
	[SCRIPT_ECHO] = "echo", [SCRIPT_PLANE] = "plane",
	[SCRIPT_DMABUF] = "dmabuf", [SCRIPT_RECT] = "rect",
	[SCRIPT_MONITOR] = "monitor", [SCRIPT_LINK] = "link",
};

static const char *const plane_fields[] = {
	"format", "modifier", "width", "height", "stride", "size",
	"x", "y", "xhot", "yhot", "id",
};

#define NR_PLANE_FIELDS (int)(sizeof(plane_fields) / sizeof(plane_fields[0]))

static uint64_t plane_field(const struct vfio_device_gfx_plane_info *info,
			    int field)
{
	switch (field) {
	case 0: return info->drm_format;
	case 1: return info->drm_format_mod;
	case 2: return info->width;
	case 3: return info->height;
	case 4: return info->stride;
	case 5: return info->size;
	case 6: return info->x_pos;
	case 7: return info->y_pos;
	case 8: return info->x_hot;
	case 9: return info->y_hot;
	default: return info->dmabuf_id;
	}
}

#define MAX_TOKENS 24

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

static bool parse_name(const char *s, char *out, size_t len)
{
	size_t n = strlen(s);

	if (!n || n >= len || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		return false;
	memcpy(out, s, n + 1);
	return true;
}

/*
 * A plane field's value: a number (negative for positions), "none" for no
 * hotspot, @NAME for a saved id, or a fourcc such as XR24.
 */
static int check_value_of(struct parser *p, const char *v, struct script_check *c)
{
	char *end;

	if (v[0] == '@')
		return parse_name(v + 1, c->var, sizeof(c->var)) ? 0 :
		       fail(p, "bad id name '%s'", v);
	if (!strcmp(v, "none")) {
		c->value = 0xffffffff;
		return 0;
	}
	if (v[0] == '-') {
		long n = strtol(v, &end, 0);

		if (*end || n < INT32_MIN)
			return fail(p, "bad value '%s'", v);
		c->value = (uint32_t)(int32_t)n;
		return 0;
	}
	if (parse_u64(v, &c->value))
		return 0;
	if (strlen(v) == 4) {
		c->value = (uint32_t)v[0] | (uint32_t)v[1] << 8 |
			   (uint32_t)v[2] << 16 | (uint32_t)v[3] << 24;
		return 0;
	}
	return fail(p, "bad value '%s'", v);
}

static int parse_plane(struct parser *p, struct script_cmd *cmd)
{
	const char *s = next_token(p);

	if (s && !strcmp(s, "primary"))
		cmd->value = VGPU_PLANE_PRIMARY;
	else if (s && !strcmp(s, "cursor"))
		cmd->value = VGPU_PLANE_CURSOR;
	else if (!parse_u64(s, &cmd->value) || cmd->value > UINT32_MAX)
		return fail(p, "plane: expected primary, cursor or a number");
	while ((s = next_token(p))) {
		struct script_check *c = &cmd->check[cmd->nr_checks];
		size_t name_len = strcspn(s, "!=");
		int f;

		if (!strcmp(s, "as")) {
			s = next_token(p);
			if (!s || !parse_name(s, cmd->save_as, sizeof(cmd->save_as)))
				return fail(p, "plane: 'as' needs a name of a-z, 0-9, _");
			continue;
		}
		if (!strcmp(s, "errno")) {
			p->next--;
			return tail(p, cmd, false);
		}
		if (cmd->nr_checks == SCRIPT_MAX_CHECKS)
			return fail(p, "plane: too many checks");
		for (f = 0; f < NR_PLANE_FIELDS; f++)
			if (strlen(plane_fields[f]) == name_len &&
			    !strncmp(s, plane_fields[f], name_len))
				break;
		if (f == NR_PLANE_FIELDS || !s[name_len])
			return fail(p, "plane: expected FIELD=VALUE, got '%s'", s);
		c->field = f;
		c->negate = s[name_len] == '!';
		if (s[name_len + c->negate] != '=')
			return fail(p, "plane: expected FIELD=VALUE, got '%s'", s);
		if (check_value_of(p, s + name_len + c->negate + 1, c))
			return -EINVAL;
		cmd->nr_checks++;
	}
	return 0;
}

static int parse_dmabuf(struct parser *p, struct script_cmd *cmd)
{
	const char *s = next_token(p);

	if (s && s[0] == '@') {
		if (!parse_name(s + 1, cmd->id_var, sizeof(cmd->id_var)))
			return fail(p, "dmabuf: bad id name '%s'", s);
	} else {
		uint64_t id;

		if (!parse_u64(s, &id) || id > UINT32_MAX)
			return fail(p, "dmabuf: expected an id or @NAME");
		cmd->id = (uint32_t)id;
	}
	if (number(p, "offset", &cmd->off) || number(p, "size", &cmd->len))
		return -EINVAL;
	return tail(p, cmd, true);
}

/* rect GPA STRIDE X Y WIDTH HEIGHT COLOR */
static int parse_rect(struct parser *p, struct script_cmd *cmd)
{
	static const char *const what[] = { "stride", "x", "y", "width", "height" };
	uint64_t v;
	int i;

	if (number(p, "guest address", &cmd->off))
		return -EINVAL;
	for (i = 0; i < 5; i++) {
		if (number(p, what[i], &v))
			return -EINVAL;
		if (v > 1 << 16)
			return fail(p, "rect: %s too large", what[i]);
		cmd->rect[i] = (uint32_t)v;
	}
	if (number(p, "color", &cmd->value))
		return -EINVAL;
	/* The bytes it covers: all rows but the last in full, then the last. */
	cmd->len = cmd->rect[4] ? (uint64_t)cmd->rect[0] * (cmd->rect[2] + cmd->rect[4] - 1) +
				  4ull * (cmd->rect[1] + cmd->rect[3]) : 0;
	return tail(p, cmd, false);
}

static int parse_tokens(struct parser *p, struct script_cmd *cmd)
{
	const char *op = next_token(p), *s;
	uint64_t v;
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
		/* An optional count maps that many consecutive pages. */
		cmd->len = 1;
		if (p->next < p->n && parse_u64(p->tok[p->next], &cmd->len)) {
			p->next++;
			if (!cmd->len || cmd->len > VGPU_GGTT_MAX_ENTRIES)
				return fail(p, "ggtt: bad count");
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
	case SCRIPT_PLANE:
		return parse_plane(p, cmd);
	case SCRIPT_DMABUF:
		return parse_dmabuf(p, cmd);
	case SCRIPT_RECT:
		return parse_rect(p, cmd);
	case SCRIPT_MONITOR:
		if (number(p, "width", &v) || v > UINT32_MAX)
			return fail(p, "monitor: expected a width");
		cmd->mode[0] = (uint32_t)v;
		if (number(p, "height", &v) || v > UINT32_MAX)
			return fail(p, "monitor: expected a height");
		cmd->mode[1] = (uint32_t)v;
		return tail(p, cmd, false);
	case SCRIPT_LINK:
		s = next_token(p);
		if (!s || (strcmp(s, "up") && strcmp(s, "down")))
			return fail(p, "link: expected up or down");
		cmd->value = !strcmp(s, "up");
		return tail(p, cmd, false);
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
	if ((cmd->op == SCRIPT_READ || cmd->op == SCRIPT_WRITE ||
	     cmd->op == SCRIPT_DMABUF) && (!cmd->len || cmd->len > 1 << 20))
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
	case SCRIPT_RECT:
		for (i = 0; i < cmd->rect[4]; i++) {
			uint8_t *row = ram + cmd->off + (cmd->rect[2] + i) * (uint64_t)cmd->rect[0];
			uint32_t x;

			for (x = cmd->rect[1]; x < cmd->rect[1] + cmd->rect[3]; x++)
				pattern(row + 4ull * x, 4, cmd->value);
		}
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

static bool var_get(const struct script_vars *vars, const char *name,
		    uint64_t *value)
{
	int i;

	for (i = 0; i < vars->n; i++) {
		if (!strcmp(vars->name[i], name)) {
			*value = vars->value[i];
			return true;
		}
	}
	return false;
}

static int var_set(struct script_vars *vars, const char *name, uint64_t value)
{
	int i;

	for (i = 0; i < vars->n && strcmp(vars->name[i], name); i++)
		;
	if (i == SCRIPT_MAX_VARS)
		return -1;
	if (i == vars->n)
		vars->n++;
	snprintf(vars->name[i], sizeof(vars->name[i]), "%s", name);
	vars->value[i] = value;
	return 0;
}

static void log_plane(FILE *log, const struct script_cmd *cmd,
		      const struct vfio_device_gfx_plane_info *i)
{
	char fourcc[5] = { 0 };
	int k;

	for (k = 0; k < 4; k++) {
		char c = (char)(i->drm_format >> (8 * k));

		fourcc[k] = c >= ' ' && c <= '~' ? c : '?';
	}
	if (!i->drm_format) {
		fprintf(log, "plane %s: nothing to show\n",
			cmd->value == VGPU_PLANE_CURSOR ? "cursor" : "primary");
		return;
	}
	fprintf(log, "plane %s: %s modifier 0x%llx %ux%u stride %u size %u at %d,%d"
		" hotspot %d,%d dmabuf_id %u\n",
		cmd->value == VGPU_PLANE_CURSOR ? "cursor" : "primary", fourcc,
		(unsigned long long)i->drm_format_mod, i->width, i->height,
		i->stride, i->size, (int32_t)i->x_pos, (int32_t)i->y_pos,
		(int32_t)i->x_hot, (int32_t)i->y_hot, i->dmabuf_id);
}

static int exec_plane(const struct script_cmd *cmd, const struct script_ops *ops,
		      void *ctx, struct script_vars *vars, FILE *log,
		      char *err, size_t err_len)
{
	struct vfio_device_gfx_plane_info info;
	int k, ret;

	ret = ops->query_plane(ctx, (uint32_t)cmd->value, &info);
	if (check_result(cmd, ret, err, err_len))
		return -1;
	if (ret < 0) {
		if (log)
			fprintf(log, "plane: %s, as expected\n", strerror(-ret));
		return 0;
	}
	for (k = 0; k < cmd->nr_checks; k++) {
		const struct script_check *c = &cmd->check[k];
		uint64_t want = c->value, got = plane_field(&info, c->field);

		if (c->var[0] && !var_get(vars, c->var, &want))
			return report(err, err_len, "no id saved as '%s'", c->var);
		if ((got == want) == c->negate)
			return report(err, err_len, "plane %s is 0x%" PRIx64 ", expected %s0x%" PRIx64,
				      plane_fields[c->field], got, c->negate ? "anything but " : "",
				      want);
	}
	if (cmd->save_as[0] && var_set(vars, cmd->save_as, info.dmabuf_id))
		return report(err, err_len, "too many saved ids");
	if (log)
		log_plane(log, cmd, &info);
	return 0;
}

static int exec_dmabuf(const struct script_cmd *cmd, const struct script_ops *ops,
		       void *ctx, struct script_vars *vars, FILE *log,
		       char *err, size_t err_len)
{
	uint64_t id = cmd->id;
	uint8_t *buf;
	int ret;

	if (cmd->id_var[0] && !var_get(vars, cmd->id_var, &id))
		return report(err, err_len, "no id saved as '%s'", cmd->id_var);
	buf = malloc(cmd->len);
	if (!buf)
		return report(err, err_len, "out of memory");
	ret = ops->dmabuf_read(ctx, (uint32_t)id, cmd->off, buf, cmd->len);
	if (!check_result(cmd, ret, err, err_len) && ret >= 0 && cmd->expect)
		compare_read(cmd, buf, err, err_len);
	if (!err[0] && log)
		fprintf(log, "dmabuf %" PRIu64 " at 0x%" PRIx64 " size %" PRIu64 "%s0x%" PRIx64 "\n",
			id, cmd->off, cmd->len, ret < 0 ? ": failed, as expected " : " -> ",
			ret < 0 ? 0 : le_value(buf, cmd->len));
	free(buf);
	return err[0] ? -1 : 0;
}

/* The VMM's monitor: the library's reason, not just the errno, on failure. */
static int exec_monitor(const struct script_cmd *cmd, const struct script_ops *ops,
			void *ctx, FILE *log, char *err, size_t err_len)
{
	bool monitor = cmd->op == SCRIPT_MONITOR;
	char why[200] = "";
	int ret;

	if (monitor ? !ops->monitor : !ops->link)
		return report(err, err_len, "%s: this VMM cannot set a monitor",
			      op_names[cmd->op]);
	ret = monitor ? ops->monitor(ctx, cmd->mode[0], cmd->mode[1], why, sizeof(why)) :
			ops->link(ctx, cmd->value, why, sizeof(why));
	if (check_result(cmd, ret, err, err_len)) {
		if (ret < 0 && !cmd->want_errno && why[0])
			report(err, err_len, "%s failed: %s", op_names[cmd->op], why);
		return -1;
	}
	if (!log)
		return 0;
	if (monitor)
		fprintf(log, "monitor %ux%u", cmd->mode[0], cmd->mode[1]);
	else
		fprintf(log, "link %s", cmd->value ? "up" : "down");
	fprintf(log, "%s\n", ret < 0 ? ": failed, as expected" : "");
	return 0;
}

int script_exec(const struct script_cmd *cmd, const struct script_ops *ops,
		void *ctx, struct script_vars *vars, FILE *log, char *err,
		size_t err_len)
{
	struct script_cmd ggtt;
	uint64_t pages = 0, i;
	long ret = 0;

	err[0] = '\0';
	switch (cmd->op) {
	case SCRIPT_READ:
	case SCRIPT_WRITE:
		return exec_region(cmd, ops, ctx, log, err, err_len);
	case SCRIPT_GGTT:
		for (i = 0; i < cmd->len; i++) {
			ggtt = *cmd;
			ggtt.op = SCRIPT_WRITE;
			ggtt.region = VFIO_PCI_BAR0_REGION_INDEX;
			ggtt.off = VGPU_GGTT_BASE + 8 * (cmd->off + i);
			ggtt.len = 8;
			if (cmd->value)
				ggtt.value = cmd->value + i * VGPU_PAGE_SIZE;
			snprintf(ggtt.text, sizeof(ggtt.text), "ggtt[%" PRIu64 "]",
				 cmd->off + i);
			if (exec_region(&ggtt, ops, ctx, i + 1 < cmd->len ? NULL : log,
					err, err_len))
				return -1;
		}
		return 0;
	case SCRIPT_FILL:
	case SCRIPT_POKE:
	case SCRIPT_PEEK:
	case SCRIPT_RECT:
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
	case SCRIPT_PLANE:
		return exec_plane(cmd, ops, ctx, vars, log, err, err_len);
	case SCRIPT_DMABUF:
		return exec_dmabuf(cmd, ops, ctx, vars, log, err, err_len);
	case SCRIPT_MONITOR:
	case SCRIPT_LINK:
		return exec_monitor(cmd, ops, ctx, log, err, err_len);
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
	struct script_vars vars = { 0 };
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
		if (script_exec(&cmd, ops, ctx, &vars, log, err, sizeof(err))) {
			fprintf(stderr, "%s:%u: %s\n", name, lineno, err);
			return -1;
		}
	}
	return 0;
}

int script_run_text(const char *text, const char *name, const struct script_ops *ops,
		    void *ctx, FILE *log)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!in)
		return -1;
	ret = script_run(in, name, ops, ctx, log);
	fclose(in);
	return ret;
}
