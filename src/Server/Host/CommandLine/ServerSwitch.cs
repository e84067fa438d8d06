using System.CommandLine;

namespace Responses.Server.Host.CommandLine;

/// <summary>
/// One command-line option and where it lands in configuration. The option never carries a default value of its
/// own: only what the user typed becomes a configuration entry, so appsettings.json and the environment still
/// decide everything the command line leaves out. <see cref="Default"/> is only shown in --help.
/// </summary>
/// <param name="Option">The System.CommandLine option (name, value placeholder, parser).</param>
/// <param name="Key">The configuration key, as shown in help ("Server:Port", "Inference:Models:N:Path").</param>
/// <param name="Default">What applies when neither the command line nor configuration sets it, in words.</param>
/// <param name="Summary">What the option does, one or two sentences.</param>
internal sealed record ServerSwitch(Option Option, string Key, string Default, string Summary)
{
    /// <summary>The environment variable of <see cref="Key"/>: ASP.NET Core reads "__" as the ":" separator.</summary>
    public string EnvironmentVariable => Key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The text --help shows beside the option.</summary>
    public string HelpText => $"{Summary}\n[default: {Default}] [config: {Key}] [env: {EnvironmentVariable}]";
}
