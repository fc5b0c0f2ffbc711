// SPDX-License-Identifier: GPL-2.0
#include "lib/util.h"
#include "lib/stop.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <poll.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int util_verbose;
char strbuf_empty[1];

static void vmsg(const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	fprintf(stderr, "pmemfi: %s\n", buf);
}

void msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(code);
}

void info(const char *fmt, ...)
{
	va_list ap;

	if (!util_verbose)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

static ATTR_PRINTF(3, 0) void verror(char *err, size_t len, const char *fmt, va_list ap)
{
	if (len)
		vsnprintf(err, len, fmt, ap);
}

int error_set(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

int error_code(int code, char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(err, len, fmt, ap);
	va_end(ap);
	return code;
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die(EXIT_INFRA, "out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die(EXIT_INFRA, "out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(EXIT_INFRA, "out of memory (%zu bytes)", n);
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		die(EXIT_INFRA, "out of memory");
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb);
}

static void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want = sb->len + extra + 1;

	if (want <= sb->alloc)
		return;
	if (want < sb->alloc * 2)
		want = sb->alloc * 2;
	if (want < 64)
		want = 64;
	if (sb->alloc) {
		sb->buf = xrealloc(sb->buf, want);
	} else {
		sb->buf = xmalloc(want);
		sb->buf[0] = '\0';
	}
	sb->alloc = want;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	strbuf_grow(sb, n);
	vsnprintf(sb->buf + sb->len, n + 1, fmt, ap);
	sb->len += n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb->buf = strbuf_empty;
	sb->len = sb->alloc = 0;
}

char *strbuf_detach(struct strbuf *sb)
{
	char *s = sb->alloc ? sb->buf : xstrdup("");

	sb->buf = strbuf_empty;
	sb->len = sb->alloc = 0;
	return s;
}

int read_file(const char *path, struct strbuf *out)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			return -e;
		}
		strbuf_add(out, buf, n);
	}
	close(fd);
	return 0;
}

int write_file(const char *path, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t off = 0;
	int e = 0;

	if (fd < 0) {
		e = -errno;
		free(tmp);
		return e;
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = -errno;
			break;
		}
		off += n;
	}
	if (close(fd) && !e)
		e = -errno;
	if (!e && rename(tmp, path))
		e = -errno;
	if (e)
		unlink(tmp);
	free(tmp);
	return e;
}

int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			rc = -errno;
			break;
		}
		*s = '/';
	}
	if (!rc && mkdir(p, 0755) && errno != EEXIST)
		rc = -errno;
	free(p);
	return rc;
}

int file_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

int dir_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

char *abs_path(const char *path)
{
	char buf[PATH_MAX];

	return realpath(path, buf) ? xstrdup(buf) : NULL;
}

int rm_rf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) ? -errno : 0;
	d = opendir(path);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char *child;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		child = xasprintf("%s/%s", path, e->d_name);
		rm_rf(child);
		free(child);
	}
	closedir(d);
	return rmdir(path) ? -errno : 0;
}

long long free_bytes(const char *path)
{
	struct statvfs st;

	if (statvfs(path, &st))
		return -1;
	return (long long)st.f_bavail * st.f_frsize;
}

char *util_repo_root(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return xstrdup(".");
	buf[n] = '\0';
	for (int i = 0; i < 2 && (slash = strrchr(buf, '/')); i++)
		*slash = '\0';
	return xstrdup(buf[0] ? buf : "/");
}

char *cache_dir(void)
{
	const char *env = getenv("PMEMFI_CACHE");
	const char *home = getenv("HOME");

	if (env && *env)
		return xstrdup(env);
	return xasprintf("%s/.cache/pmemfi", home && *home ? home : "/root");
}

char *which(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *found = NULL;

	if (strchr(name, '/'))
		return access(name, X_OK) ? NULL : xstrdup(name);
	copy = xstrdup(path ? path : "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
	for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *cand = xasprintf("%s/%s", dir, name);

		if (!access(cand, X_OK) && file_exists(cand))
			found = cand;
		else
			free(cand);
	}
	free(copy);
	return found;
}

/* A stop was asked for while @pid runs: end its process group, once. */
static void forward_stop(pid_t pid, int *sent)
{
	if (stop_requested && !*sent) {
		kill(-pid, SIGTERM);
		*sent = 1;
	}
}

int run_cmd(char *const argv[], const char *cwd, const char *log, struct strbuf *out)
{
	return run_cmd_ticking(argv, cwd, log, out, NULL, NULL);
}

/* Wait for @pid, calling @tick about once a second; waitpid()'s answer. */
static pid_t wait_ticking(pid_t pid, int *status, int *sent, void (*tick)(void *), void *arg)
{
	pid_t r;

	while ((r = waitpid(pid, status, tick ? WNOHANG : 0)) <= 0) {
		if (r < 0 && errno != EINTR)
			return -1;
		forward_stop(pid, sent);
		if (r == 0) {
			tick(arg);
			poll(NULL, 0, 1000);
		}
	}
	return r;
}

int run_cmd_ticking(char *const argv[], const char *cwd, const char *log, struct strbuf *out,
		    void (*tick)(void *), void *arg)
{
	int pipefd[2] = { -1, -1 }, status, sent = 0;
	int capture = log && !strcmp(log, "-");
	pid_t pid;

	if (capture && pipe2(pipefd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		/* Its own group: a stop reaches it through forward_stop(), whole. */
		if (stop_catching())
			setpgid(0, 0);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		if (capture) {
			dup2(pipefd[1], STDOUT_FILENO);
			dup2(pipefd[1], STDERR_FILENO);
		} else if (log) {
			int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);

			if (fd < 0)
				_exit(126);
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		if (cwd && chdir(cwd))
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (capture) {
		char buf[4096];
		ssize_t n;

		close(pipefd[1]);
		while ((n = read(pipefd[0], buf, sizeof(buf))) != 0) {
			if (n < 0 && errno == EINTR) {
				forward_stop(pid, &sent);
				continue;
			}
			if (n < 0)
				break;
			if (out)
				strbuf_add(out, buf, n);
		}
		close(pipefd[0]);
	}
	if (stop_catching())
		setpgid(pid, pid);	/* in case the child has not yet */
	forward_stop(pid, &sent);
	if (wait_ticking(pid, &status, &sent, tick, arg) < 0)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	if (WEXITSTATUS(status) == 127)
		return -1;
	return WEXITSTATUS(status);
}

void util_fmt_duration(char *buf, size_t len, double s)
{
	if (s >= 3600)
		snprintf(buf, len, "%dh%02dm", (int)s / 3600, (int)s % 3600 / 60);
	else
		snprintf(buf, len, "%dm%02ds", (int)s / 60, (int)s % 60);
}

uint64_t fnv1a64(const void *data, size_t len, uint64_t h)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int fnv1a64_file(const char *path, uint64_t *h)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		*h = fnv1a64(buf, n, *h);
	close(fd);
	return n < 0 ? -EIO : 0;
}

double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void utc_stamp(char *buf, size_t len, int compact)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, compact ? "%Y%m%dT%H%M%SZ" : "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void grow(void *p, int nr, int *alloc, size_t size)
{
	void **pp = p;

	if (nr + 1 <= *alloc)
		return;
	*alloc = nr + 1 > *alloc * 2 ? nr + 1 : *alloc * 2;
	*pp = xrealloc(*pp, *alloc * size);
}

/* Append @s, which the strvec now owns. */
static void strvec_push_own(struct strvec *sv, char *s)
{
	GROW(sv->v, sv->nr + 1, sv->alloc);
	sv->v[sv->nr++] = s;
	sv->v[sv->nr] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_own(sv, xstrdup(s));
}

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strvec_push_own(sv, strbuf_detach(&sb));
}

int strvec_has(const struct strvec *sv, const char *s)
{
	for (int i = 0; i < sv->nr; i++)
		if (!strcmp(sv->v[i], s))
			return 1;
	return 0;
}

void strvec_push_unique(struct strvec *sv, const char *s)
{
	if (!strvec_has(sv, s))
		strvec_push(sv, s);
}

void strvec_clear(struct strvec *sv)
{
	for (int i = 0; i < sv->nr; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->nr = sv->alloc = 0;
}

int util_percent(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || strcmp(end, "%") || v < 0 || v > 100)
		return -1;
	return v;
}

double util_sum(const double *v, int n)
{
	double sum = 0;

	for (int i = 0; i < n; i++)
		sum += v[i];
	return sum;
}
