namespace Intern.Cli;

/// <summary>Exit codes of the command line, as DESIGN.md fixes them.</summary>
internal static class ExitCodes
{
    /// <summary>Graded, whatever the score; for `tasks check`: every solution got what it declares.</summary>
    public const int Ok = 0;

    /// <summary>`tasks check` only: a solution did not get what it declares, or a package is invalid.</summary>
    public const int Mismatch = 1;

    public const int Usage = 2;
    public const int NotGradable = 3;
    public const int PlatformError = 4;
}
