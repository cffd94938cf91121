namespace Intern.Grading.Tasks;

/// <summary>
/// A group whose candidate program is a server, judged by a trusted checker (typically a browser) that
/// shares only the server's loopback. The journey runs in <see cref="Phases"/> phases; between two
/// phases the engine stops the server and starts it again on the same data folder, so a phase can
/// check what survived a restart. Each <see cref="Steps"/> entry is one test of the group.
/// </summary>
/// <param name="Args">Appended to the group's command (or <c>run.command</c>); <c>{port}</c> and <c>{data}</c> are replaced.</param>
/// <param name="Port">Loopback port the server must listen on, 1024 to 65535.</param>
/// <param name="Phases">How many times the server is started, 1 to 5; the checker runs once per start.</param>
/// <param name="Steps">What the checker reports on, in order, with the share of the group's weight each earns.</param>
public sealed record ServeDefinition(IReadOnlyList<string> Args, int Port, int Phases, IReadOnlyList<ServedStep> Steps)
{
    public const string PortPlaceholder = "{port}";
    public const string DataPlaceholder = "{data}";

    /// <summary>Folder under <c>/box</c> that every start of the server gets as <c>{data}</c>; created empty before the first.</summary>
    public const string DataDirectory = "data";

    public double TotalWeight => Steps.Sum(s => s.Weight);

    /// <summary>
    /// Makes serving optional: a submission whose server, at its first start, exits by itself with this code says it
    /// offers no server. The group is then absent from its result (no tests, and its weight leaves the maximum), not
    /// failed. Any other end of the server is judged as usual. Null: every submission must serve.
    /// </summary>
    public int? OptionalExit { get; init; }

    /// <summary>The server's arguments with the placeholders replaced.</summary>
    public IReadOnlyList<string> ServerArgs() =>
        [.. Args.Select(a => a.Replace(PortPlaceholder, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(DataPlaceholder, "/box/" + DataDirectory, StringComparison.Ordinal))];
}

/// <summary>One step of a served group's journey; <paramref name="Weight"/> is relative to the other steps.</summary>
public sealed record ServedStep(string Name, double Weight);
