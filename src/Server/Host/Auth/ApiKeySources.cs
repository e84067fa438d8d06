namespace Responses.Server.Host.Auth;

/// <summary>Every configured key: the "Auth:ApiKeys" list, the RESPONSES_API_KEYS variable and the keys file.</summary>
public static class ApiKeySources
{
    private static readonly char[] Separators = [',', ' ', '\t', '\r', '\n'];

    /// <exception cref="IOException">The keys file cannot be read (also for a missing file).</exception>
    /// <exception cref="UnauthorizedAccessException">The keys file may not be read.</exception>
    public static IReadOnlyList<string> Collect(AuthOptions options, string? variable)
    {
        var keys = options.ApiKeys.Select(key => key.Trim()).Where(key => key.Length > 0).ToList();
        keys.AddRange((variable ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries));
        if (!string.IsNullOrWhiteSpace(options.ApiKeysFile))
        {
            keys.AddRange(File.ReadAllLines(options.ApiKeysFile)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#')));
        }

        return keys;
    }
}
