using System.Globalization;

namespace Responses.Conformance;

/// <summary>
/// The command line: <c>--base-url URL --model ID [--spec PATH] [--json | --output json|text] [--timeout S]</c>.
/// </summary>
public sealed record ConformanceOptions(Uri BaseUrl, string Model, string? SpecPath, bool Json, TimeSpan Timeout)
{
    public const string Usage = """
        Usage: dotnet run --project tools/Conformance -- --base-url http://HOST:PORT/v1 --model ID [options]

          --base-url URL     the API root, paths are appended to it (/models, /responses)
          --model ID         the model id to ask for
          --spec PATH        the OpenAPI document to check against (default: the spec/openapi.yaml the tool was built with)
          --json             print a JSON report instead of lines (same as --output json)
          --output FORMAT    text (default) or json
          --timeout S        seconds each check may take (default 60)
        Exit code: 0 when no check failed, 1 when one did, 2 for a bad command line or spec.
        """;

    /// <summary>The options, or the reason the command line is wrong.</summary>
    public static (ConformanceOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? baseUrl = null, model = null, spec = null;
        var json = false;
        var timeout = TimeSpan.FromSeconds(60);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--json")
            {
                json = true;
                continue;
            }

            if (name is "-h" or "--help")
            {
                return (null, "");
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--base-url":
                    baseUrl = value;
                    break;
                case "--model":
                    model = value;
                    break;
                case "--spec":
                    spec = value;
                    break;
                case "--output" when value is "json" or "text":
                    json = value == "json";
                    break;
                case "--timeout" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    return (null, $"unknown option or bad value: {name} {value}");
            }
        }

        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return (null, "--base-url must be an http(s) URL, e.g. http://127.0.0.1:8000/v1");
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            return (null, "--model is required");
        }

        return (new ConformanceOptions(uri, model, spec, json, timeout), null);
    }
}
