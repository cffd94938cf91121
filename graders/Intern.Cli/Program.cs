using System.CommandLine;
using Intern.Cli;
using Spectre.Console;

// Colours and cursor movement only for people at a terminal; logs and pipes get plain text.
if (Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 })
{
    AnsiConsole.Profile.Capabilities.Ansi = false;
    AnsiConsole.Profile.Capabilities.ColorSystem = ColorSystem.NoColors;
}

var root = new RootCommand("Intern: grade take-home submissions in hardened sandboxes.");
root.Subcommands.Add(GradeCommand.Create());
root.Subcommands.Add(TasksCommand.Create());

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
        await Console.Error.WriteLineAsync(error.Message);
    await Console.Error.WriteLineAsync("Run `intern --help` for usage.");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();
