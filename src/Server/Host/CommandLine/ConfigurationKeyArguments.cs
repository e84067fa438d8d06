namespace Responses.Server.Host.CommandLine;

/// <summary>
/// Picks out the arguments that are configuration keys rather than switches, to hand to ASP.NET Core's own
/// command-line provider as it has always read them: `--Section:Key VALUE` or `--Section:Key=VALUE` (any key, so
/// the settings without a switch, such as Store:MaxResponses, need no file), the host's `--environment`,
/// `--contentRoot` and `--applicationName`, and `--Section=` with an empty value, which is how
/// WebApplicationFactory writes a section node of the host configuration. A token whose name before the ':' is a
/// switch (`--store:memory`) stays the switch: System.CommandLine reads ':' as its value separator.
/// </summary>
internal static class ConfigurationKeyArguments
{
    private static readonly string[] HostKeys = ["environment", "contentRoot", "applicationName"];

    /// <param name="Remaining">The arguments left for the switch parser.</param>
    /// <param name="Keys">The configuration arguments, each as one `--key=value` token.</param>
    /// <param name="Error">One line when a key is given without a value.</param>
    public sealed record Split(IReadOnlyList<string> Remaining, IReadOnlyList<string> Keys, string? Error);

    public static Split Extract(IReadOnlyList<string> args, IReadOnlySet<string> switchNames)
    {
        var remaining = new List<string>();
        var keys = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var name = token.StartsWith("--", StringComparison.Ordinal) ? token[2..(equals < 0 ? token.Length : equals)] : "";
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            var isKey = name.Length > 0
                && !switchNames.Contains("--" + (colon < 0 ? name : name[..colon]))
                && (colon > 0 || HostKeys.Contains(name, StringComparer.OrdinalIgnoreCase) || (equals > 0 && equals == token.Length - 1));
            if (!isKey)
            {
                remaining.Add(token);
            }
            else if (equals > 0)
            {
                keys.Add(token);
            }
            else if (i + 1 < args.Count)
            {
                keys.Add($"{token}={args[++i]}");
            }
            else
            {
                return new Split(remaining, keys, $"{token} needs a value.");
            }
        }

        return new Split(remaining, keys, null);
    }
}
