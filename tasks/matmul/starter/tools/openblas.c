/* Debian's OpenBLAS (serial build) behind the same f, so it is timed exactly like a step. */
#include <cblas.h>

void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, a, k, b, n, 1.0, c, n);
}
