using Responses.Inference.Engine;

namespace Responses.Tests.Unit.Inference;

public sealed class Utf8TailTests
{
    [Theory]
    [InlineData("", "abc", "abc")]
    [InlineData("ab", "abc", "c")]
    [InlineData("a😀", "a😀世界", "世界")]
    [InlineData("a😀世界", "a😀世界\uFFFD", "\uFFFD")] // an incomplete last character decodes to U+FFFD
    [InlineData("abc", "abc", "")]
    public void Remainder_is_what_follows_the_emitted_text(string emitted, string full, string expected)
        => Assert.Equal(expected, Utf8Tail.Remainder(emitted, full));

    [Fact]
    public void Remainder_is_null_when_the_full_decode_does_not_extend_the_emitted_text()
        => Assert.Null(Utf8Tail.Remainder(" Hello", "Hello world"));

    [Fact]
    public void Remainder_never_splits_a_surrogate_pair()
    {
        var emoji = "😀"; // two UTF-16 units
        Assert.Null(Utf8Tail.Remainder("a" + emoji[0], "a" + emoji));
    }

    // In code, not [InlineData]: attribute strings are stored as UTF-8 and lone surrogates would not survive.
    public static TheoryData<string, string> Surrogates() => new()
    {
        { "plain", "plain" },
        { "😀世界", "😀世界" },
        { "a\uD83D", "a\uFFFD" }, // lone high surrogate at the end
        { "\uDE00b", "\uFFFDb" }, // lone low surrogate at the start
        { "\uD83D\uD83D\uDE00", "\uFFFD😀" },
    };

    [Theory]
    [MemberData(nameof(Surrogates))]
    public void EnsureWellFormed_replaces_only_lone_surrogates(string input, string expected)
        => Assert.Equal(expected, Utf8Tail.EnsureWellFormed(input));

    [Fact]
    public void EnsureWellFormed_returns_the_same_instance_when_nothing_is_wrong()
    {
        var text = "no allocation 世界";
        Assert.Same(text, Utf8Tail.EnsureWellFormed(text));
    }
}
