using Responses.Inference.Prompting;

namespace Responses.Tests.Unit.Inference;

public sealed class NulEscapesTests
{
    [Theory]
    [InlineData("""["a\u0000b"]""", "[\"a\uFFFDb\"]")]
    [InlineData("""["\u0000\u0000"]""", "[\"\uFFFD\uFFFD\"]")]
    [InlineData("""["a\\u0000b"]""", """["a\\u0000b"]""")]
    [InlineData("""["a\\\u0000b"]""", "[\"a\\\\\uFFFDb\"]")]
    [InlineData("""["plain"]""", """["plain"]""")]
    public void Escaped_NULs_become_replacement_characters_and_escaped_backslashes_stay(string json, string expected)
    {
        Assert.Equal(expected, NulEscapes.Replace(json));
    }
}
