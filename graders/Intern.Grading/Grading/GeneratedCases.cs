using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// Generated cases kept in a grader process: every grading of the same package content, group, seed and generator
/// command gets the same cases, so they are generated once (e.g. once for all of a package's solutions in
/// `tasks check`). A worker lives for weeks while task authors change their packages, so only the
/// <see cref="Capacity"/> most recently used keys are kept. With a case directory
/// (<see cref="GradingSettings.CaseDirectory"/>) they are also kept on disk, for other processes and later runs, see
/// <see cref="CaseStore"/>.
/// </summary>
public sealed class GeneratedCases(int capacity = GeneratedCases.DefaultCapacity)
{
    /// <summary>Enough for every group of every shipped track at once, with room for a few versions being edited.</summary>
    public const int DefaultCapacity = 32;

    /// <param name="PackageHash">Hash of everything the generator sees of the package (<see cref="CaseStore.PackageHash"/>).</param>
    /// <param name="Group">The group's name.</param>
    /// <param name="Seed">The seed the generator is given.</param>
    /// <param name="Count">How many cases it is asked for.</param>
    /// <param name="Command">Its command with its arguments (e.g. <c>--big-mb=300</c>), joined by NUL.</param>
    public sealed record Key(string PackageHash, string Group, long Seed, int Count, string Command)
    {
        /// <summary>The whole key as a file name: hex SHA-256 of its fields.</summary>
        public string Digest { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\0', PackageHash, Group, Seed.ToString(CultureInfo.InvariantCulture), Count.ToString(CultureInfo.InvariantCulture), Command))));
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<Key, (IReadOnlyList<TestCase> Cases, long Used)> _cases = [];
    private long _clock;

    /// <summary>How many keys are kept at most.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "Keep at least one key.");

    public IReadOnlyList<TestCase>? TryGet(Key key)
    {
        lock (_lock)
        {
            if (!_cases.TryGetValue(key, out var entry))
                return null;
            _cases[key] = (entry.Cases, ++_clock);
            return entry.Cases;
        }
    }

    public void Add(Key key, IReadOnlyList<TestCase> cases)
    {
        lock (_lock)
        {
            _cases[key] = (cases, ++_clock);
            // A handful of keys: a scan for the least recently used costs nothing beside a grading.
            while (_cases.Count > Capacity)
                _cases.Remove(_cases.MinBy(e => e.Value.Used).Key);
        }
    }

    /// <summary>Forgets <paramref name="key"/> (its folder on disk went away, so its cases may point at nothing).</summary>
    public void Remove(Key key)
    {
        lock (_lock)
            _cases.Remove(key);
    }
}
