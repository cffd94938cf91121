/* Known bad: blocks of m/4 rows. For m < 4 the block is 0 rows and the loop never ends. */
void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    int block = m / 4;
    for (int i0 = 0; i0 < m; i0 += block) {
        int i1 = i0 + block < m ? i0 + block : m;
        for (int i = i0; i < i1; i++)
            for (int p = 0; p < k; p++)
                for (int j = 0; j < n; j++)
                    c[i * n + j] += a[i * k + p] * b[p * n + j];
    }
}
