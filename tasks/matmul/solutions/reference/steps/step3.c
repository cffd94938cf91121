/* Step 3: cache blocking. The k and j loops are cut into blocks so that a block of b
 * (KB x NB doubles = 256 KiB) stays in the L2 cache while every row of a sweeps over it, and
 * the hot variables are declared `register`, which is what -O0 honours. */
#define KB 128
#define NB 256

static int min(int x, int y) { return x < y ? x : y; }

void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    for (int p0 = 0; p0 < k; p0 += KB)
        for (int j0 = 0; j0 < n; j0 += NB) {
            int p1 = min(p0 + KB, k), j1 = min(j0 + NB, n);
            for (int i = 0; i < m; i++) {
                register double *ci = c + (long)i * n;
                for (int p = p0; p < p1; p++) {
                    register double aip = a[(long)i * k + p];
                    register const double *bp = b + (long)p * n;
                    for (register int j = j0; j < j1; j++)
                        ci[j] += aip * bp[j];
                }
            }
        }
}
