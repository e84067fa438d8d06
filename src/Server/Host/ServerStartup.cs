using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Responses.Inference;
using Responses.Server.Host.Auth;
using Responses.Server.Runs;

namespace Responses.Server.Host;

/// <summary>
/// Validates the configuration and loads the models before the first request, then runs. What stops a start (a
/// setting out of range, a broken model folder) is one line on stderr and a failed exit, never a stack trace.
/// </summary>
public static partial class ServerStartup
{
    /// <summary>A configuration value that cannot work, as for a bad command-line value.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>A model that cannot be written or loaded.</summary>
    public const int ModelLoadFailed = 1;

    /// <summary>Builds the app (which already reads some options), maps the API, loads the models and runs.</summary>
    public static int BuildAndServe(this WebApplicationBuilder builder)
    {
        WebApplication app;
        try
        {
            app = builder.Build();
            // ValidateOnStart would only report at Run, after minutes of model loading and with a stack trace.
            app.Services.GetService<IStartupValidator>()?.Validate();
            Announce(app, app.Services.GetRequiredService<IModelCatalog>());
        }
        catch (OptionsValidationException exception)
        {
            return Fail($"invalid configuration: {string.Join(" ", Readable(exception))}", InvalidConfiguration);
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            // Several option types refused at once (a scheduler option read from an invalid Inference one fails twice).
            var failures = exception.InnerExceptions.Cast<OptionsValidationException>().SelectMany(Readable).Distinct();
            return Fail($"invalid configuration: {string.Join(" ", failures)}", InvalidConfiguration);
        }
        catch (ModelLoadException exception)
        {
            return Fail(exception.Message, ModelLoadFailed);
        }

        app.MapResponsesApi();
        app.Run();
        return 0;
    }

    /// <summary>
    /// A data annotation's failure names a C# type ("DataAnnotation validation failed for 'ServerOptions' members:
    /// 'Port' with the error: '...'"); the user typed a setting, so say that: "Server:Port: ...".
    /// </summary>
    private static IEnumerable<string> Readable(OptionsValidationException exception)
    {
        var section = exception.OptionsType.GetField("SectionName")?.GetRawConstantValue() as string;
        foreach (var failure in exception.Failures)
        {
            var match = DataAnnotationFailure().Match(failure);
            yield return match.Success
                ? $"{(section is null ? "" : section + ":")}{match.Groups["member"].Value}: {match.Groups["error"].Value}"
                : failure;
        }
    }

    [GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '(?<member>[^']*)' with the error: '(?<error>.*)'\\.$")]
    private static partial Regex DataAnnotationFailure();

    private static void Announce(WebApplication app, IModelCatalog catalog)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Responses");
        var server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var keys = app.Services.GetRequiredService<ApiKeyRing>();
        if (keys.Enabled)
        {
            logger.LogInformation("API keys: {Count} configured; every /v1 request needs 'Authorization: Bearer KEY', and sees only the responses its key stored.", keys.Count);
        }
        else if (!server.IsLoopback)
        {
            logger.LogWarning(
                "Listening on {Host}, reachable from other machines, with no API key: anyone who reaches port {Port} can run the models and read every stored response. Set --api-key, RESPONSES_API_KEYS or --api-keys-file.",
                server.Host,
                server.Port);
        }

        // Each model's own lines (folder, size, load time, memory) come from Inference; this adds where to reach them.
        var models = string.Join(", ", catalog.Models.Select(model => $"'{model.Info.Id}'"));
        // Said once Kestrel has bound the port, so a port in use is never preceded by a claim that it listens.
        app.Lifetime.ApplicationStarted.Register(() => logger.LogInformation(
            "Responses API listening on {Url}/v1 (POST {Url}/v1/responses), serving {Models}", server.Url, server.Url, models));
    }

    private static int Fail(string message, int exitCode)
    {
        // Straight to stderr, as one line: the log may be JSON or filtered, and this is what the user must read.
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return exitCode;
    }
}
