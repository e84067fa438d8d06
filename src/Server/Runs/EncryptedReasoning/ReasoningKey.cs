using System.Security.Cryptography;
using Responses.Server.Storage;

namespace Responses.Server.Runs.EncryptedReasoning;

/// <summary>Where the sealing key comes from: the option, else the key file, which the first server to need it writes.</summary>
internal static class ReasoningKey
{
    public const int Bytes = 32;

    public const string DefaultFileName = "reasoning.key";

    /// <exception cref="InvalidOperationException">The key option or the key file does not hold a 32-byte base64 key.</exception>
    public static (byte[] Key, string Source) Load(ReasoningOptions options, StoreOptions store)
    {
        if (!string.IsNullOrWhiteSpace(options.Key))
            return (Parse(options.Key, "Reasoning:Key"), "the Reasoning:Key option");

        var path = Path.GetFullPath(options.KeyFile ?? DefaultPath(store));
        if (!File.Exists(path))
            TryCreate(path);
        return (Parse(File.ReadAllText(path), path), path);
    }

    /// <summary>Next to the SQLite file; the default store folder for a memory or PostgreSQL store.</summary>
    private static string DefaultPath(StoreOptions store)
    {
        var storeFile = store.Backend == StoreBackend.Sqlite && !string.IsNullOrWhiteSpace(store.Path) ? store.Path : StorePathResolver.Resolve();
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storeFile))!, DefaultFileName);
    }

    /// <summary>
    /// Writes a new key beside the target and renames it into place without overwriting: servers starting together
    /// all end up reading the one key that won, never a half-written file.
    /// </summary>
    private static void TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var staging = $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var writer = new StreamWriter(staging, fileOptions))
                writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(Bytes)));
            File.Move(staging, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another server wrote it first: use theirs.
        }
        finally
        {
            File.Delete(staging);
        }
    }

    /// <summary>Why <paramref name="text"/> is not a key, or null when it is one.</summary>
    public static string? Problem(string text, string source)
    {
        var buffer = new byte[Bytes + 3];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var length) && length == Bytes
            ? null
            : $"{source} does not hold a reasoning key: expected base64 of {Bytes} bytes (openssl rand -base64 32).";
    }

    private static byte[] Parse(string text, string source)
    {
        if (Problem(text, source) is { } problem)
            throw new InvalidOperationException(problem);
        return Convert.FromBase64String(text.Trim());
    }
}
