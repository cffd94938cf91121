/* Step 4: an AVX2/FMA micro-kernel. A 4 x 8 block of c lives in eight ymm registers while
 * p runs over k; each step loads 8 doubles of b (two vectors) and broadcasts four of a, so
 * there are 8 FMAs per 6 loads. At -O0 only `register` variables stay in registers, so the
 * kernel's accumulators are `register __m256d`. Edges (m % 4, n % 8) use a scalar loop. */
#include <immintrin.h>

#define KB 256

static void edge(int i0, int i1, int j0, int j1, int p0, int p1, int n, int k,
                 const double *a, const double *b, double *c)
{
    for (int i = i0; i < i1; i++)
        for (int p = p0; p < p1; p++) {
            register double aip = a[(long)i * k + p];
            for (register int j = j0; j < j1; j++)
                c[(long)i * n + j] += aip * b[(long)p * n + j];
        }
}

static void kernel(int p0, int p1, int n, int k, const double *a, const double *b, double *c)
{
    register __m256d c00 = _mm256_loadu_pd(c), c01 = _mm256_loadu_pd(c + 4);
    register __m256d c10 = _mm256_loadu_pd(c + n), c11 = _mm256_loadu_pd(c + n + 4);
    register __m256d c20 = _mm256_loadu_pd(c + 2 * n), c21 = _mm256_loadu_pd(c + 2 * n + 4);
    register __m256d c30 = _mm256_loadu_pd(c + 3 * n), c31 = _mm256_loadu_pd(c + 3 * n + 4);
    register const double *bp = b + (long)p0 * n;
    register const double *ap = a + p0;
    for (register int p = p0; p < p1; p++, bp += n, ap++) {
        register __m256d b0 = _mm256_loadu_pd(bp), b1 = _mm256_loadu_pd(bp + 4);
        register __m256d x = _mm256_broadcast_sd(ap);
        c00 = _mm256_fmadd_pd(x, b0, c00);
        c01 = _mm256_fmadd_pd(x, b1, c01);
        x = _mm256_broadcast_sd(ap + k);
        c10 = _mm256_fmadd_pd(x, b0, c10);
        c11 = _mm256_fmadd_pd(x, b1, c11);
        x = _mm256_broadcast_sd(ap + 2 * k);
        c20 = _mm256_fmadd_pd(x, b0, c20);
        c21 = _mm256_fmadd_pd(x, b1, c21);
        x = _mm256_broadcast_sd(ap + 3 * k);
        c30 = _mm256_fmadd_pd(x, b0, c30);
        c31 = _mm256_fmadd_pd(x, b1, c31);
    }
    _mm256_storeu_pd(c, c00), _mm256_storeu_pd(c + 4, c01);
    _mm256_storeu_pd(c + n, c10), _mm256_storeu_pd(c + n + 4, c11);
    _mm256_storeu_pd(c + 2 * n, c20), _mm256_storeu_pd(c + 2 * n + 4, c21);
    _mm256_storeu_pd(c + 3 * n, c30), _mm256_storeu_pd(c + 3 * n + 4, c31);
}

void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    int m4 = m - m % 4, n8 = n - n % 8;
    for (int p0 = 0; p0 < k; p0 += KB) {
        int p1 = p0 + KB < k ? p0 + KB : k;
        for (int i = 0; i < m4; i += 4)
            for (int j = 0; j < n8; j += 8)
                kernel(p0, p1, n, k, a + (long)i * k, b + j, c + (long)i * n + j);
        edge(0, m4, n8, n, p0, p1, n, k, a, b, c);
        edge(m4, m, 0, n, p0, p1, n, k, a, b, c);
    }
}
