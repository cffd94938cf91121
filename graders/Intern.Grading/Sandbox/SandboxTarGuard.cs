using System.Text;

namespace Intern.Grading.Sandbox;

// System.Formats.Tar rents a buffer as large as a pax or GNU long-name header declares before
// reading it, so a 512-byte hostile header could make the host allocate gigabytes. This stream
// sits under the TarReader and refuses such a header as it passes by, before the reader sees it.
// Headers always start on a 512-byte boundary, so only those blocks are inspected; a file whose
// content happens to hold a valid oversized metadata header there is refused as well, which
// costs nothing real.
internal sealed class TarMetadataGuard(Stream inner, int maxMetadataBytes = TarMetadataGuard.DefaultMaxMetadataBytes) : Stream
{
    public const int DefaultMaxMetadataBytes = 64 << 10;
    private const int Block = 512;
    private const int TypeFlagOffset = 156;
    private const int ChecksumOffset = 148;
    private const int SizeOffset = 124;

    private readonly byte[] _block = new byte[Block];
    private int _filled;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Inspect(buffer[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        Inspect(buffer.Span[..n]);
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Inspect(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            var take = Math.Min(Block - _filled, data.Length);
            data[..take].CopyTo(_block.AsSpan(_filled));
            _filled += take;
            data = data[take..];
            if (_filled == Block)
            {
                _filled = 0;
                CheckBlock(_block);
            }
        }
    }

    private void CheckBlock(ReadOnlySpan<byte> block)
    {
        // 'x' and 'g' are pax headers, 'L' and 'K' GNU long names: the types whose data is buffered whole.
        if (block[TypeFlagOffset] is not ((byte)'x' or (byte)'g' or (byte)'L' or (byte)'K') || !HasValidChecksum(block))
            return;
        var size = ParseSize(block.Slice(SizeOffset, 12));
        if (size < 0 || size > maxMetadataBytes)
        {
            throw new InvalidDataException(
                $"a tar metadata header declares {(size < 0 ? "an unreadable number of" : size.ToString())} bytes; at most {maxMetadataBytes} are accepted");
        }
    }

    private static bool HasValidChecksum(ReadOnlySpan<byte> block)
    {
        var sum = 0;
        for (var i = 0; i < Block; i++)
            sum += i is >= ChecksumOffset and < ChecksumOffset + 8 ? ' ' : block[i];
        var stored = ParseOctal(block.Slice(ChecksumOffset, 8));
        return stored == sum;
    }

    // Octal digits, or -1 for base-256 or garbage: either way not a size a metadata block should have.
    private static long ParseSize(ReadOnlySpan<byte> field) => (field[0] & 0x80) != 0 ? -1 : ParseOctal(field);

    private static long ParseOctal(ReadOnlySpan<byte> field)
    {
        var text = Encoding.ASCII.GetString(field).Trim(' ', '\0');
        long value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '7' || value > (long.MaxValue >> 3))
                return -1;
            value = (value << 3) + (c - '0');
        }
        return value;
    }
}
