using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// Generated cases kept for the life of a grader process: every grading of the same package content,
/// group, seed and generator command gets the same cases, so they are generated once (e.g. once for all
/// of a package's solutions in `tasks check`). With a case directory (<see cref="GradingSettings.CaseDirectory"/>)
/// they are also kept on disk, for other processes and later runs, see <see cref="CaseStore"/>.
/// </summary>
public sealed class GeneratedCases
{
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

    private readonly ConcurrentDictionary<Key, IReadOnlyList<TestCase>> _cases = new();

    public IReadOnlyList<TestCase>? TryGet(Key key) => _cases.TryGetValue(key, out var cases) ? cases : null;

    public void Add(Key key, IReadOnlyList<TestCase> cases) => _cases[key] = cases;
}
