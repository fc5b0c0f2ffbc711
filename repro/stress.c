/*
 * ---- the stress loop (pmemfi's selftests/stress.c: reconfigure, disable-race) ----
 *
 * A thread injects (corrupt-pfn) over and over while the namespace goes
 * raw and back to its mode each round; reconfigure also switches it to
 * the other mode and back, a new claim and info block each way. Every
 * switch is memunmap_pages() and memremap_pages() of the namespace.
 */

/*
 * Disable the namespace as libndctl's disable_invalidate does: its claim
 * device unbound and let go (the claim is made again from the info block
 * when the namespace is enabled in its mode), then the namespace itself.
 */
static void disable(struct ns *ns)
{
	const char *holder = get(attr(ns->dev, "holder"));

	if (*holder) {
		char h[32];

		snprintf(h, sizeof(h), "%.31s", holder);
		unbind(h);
		must_put(attr(h, "namespace"), "\n");
	}
	unbind(ns->dev);
}

/*
 * Enable the namespace raw (force_raw: the info block is ignored), or in
 * the mode its info block says: then pmem's probe hands it to a new claim
 * device, which comes up asynchronously.
 */
static int set_raw(struct ns *ns, int raw)
{
	char path[192];
	int rc;

	disable(ns);
	must_put(attr(ns->dev, "force_raw"), raw ? "1" : "0");
	snprintf(path, sizeof(path), BUS "/drivers/nd_pmem/bind");
	rc = put(path, ns->dev);
	settle();
	if (raw)
		return rc;
	snprintf(ns->claim, sizeof(ns->claim), "%.31s", get(attr(ns->dev, "holder")));
	if (!ns->claim[0]) {
		say("%s: no claim device after enabling it (bind: %s)", ns->dev, rc ? strerror(rc) : "ok");
		return EIO;
	}
	snprintf(ns->node, sizeof(ns->node), "%s", strncmp(ns->claim, "dax", 3) ? block_of(ns->claim) : dax_of(ns->claim));
	return 0;
}

/* Claim the namespace as @mode instead: the old claim let go, a new one from the seed. */
static void switch_mode(struct ns *ns, const char *mode)
{
	disable(ns);
	must_put(attr(ns->dev, "force_raw"), "0");
	claim(ns, mode);
}

struct injector {
	uint64_t pfns[4];
	int nr;
	atomic_int stop;
	long calls, bad;
};

static void *inject_loop(void *arg)
{
	struct injector *in = arg;
	char val[32];

	for (long i = 0; !atomic_load(&in->stop); i++) {
		int rc;

		snprintf(val, sizeof(val), "%#" PRIx64 "\n", in->pfns[i % in->nr]);
		rc = put("/sys/kernel/debug/hwpoison/corrupt-pfn", val);
		in->calls++;
		/* While the namespace is raw or half torn down: what a correct kernel says. */
		if (rc && rc != ENXIO && rc != EBUSY && rc != EHWPOISON && rc != EINVAL && rc != EIO)
			in->bad++;
	}
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct ns nss[sizeof(want) / sizeof(want[0])], *ns;
	int race = !strcmp(cell.action, "disable-race"), mounted, failed = 0;
	struct injector in = { .nr = 0 };
	uint64_t d, count, first;
	const char *mine, *other;
	double end;
	pthread_t t;
	long i;

	if (argc > 1)
		return host(argc, argv);
	ns = set_up(&cell, want, sizeof(want) / sizeof(want[0]), nss);
	mine = ns->want->mode;
	other = strcmp(mine, "fsdax") ? "fsdax" : "devdax";
	/* The data pfns from 5/8 to 7/8 of the data: clear of the named points. */
	d = ns->data / 4096;
	count = ns->data_size / 4096;
	first = d + count * 5 / 8;
	if (race) {
		in.pfns[in.nr++] = first;
	} else {
		in.pfns[in.nr++] = point_pfn(ns, "B-mid");
		in.pfns[in.nr++] = first + 1;
		in.pfns[in.nr++] = first + 2;
	}
	mounted = ns->mount[0] != 0;
	if (mounted && umount(ns->mount))
		die("umount %s: %s", ns->mount, strerror(errno));
	say("%s: %s rounds (up to %ld, %d s) of raw <-> %s%s%s against corrupt-pfn at %d pfns from %#" PRIx64,
	    cell.action, ns->dev, cell.iterations, cell.seconds, mine, race ? "" : " <-> ", race ? "" : other,
	    in.nr, in.pfns[0]);
	pthread_create(&t, NULL, inject_loop, &in);
	end = now() + cell.seconds;
	for (i = 0; i < cell.iterations && now() < end; i++) {
		if (set_raw(ns, 1) || set_raw(ns, 0)) {
			fail("round %ld: %s would not go raw and back", i, ns->dev);
			failed = 1;
			break;
		}
		if (!race) {
			switch_mode(ns, other);
			switch_mode(ns, mine);
		}
	}
	atomic_store(&in.stop, 1);
	pthread_join(t, NULL);
	say("%ld rounds against %ld injections, %ld unexpected results", i, in.calls, in.bad);
	if (in.bad)
		fail("injections that returned what a correct kernel does not: got %ld, expected 0", in.bad);
	failed |= in.bad != 0;
	/* Back as the cell found it, filesystem and all. */
	if (mounted) {
		char dev[48];

		snprintf(dev, sizeof(dev), "/dev/%.31s", ns->node);
		if (mount(dev, ns->mount, "ext4", 0, "dax=always")) {
			fail("mount %s on %s -o dax=always again: %s", dev, ns->mount, strerror(errno));
			failed = 1;
		}
	}
	say("done: %s", failed ? "a check failed" : "every check passed; any kernel report above is the bug");
	return failed;
}
