namespace Responses.Server.Host.CommandLine;

/// <summary>What the parsed command line puts into configuration, or why it cannot be used.</summary>
/// <param name="Entries">Configuration keys and values; a null value hides the key set by appsettings.json or the environment.</param>
/// <param name="ReplacedLists">List sections ("Inference:Models") whose configured entries the command line's replace as a whole.</param>
/// <param name="Error">One line for stderr when the switches contradict each other; null when they are usable.</param>
internal sealed record CommandLineSettings(IReadOnlyDictionary<string, string?> Entries, IReadOnlyList<string> ReplacedLists, string? Error)
{
    public static CommandLineSettings Invalid(string error) => new(new Dictionary<string, string?>(), [], error);
}
