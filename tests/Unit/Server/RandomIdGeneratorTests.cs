using System.Text.RegularExpressions;
using Responses.Server.Ids;

namespace Responses.Tests.Unit.Server;

public sealed class RandomIdGeneratorTests
{
    [Theory]
    [InlineData("resp")]
    [InlineData("msg")]
    public void Id_is_prefix_underscore_and_48_lowercase_hex(string prefix)
    {
        var id = new RandomIdGenerator().NewId(prefix);
        Assert.Matches(new Regex($"^{prefix}_[0-9a-f]{{48}}$"), id);
    }

    [Fact]
    public void Ids_do_not_repeat()
    {
        var ids = new RandomIdGenerator();
        var seen = Enumerable.Range(0, 1000).Select(_ => ids.NewId("resp")).ToHashSet();
        Assert.Equal(1000, seen.Count);
    }
}
