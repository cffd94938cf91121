using Intern.Grading.Submissions;

namespace Intern.Grading.Tests.Submissions;

public class SubmissionCollectorTests
{
    // A decompressor that never ends, whatever the archive declared.
    private sealed class EndlessZeros : Stream
    {
        public long Produced { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            Produced += count;
            return count;
        }
    }

    [Theory]
    [InlineData(-1L, "expands to more than 32 MiB")]
    [InlineData(10_000L, "expands more than 100 times its compressed size")]
    public async Task Reading_stops_at_the_cap_whatever_was_declared(long compressedLength, string expected)
    {
        var endless = new EndlessZeros();

        var error = await Assert.ThrowsAsync<SubmissionFormatException>(() =>
            new SubmissionCollector(ArchiveLimits.Default).ReadAsync("a.bin", endless, declaredLength: 10, compressedLength, CancellationToken.None));

        Assert.Contains(expected, Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.True(endless.Produced <= (33L << 20));
    }

    [Fact]
    public void Twenty_problems_end_the_reading()
    {
        var collector = new SubmissionCollector(ArchiveLimits.Default);
        for (var i = 0; i < 19; i++)
            Assert.Null(collector.Admit($"../{i}", EntryKind.File));

        var error = Assert.Throws<SubmissionFormatException>(() => collector.Admit("../last", EntryKind.File));

        Assert.Equal(20, error.Problems.Count);
    }
}
