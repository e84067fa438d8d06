using Responses.Server.Host.Auth;

namespace Responses.Tests.Unit.Server.Auth;

public sealed class ApiKeyRingTests
{
    [Fact]
    public void A_configured_key_is_identified_by_its_hash_and_nothing_else_is()
    {
        var ring = new ApiKeyRing(["sk-one", "sk-two", "sk-one"]);

        Assert.True(ring.Enabled);
        Assert.Equal(2, ring.Count);
        Assert.Equal(ApiKeyRing.OwnerOf("sk-two"), ring.Identify("sk-two"));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("sk-one"u8)), ring.Identify("sk-one"));
        Assert.Null(ring.Identify("sk-on"));
        Assert.Null(ring.Identify("SK-ONE"));
        Assert.Null(ring.Identify(""));
    }

    [Fact]
    public void No_key_is_an_open_server()
    {
        Assert.False(new ApiKeyRing([]).Enabled);
    }

    [Fact]
    public void Sources_add_up_and_skip_blanks_and_comments()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "# comment\n\n  sk-file \r\n");
        try
        {
            var keys = ApiKeySources.Collect(new AuthOptions { ApiKeys = ["sk-a", " "], ApiKeysFile = file }, "sk-b,sk-c sk-d\n");

            Assert.Equal(["sk-a", "sk-b", "sk-c", "sk-d", "sk-file"], keys);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
