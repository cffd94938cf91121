/* Known bad: four threads split the k dimension, and each adds its partial products straight into
 * c with an unsynchronised +=. Every thread sweeps all of c for each of its p, so whenever a thread
 * is interrupted between loading c[i][j] and storing it back, the updates the others made in the
 * meantime are lost. On one core that needs a preemption, which any shape lasting more than a few
 * scheduler time slices gets (the hidden large shape lasts hundreds of them). */
#include <pthread.h>

#define THREADS 4

struct part {
    int m, n, k, p0, p1;
    const double *a, *b;
    double *c;
};

static void *work(void *arg)
{
    struct part *w = arg;
    for (int p = w->p0; p < w->p1; p++)
        for (int i = 0; i < w->m; i++) {
            double aip = w->a[i * w->k + p];
            for (int j = 0; j < w->n; j++)
                w->c[i * w->n + j] += aip * w->b[p * w->n + j];
        }
    return 0;
}

void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    pthread_t ids[THREADS];
    struct part parts[THREADS];
    for (int t = 0; t < THREADS; t++) {
        parts[t] = (struct part){m, n, k, k * t / THREADS, k * (t + 1) / THREADS, a, b, c};
        pthread_create(&ids[t], 0, work, &parts[t]);
    }
    for (int t = 0; t < THREADS; t++)
        pthread_join(ids[t], 0);
}
