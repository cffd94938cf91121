/* Step 2: loop order i, p, j, so that the inner loop walks b and c along rows (unit stride)
 * instead of down a column of b; a[i][p] is loaded once per row of b. */
void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    for (int i = 0; i < m; i++) {
        double *ci = c + (long)i * n;
        for (int p = 0; p < k; p++) {
            register double aip = a[(long)i * k + p];
            register const double *bp = b + (long)p * n;
            for (register int j = 0; j < n; j++)
                ci[j] += aip * bp[j];
        }
    }
}
