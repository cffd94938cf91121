namespace Intern.Server;

/// <summary>
/// Secrets as files, the way Docker and Kubernetes hand them over: every file in <c>Secrets:Folder</c> is a setting,
/// its name the key with <c>__</c> for <c>:</c> (<c>/run/secrets/Database__Password</c> is <c>Database:Password</c>) and
/// its content the value. Nothing secret has to pass through the environment, which <c>docker inspect</c> shows.
/// Files win over the environment and the command line: a mounted secret is the deliberate choice.
/// </summary>
public static class SecretFiles
{
    public const string FolderKey = "Secrets:Folder";

    public static IConfigurationManager AddSecretFiles(this IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[FolderKey] is { Length: > 0 } folder)
        {
            // Optional: the image names /run/secrets, and a deployment without secrets has no such folder. Dotted names
            // (a Kubernetes secret volume's ..data links) are skipped by the file provider; a final newline is dropped.
            configuration.AddKeyPerFile(folder, optional: true);
        }
        return configuration;
    }
}
