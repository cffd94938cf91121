using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using Intern.Grading.Submissions;

namespace Intern.Grading.Tests.Submissions;

public class ZipBombTests
{
    private const long ExpandedBytes = 200L << 20;

    // 200 MiB of zeros deflate to about 200 KB; built once because compressing takes a moment.
    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var data = zip.CreateEntry("zeros.bin", CompressionLevel.SmallestSize).Open();
            var chunk = new byte[1 << 20];
            for (var i = 0; i < ExpandedBytes / chunk.Length; i++)
                data.Write(chunk);
        }
        return output.ToArray();
    });

    // Rewrites the uncompressed size in both the local header and the central directory.
    private static byte[] Lying(uint declaredSize)
    {
        var bytes = Bomb.Value.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(22), declaredSize);
        var central = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), declaredSize);
        return bytes;
    }

    public static TheoryData<string, uint?, string> Bombs => new()
    {
        { "honest sizes", null, "expands to more than 32 MiB" },
        { "claims 30 MiB", 30u << 20, "expands more than 100 times its compressed size" },
        { "claims 1 MiB", 1u << 20, "is damaged" },
        { "claims 1000 bytes", 1000u, "is damaged" },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task A_zip_bomb_is_refused_quickly_without_expanding_it(string label, uint? declaredSize, string expected)
    {
        var zip = declaredSize is { } size ? Lying(size) : Bomb.Value;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SubmissionFormatException>(() =>
            SubmissionArchive.ReadZipAsync(new MemoryStream(zip, writable: false), ArchiveLimits.Default, CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{label}: took {clock.Elapsed}");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(allocated < 16L << 20, $"{label}: allocated {allocated} bytes");
        Assert.Contains(expected, Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ratio_check_spares_small_files()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var data = zip.CreateEntry("blank.txt", CompressionLevel.SmallestSize).Open();
            data.Write(new byte[512 << 10]);
        }

        var files = await SubmissionArchive.ReadZipAsync(new MemoryStream(output.ToArray()), ArchiveLimits.Default, CancellationToken.None);

        Assert.Equal(512 << 10, Assert.Single(files).Content.Length);
    }
}
