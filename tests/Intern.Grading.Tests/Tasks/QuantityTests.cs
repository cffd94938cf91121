using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

public class QuantityTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0s", 0)]
    [InlineData("0.25ms", 0.25)]
    public void Durations_with_a_unit_are_read(string text, double milliseconds)
    {
        Assert.True(Quantity.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("2 s")]
    [InlineData("2S")]
    [InlineData("-1s")]
    [InlineData(".5s")]
    [InlineData("1d")]
    [InlineData("1e3ms")]
    [InlineData("100000h")]
    [InlineData("")]
    public void Durations_in_any_other_form_are_refused(string text)
    {
        Assert.False(Quantity.TryParseDuration(text, out _));
    }

    [Theory]
    [InlineData("512B", 512)]
    [InlineData("64KiB", 64L << 10)]
    [InlineData("256MiB", 256L << 20)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("2TiB", 2L << 40)]
    [InlineData("1048576", 1048576)]
    [InlineData("0", 0)]
    public void Sizes_with_binary_units_or_in_bytes_are_read(string text, long bytes)
    {
        Assert.True(Quantity.TryParseSize(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("256MB")]
    [InlineData("1GB")]
    [InlineData("1.5GiB")]
    [InlineData("64 KiB")]
    [InlineData("64kib")]
    [InlineData("-1")]
    [InlineData("9999999999TiB")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public void Sizes_in_any_other_form_are_refused(string text)
    {
        Assert.False(Quantity.TryParseSize(text, out _));
    }
}
