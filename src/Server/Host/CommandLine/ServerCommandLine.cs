using System.CommandLine;
using System.CommandLine.Help;

namespace Responses.Server.Host.CommandLine;

/// <summary>
/// Parses the server's arguments before the host is built: --help and --version print and exit 0; an unknown
/// option or a bad value is one line on stderr and exit code 2 (the usual shell convention for a usage error);
/// otherwise the switches become a configuration source that wins over appsettings.json and the environment.
/// </summary>
internal static class ServerCommandLine
{
    public const int UsageError = 2;

    private const string Precedence =
        "Every option is also a configuration key, settable in appsettings.json or as an environment variable (':' written '__', e.g. Server__Port=9000). "
        + "Any key may also be given here as --Section:Key VALUE (e.g. --Store:MaxResponses 1000). "
        + "The command line wins over the environment, which wins over appsettings.json.";

    public static CommandLineOutcome Parse(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var switches = new ServerSwitches();
        var root = Command(switches);
        var keys = ConfigurationKeyArguments.Extract(args, switches.All.Select(entry => entry.Option.Name).ToHashSet(StringComparer.Ordinal));
        if (keys.Error is { } missing)
            return Refuse(error, missing);
        var result = root.Parse(keys.Remaining);
        if (result.Errors.Count > 0)
            return Refuse(error, result.Errors[0].Message);

        CommandLineSettings? settings = null;
        root.SetAction(parsed => settings = switches.Settings(parsed));
        var exitCode = result.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        if (settings is null)
            return new CommandLineOutcome(exitCode, [], null); // --help or --version printed
        if (settings.Error is { } contradiction)
            return Refuse(error, contradiction);
        return new CommandLineOutcome(null, keys.Keys, new CommandLineConfigurationSource(settings)) { ListModels = result.GetValue(switches.ListModels) };
    }

    /// <summary>The root command with every switch, its help text and the closing note on configuration.</summary>
    internal static RootCommand Command(ServerSwitches switches)
    {
        var root = new RootCommand("Responses: an OpenAI Responses API server (POST /v1/responses) over ONNX Runtime GenAI.");
        foreach (var entry in switches.All)
        {
            entry.Option.Description = entry.HelpText;
            root.Add(entry.Option);
        }

        root.Add(switches.ListModels);

        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction help } option)
            option.Action = new HelpWithNote(help, Precedence);

        return root;
    }

    private static CommandLineOutcome Refuse(TextWriter error, string message)
    {
        error.WriteLine($"error: {message.ReplaceLineEndings(" ")} See --help.");
        return new CommandLineOutcome(UsageError, [], null);
    }
}
