/* Step 6: step 5 on every core the process may use: rows of c are split into bands, one thread
 * per band. The kernel, packing and blocking are step 5's (see there). */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define MR 6
#define NR 8
#define KC 256
#define MC 96
#define NC 1024

static void kernel(long len, const double *ap, const double *bp, double *c, long ldc_bytes)
{
    __asm__ volatile(
        "lea (%[c],%[ldc],2), %%r10\n\t"
        "add %[ldc], %%r10\n\t"
        "vmovupd (%[c]), %%ymm4\n\t"
        "vmovupd 32(%[c]), %%ymm5\n\t"
        "vmovupd (%[c],%[ldc]), %%ymm6\n\t"
        "vmovupd 32(%[c],%[ldc]), %%ymm7\n\t"
        "vmovupd (%[c],%[ldc],2), %%ymm8\n\t"
        "vmovupd 32(%[c],%[ldc],2), %%ymm9\n\t"
        "vmovupd (%%r10), %%ymm10\n\t"
        "vmovupd 32(%%r10), %%ymm11\n\t"
        "vmovupd (%%r10,%[ldc]), %%ymm12\n\t"
        "vmovupd 32(%%r10,%[ldc]), %%ymm13\n\t"
        "vmovupd (%%r10,%[ldc],2), %%ymm14\n\t"
        "vmovupd 32(%%r10,%[ldc],2), %%ymm15\n\t"
        "1:\n\t"
        "vmovupd (%[b]), %%ymm0\n\t"
        "vmovupd 32(%[b]), %%ymm1\n\t"
        "vbroadcastsd (%[a]), %%ymm2\n\t"
        "vfmadd231pd %%ymm0, %%ymm2, %%ymm4\n\t"
        "vfmadd231pd %%ymm1, %%ymm2, %%ymm5\n\t"
        "vbroadcastsd 8(%[a]), %%ymm3\n\t"
        "vfmadd231pd %%ymm0, %%ymm3, %%ymm6\n\t"
        "vfmadd231pd %%ymm1, %%ymm3, %%ymm7\n\t"
        "vbroadcastsd 16(%[a]), %%ymm2\n\t"
        "vfmadd231pd %%ymm0, %%ymm2, %%ymm8\n\t"
        "vfmadd231pd %%ymm1, %%ymm2, %%ymm9\n\t"
        "vbroadcastsd 24(%[a]), %%ymm3\n\t"
        "vfmadd231pd %%ymm0, %%ymm3, %%ymm10\n\t"
        "vfmadd231pd %%ymm1, %%ymm3, %%ymm11\n\t"
        "vbroadcastsd 32(%[a]), %%ymm2\n\t"
        "vfmadd231pd %%ymm0, %%ymm2, %%ymm12\n\t"
        "vfmadd231pd %%ymm1, %%ymm2, %%ymm13\n\t"
        "vbroadcastsd 40(%[a]), %%ymm3\n\t"
        "vfmadd231pd %%ymm0, %%ymm3, %%ymm14\n\t"
        "vfmadd231pd %%ymm1, %%ymm3, %%ymm15\n\t"
        "add $48, %[a]\n\t"
        "add $64, %[b]\n\t"
        "dec %[len]\n\t"
        "jnz 1b\n\t"
        "vmovupd %%ymm4, (%[c])\n\t"
        "vmovupd %%ymm5, 32(%[c])\n\t"
        "vmovupd %%ymm6, (%[c],%[ldc])\n\t"
        "vmovupd %%ymm7, 32(%[c],%[ldc])\n\t"
        "vmovupd %%ymm8, (%[c],%[ldc],2)\n\t"
        "vmovupd %%ymm9, 32(%[c],%[ldc],2)\n\t"
        "vmovupd %%ymm10, (%%r10)\n\t"
        "vmovupd %%ymm11, 32(%%r10)\n\t"
        "vmovupd %%ymm12, (%%r10,%[ldc])\n\t"
        "vmovupd %%ymm13, 32(%%r10,%[ldc])\n\t"
        "vmovupd %%ymm14, (%%r10,%[ldc],2)\n\t"
        "vmovupd %%ymm15, 32(%%r10,%[ldc],2)\n\t"
        "vzeroupper"
        : [a] "+r"(ap), [b] "+r"(bp), [len] "+r"(len)
        : [c] "r"(c), [ldc] "r"(ldc_bytes)
        : "r10", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
          "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc");
}

static int min(int x, int y) { return x < y ? x : y; }

/* rows x kc block of a (row stride k) -> panels of MR rows, p-major, zero-padded. */
static void pack_a(int rows, int kc, int k, const double *a, double *out)
{
    for (int i0 = 0; i0 < rows; i0 += MR)
        for (int p = 0; p < kc; p++)
            for (register int i = 0; i < MR; i++)
                *out++ = i0 + i < rows ? a[(long)(i0 + i) * k + p] : 0.0;
}

/* kc x cols block of b (row stride n) -> panels of NR columns, p-major, zero-padded. */
static void pack_b(int kc, int cols, int n, const double *b, double *out)
{
    for (int j0 = 0; j0 < cols; j0 += NR)
        for (int p = 0; p < kc; p++) {
            register const double *row = b + (long)p * n + j0;
            if (j0 + NR <= cols)
                memcpy(out, row, NR * sizeof(double));
            else
                for (register int j = 0; j < NR; j++)
                    out[j] = j0 + j < cols ? row[j] : 0.0;
            out += NR;
        }
}

/* c[rows x cols] += packed a * packed b, block by block. */
static void macro(int rows, int cols, int kc, int n, const double *pa, const double *pb, double *c)
{
    double tmp[MR * NR];
    for (int j0 = 0; j0 < cols; j0 += NR)
        for (int i0 = 0; i0 < rows; i0 += MR) {
            const double *ap = pa + (long)i0 * kc, *bp = pb + (long)j0 * kc;
            double *cb = c + (long)i0 * n + j0;
            if (i0 + MR <= rows && j0 + NR <= cols) {
                kernel(kc, ap, bp, cb, (long)n * sizeof(double));
                continue;
            }
            int mr = min(MR, rows - i0), nr = min(NR, cols - j0);
            memset(tmp, 0, sizeof tmp);
            kernel(kc, ap, bp, tmp, NR * sizeof(double));
            for (int i = 0; i < mr; i++)
                for (register int j = 0; j < nr; j++)
                    cb[(long)i * n + j] += tmp[i * NR + j];
        }
}

static void serial(int m, int n, int k, const double *a, const double *b, double *c, double *pa, double *pb)
{
    for (int jc = 0; jc < n; jc += NC) {
        int nc = min(NC, n - jc);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = min(KC, k - pc);
            pack_b(kc, nc, n, b + (long)pc * n + jc, pb);
            for (int ic = 0; ic < m; ic += MC) {
                int mc = min(MC, m - ic);
                pack_a(mc, kc, k, a + (long)ic * k + pc, pa);
                macro(mc, nc, kc, n, pa, pb, c + (long)ic * n + jc);
            }
        }
    }
}

#define PA_SIZE (sizeof(double) * (MC + MR) * KC)
#define PB_SIZE (sizeof(double) * (NC + NR) * KC)

struct part {
    int m, n, k;
    const double *a, *b;
    double *c;
};

static void *work(void *arg)
{
    struct part *p = arg;
    double *pa = aligned_alloc(64, PA_SIZE), *pb = aligned_alloc(64, PB_SIZE);
    serial(p->m, p->n, p->k, p->a, p->b, p->c, pa, pb);
    free(pa);
    free(pb);
    return NULL;
}

/* The single-thread path keeps its packed copies for the life of the program (no page faults
 * per call); the threads of a multi-core run allocate their own. */
static double spa[(MC + MR) * KC] __attribute__((aligned(64)));
static double spb[(NC + NR) * KC] __attribute__((aligned(64)));

/* Rows of c are split into one band per core this process may run on (its affinity mask, which
 * a container's cpuset narrows; sysconf would count the host's cores). Bands are whole multiples
 * of MR rows, so no two threads ever write the same element of c, and each thread packs its own
 * copies of a and b. On one core this is step 5 plus the cost of one thread. */
void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    cpu_set_t set;
    int cores = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    int bands = (m + MR - 1) / MR;
    int threads = cores < bands ? cores : bands;
    if (threads > 64)
        threads = 64;
    if (threads <= 1) {
        serial(m, n, k, a, b, c, spa, spb);
        return;
    }
    pthread_t ids[64];
    struct part parts[64];
    int row = 0;
    for (int t = 0; t < threads; t++) {
        int rows = (bands * (t + 1) / threads - bands * t / threads) * MR;
        if (row + rows > m)
            rows = m - row;
        parts[t] = (struct part){rows, n, k, a + (long)row * k, b, c + (long)row * n};
        row += rows;
        pthread_create(&ids[t], NULL, work, &parts[t]);
    }
    for (int t = 0; t < threads; t++)
        pthread_join(ids[t], NULL);
}
