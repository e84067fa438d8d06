using System.Security.Cryptography;
using Responses.Server.Runs.EncryptedReasoning;
using Responses.Server.Storage;

namespace Responses.Tests.Unit.Server;

/// <summary>The sealing of reasoning items' encrypted_content, and where its key comes from.</summary>
public sealed class ReasoningSealTests
{
    private static readonly ReasoningSeal Seal = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Sealed_thinking_opens_for_the_same_owner_only()
    {
        var content = Seal.Seal("Rayleigh scattering, é ✓", "sha256:aa");

        Assert.Equal("Rayleigh scattering, é ✓", Seal.Open(content, "sha256:aa"));
        Assert.Null(Seal.Open(content, "sha256:bb"));
        Assert.Null(Seal.Open(content, null));
        Assert.Null(new ReasoningSeal(RandomNumberGenerator.GetBytes(32)).Open(content, "sha256:aa"));
        Assert.NotEqual(content, Seal.Seal("Rayleigh scattering, é ✓", "sha256:aa")); // a fresh nonce each time
    }

    [Fact]
    public void Every_changed_byte_and_anything_not_sealed_here_does_not_open()
    {
        var bytes = Convert.FromBase64String(Seal.Seal("short thought", null));
        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x80;
            Assert.Null(Seal.Open(Convert.ToBase64String(changed), null));
        }

        Assert.Null(Seal.Open(Convert.ToBase64String(bytes[..^1]), null));
        Assert.Null(Seal.Open("", null));
        Assert.Null(Seal.Open("%%%", null));
        Assert.Null(Seal.Open("AQ==", null));
    }

    [Fact]
    public void The_key_file_is_made_once_owner_only_and_read_back()
    {
        var folder = Path.Combine(Path.GetTempPath(), "responses-tests", "reasoning-keys", Guid.NewGuid().ToString("N"));
        try
        {
            var store = new StoreOptions { Backend = StoreBackend.Sqlite, Path = Path.Combine(folder, "responses.db") };
            var (first, source) = ReasoningKey.Load(new ReasoningOptions(), store);
            var (again, _) = ReasoningKey.Load(new ReasoningOptions(), store);

            Assert.Equal(Path.Combine(folder, ReasoningKey.DefaultFileName), source);
            Assert.Equal(first, again);
            Assert.Equal(32, first.Length);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(source));
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_key_option_wins_and_a_bad_one_says_what_is_expected()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var (loaded, source) = ReasoningKey.Load(new ReasoningOptions { Key = Convert.ToBase64String(key), KeyFile = "/nonexistent/x.key" }, new StoreOptions());
        Assert.Equal(key, loaded);
        Assert.Equal("the Reasoning:Key option", source);

        var error = Assert.Throws<InvalidOperationException>(() => ReasoningKey.Load(new ReasoningOptions { Key = "c2hvcnQ=" }, new StoreOptions()));
        Assert.Contains("base64 of 32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_is_not_one_stops_the_start_and_a_missing_key_file_does_not()
    {
        var validator = new ReasoningOptionsValidator();
        var badFile = Path.Combine(Path.GetTempPath(), "responses-tests", $"{Guid.NewGuid():N}.key");
        Directory.CreateDirectory(Path.GetDirectoryName(badFile)!);
        File.WriteAllText(badFile, "not a key");
        try
        {
            Assert.True(validator.Validate(null, new ReasoningOptions()).Succeeded);
            Assert.True(validator.Validate(null, new ReasoningOptions { KeyFile = badFile + ".missing" }).Succeeded);
            Assert.True(validator.Validate(null, new ReasoningOptions { Key = Convert.ToBase64String(new byte[32]) }).Succeeded);
            Assert.Contains("Reasoning:Key", validator.Validate(null, new ReasoningOptions { Key = "abc" }).FailureMessage, StringComparison.Ordinal);
            Assert.Contains(badFile, validator.Validate(null, new ReasoningOptions { KeyFile = badFile }).FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(badFile);
        }
    }
}
