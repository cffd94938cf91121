using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Intern.Grading.Tests.Submissions;

public sealed record ZipItem(string Name, string Content = "x", int UnixMode = TestArchives.RegularFile);

public sealed record TarItem(
    string Name, string Content = "x", TarEntryType Type = TarEntryType.RegularFile,
    UnixFileMode Mode = TestArchives.ReadWrite, string LinkName = "");

// Builds archives, hostile ones included, in memory for the tests.
public static class TestArchives
{
    public const int RegularFile = 0x81A4; // 0100644
    public const UnixFileMode ReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    public const UnixFileMode Executable = ReadWrite | UnixFileMode.UserExecute;

    public static byte[] Zip(params ZipItem[] items)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var item in items)
            {
                var entry = zip.CreateEntry(item.Name, CompressionLevel.Fastest);
                entry.ExternalAttributes = item.UnixMode << 16;
                using var data = entry.Open();
                data.Write(Encoding.UTF8.GetBytes(item.Content));
            }
        }
        return output.ToArray();
    }

    public static byte[] Tar(params TarItem[] items) => Tar(gzip: false, items);

    public static byte[] Tar(bool gzip, params TarItem[] items)
    {
        using var output = new MemoryStream();
        using (Stream target = gzip ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true) : output)
        using (var tar = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var item in items)
            {
                var entry = new PaxTarEntry(item.Type, item.Name) { Mode = item.Mode };
                if (item.Type is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                    entry.LinkName = item.LinkName;
                if (item.Type == TarEntryType.RegularFile)
                    entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(item.Content));
                tar.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    // One ustar header block of any type and declared size, with a correct checksum, for headers
    // that TarWriter refuses to produce.
    public static byte[] RawTarHeader(string name, char type, long declaredSize)
    {
        var block = new byte[512];
        void Put(int offset, string text) => Encoding.ASCII.GetBytes(text).CopyTo(block, offset);
        Put(0, name);
        Put(100, "0000644\0");
        Put(108, "0000000\0");
        Put(116, "0000000\0");
        Put(124, Convert.ToString(declaredSize, 8).PadLeft(11, '0') + "\0");
        Put(136, "00000000000\0");
        block[156] = (byte)type;
        Put(257, "ustar\0");
        Put(263, "00");
        Put(148, "        ");
        var sum = block.Sum(b => b);
        Put(148, Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        return block;
    }

    public static MemoryStream Stream(byte[] bytes) => new(bytes, writable: false);
}
