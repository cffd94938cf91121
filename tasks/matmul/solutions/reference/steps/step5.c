/* Step 5: the step-4 idea without the -O0 tax, plus packing.
 *
 * Step 4's intrinsics are inline functions, and at -O0 every call copies its operands through
 * the stack: about four memory operations per FMA. Here the whole micro-kernel is one block of
 * inline assembly: a 6 x 8 block of c sits in 12 ymm registers while p runs over a panel of k,
 * each p costing 2 loads of b, 6 broadcasts of a and 12 FMAs.
 *
 * The kernel reads a and b from packed copies: a panel of 6 rows of a stored p-major (6 values
 * per p) and a panel of 8 columns of b stored p-major (8 values per p), both zero-padded at the
 * edges, so the kernel never needs an edge case; blocks of c that stick out of the matrix are
 * computed into a small buffer and only their valid part is added. Blocking: KC x 8 of b
 * (16 KiB) stays in L1 while the 6-row panels of an MC x KC block of a (L2) stream past it.
 */
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

/* The packed copies live as long as the program: allocating them per call would cost page
 * faults on every call (large blocks come fresh from mmap), a few percent at these sizes. */
static double pa[(MC + MR) * KC] __attribute__((aligned(64)));
static double pb[(NC + NR) * KC] __attribute__((aligned(64)));

void f(int m, int n, int k, const double *a, const double *b, double *c)
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
