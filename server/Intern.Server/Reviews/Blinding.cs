using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Intern.Server.Reviews;

/// <summary>
/// Blind review: applicants appear under stable pseudonyms, and their names and emails are taken out of whatever
/// of the submission a reviewer reads (file paths, file contents, grader output).
/// </summary>
public static class Blinding
{
    private static readonly string[] Adjectives =
    [
        "Amber", "Azure", "Brisk", "Calm", "Cedar", "Coral", "Crisp", "Dusky", "Ember", "Fern", "Frost", "Golden", "Hazel", "Indigo", "Ivory", "Jade",
        "Lunar", "Maple", "Misty", "Noble", "Ochre", "Olive", "Pearl", "Quiet", "Rapid", "Russet", "Sage", "Silver", "Slate", "Solar", "Tawny", "Velvet",
    ];

    private static readonly string[] Animals =
    [
        "Badger", "Bison", "Crane", "Dingo", "Egret", "Falcon", "Ferret", "Gecko", "Heron", "Ibex", "Jackal", "Koala", "Lemur", "Lynx", "Marten", "Moose",
        "Newt", "Ocelot", "Otter", "Panda", "Puffin", "Quail", "Raven", "Robin", "Seal", "Stoat", "Tapir", "Toucan", "Viper", "Walrus", "Wombat", "Yak",
    ];

    /// <summary>
    /// The same applicant for the same task of a round always gets the same name; another task or round, another name, so
    /// that a name revealed after one submission's reviews are locked says nothing about the applicant's other work.
    /// </summary>
    public static string Pseudonym(Guid roundId, Guid applicantId, string taskSlug)
    {
        ArgumentNullException.ThrowIfNull(taskSlug);
        var input = new byte[32 + Encoding.UTF8.GetByteCount(taskSlug)];
        roundId.TryWriteBytes(input.AsSpan(0, 16));
        applicantId.TryWriteBytes(input.AsSpan(16, 16));
        Encoding.UTF8.GetBytes(taskSlug, input.AsSpan(32));
        var hash = SHA256.HashData(input);
        return $"{Adjectives[hash[0] % Adjectives.Length]} {Animals[hash[1] % Animals.Length]} {hash[2]:X2}";
    }

    /// <summary>Whether a viewer sees the applicant's identity: always outside blind rounds, for admins, and once every review is locked.</summary>
    public static bool Reveals(bool blindRound, bool viewerIsAdmin, bool allReviewsSubmitted) => !blindRound || viewerIsAdmin || allReviewsSubmitted;

    /// <summary>
    /// The words that identify an applicant: the email, its local part, the display name, and each part of them of
    /// three letters or more (matched as whole words, so that "Ada" does not eat "adapter").
    /// </summary>
    public static IReadOnlyList<string> IdentityTerms(string? email, string? displayName)
    {
        var terms = new List<string>();
        void Add(string? term)
        {
            if (term is { Length: >= 3 } t && !terms.Contains(t, StringComparer.OrdinalIgnoreCase))
                terms.Add(t);
        }
        Add(email);
        var local = email?.Split('@')[0];
        Add(local);
        Add(displayName?.Trim());
        var words = $"{local} {displayName}".Split([' ', '.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
            Add(word);
        // "AdaLovelace", "ada_lovelace": the name's parts run together.
        var names = (displayName ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length > 1)
        {
            Add(string.Concat(names));
            Add(string.Join('_', names));
            Add(string.Join('-', names));
            Add(string.Join('.', names));
        }
        return terms;
    }

    /// <summary>Every identifying term in <paramref name="text"/> replaced by the pseudonym, ignoring case; longer terms first.</summary>
    public static string Redact(string text, IReadOnlyList<string> terms, string pseudonym)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0 || text.Length == 0)
            return text;
        var pattern = new StringBuilder();
        foreach (var term in terms.OrderByDescending(t => t.Length))
        {
            if (pattern.Length > 0)
                pattern.Append('|');
            pattern.Append(@"(?<!\p{L})").Append(Regex.Escape(term)).Append(@"(?!\p{L})");
        }
        var replacement = pseudonym.Replace(' ', '-');
        return Regex.Replace(text, pattern.ToString(), replacement, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
    }
}
