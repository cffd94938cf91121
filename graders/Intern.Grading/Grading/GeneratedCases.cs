using System.Collections.Concurrent;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// Generated cases kept for the life of a grader process: every grading of the same task version,
/// group and seed gets the same cases, so they are generated once (e.g. once for all of a package's
/// solutions in `tasks check`).
/// </summary>
public sealed class GeneratedCases
{
    public sealed record Key(string TaskDirectory, int Version, string Group, long Seed, int Count, string Command);

    private readonly ConcurrentDictionary<Key, IReadOnlyList<TestCase>> _cases = new();

    public IReadOnlyList<TestCase>? TryGet(Key key) => _cases.TryGetValue(key, out var cases) ? cases : null;

    public void Add(Key key, IReadOnlyList<TestCase> cases) => _cases[key] = cases;
}
