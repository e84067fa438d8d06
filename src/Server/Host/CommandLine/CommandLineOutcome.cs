using Microsoft.Extensions.Configuration;

namespace Responses.Server.Host.CommandLine;

/// <summary>Either an exit code (help or version printed, or a usage error written) or the configuration to run with.</summary>
/// <param name="ExitCode">Set when the process should exit now.</param>
/// <param name="HostArguments">`--Section:Key=VALUE` arguments for WebApplication.CreateBuilder, which reads them as ASP.NET Core always has.</param>
/// <param name="Configuration">The switches, as the configuration source added last.</param>
internal sealed record CommandLineOutcome(int? ExitCode, IReadOnlyList<string> HostArguments, IConfigurationSource? Configuration)
{
    /// <summary>--list-models: print the catalog and the model cache (which needs the configuration) instead of serving.</summary>
    public bool ListModels { get; init; }

    /// <summary>
    /// Adds the key arguments, then the switches, as the last configuration sources, so a switch wins over
    /// everything. (CreateBuilder has read the key arguments already; reading them again changes nothing there
    /// and lets a plain ConfigurationBuilder, in tests, layer the command line the same way.)
    /// </summary>
    public void AddTo(IConfigurationBuilder configuration)
    {
        configuration.AddCommandLine([.. HostArguments]);
        if (Configuration is not null)
            configuration.Add(Configuration);
    }
}
