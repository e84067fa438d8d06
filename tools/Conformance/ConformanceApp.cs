using Responses.Conformance.Checks;
using Responses.Conformance.Reporting;
using Responses.Conformance.Spec;

namespace Responses.Conformance;

/// <summary>
/// The whole tool behind Program: parse the command line, load the spec, run every check, report. The HTTP handler
/// can be given, so tests drive it without a network.
/// </summary>
public static class ConformanceApp
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int Misused = 2;

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter errors, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        var (options, problem) = ConformanceOptions.Parse(args);
        if (options is null)
        {
            if (problem is "")
            {
                await output.WriteLineAsync(ConformanceOptions.Usage);
                return Passed;
            }

            await errors.WriteLineAsync($"{problem}\n\n{ConformanceOptions.Usage}");
            return Misused;
        }

        var specPath = Path.GetFullPath(options.SpecPath ?? Path.Combine(AppContext.BaseDirectory, "spec", "openapi.yaml"));
        SpecValidator validator;
        try
        {
            validator = new SpecValidator(await SpecSchemas.LoadAsync(specPath, cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or YamlDotNet.Core.YamlException)
        {
            await errors.WriteLineAsync($"Cannot read the spec {specPath}: {e.Message}");
            return Misused;
        }

        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan; // each check has its own limit
        var context = new CheckContext(new ApiClient(http, options.BaseUrl), options.Model, validator);
        var runner = new ConformanceRunner(context, options.Timeout);

        Action<CheckResult>? progress = options.Json ? null : result => output.WriteLine(TextReport.Line(result));
        var report = await runner.RunAsync(CheckCatalog.All, progress, cancellationToken);

        await output.WriteLineAsync(options.Json
            ? JsonReport.Write(report, options.BaseUrl, options.Model, specPath)
            : TextReport.Summary(report));
        return report.Succeeded ? Passed : Failed;
    }
}
