/* SPDX-License-Identifier: GPL-2.0 */
/*
 * util.h - small pieces every harness module uses: exit codes, messages,
 * strbuf, files, child processes, hashing, time.
 */
#ifndef PMEMFI_UTIL_H
#define PMEMFI_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>

/* Exit codes of pmemfi and run.sh (docs/architecture.md, "Contracts"). */
enum {
	EXIT_OK = 0,		/* every test met its expectation */
	EXIT_FAILED = 1,	/* a test failed or a kernel bug was detected */
	EXIT_USAGE = 2,		/* usage error or bad input; nothing was run */
	EXIT_INFRA = 3,		/* infrastructure error (QEMU, image, kernel fetch) */
	EXIT_INTERRUPTED = 130,	/* SIGINT/SIGTERM: results so far are kept */
};

#define ATTR_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* "pmemfi: <message>" on stderr. */
void msg(const char *fmt, ...) ATTR_PRINTF(1, 2);
/* msg() and exit(@code). */
void die(int code, const char *fmt, ...) ATTR_PRINTF(2, 3) __attribute__((noreturn));
/* Verbose progress, shown with --verbose. */
void info(const char *fmt, ...) ATTR_PRINTF(1, 2);
extern int util_verbose;

/*
 * Errors. A function that can fail takes (char *err, int errlen) and on
 * failure leaves a one-line message in @err (cut to fit, always
 * NUL-terminated when @len > 0). error_set() writes it and returns -1, so
 * a failure is one line:
 *	return error_set(err, errlen, "%s:%d: bad value", path, lineno);
 * error_code() is the same for functions that return an exit code.
 */
int error_set(char *err, size_t len, const char *fmt, ...) ATTR_PRINTF(3, 4);
int error_code(int code, char *err, size_t len, const char *fmt, ...) ATTR_PRINTF(4, 5);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) ATTR_PRINTF(1, 2);

/*
 * strbuf: a growable string.
 * Invariants: buf is never NULL and always NUL-terminated; len is the
 * string length; the strbuf owns buf; STRBUF_INIT needs no init call.
 */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) ATTR_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Hand over the string; the strbuf is empty again. */
char *strbuf_detach(struct strbuf *sb);

/*
 * strvec: a growable array of strings (git's strvec). Invariants: v[nr]
 * is NULL once anything was pushed; the strvec owns every string;
 * STRVEC_INIT needs no init call.
 */
struct strvec {
	char **v;
	int nr, alloc;
};
#define STRVEC_INIT { NULL, 0, 0 }
void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...) ATTR_PRINTF(2, 3);
/* Push @s unless it is there already. */
void strvec_push_unique(struct strvec *sv, const char *s);
/* Is @s one of the strings of @sv? */
int strvec_has(const struct strvec *sv, const char *s);
void strvec_clear(struct strvec *sv);

/*
 * Make room for @nr + 1 elements of @size in *@p, holding *@alloc now
 * (grown geometrically, like git's ALLOC_GROW).
 */
void grow(void *p, int nr, int *alloc, size_t size);
#define GROW(p, nr, alloc) grow(&(p), (nr), &(alloc), sizeof(*(p)))

/* Read a whole file. Returns 0, or -errno. The result is NUL-terminated. */
int read_file(const char *path, struct strbuf *out);
/* Write a file atomically (temp + rename). Returns 0, or -errno. */
int write_file(const char *path, const char *data, size_t len);
int mkdir_p(const char *path);
int file_exists(const char *path);
int dir_exists(const char *path);
/* Absolute, symlink-free path of an existing file (caller frees), or NULL. */
char *abs_path(const char *path);
/* Remove a directory tree (no symlinks followed). */
int rm_rf(const char *path);
/* Bytes free for an unprivileged user at @path's file system, or -1. */
long long free_bytes(const char *path);
/* The checkout holding this binary (harness/pmemfi -> ..; caller frees). */
char *util_repo_root(void);
/* $HOME/.cache/pmemfi or $PMEMFI_CACHE (caller frees). */
char *cache_dir(void);

/* First executable named @name on $PATH (caller frees), or NULL. */
char *which(const char *name);

/*
 * Run @argv (argv[0] looked up on $PATH) in @cwd (NULL: here), stdin from
 * /dev/null, stdout+stderr appended to @log (NULL: inherit; "-": captured
 * into @out). Returns the exit status (0-255), 128+signal, or -1 when it
 * could not be started.
 */
int run_cmd(char *const argv[], const char *cwd, const char *log, struct strbuf *out);

/* run_cmd(), calling @tick(@arg) about once a second while the command runs (NULL: never). */
int run_cmd_ticking(char *const argv[], const char *cwd, const char *log, struct strbuf *out,
		    void (*tick)(void *), void *arg);


/* FNV-1a, 64 bits: cache keys and report signatures, not security. */
uint64_t fnv1a64(const void *data, size_t len, uint64_t h);
#define FNV1A64_INIT 0xcbf29ce484222325ULL
/* Fold a file's contents into @h. Returns 0, or -errno. */
int fnv1a64_file(const char *path, uint64_t *h);

/* Monotonic seconds. */
double now_mono(void);
/* @s seconds as "4m05s" or "1h02m". */
void util_fmt_duration(char *buf, size_t len, double s);
/* "2026-11-25T10:39:00Z" for now (UTC); @compact drops - and : for paths. */
void utc_stamp(char *buf, size_t len, int compact);

/* "5%": 5; -1 for anything but a whole share from 0% to 100%. */
int util_percent(const char *s);

/* The sum of @n doubles. */
double util_sum(const double *v, int n);

#endif
