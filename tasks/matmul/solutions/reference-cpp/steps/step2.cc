// Step 2: everything at once, in C++: packed panels of a and b, a 6 x 8 register block of c
// computed by an inline-assembly FMA kernel (at -O0 intrinsics would spill every operand to the
// stack), and one std::thread per core of the process's affinity mask, each on its own rows.
#include <sched.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace {

constexpr int MR = 6, NR = 8, KC = 256, MC = 96, NC = 1024;

// c[6 x 8] (row stride ldc bytes) += sum over len steps of a column of `ap` times a row of `bp`.
void kernel(long len, const double *ap, const double *bp, double *c, long ldc)
{
    asm volatile(
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
        : [c] "r"(c), [ldc] "r"(ldc)
        : "r10", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
          "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc");
}

// A panel of rows x kc of a (row stride k), MR rows at a time, p-major, zero-padded.
void pack_a(int rows, int kc, int k, const double *a, double *out)
{
    for (int i0 = 0; i0 < rows; i0 += MR)
        for (int p = 0; p < kc; p++)
            for (int i = 0; i < MR; i++)
                *out++ = i0 + i < rows ? a[long(i0 + i) * k + p] : 0.0;
}

// A panel of kc x cols of b (row stride n), NR columns at a time, p-major, zero-padded.
void pack_b(int kc, int cols, int n, const double *b, double *out)
{
    for (int j0 = 0; j0 < cols; j0 += NR)
        for (int p = 0; p < kc; p++, out += NR) {
            const double *row = b + long(p) * n + j0;
            int valid = std::min(NR, cols - j0);
            std::copy(row, row + valid, out);
            std::fill(out + valid, out + NR, 0.0);
        }
}

void block(int rows, int cols, int kc, int n, const double *pa, const double *pb, double *c)
{
    double tmp[MR * NR];
    for (int j0 = 0; j0 < cols; j0 += NR)
        for (int i0 = 0; i0 < rows; i0 += MR) {
            const double *ap = pa + long(i0) * kc, *bp = pb + long(j0) * kc;
            double *cb = c + long(i0) * n + j0;
            if (i0 + MR <= rows && j0 + NR <= cols) {
                kernel(kc, ap, bp, cb, long(n) * sizeof(double));
                continue;
            }
            std::fill(tmp, tmp + MR * NR, 0.0);
            kernel(kc, ap, bp, tmp, NR * sizeof(double));
            for (int i = 0; i < std::min(MR, rows - i0); i++)
                for (int j = 0; j < std::min(NR, cols - j0); j++)
                    cb[long(i) * n + j] += tmp[i * NR + j];
        }
}

void serial(int m, int n, int k, const double *a, const double *b, double *c)
{
    // One pair of packing buffers per thread, kept across calls: no page faults on every call.
    thread_local std::vector<double> pa((MC + MR) * KC), pb((NC + NR) * KC);
    for (int jc = 0; jc < n; jc += NC)
        for (int pc = 0; pc < k; pc += KC) {
            int nc = std::min(NC, n - jc), kc = std::min(KC, k - pc);
            pack_b(kc, nc, n, b + long(pc) * n + jc, pb.data());
            for (int ic = 0; ic < m; ic += MC) {
                int mc = std::min(MC, m - ic);
                pack_a(mc, kc, k, a + long(ic) * k + pc, pa.data());
                block(mc, nc, kc, n, pa.data(), pb.data(), c + long(ic) * n + jc);
            }
        }
}

int cores()
{
    cpu_set_t set;
    return sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
}

} // namespace

void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    int bands = (m + MR - 1) / MR;
    int threads = std::min({cores(), bands, 64});
    if (threads <= 1)
        return serial(m, n, k, a, b, c);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; t++) {
        // Whole MR-row bands, so no two threads ever write the same element of c.
        int first = bands * t / threads * MR, last = std::min(m, bands * (t + 1) / threads * MR);
        pool.emplace_back(serial, last - first, n, k, a + long(first) * k, b, c + long(first) * n);
    }
    for (auto &thread : pool)
        thread.join();
}
