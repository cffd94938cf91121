/* Known bad: asks GCC for -O3 behind the grader's back. The code itself is right. */
#pragma GCC optimize("O3", "unroll-loops")

void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    for (int i = 0; i < m; i++)
        for (int p = 0; p < k; p++) {
            double aip = a[i * k + p];
            for (int j = 0; j < n; j++)
                c[i * n + j] += aip * b[p * n + j];
        }
}
