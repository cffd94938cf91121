using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Intern.Grading.Tasks;

/// <summary>
/// Seeds of generators declared with <c>seed: secret</c>. The seed depends on the deployment's
/// secret, so a published task package does not give its hidden tests away, yet the same
/// deployment always generates the same tests, so regrading is reproducible.
/// </summary>
public static class SecretSeed
{
    public static long Derive(string deploymentSecret, string taskSlug, string groupName)
    {
        ArgumentException.ThrowIfNullOrEmpty(deploymentSecret);
        ArgumentNullException.ThrowIfNull(taskSlug);
        ArgumentNullException.ThrowIfNull(groupName);
        // Neither a slug nor a group name can contain '\n', so distinct pairs never produce the same message.
        var message = Encoding.UTF8.GetBytes($"intern-generator-seed\n{taskSlug}\n{groupName}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(deploymentSecret), message);
        return (long)(BinaryPrimitives.ReadUInt64BigEndian(mac) & long.MaxValue);
    }
}
