using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Intern.Web.Reviews;

/// <summary>
/// Syntax highlighting on the server, small and dependency-free: comments, strings, numbers and keywords of the
/// languages applicants write, as HTML lines with <c>tok-c</c>, <c>tok-s</c>, <c>tok-n</c> and <c>tok-k</c> spans.
/// </summary>
internal static partial class Highlighter
{
    private static readonly Dictionary<string, HashSet<string>> Keywords = new(StringComparer.Ordinal)
    {
        ["python"] = Words("False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield self"),
        ["c"] = Words("auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while size_t NULL"),
        ["cpp"] = Words("auto bool break case catch char class const constexpr continue default delete do double else enum explicit false float for if inline int long namespace new noexcept nullptr operator private protected public return short signed sizeof static struct switch template this throw true try typedef typename using virtual void while std size_t"),
        ["javascript"] = Words("async await break case catch class const continue default delete do else export extends false finally for function if import in instanceof let new null return static super switch this throw true try typeof undefined var void while yield"),
        ["go"] = Words("break case chan const continue default defer else fallthrough for func go goto if import interface map nil package range return select struct switch type var true false"),
        ["rust"] = Words("as async await break const continue crate else enum false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while"),
        ["java"] = Words("abstract boolean break byte case catch char class const continue default do double else enum extends final finally float for if implements import instanceof int interface long new null package private protected public return short static super switch this throw throws true false try void volatile while"),
        ["shell"] = Words("if then else elif fi for while do done case esac function in return exit exec export local set echo"),
        ["json"] = Words("true false null"),
        ["yaml"] = Words("true false null"),
    };

    private static HashSet<string> Words(string words) => [.. words.Split(' ')];

    /// <summary>The language a Markdown code fence names (<c>py</c>, <c>bash</c>, <c>c++</c> ...), or null when there is none to colour.</summary>
    public static string? LanguageOfFence(string? info) => info?.Trim().ToLowerInvariant() switch
    {
        "py" or "python" or "python3" => "python",
        "sh" or "bash" or "shell" or "console" => "shell",
        "c" or "h" => "c",
        "cpp" or "c++" or "cc" or "cxx" => "cpp",
        "js" or "javascript" => "javascript",
        "yml" or "yaml" => "yaml",
        "json" or "go" or "rust" or "java" => info.Trim().ToLowerInvariant(),
        _ => null,
    };

    /// <summary>The code as HTML, one string per line, every character encoded.</summary>
    public static IReadOnlyList<string> Lines(string code, string language)
    {
        ArgumentNullException.ThrowIfNull(code);
        var lines = new List<string>();
        var line = new StringBuilder();
        void Emit(string text, string? kind)
        {
            var parts = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                if (parts[i].Length == 0)
                    continue;
                var encoded = WebUtility.HtmlEncode(parts[i]);
                line.Append(kind is null ? encoded : $"<span class=\"tok-{kind}\">{encoded}</span>");
            }
        }
        var pattern = PatternFor(language);
        var keywords = Keywords.GetValueOrDefault(language);
        var at = 0;
        if (pattern is not null)
        {
            foreach (Match match in pattern.Matches(code))
            {
                Emit(code[at..match.Index], null);
                var kind = match.Groups["c"].Success ? "c" : match.Groups["s"].Success ? "s" : match.Groups["n"].Success ? "n"
                    : keywords?.Contains(match.Value) == true ? "k" : null;
                Emit(match.Value, kind);
                at = match.Index + match.Length;
            }
        }
        Emit(code[at..], null);
        lines.Add(line.ToString());
        if (lines.Count > 1 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private static Regex? PatternFor(string language) => language switch
    {
        "python" => Python(),
        "c" or "cpp" or "java" or "rust" => CLike(),
        "javascript" or "go" => CLikeWithTemplates(),
        "shell" or "yaml" => Hash(),
        "json" => Json(),
        _ => null,
    };

    [GeneratedRegex("""(?<c>\#[^\n]*)|(?<s>""\"[\s\S]*?""\"|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|(?<n>\b\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|(?<w>[A-Za-z_]\w*)""")]
    private static partial Regex Python();

    [GeneratedRegex("""(?<c>//[^\n]*|/\*[\s\S]*?\*/)|(?<s>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|(?<n>\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[fFuUlL]*\b)|(?<w>\#?[A-Za-z_]\w*)""")]
    private static partial Regex CLike();

    [GeneratedRegex("""(?<c>//[^\n]*|/\*[\s\S]*?\*/)|(?<s>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`[^`]*`)|(?<n>\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|(?<w>[A-Za-z_$]\w*)""")]
    private static partial Regex CLikeWithTemplates();

    [GeneratedRegex("""(?<c>(?<![\w$])\#[^\n]*)|(?<s>"(?:\\.|[^"\\\n])*"|'[^'\n]*')|(?<n>\b\d+(?:\.\d+)?\b)|(?<w>[A-Za-z_]\w*)""")]
    private static partial Regex Hash();

    [GeneratedRegex("""(?<s>"(?:\\.|[^"\\\n])*")|(?<n>-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|(?<w>[a-z]+)""")]
    private static partial Regex Json();
}
