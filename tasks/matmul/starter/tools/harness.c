/* The grader's own main, linked with one step's f (compiled by grade.py with the fixed flags).
 *
 *   harness check  REPORT DIR M N K SEED [M N K SEED ...]   one call per shape; writes DIR/cI.bin
 *   harness verify REPORT M N K SEED [...]        the same, judged here (used to pick the fastest step)
 *   harness bench  REPORT FILE FINAL M N K SEED REPS NAIVE_REPS
 *                  one call written to FILE, then REPS timed runs (0: a trial) of the step, with
 *                  NAIVE_REPS runs of the naive loop interleaved (when it is linked in); the c left
 *                  after the last run goes to FINAL and the number of calls made on it (every call:
 *                  the first, the warm-up's and the runs') to the report as "calls", so that the
 *                  checker can see that every timed call added its product
 *
 * Matrices come from splitmix64 streams (a, then b, then the initial c, row-major, values in
 * [-1, 1)); checker/matrices.py draws the same numbers, so the trusted checker recomputes every
 * product without trusting anything this process says. In `bench`, every call after the first gets
 * new a and b (call t's from its own PCG64 stream, see refresh), so no call can reuse the product
 * of an earlier one: c = c0 + sum over the calls t of a_t * b_t, which the checker verifies. One JSON object per shape goes to REPORT
 * (not stdout, which the step may print to); progress goes to stderr, so a hang or a crash names
 * the shape it happened on.
 */
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Either a C f or a C++ f (mangled name) may be linked in; the other stays a null weak symbol. */
extern void f_c(int, int, int, const double *, const double *, double *) __asm__("f") __attribute__((weak));
extern void f_cpp(int, int, int, const double *, const double *, double *) __asm__("_Z1fiiiPKdS0_Pd") __attribute__((weak));
/* The naive loop (naive.c compiled with the step's flags under this name), for side-by-side runs. */
extern void naive_gemm(int, int, int, const double *, const double *, double *) __asm__("intern_naive_gemm") __attribute__((weak));
typedef void (*gemm_fn)(int, int, int, const double *, const double *, double *);

#define GUARD 64 /* doubles of canary on each side of c */
static const double CANARY = -7.0e300;

static uint64_t splitmix64(uint64_t seed, uint64_t i)
{
    uint64_t z = seed + (i + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void fill(double *x, size_t count, uint64_t seed, uint64_t offset)
{
    for (size_t i = 0; i < count; i++)
        x[i] = (double)(splitmix64(seed, offset + i) >> 11) * 0x1.0p-52 - 1.0;
}

/* Call t's a and b (t >= 1): m*k then k*n values of one PCG64 stream (NumPy's PCG64, XSL-RR
 * output, so checker/matrices.py draws them with NumPy's own generator, several times faster than
 * splitmix64 there), in [-1, 1) like the rest. The stream's state and increment come from
 * splitmix64 draws of the shape's seed at CALL_STREAMS + 2t and + 2t + 1. */
typedef unsigned __int128 u128;
#define CALL_STREAMS (1ull << 62)

static void fill_call(double *a, size_t sa, double *b, size_t sb, uint64_t seed, uint64_t t)
{
    const u128 mult = ((u128)0x2360ED051FC65DA4ull << 64) | 0x4385DF649FCCF645ull;
    uint64_t hi = splitmix64(seed, CALL_STREAMS + 2 * t), lo = splitmix64(seed, CALL_STREAMS + 2 * t + 1);
    u128 state = ((u128)hi << 64) | lo, inc = ((u128)lo << 64) | hi | 1;
    for (size_t i = 0; i < sa + sb; i++) {
        state = state * mult + inc;
        uint64_t x = (uint64_t)(state >> 64) ^ (uint64_t)state;
        unsigned turn = (unsigned)(state >> 122);
        x = (x >> turn) | (x << ((-turn) & 63));
        double value = (double)(x >> 11) * 0x1.0p-52 - 1.0;
        if (i < sa)
            a[i] = value;
        else
            b[i - sa] = value;
    }
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* How long the sandbox ran: the CPU time of this process (every thread of the step's) and, where
 * the sandbox's cgroup can be read, of every process in the sandbox, so that a step which hands its
 * work to a child process is charged for it. On the sandbox's one core, that is the wall time
 * minus the time other work on the machine held the core. */
static int cgroup_fd = -1;
static double cgroup_unit;

static void open_cgroup(void)
{
    static const struct { const char *path; double unit; } files[] = {
        {"/sys/fs/cgroup/cpu.stat", 1e-6},                 /* cgroup v2: usage_usec */
        {"/sys/fs/cgroup/cpuacct/cpuacct.usage", 1e-9},    /* cgroup v1, nanoseconds */
        {"/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage", 1e-9},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0] && cgroup_fd < 0; i++)
        if ((cgroup_fd = open(files[i].path, O_RDONLY | O_CLOEXEC)) >= 0)
            cgroup_unit = files[i].unit;
}

static double cgroup_seconds(void)
{
    char text[1024];
    ssize_t got = cgroup_fd < 0 ? -1 : pread(cgroup_fd, text, sizeof text - 1, 0);
    if (got <= 0)
        return 0;
    text[got] = 0;
    const char *usage = cgroup_unit < 1e-7 ? text : strstr(text, "usage_usec ");
    return usage ? strtod(usage + (usage == text ? 0 : 11), NULL) * cgroup_unit : 0;
}

typedef struct {
    double wall, own, sandbox, thread;
} usage;

static usage usage_now(void)
{
    struct timespec t;
    /* Reading the process's clock first also brings the cgroup's count up to this instant. */
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    usage u = {0, t.tv_sec + t.tv_nsec * 1e-9, cgroup_seconds(), 0};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    u.thread = t.tv_sec + t.tv_nsec * 1e-9;
    u.wall = now();
    return u;
}

/* The share of the wall time since `from` during which the sandbox was running, at most 1. */
static double held_since(usage from, usage to)
{
    double wall = to.wall - from.wall, ran = fmax(to.own - from.own, to.sandbox - from.sandbox);
    return wall > 0 ? fmin(1.0, ran / wall) : 1.0;
}

/* The same for the naive loop: the CPU time of the calling thread alone over the wall time. The
 * naive loop is single-threaded by construction and runs on this thread, so this thread's CPU time
 * is its true cost; threads or processes the step left running (spinning while f is not called)
 * take the core from it without being counted, so they cannot make the yardstick look slower. */
static double thread_held_since(usage from, usage to)
{
    double wall = to.wall - from.wall, ran = to.thread - from.thread;
    return wall > 0 ? fmin(1.0, ran / wall) : 1.0;
}

/* The CPU time the sandbox spent since `from` on anything but the calling thread: in the windows
 * where only the harness works (naive runs, writing the final c), that is a step's threads or
 * processes working where nobody times them, say on products it put off. */
static double stray_since(usage from, usage to)
{
    return fmax(0.0, fmax(to.own - from.own, to.sandbox - from.sandbox) - (to.thread - from.thread));
}

static void *alloc(size_t count)
{
    /* 64-byte aligned, like most allocators give for large blocks; candidates must not rely on more. */
    void *p = aligned_alloc(64, ((count * sizeof(double) + 63) / 64) * 64);
    if (!p) {
        fprintf(stderr, "harness: out of memory\n");
        exit(3);
    }
    return p;
}

typedef struct {
    int m, n, k;
    uint64_t seed;
    double *a, *b, *c, *a0, *b0, *c0, *cbuf;
    int a_changed, b_changed, before, after; /* by any call so far */
} problem;

static void setup(problem *p, int m, int n, int k, uint64_t seed)
{
    size_t sa = (size_t)m * k, sb = (size_t)k * n, sc = (size_t)m * n;
    p->m = m, p->n = n, p->k = k, p->seed = seed;
    p->a_changed = p->b_changed = p->before = p->after = 0;
    p->a = alloc(sa), p->b = alloc(sb), p->cbuf = alloc(sc + 2 * GUARD);
    p->a0 = alloc(sa), p->b0 = alloc(sb), p->c0 = alloc(sc);
    p->c = p->cbuf + GUARD;
    fill(p->a0, sa, seed, 0);
    fill(p->b0, sb, seed, sa);
    fill(p->c0, sc, seed, sa + sb);
    memcpy(p->a, p->a0, sa * sizeof(double));
    memcpy(p->b, p->b0, sb * sizeof(double));
    memcpy(p->c, p->c0, sc * sizeof(double));
    for (int g = 0; g < GUARD; g++)
        p->cbuf[g] = p->cbuf[GUARD + sc + g] = CANARY;
}

static void release(problem *p)
{
    free(p->a), free(p->b), free(p->cbuf), free(p->a0), free(p->b0), free(p->c0);
}

/* Notes which of the contract's promises the last call broke (a and b unchanged, nothing written
 * around c); called after every call, before a refresh could hide a change. */
static void inspect(problem *p)
{
    size_t sa = (size_t)p->m * p->k, sb = (size_t)p->k * p->n, sc = (size_t)p->m * p->n;
    for (int g = 0; g < GUARD; g++) {
        p->before |= p->cbuf[g] != CANARY;
        p->after |= p->cbuf[GUARD + sc + g] != CANARY;
    }
    p->a_changed |= memcmp(p->a, p->a0, sa * sizeof(double)) != 0;
    p->b_changed |= memcmp(p->b, p->b0, sb * sizeof(double)) != 0;
}

/* The promises any call on p broke, as a JSON fragment. */
static void integrity(problem *p, FILE *out)
{
    inspect(p);
    fprintf(out, "\"a_changed\": %s, \"b_changed\": %s, \"wrote_before_c\": %s, \"wrote_after_c\": %s",
            p->a_changed ? "true" : "false", p->b_changed ? "true" : "false",
            p->before ? "true" : "false", p->after ? "true" : "false");
}

/* In `bench`, this thread runs with every signal blocked except inside the step's own calls: a
 * handler of the step's can then only run (on this thread) in time charged to the step, never in
 * a refresh, a naive run or between them. A fault the step provokes outside its calls (say, a or b
 * made read-only to catch the refresh) ends the program instead. */
static sigset_t signals_outside;
static int guarding, holding; /* guarding: in `bench` */

static void hold_signals(void)
{
    sigset_t all;
    sigfillset(&all);
    if (!holding)
        pthread_sigmask(SIG_BLOCK, &all, &signals_outside), holding = 1;
}

static void let_signals(void)
{
    if (holding)
        pthread_sigmask(SIG_SETMASK, &signals_outside, NULL), holding = 0;
}

/* Call t's matrices into a and b (kept in a0 and b0 to compare with after the call). */
static void refresh(problem *p, long t)
{
    size_t sa = (size_t)p->m * p->k, sb = (size_t)p->k * p->n;
    inspect(p);
    fill_call(p->a0, sa, p->b0, sb, p->seed, (uint64_t)t);
    memcpy(p->a, p->a0, sa * sizeof(double));
    memcpy(p->b, p->b0, sb * sizeof(double));
}

/* One call of fn on p, with signals let through while it runs when fn is the step's (`own`). */
static void call_in(gemm_fn fn, problem *p, int own)
{
    if (own && guarding)
        let_signals();
    fn(p->m, p->n, p->k, p->a, p->b, p->c);
    if (own && guarding)
        hold_signals();
}

static double call(gemm_fn fn, problem *p)
{
    double start = now();
    call_in(fn, p, 1);
    return now() - start;
}

/* In-process judgement for `verify`, with the tolerance the statement fixes. */
static long wrong_elements(const problem *p)
{
    long wrong = 0;
    for (int i = 0; i < p->m; i++)
        for (int j = 0; j < p->n; j++) {
            double want = p->c0[(size_t)i * p->n + j], scale = fabs(want);
            for (int q = 0; q < p->k; q++) {
                double x = p->a0[(size_t)i * p->k + q] * p->b0[(size_t)q * p->n + j];
                want += x, scale += fabs(x);
            }
            double got = p->c[(size_t)i * p->n + j];
            if (!(fabs(got - want) <= 1e-10 * scale))
                wrong++;
        }
    return wrong;
}

static FILE *report;

static int shape_args(char **argv, int *m, int *n, int *k, uint64_t *seed)
{
    *m = atoi(argv[0]), *n = atoi(argv[1]), *k = atoi(argv[2]);
    *seed = strtoull(argv[3], NULL, 10);
    return *m > 0 && *n > 0 && *k > 0;
}

static int write_c(const char *path, const problem *p)
{
    size_t count = (size_t)p->m * p->n;
    FILE *out = fopen(path, "wb");
    if (!out || fwrite(p->c, sizeof(double), count, out) != count || fclose(out)) {
        fprintf(stderr, "harness: cannot write %s\n", path);
        return 3;
    }
    return 0;
}

static int check(gemm_fn fn, int count, char **shapes, const char *dir)
{
    for (int s = 0; s < count; s++) {
        int m, n, k;
        uint64_t seed;
        if (!shape_args(shapes + 4 * s, &m, &n, &k, &seed))
            return 2;
        problem p;
        setup(&p, m, n, k, seed);
        fprintf(stderr, "shape %d of %d: m=%d n=%d k=%d ...\n", s + 1, count, m, n, k);
        double seconds = call(fn, &p);
        fprintf(report, "{\"shape\": %d, \"m\": %d, \"n\": %d, \"k\": %d, \"seconds\": %.6f, ", s + 1, m, n, k, seconds);
        integrity(&p, report);
        if (!dir)
            fprintf(report, ", \"wrong\": %ld", wrong_elements(&p));
        fprintf(report, "}\n");
        fflush(report);
        if (dir) {
            char path[4096];
            snprintf(path, sizeof path, "%s/c%d.bin", dir, s + 1);
            if (write_c(path, &p))
                return 3;
        }
        release(&p);
    }
    return 0;
}

/* Timed runs of one function on one problem: each run is `calls` calls. A run keeps its wall time
 * per call and the share of that wall time during which the sandbox held its core: on a machine
 * where other work shares the core, the rest of the run went to that work, not to the step. */
#define MAX_RUNS 1000
#define RUN_SECONDS 0.05 /* a run lasts at least this long: far above the clock's resolution */
typedef struct {
    gemm_fn fn;
    problem p;
    int calls, runs, thread_clock; /* thread_clock: the naive loop's, see thread_held_since */
    int fresh;  /* new matrices for every call after the first (the step's; the naive loop is ours) */
    long total, warm_calls; /* every call made on p; those of the warm-up */
    double first, first_held, spent, seconds[MAX_RUNS], held[MAX_RUNS]; /* spent: time the core was held */
    double stray; /* for the naive loop: stray_since over its runs */
} timer;

static double thread_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void start_timer(timer *t, gemm_fn fn, int m, int n, int k, uint64_t seed, int fresh)
{
    t->fn = fn, t->runs = 0, t->spent = 0, t->total = 1, t->fresh = fresh, t->thread_clock = !fresh;
    t->warm_calls = 0, t->stray = 0;
    setup(&t->p, m, n, k, seed);
    usage before = usage_now();
    call_in(fn, &t->p, fresh);
    usage after = usage_now();
    t->first = after.wall - before.wall;
    t->first_held = held_since(before, after);
    /* Later calls keep adding a*b to c; |c| grows by at most k per call, far from overflow.
     * Runs are sized by the time the first call held the core, so they hold the same work on a
     * busy machine as on a quiet one. */
    double per = t->first * t->first_held > 1e-7 ? t->first * t->first_held : 1e-7;
    if (fresh) { /* a run of a step that returns at once lasts about as long as its refreshes */
        double start = now();
        refresh(&t->p, 1);
        per = fmax(per, now() - start);
    }
    t->calls = per >= RUN_SECONDS ? 1 : (int)ceil(RUN_SECONDS / per);
    if (t->calls > 100000)
        t->calls = 100000;
}

/* The warm-up is neither timed nor judged (the host's slow phases make an honest one up to 1.5
 * times slower per call than the runs); its calls are counted, so the checker can account for them. */
static void warm_up(timer *t)
{
    double start = now();
    while (t->first < 0.5 && start + 0.2 > now()) { /* caches, page tables, clock frequency */
        if (t->fresh)
            refresh(&t->p, t->total);
        call_in(t->fn, &t->p, t->fresh), t->total++, t->warm_calls++;
    }
}

/* A run of the step refreshes a and b before each call. The refreshes are not the step's time:
 * their wall time is taken off the run's, and their CPU time (this thread's clock, so that a thread
 * of the step's computing meanwhile is charged to the step) off the time the sandbox ran. */
static void run(timer *t)
{
    double refresh_wall = 0, refresh_cpu = 0;
    usage start = usage_now();
    for (int i = 0; i < t->calls; i++) {
        if (t->fresh) {
            double wall = now(), cpu = thread_seconds();
            refresh(&t->p, t->total + i);
            refresh_cpu += thread_seconds() - cpu, refresh_wall += now() - wall;
        }
        call_in(t->fn, &t->p, t->fresh);
    }
    usage end = usage_now();
    t->total += t->calls;
    double elapsed = end.wall - start.wall, ran;
    if (t->thread_clock) {
        t->held[t->runs] = thread_held_since(start, end);
        ran = elapsed * t->held[t->runs];
        t->stray += stray_since(start, end);
    } else {
        /* the time the step held the core; the calls' wall time, unless the step ran longer */
        ran = fmax(1e-9, elapsed * held_since(start, end) - refresh_cpu);
        elapsed = fmax(elapsed - refresh_wall, ran);
        t->held[t->runs] = ran / elapsed;
    }
    t->spent += ran;
    t->seconds[t->runs++] = elapsed / t->calls;
}

static void print_runs(const char *name, const char *held, const timer *t)
{
    fprintf(report, "\"%s\": [", name);
    for (int r = 0; r < t->runs; r++)
        fprintf(report, "%s%.9f", r ? ", " : "", t->seconds[r]);
    fprintf(report, "], \"%s\": [", held);
    for (int r = 0; r < t->runs; r++)
        fprintf(report, "%s%.4f", r ? ", " : "", t->held[r]);
    fprintf(report, "]");
}

/* One call whose result goes to FILE, a warm-up, then up to REPS timed runs, each of as many
 * calls as last RUN_SECONDS. A slow step stops after MIN_RUNS runs once its runs have held the
 * core for BUDGET seconds (so a busy machine does not cut the number of runs). NAIVE_REPS runs
 * of the naive loop, on its own copy of the same matrices, are spread between the step's runs,
 * so that both see the same machine at the same time.
 * REPS = 0 is a trial: the first call alone for a slow step, TRIAL_RUNS runs after the warm-up
 * for a fast one (the driver keeps the fastest). */
#define MIN_RUNS 6
#define BUDGET 4.0
#define TRIAL_RUNS 3

static int bench(gemm_fn fn, const char *file, const char *final, char **shape, int reps, int naive_reps)
{
    int m, n, k;
    uint64_t seed;
    if (!shape_args(shape, &m, &n, &k, &seed) || reps < 0 || reps > MAX_RUNS || naive_reps < 0 || naive_reps > reps)
        return 2;
    fprintf(stderr, "bench: m=%d n=%d k=%d, %d runs ...\n", m, n, k, reps);
    static timer step, naive;
    open_cgroup();
    guarding = 1;
    hold_signals();
    start_timer(&step, fn, m, n, k, seed, 1);
    if (write_c(file, &step.p))
        return 3;
    if (!naive_gemm)
        naive_reps = 0;
    if (naive_reps) { /* its first call is not timed, but nothing else may work meanwhile either */
        usage before = usage_now();
        start_timer(&naive, naive_gemm, m, n, k, seed, 0);
        naive.stray = stray_since(before, usage_now());
    }
    if (reps == 0 && step.first >= 0.2) {
        step.held[step.runs] = step.first_held;
        step.seconds[step.runs++] = step.first;
    } else {
        warm_up(&step);
        for (int target = reps ? reps : TRIAL_RUNS; step.runs < target && !(step.runs >= MIN_RUNS && step.spent >= BUDGET);) {
            run(&step);
            /* naive run j follows step run ceil((j + 1) * reps / naive_reps) */
            if (naive.runs < naive_reps && step.runs * naive_reps >= (naive.runs + 1) * reps)
                run(&naive);
        }
    }
    while (naive.runs < naive_reps) /* when the step stopped early */
        run(&naive);
    usage before_final = usage_now();
    if (write_c(final, &step.p))
        return 3;
    double stray = naive.stray + stray_since(before_final, usage_now());
    fprintf(report, "{\"m\": %d, \"n\": %d, \"k\": %d, \"first\": %.9f, \"calls_per_rep\": %d, \"calls\": %ld, "
            "\"warm_calls\": %ld, \"stray_seconds\": %.9f, ",
            m, n, k, step.first, step.calls, step.total, step.warm_calls, stray);
    print_runs("seconds", "held", &step);
    if (naive_reps) {
        fprintf(report, ", \"naive_calls_per_rep\": %d, ", naive.calls);
        print_runs("naive_seconds", "naive_held", &naive);
    }
    fprintf(report, ", ");
    integrity(&step.p, report);
    fprintf(report, "}\n");
    return 0;
}

int main(int argc, char **argv)
{
    gemm_fn fn = f_c ? f_c : f_cpp;
    if (!fn) {
        fprintf(stderr, "no function f(int, int, int, const double *, const double *, double *) was found in the step\n");
        return 4;
    }
    report = argc >= 3 ? fopen(argv[2], "w") : NULL;
    if (argc >= 3 && !report) {
        fprintf(stderr, "harness: cannot write %s\n", argv[2]);
        return 3;
    }
    int status = 2;
    if (argc >= 8 && strcmp(argv[1], "check") == 0 && (argc - 4) % 4 == 0)
        status = check(fn, (argc - 4) / 4, argv + 4, argv[3]);
    else if (argc >= 7 && strcmp(argv[1], "verify") == 0 && (argc - 3) % 4 == 0)
        status = check(fn, (argc - 3) / 4, argv + 3, NULL);
    else if (argc == 11 && strcmp(argv[1], "bench") == 0)
        status = bench(fn, argv[3], argv[4], argv + 5, atoi(argv[9]), atoi(argv[10]));
    else
        fprintf(stderr, "usage: harness check REPORT DIR M N K SEED ... | verify REPORT M N K SEED ... | bench REPORT FILE FINAL M N K SEED REPS NAIVE_REPS\n");
    if (report && fclose(report))
        status = 3;
    return status;
}
