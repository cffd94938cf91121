using System.Net;
using System.Text;

namespace Intern.Web.Tasks;

/// <summary>
/// The TeX that statements write between <c>$...$</c> and <c>$$...$$</c>, as MathML, which browsers typeset
/// themselves: no script, no fonts to fetch. It covers what task statements use (sub- and superscripts,
/// fractions, roots, sums and integrals with limits, Greek letters, relations, arrows, accents, text, function
/// names, delimiters); a command it does not know is kept as its name in red, so nothing silently vanishes.
/// </summary>
public static class TexMath
{
    private static readonly Dictionary<string, string> Letters = new(StringComparer.Ordinal)
    {
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ϵ", ["varepsilon"] = "ε", ["zeta"] = "ζ",
        ["eta"] = "η", ["theta"] = "θ", ["iota"] = "ι", ["kappa"] = "κ", ["lambda"] = "λ", ["mu"] = "μ", ["nu"] = "ν", ["xi"] = "ξ",
        ["pi"] = "π", ["rho"] = "ρ", ["sigma"] = "σ", ["tau"] = "τ", ["phi"] = "ϕ", ["varphi"] = "φ", ["chi"] = "χ", ["psi"] = "ψ",
        ["omega"] = "ω", ["Gamma"] = "Γ", ["Delta"] = "Δ", ["Theta"] = "Θ", ["Lambda"] = "Λ", ["Xi"] = "Ξ", ["Pi"] = "Π",
        ["Sigma"] = "Σ", ["Phi"] = "Φ", ["Psi"] = "Ψ", ["Omega"] = "Ω", ["infty"] = "∞", ["nabla"] = "∇", ["partial"] = "∂",
        ["ell"] = "ℓ", ["emptyset"] = "∅",
    };

    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["cdot"] = "·", ["times"] = "×", ["div"] = "÷", ["pm"] = "±", ["mp"] = "∓", ["le"] = "≤", ["leq"] = "≤", ["ge"] = "≥",
        ["geq"] = "≥", ["ne"] = "≠", ["neq"] = "≠", ["approx"] = "≈", ["equiv"] = "≡", ["sim"] = "∼", ["propto"] = "∝",
        ["in"] = "∈", ["notin"] = "∉", ["subset"] = "⊂", ["subseteq"] = "⊆", ["cup"] = "∪", ["cap"] = "∩", ["to"] = "→",
        ["rightarrow"] = "→", ["leftarrow"] = "←", ["Rightarrow"] = "⇒", ["iff"] = "⇔", ["mapsto"] = "↦", ["forall"] = "∀",
        ["exists"] = "∃", ["mid"] = "∣", ["|"] = "‖", ["ldots"] = "…", ["cdots"] = "⋯", ["circ"] = "∘", ["ast"] = "∗",
        ["lfloor"] = "⌊", ["rfloor"] = "⌋", ["lceil"] = "⌈", ["rceil"] = "⌉", ["langle"] = "⟨", ["rangle"] = "⟩",
        ["{"] = "{", ["}"] = "}", ["sum"] = "∑", ["prod"] = "∏", ["int"] = "∫", ["lvert"] = "|", ["rvert"] = "|",
    };

    private static readonly HashSet<string> LargeOperators = ["sum", "prod", "int"];

    private static readonly HashSet<string> Functions =
        ["sin", "cos", "tan", "log", "ln", "exp", "max", "min", "arg", "argmax", "argmin", "sign", "det", "lim", "sup", "inf", "mod"];

    private static readonly Dictionary<string, string> Accents = new(StringComparer.Ordinal)
    {
        ["hat"] = "^", ["bar"] = "¯", ["tilde"] = "~", ["vec"] = "→", ["dot"] = "˙", ["overline"] = "¯",
    };

    private static readonly Dictionary<string, string> Spaces = new(StringComparer.Ordinal)
    {
        [","] = "0.17em", [":"] = "0.22em", [";"] = "0.28em", ["quad"] = "1em", ["qquad"] = "2em", [" "] = "0.25em", ["!"] = "0em",
    };

    /// <summary>The MathML element for <paramref name="tex"/>; <paramref name="display"/> for a formula on its own line.</summary>
    public static string ToMathMl(string tex, bool display)
    {
        ArgumentNullException.ThrowIfNull(tex);
        var body = new Parser(tex).Whole();
        var annotation = WebUtility.HtmlEncode(tex);
        return $"<math{(display ? " display=\"block\"" : "")}><semantics><mrow>{body}</mrow><annotation encoding=\"application/x-tex\">{annotation}</annotation></semantics></math>";
    }

    private sealed class Parser(string tex)
    {
        private int _at;

        /// <summary>Everything, a stray closing brace included (shown as itself rather than ending the formula).</summary>
        public string Whole()
        {
            var output = new StringBuilder(Sequence());
            while (_at < tex.Length)
            {
                _at++;
                output.Append("<mo>}</mo>").Append(Sequence());
            }
            return output.ToString();
        }

        /// <summary>Atoms with their scripts up to the end or a closing brace.</summary>
        private string Sequence()
        {
            var output = new StringBuilder();
            while (_at < tex.Length)
            {
                if (tex[_at] == '}')
                    break;
                var atom = Atom();
                if (atom is null)
                    continue;
                output.Append(Scripts(atom.Value.Markup, atom.Value.Large));
            }
            return output.ToString();
        }

        private string Scripts(string nucleus, bool large)
        {
            string? sub = null, sup = null;
            while (true)
            {
                SkipSpace();
                if (_at < tex.Length && tex[_at] == '_' && sub is null)
                {
                    _at++;
                    sub = Argument();
                }
                else if (_at < tex.Length && tex[_at] == '^' && sup is null)
                {
                    _at++;
                    sup = Argument();
                }
                else
                    break;
            }
            var (both, under, over) = large ? ("munderover", "munder", "mover") : ("msubsup", "msub", "msup");
            return (sub, sup) switch
            {
                (null, null) => nucleus,
                ({ } b, null) => $"<{under}>{nucleus}<mrow>{b}</mrow></{under}>",
                (null, { } p) => $"<{over}>{nucleus}<mrow>{p}</mrow></{over}>",
                ({ } b, { } p) => $"<{both}>{nucleus}<mrow>{b}</mrow><mrow>{p}</mrow></{both}>",
            };
        }

        /// <summary>A braced group or a single atom, as MathML.</summary>
        private string Argument()
        {
            SkipSpace();
            if (_at >= tex.Length || tex[_at] == '}')
                return "";
            if (tex[_at] == '{')
            {
                _at++;
                var group = Sequence();
                if (_at < tex.Length && tex[_at] == '}')
                    _at++;
                return group;
            }
            return Atom()?.Markup ?? "";
        }

        /// <summary>The raw text of a braced group (for \text and \operatorname).</summary>
        private string RawArgument()
        {
            SkipSpace();
            if (_at >= tex.Length || tex[_at] != '{')
                return _at < tex.Length ? tex[_at++].ToString() : "";
            var (start, depth) = (++_at, 1);
            while (_at < tex.Length && (depth += tex[_at] == '{' ? 1 : tex[_at] == '}' ? -1 : 0) > 0)
                _at++;
            var text = tex[start..Math.Min(_at, tex.Length)];
            _at = Math.Min(_at + 1, tex.Length);
            return text;
        }

        private (string Markup, bool Large)? Atom()
        {
            var c = tex[_at];
            if (char.IsWhiteSpace(c))
            {
                _at++;
                return null;
            }
            if (c == '{')
                return ($"<mrow>{Argument()}</mrow>", false);
            if (c == '\\')
                return Command();
            _at++;
            if (char.IsDigit(c) || c == '.')
            {
                var start = _at - 1;
                while (_at < tex.Length && (char.IsDigit(tex[_at]) || (tex[_at] == '.' && _at + 1 < tex.Length && char.IsDigit(tex[_at + 1]))))
                    _at++;
                return ($"<mn>{tex[start.._at]}</mn>", false);
            }
            if (char.IsLetter(c))
                return ($"<mi>{Encode(c.ToString())}</mi>", false);
            if (c is '_' or '^')
                return ($"<mo>{c}</mo>", false);
            var symbol = c switch { '-' => "−", '*' => "∗", '\'' => "′", _ => c.ToString() };
            return ($"<mo>{Encode(symbol)}</mo>", false);
        }

        private (string Markup, bool Large)? Command()
        {
            _at++;
            var start = _at;
            if (_at < tex.Length && !char.IsLetter(tex[_at]))
                _at++;
            else
                while (_at < tex.Length && char.IsLetter(tex[_at]))
                    _at++;
            var name = tex[start.._at];
            if (name == "mathbb" && RawArgument() is var letter)
                return ($"<mi mathvariant=\"double-struck\">{Encode(letter)}</mi>", false);
            if (Letters.TryGetValue(name, out var l))
                return ($"<mi>{l}</mi>", false);
            if (Operators.TryGetValue(name, out var o))
                return ($"<mo>{o}</mo>", LargeOperators.Contains(name));
            if (Functions.Contains(name))
                return ($"<mi>{name}</mi><mo>&#x2061;</mo>", name is "max" or "min" or "lim" or "sup" or "inf" or "argmax" or "argmin");
            if (Spaces.TryGetValue(name, out var width))
                return ($"<mspace width=\"{width}\"/>", false);
            if (Accents.TryGetValue(name, out var accent))
                return ($"<mover accent=\"true\"><mrow>{Argument()}</mrow><mo>{accent}</mo></mover>", false);
            return name switch
            {
                "frac" or "dfrac" or "tfrac" => ($"<mfrac><mrow>{Argument()}</mrow><mrow>{Argument()}</mrow></mfrac>", false),
                "sqrt" => ($"<msqrt>{Argument()}</msqrt>", false),
                "text" or "mathrm" or "textrm" => ($"<mtext>{Encode(RawArgument())}</mtext>", false),
                "operatorname" => ($"<mi>{Encode(RawArgument())}</mi><mo>&#x2061;</mo>", false),
                "mathbf" or "boldsymbol" => ($"<mrow mathvariant=\"bold\">{Argument()}</mrow>", false),
                "left" or "right" or "big" or "Big" or "bigl" or "bigr" => Delimiter(),
                _ => ($"<mtext mathcolor=\"#b42318\">\\{Encode(name)}</mtext>", false),
            };
        }

        /// <summary>The delimiter after \left or \right (\left. is none).</summary>
        private (string, bool) Delimiter()
        {
            SkipSpace();
            if (_at >= tex.Length)
                return ("", false);
            if (tex[_at] == '.')
            {
                _at++;
                return ("", false);
            }
            return Atom() is { } d ? (d.Markup.Replace("<mo>", "<mo stretchy=\"true\">", StringComparison.Ordinal), false) : ("", false);
        }

        private void SkipSpace()
        {
            while (_at < tex.Length && char.IsWhiteSpace(tex[_at]))
                _at++;
        }

        private static string Encode(string text) => WebUtility.HtmlEncode(text);
    }
}
