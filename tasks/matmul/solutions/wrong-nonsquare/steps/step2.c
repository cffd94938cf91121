/* Known bad: loop order i, p, j, but the row stride of b is taken as k instead of n. Right
 * whenever n == k (every square test), wrong on the others. */
void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    for (int i = 0; i < m; i++)
        for (int p = 0; p < k; p++) {
            double aip = a[i * k + p];
            for (int j = 0; j < n; j++)
                c[i * n + j] += aip * b[p * k + j];
        }
}
