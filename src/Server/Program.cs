using Microsoft.Extensions.Options;
using Responses.Server.Host;
using Responses.Server.Host.CommandLine;

var commandLine = ServerCommandLine.Parse(args, Console.Out, Console.Error);
if (commandLine.ExitCode is { } exitCode)
{
    return exitCode; // --help, --version, or a usage error already written
}

// The builder reads the --Section:Key arguments; the switches come last and win.
var builder = WebApplication.CreateBuilder(AppContentRoot.Options([.. commandLine.HostArguments]));
commandLine.AddTo(builder.Configuration);
if (commandLine.ListModels)
{
    return ModelListing.Print(builder.Configuration, Console.Out);
}

builder.Services.AddResponsesServer(builder.Configuration);
// Always, not only in Development: a singleton that captured a scoped service (the caller's key identity) would
// silently act for no one; this makes it a start-up error instead.
builder.Host.UseDefaultServiceProvider(provider => (provider.ValidateScopes, provider.ValidateOnBuild) = (true, true));
builder.WebHost.ConfigureKestrel((context, kestrel) =>
{
    kestrel.Listen(kestrel.ApplicationServices.GetRequiredService<IOptions<ServerOptions>>().Value);
});

return builder.BuildAndServe();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
